// Package keeper holds the x/dao state and its state transitions.
package keeper

import (
	"fmt"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"
	"cosmossdk.io/log"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// UnlockIndexes index unlock entries by owner and by completion time.
type UnlockIndexes struct {
	Owner      *indexes.Multi[sdk.AccAddress, uint64, types.UnlockEntry]
	Completion *indexes.Multi[time.Time, uint64, types.UnlockEntry]
}

// IndexesList implements collections.Indexes.
func (i UnlockIndexes) IndexesList() []collections.Index[uint64, types.UnlockEntry] {
	return []collections.Index[uint64, types.UnlockEntry]{i.Owner, i.Completion}
}

// Keeper manages the x/dao state.
type Keeper struct {
	cdc          codec.BinaryCodec
	storeService store.KVStoreService
	logger       log.Logger
	addressCodec address.Codec

	accountKeeper types.AccountKeeper
	bankKeeper    types.BankKeeper

	// authority is the address allowed to change params: the dao module
	// account itself, acting through passed proposals.
	authority string

	Schema collections.Schema
	Params collections.Item[types.Params]

	// Locks are the vote escrows by owner.
	Locks collections.Map[sdk.AccAddress, types.Lock]
	// Unlocks are the unlocking entries by id.
	Unlocks   *collections.IndexedMap[uint64, types.UnlockEntry, UnlockIndexes]
	UnlockSeq collections.Sequence

	// A series is a history of one quantity (total locked, votes of a
	// delegatee, own lock of an owner), keyed by types.SeriesKey.
	SeriesStates collections.Map[[]byte, types.SeriesState]
	// Checkpoints are a series' values by index, oldest first.
	Checkpoints collections.Map[collections.Pair[[]byte, uint64], types.Checkpoint]
	// VestedPoints are a series' vested values with running integrals.
	VestedPoints collections.Map[collections.Pair[[]byte, uint64], types.VestedPoint]
	// VestingQueue holds (time, series) at which a checkpoint's votes vest:
	// BeginBlock records the vested point due then.
	VestingQueue collections.KeySet[collections.Pair[time.Time, []byte]]
}

// NewKeeper returns the x/dao keeper.
func NewKeeper(
	cdc codec.BinaryCodec,
	storeService store.KVStoreService,
	logger log.Logger,
	addressCodec address.Codec,
	accountKeeper types.AccountKeeper,
	bankKeeper types.BankKeeper,
	authority string,
) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("invalid dao authority address %q: %w", authority, err))
	}
	if accountKeeper.GetModuleAddress(types.VoteEscrowName) == nil {
		panic(fmt.Errorf("module account %s is not set", types.VoteEscrowName))
	}

	sb := collections.NewSchemaBuilder(storeService)
	seriesIndex := collections.PairKeyCodec(collections.BytesKey, collections.Uint64Key)
	k := Keeper{
		cdc:           cdc,
		storeService:  storeService,
		logger:        logger.With(log.ModuleKey, "x/"+types.ModuleName),
		addressCodec:  addressCodec,
		accountKeeper: accountKeeper,
		bankKeeper:    bankKeeper,
		authority:     authority,
		Params:        collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Locks:         collections.NewMap(sb, types.LocksKey, "locks", sdk.AccAddressKey, codec.CollValue[types.Lock](cdc)),
		Unlocks: collections.NewIndexedMap(sb, types.UnlocksKey, "unlocks", collections.Uint64Key, codec.CollValue[types.UnlockEntry](cdc),
			UnlockIndexes{
				Owner: indexes.NewMulti(sb, types.UnlocksByOwnerKey, "unlocks_by_owner", sdk.AccAddressKey, collections.Uint64Key,
					func(_ uint64, e types.UnlockEntry) (sdk.AccAddress, error) {
						return sdk.AccAddressFromBech32(e.Owner)
					}),
				Completion: indexes.NewMulti(sb, types.UnlocksByCompletionKey, "unlocks_by_completion", sdk.TimeKey, collections.Uint64Key,
					func(_ uint64, e types.UnlockEntry) (time.Time, error) {
						return e.CompletionTime, nil
					}),
			}),
		UnlockSeq:    collections.NewSequence(sb, types.UnlockSeqKey, "unlock_seq"),
		SeriesStates: collections.NewMap(sb, types.SeriesStatesKey, "series_states", collections.BytesKey, codec.CollValue[types.SeriesState](cdc)),
		Checkpoints:  collections.NewMap(sb, types.CheckpointsKey, "checkpoints", seriesIndex, codec.CollValue[types.Checkpoint](cdc)),
		VestedPoints: collections.NewMap(sb, types.VestedPointsKey, "vested_points", seriesIndex, codec.CollValue[types.VestedPoint](cdc)),
		VestingQueue: collections.NewKeySet(sb, types.VestingQueueKey, "vesting_queue", collections.PairKeyCodec(sdk.TimeKey, collections.BytesKey)),
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

// Logger returns the module logger.
func (k Keeper) Logger() log.Logger { return k.logger }
