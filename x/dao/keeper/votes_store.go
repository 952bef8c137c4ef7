package keeper

import (
	"context"

	"github.com/aitbc/aitbc/x/dao/types"
)

// A stored vote leaves out its proposal id and voter, which its key
// (proposal, voter) already holds: about 50 bytes, 1,500 gas, of every
// vote's write. Reads fill them back from the key, so every query and the
// genesis export give whole votes.

// setVote stores a vote under its key.
func (k Keeper) setVote(ctx context.Context, key collectionsPairVote, v types.Vote) error {
	v.ProposalId, v.Voter = 0, ""
	return k.Votes.Set(ctx, key, v)
}

// getVote reads a whole vote.
func (k Keeper) getVote(ctx context.Context, key collectionsPairVote) (types.Vote, error) {
	v, err := k.Votes.Get(ctx, key)
	if err != nil {
		return v, err
	}
	return k.voteWithKey(key, v)
}

// voteWithKey fills a stored vote's proposal id and voter from its key.
func (k Keeper) voteWithKey(key collectionsPairVote, v types.Vote) (types.Vote, error) {
	voter, err := k.addrString(key.K2())
	v.ProposalId, v.Voter = key.K1(), voter
	return v, err
}
