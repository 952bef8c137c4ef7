// Package keeper holds the x/reputation state: decaying outcome counts per
// subject, the score index and counterparty ratings.
package keeper

import (
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/internal/hooks"
	"github.com/aitbc/aitbc/x/reputation/types"
)

// Keeper manages the x/reputation state.
type Keeper struct {
	cdc          codec.BinaryCodec
	storeService store.KVStoreService
	addressCodec address.Codec
	authority    string
	agents       types.AgentKeeper
	// dealCheckers by module name: a hook registry (internal/hooks),
	// because the modules that own deals (x/compute) are built after
	// x/reputation and depend on it.
	dealCheckers *hooks.Registry[types.DealChecker]

	Schema collections.Schema
	Params collections.Item[types.Params]
	// Records are the outcome counts by (subject, kind); kind ALL is the
	// aggregate that gives a subject's score.
	Records collections.Map[collections.Pair[sdk.AccAddress, int32], types.Record]
	// ScoreIndex orders subjects by (kind, 1000 - score at last update), so
	// iterating it lists the best first.
	ScoreIndex collections.KeySet[collections.Triple[int32, uint32, sdk.AccAddress]]
	// Ratings are keyed by (canonical deal ref, rater): one rating per deal
	// and rater. colls.StringKey: the ref is a non-terminal string key.
	Ratings collections.Map[collections.Pair[string, sdk.AccAddress], types.Rating]
}

// NewKeeper returns the x/reputation keeper.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, addressCodec address.Codec,
	agentKeeper types.AgentKeeper, authority string,
) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("invalid reputation authority %q: %w", authority, err))
	}
	if agentKeeper == nil {
		panic("x/reputation needs the agent keeper for agent owners")
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc: cdc, storeService: storeService, addressCodec: addressCodec, authority: authority,
		agents:       agentKeeper,
		dealCheckers: hooks.NewRegistry[types.DealChecker]("deal checker"),
		Params:       collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Records: collections.NewMap(sb, types.RecordsKey, "records",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.Int32Key), codec.CollValue[types.Record](cdc)),
		ScoreIndex: collections.NewKeySet(sb, types.ScoreIndexKey, "score_index",
			collections.TripleKeyCodec(collections.Int32Key, collections.Uint32Key, sdk.AccAddressKey)),
		Ratings: collections.NewMap(sb, types.RatingsKey, "ratings",
			collections.PairKeyCodec(colls.StringKey, sdk.AccAddressKey), codec.CollValue[types.Rating](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// GetAuthority returns the address allowed to change params.
func (k Keeper) GetAuthority() string { return k.authority }

// RegisterDealChecker makes module the voucher of deal references
// "<module>/<id>"; called once at app wiring, a second time panics.
func (k Keeper) RegisterDealChecker(module string, checker types.DealChecker) {
	k.dealCheckers.Register(module, checker)
}
