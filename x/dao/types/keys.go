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
	// VoteEscrowName is the module account that holds locked and unlocking
	// tokens, kept apart from the treasury so each balance can be checked.
	VoteEscrowName = "dao_vote_escrow"
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
