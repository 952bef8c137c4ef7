// Package keeper holds the agent registry, wallets and operator policies.
package keeper

import (
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"
	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/internal/msgexec"
	"github.com/aitbc/aitbc/x/agent/types"
)

// AgentIndexes index agents by owner and by type.
type AgentIndexes struct {
	Owner *indexes.Multi[sdk.AccAddress, uint64, types.Agent]
	Type  *indexes.Multi[int32, uint64, types.Agent]
}

// IndexesList implements collections.Indexes.
func (i AgentIndexes) IndexesList() []collections.Index[uint64, types.Agent] {
	return []collections.Index[uint64, types.Agent]{i.Owner, i.Type}
}

// Keeper manages the x/agent state.
type Keeper struct {
	cdc           codec.Codec
	storeService  store.KVStoreService
	addressCodec  address.Codec
	authority     string
	accountKeeper types.AccountKeeper
	bankKeeper    types.BankKeeper
	// executor runs MsgExec's messages as the wallet: the executor x/dao
	// uses for proposals too.
	executor msgexec.Executor

	Schema   collections.Schema
	Params   collections.Item[types.Params]
	Agents   *collections.IndexedMap[uint64, types.Agent, AgentIndexes]
	AgentSeq collections.Sequence
	// Capabilities index agents by (capability, id), kept on write. The
	// capability is a non-terminal string key: colls.StringKey keeps its
	// non-ASCII bytes, which collections.StringKey drops.
	Capabilities collections.KeySet[collections.Pair[string, uint64]]
	// Wallets map a wallet address to its agent id.
	Wallets  collections.Map[sdk.AccAddress, uint64]
	Policies collections.Map[uint64, types.Policy]
	Spends   collections.Map[uint64, types.SpendState]
}

// NewKeeper returns the x/agent keeper.
func NewKeeper(cdc codec.Codec, storeService store.KVStoreService, addressCodec address.Codec,
	ak types.AccountKeeper, bk types.BankKeeper, router baseapp.MessageRouter, authority string,
) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("invalid agent authority %q: %w", authority, err))
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc: cdc, storeService: storeService, addressCodec: addressCodec, authority: authority,
		accountKeeper: ak, bankKeeper: bk, executor: msgexec.New(router, cdc),
		Params: collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Agents: collections.NewIndexedMap(sb, types.AgentsKey, "agents", collections.Uint64Key, codec.CollValue[types.Agent](cdc),
			AgentIndexes{
				Owner: indexes.NewMulti(sb, types.AgentsByOwner, "agents_by_owner", sdk.AccAddressKey, collections.Uint64Key,
					func(_ uint64, a types.Agent) (sdk.AccAddress, error) { return addressCodec.StringToBytes(a.Owner) }),
				Type: indexes.NewMulti(sb, types.AgentsByType, "agents_by_type", collections.Int32Key, collections.Uint64Key,
					func(_ uint64, a types.Agent) (int32, error) { return int32(a.Type), nil }),
			}),
		AgentSeq:     collections.NewSequence(sb, types.AgentSeqKey, "agent_seq"),
		Capabilities: collections.NewKeySet(sb, types.CapabilitiesKey, "capabilities", collections.PairKeyCodec(colls.StringKey, collections.Uint64Key)),
		Wallets:      collections.NewMap(sb, types.WalletsKey, "wallets", sdk.AccAddressKey, collections.Uint64Value),
		Policies:     collections.NewMap(sb, types.PoliciesKey, "policies", collections.Uint64Key, codec.CollValue[types.Policy](cdc)),
		Spends:       collections.NewMap(sb, types.SpendsKey, "spends", collections.Uint64Key, codec.CollValue[types.SpendState](cdc)),
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
