// Package keeper holds the x/dao state and its state transitions.
package keeper

import (
	"context"
	"fmt"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"
	"cosmossdk.io/log"
	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/internal/hooks"
	"github.com/aitbc/aitbc/internal/ident"
	"github.com/aitbc/aitbc/internal/msgexec"
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

// ProposalIndexes index proposals by status and by class.
type ProposalIndexes struct {
	Status *indexes.Multi[int32, uint64, types.Proposal]
	Class  *indexes.Multi[string, uint64, types.Proposal]
}

// IndexesList implements collections.Indexes.
func (i ProposalIndexes) IndexesList() []collections.Index[uint64, types.Proposal] {
	return []collections.Index[uint64, types.Proposal]{i.Status, i.Class}
}

// MessageClassResolver returns the lowest proposal class a message needs in
// the current state, for messages whose class depends on what they carry
// (x/sourcedao: the approval of a budget over its threshold needs an
// important proposal). "" leaves it to the message_classes param.
type MessageClassResolver func(ctx context.Context, msg sdk.Msg) (string, error)

// Keeper manages the x/dao state.
type Keeper struct {
	cdc          codec.Codec
	storeService store.KVStoreService
	logger       log.Logger
	addressCodec address.Codec

	accountKeeper types.AccountKeeper
	bankKeeper    types.BankKeeper
	// executor runs passed proposals' messages as the dao module account;
	// its Check also vets them at submission.
	executor msgexec.Executor
	// agents gives an agent wallet its agent type as electorate group.
	agents types.AgentKeeper
	// classResolvers by message type URL: a hook registry (internal/hooks),
	// because the modules that register (x/sourcedao) are built after x/dao.
	classResolvers *hooks.Registry[MessageClassResolver]

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
	// unlockQueue is the completion index read as a (time, id) queue, so
	// EndBlock takes a due entry out of it before paying it (colls.PopDue).
	unlockQueue collections.KeySet[collections.Pair[time.Time, uint64]]

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

	// DelegateHistory records each account's delegatee over time, so a vote
	// knows whom a delegator had delegated to at the snapshot; its length
	// and last entry are in the account's VOTES series state.
	DelegateHistory collections.Map[collections.Pair[sdk.AccAddress, uint64], types.DelegateCheckpoint]

	Proposals   *collections.IndexedMap[uint64, types.Proposal, ProposalIndexes]
	ProposalSeq collections.Sequence
	// ProposalQueue holds each open proposal's next deadline (end of the
	// challenge period, of voting, of the timelock), so EndBlock reads only
	// what is due.
	ProposalQueue collections.KeySet[collections.Pair[time.Time, uint64]]
	// Votes holds the record (proposal, voter): the vote and the shares
	// delegators took back from it, in its stored form (votes_store.go).
	Votes collections.Map[collections.Pair[uint64, sdk.AccAddress], types.VoteRecord]
	// LiveTallies are the running tallies of proposals in voting (see
	// withLiveTally); a proposal in voting without one has its tally in
	// its own record.
	LiveTallies collections.Map[uint64, types.LiveTally]
	// VotingStates are what a vote reads instead of the proposal record
	// (voting_state.go).
	VotingStates collections.Map[uint64, types.VotingState]
	// PendingTallies (transient) are the tally changes of this block's
	// votes, by proposal, folded into LiveTallies at EndBlock; PendingCount
	// is how many proposals have one, at most PendingLimit
	// (max_proposals_per_block, set by BeginBlock) (pending_tally.go).
	PendingTallies collections.Map[uint64, types.LiveTally]
	PendingCount   collections.Item[uint64]
	PendingLimit   collections.Item[uint64]
	Committee      collections.Item[types.Committee]
	Constitution   collections.Item[string]

	// PruneQueue holds (prune time, id) of each ended proposal whose votes
	// and deductions are still stored (prune.go).
	PruneQueue collections.KeySet[collections.Pair[time.Time, uint64]]
	// HealthBuckets (headers by start) and HealthRows (by start, class,
	// group; group "" is the class row) are the governance health figures,
	// counted when a proposal ends (health.go).
	HealthBuckets collections.Map[time.Time, types.HealthBucket]
	HealthRows    collections.Map[collections.Triple[time.Time, string, string], types.HealthCounts]
}

// NewKeeper returns the x/dao keeper.
func NewKeeper(
	cdc codec.Codec,
	storeService store.KVStoreService,
	transientService store.TransientStoreService,
	logger log.Logger,
	addressCodec address.Codec,
	accountKeeper types.AccountKeeper,
	bankKeeper types.BankKeeper,
	agentKeeper types.AgentKeeper,
	router baseapp.MessageRouter,
	authority string,
) Keeper {
	if agentKeeper == nil {
		panic("x/dao needs the agent keeper for electorate groups")
	}
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("invalid dao authority address %q: %w", authority, err))
	}
	for _, name := range []string{types.ModuleName, types.VoteEscrowName, types.BondsName} {
		if accountKeeper.GetModuleAddress(name) == nil {
			panic(fmt.Errorf("module account %s is not set", name))
		}
	}

	sb := collections.NewSchemaBuilder(storeService)
	tsb := collections.NewSchemaBuilderFromAccessor(transientService.OpenTransientStore)
	seriesIndex := collections.PairKeyCodec(collections.BytesKey, collections.Uint64Key)
	k := Keeper{
		cdc:            cdc,
		storeService:   storeService,
		logger:         logger.With(log.ModuleKey, "x/"+types.ModuleName),
		addressCodec:   addressCodec,
		accountKeeper:  accountKeeper,
		bankKeeper:     bankKeeper,
		agents:         agentKeeper,
		executor:       msgexec.New(router, cdc),
		classResolvers: hooks.NewRegistry[MessageClassResolver]("message class resolver"),
		authority:      authority,
		Params:         collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Locks:          collections.NewMap(sb, types.LocksKey, "locks", sdk.AccAddressKey, codec.CollValue[types.Lock](cdc)),
		Unlocks: collections.NewIndexedMap(sb, types.UnlocksKey, "unlocks", collections.Uint64Key, codec.CollValue[types.UnlockEntry](cdc),
			UnlockIndexes{
				Owner: indexes.NewMulti(sb, types.UnlocksByOwnerKey, "unlocks_by_owner", sdk.AccAddressKey, collections.Uint64Key,
					func(_ uint64, e types.UnlockEntry) (sdk.AccAddress, error) {
						return accAddressOf(addressCodec, e.Owner)
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
		DelegateHistory: collections.NewMap(sb, types.DelegateHistoryKey, "delegate_history",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.Uint64Key), codec.CollValue[types.DelegateCheckpoint](cdc)),
		Proposals: collections.NewIndexedMap(sb, types.ProposalsKey, "proposals", collections.Uint64Key, codec.CollValue[types.Proposal](cdc),
			ProposalIndexes{
				Status: indexes.NewMulti(sb, types.ProposalsByStatusKey, "proposals_by_status", collections.Int32Key, collections.Uint64Key,
					func(_ uint64, p types.Proposal) (int32, error) { return int32(p.Status), nil }),
				Class: indexes.NewMulti(sb, types.ProposalsByClassKey, "proposals_by_class", colls.StringKey, collections.Uint64Key,
					func(_ uint64, p types.Proposal) (string, error) { return p.Class, nil }),
			}),
		ProposalSeq:   collections.NewSequence(sb, types.ProposalSeqKey, "proposal_seq"),
		ProposalQueue: collections.NewKeySet(sb, types.ProposalQueueKey, "proposal_queue", collections.PairKeyCodec(sdk.TimeKey, collections.Uint64Key)),
		Votes: collections.NewMap(sb, types.VotesKey, "votes",
			collections.PairKeyCodec(collections.Uint64Key, sdk.AccAddressKey), codec.CollValue[types.VoteRecord](cdc)),
		LiveTallies:  collections.NewMap(sb, types.LiveTalliesKey, "live_tallies", collections.Uint64Key, codec.CollValue[types.LiveTally](cdc)),
		VotingStates: collections.NewMap(sb, types.VotingStatesKey, "voting_states", collections.Uint64Key, codec.CollValue[types.VotingState](cdc)),
		Committee:    collections.NewItem(sb, types.CommitteeKey, "committee", codec.CollValue[types.Committee](cdc)),
		Constitution: collections.NewItem(sb, types.ConstitutionKey, "constitution", collections.StringValue),

		PendingTallies: collections.NewMap(tsb, types.PendingTalliesKey, "pending_tallies", collections.Uint64Key, codec.CollValue[types.LiveTally](cdc)),
		PendingCount:   collections.NewItem(tsb, types.PendingCountKey, "pending_count", collections.Uint64Value),
		PendingLimit:   collections.NewItem(tsb, types.PendingLimitKey, "pending_limit", collections.Uint64Value),

		PruneQueue:    collections.NewKeySet(sb, types.PruneQueueKey, "prune_queue", collections.PairKeyCodec(sdk.TimeKey, collections.Uint64Key)),
		HealthBuckets: collections.NewMap(sb, types.HealthBucketsKey, "health_buckets", sdk.TimeKey, codec.CollValue[types.HealthBucket](cdc)),
		HealthRows: collections.NewMap(sb, types.HealthRowsKey, "health_rows",
			collections.TripleKeyCodec(sdk.TimeKey, colls.StringKey, colls.StringKey), codec.CollValue[types.HealthCounts](cdc)),
	}
	k.unlockQueue = colls.IndexKeys(storeService, types.UnlocksByCompletionKey, "unlocks_by_completion_queue", sdk.TimeKey)
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	if _, err := tsb.Build(); err != nil {
		panic(err)
	}
	return k
}

// GetAuthority returns the address allowed to change params.
func (k Keeper) GetAuthority() string { return k.authority }

// RegisterMessageClassResolver lets a module raise the class a message of
// typeURL needs, from the message's content and the state at submission;
// called once per type at app wiring; a second registration panics.
func (k Keeper) RegisterMessageClassResolver(typeURL string, resolver MessageClassResolver) {
	k.classResolvers.Register(typeURL, resolver)
}

// groupOfVoter returns the electorate group of a voter.
func (k Keeper) groupOfVoter(ctx context.Context, addr sdk.AccAddress) string {
	// The group is stored with the vote and tallied by name: an answer
	// that is not a valid group name counts as human.
	if g := k.agents.AgentTypeOf(ctx, addr); g != "" && ident.Check("group", g, types.MaxGroupNameLength) == nil {
		return g
	}
	return types.GroupHuman
}

// Logger returns the module logger.
func (k Keeper) Logger() log.Logger { return k.logger }

type collectionsPairVote = collections.Pair[uint64, sdk.AccAddress]
