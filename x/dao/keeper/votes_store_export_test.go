package keeper

import (
	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// EncodeVoteRecord gives the stored form of a record, as the store writes
// it.
func (k Keeper) EncodeVoteRecord(v types.Vote, voted bool, weight, deducted math.Int) (types.VoteRecord, error) {
	return k.encodeRecord(voteRecord{vote: v, voted: voted, weight: weight, deducted: deducted})
}

// DecodeVoteRecord reads a stored record under (id, voter) back.
func (k Keeper) DecodeVoteRecord(id uint64, voter sdk.AccAddress, s types.VoteRecord) (v types.Vote, voted bool, weight, deducted math.Int, err error) {
	r, err := k.decodeRecord(collections.Join(id, voter), s)
	return r.vote, r.voted, r.weight, r.deducted, err
}

// SplitWeight exposes splitWeight.
var SplitWeight = splitWeight
