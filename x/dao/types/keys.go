package types

import (
	"cosmossdk.io/collections"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

const (
	// ModuleName is the name of the module; its module account is the chain's
	// governance authority and treasury.
	ModuleName = "dao"
	// StoreKey is the store key of the module.
	StoreKey = ModuleName
	// TStoreKey is the key of the module's transient store: what this
	// block's votes changed in the tallies, folded in at EndBlock.
	TStoreKey = "transient_" + ModuleName
	// VoteEscrowName is the module account that holds locked and unlocking
	// tokens, kept apart from the treasury so each balance can be checked.
	VoteEscrowName = "dao_vote_escrow"
	// BondsName is the module account that holds proposal and challenge
	// bonds until they are returned, forfeited or burned.
	BondsName = "dao_bonds"
)

// Store prefixes of the module's collections.
var (
	ParamsKey              = collections.NewPrefix(0)
	LocksKey               = collections.NewPrefix(1)
	UnlocksKey             = collections.NewPrefix(2)
	UnlocksByOwnerKey      = collections.NewPrefix(3)
	UnlocksByCompletionKey = collections.NewPrefix(4)
	UnlockSeqKey           = collections.NewPrefix(5)
	SeriesStatesKey        = collections.NewPrefix(6)
	CheckpointsKey         = collections.NewPrefix(7)
	VestedPointsKey        = collections.NewPrefix(8)
	VestingQueueKey        = collections.NewPrefix(9)
	DelegateHistoryKey     = collections.NewPrefix(10)
	// 11 held the delegate counts, now kept in the series states
	// (SeriesStatesKey); not to be reused.
	ProposalsKey         = collections.NewPrefix(12)
	ProposalsByStatusKey = collections.NewPrefix(13)
	ProposalsByClassKey  = collections.NewPrefix(14)
	ProposalSeqKey       = collections.NewPrefix(15)
	ProposalQueueKey     = collections.NewPrefix(16)
	VotesKey             = collections.NewPrefix(17)
	// 18 held the override deductions, now kept in the vote records
	// (VotesKey); not to be reused.
	CommitteeKey    = collections.NewPrefix(19)
	ConstitutionKey = collections.NewPrefix(20)
	// LiveTalliesKey is far from the others, so prefixes added meanwhile
	// on other branches do not collide with it.
	LiveTalliesKey = collections.NewPrefix(30)
	// PruneQueueKey: (prune time, proposal id) of ended proposals whose
	// votes and deductions are still stored.
	PruneQueueKey = collections.NewPrefix(31)
	// HealthBucketsKey and HealthRowsKey hold the governance health
	// buckets (health.go): bucket headers by start, rows by (start, class,
	// group).
	HealthBucketsKey = collections.NewPrefix(32)
	HealthRowsKey    = collections.NewPrefix(33)
	// VotingStatesKey holds what a vote reads (keeper/voting_state.go).
	VotingStatesKey = collections.NewPrefix(34)
	// 35 held the class vote rules, now fixed on each proposal; not to be
	// reused.
)

// Prefixes of the transient store (TStoreKey), reset every block.
var (
	PendingTalliesKey = collections.NewPrefix(0)
	PendingCountKey   = collections.NewPrefix(1)
	PendingLimitKey   = collections.NewPrefix(2)
)

// SeriesKey is the store key of a checkpoint series: its kind, then the
// address (none for the total).
func SeriesKey(kind SeriesKind, addr sdk.AccAddress) []byte {
	return append([]byte{byte(kind)}, addr...)
}

// SplitSeriesKey is the inverse of SeriesKey.
func SplitSeriesKey(key []byte) (SeriesKind, sdk.AccAddress) {
	if len(key) == 0 {
		return SERIES_KIND_UNSPECIFIED, nil
	}
	return SeriesKind(key[0]), sdk.AccAddress(key[1:])
}
