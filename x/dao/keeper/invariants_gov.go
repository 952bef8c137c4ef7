package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// CheckBonds checks that the bonds account holds exactly the bonds of open
// proposals and open challenges.
func (k Keeper) CheckBonds(ctx context.Context) error {
	open := sdk.NewCoins()
	err := k.Proposals.Walk(ctx, nil, func(_ uint64, p types.Proposal) (bool, error) {
		if p.Status == types.PROPOSAL_STATUS_CHALLENGE || p.Status == types.PROPOSAL_STATUS_VOTING {
			open = open.Add(p.Bond)
		}
		if p.Challenge != nil && p.Challenge.Status == types.CHALLENGE_STATUS_OPEN {
			open = open.Add(p.Challenge.Bond)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	held := k.bankKeeper.GetAllBalances(ctx, k.accountKeeper.GetModuleAddress(types.BondsName))
	if !held.Equal(open) {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "bonds account holds %s, open bonds are %s", held, open)
	}
	return nil
}

// CheckTallies checks that every proposal's tally is the sum of its votes'
// counted tallies. Votes are keyed (proposal, voter), so each proposal reads
// only its own votes: O(proposals + votes) in all. An ended proposal
// with a prune time may have its votes partly deleted: those left add up
// to at most its tally.
func (k Keeper) CheckTallies(ctx context.Context) error {
	// A running tally belongs to a proposal in voting.
	err := k.LiveTallies.Walk(ctx, nil, func(id uint64, _ types.LiveTally) (bool, error) {
		p, err := k.Proposals.Get(ctx, id)
		if err != nil {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "running tally of proposal %d: %v", id, err)
		}
		if p.Status != types.PROPOSAL_STATUS_VOTING {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "running tally of proposal %d, which is %s", id, p.Status)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	return k.Proposals.Walk(ctx, nil, func(id uint64, p types.Proposal) (bool, error) {
		if err := k.withLiveTally(ctx, &p); err != nil {
			return true, err
		}
		sum := zeroTally()
		// A placeholder (deduction, no vote) counts nothing; a record with
		// neither is never written.
		err := k.walkRecords(ctx, id, func(key collectionsPairVote, r voteRecord) (bool, error) {
			if !r.voted && !r.deducted.IsPositive() {
				return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "proposal %d has an empty vote record for %s", id, key.K2())
			}
			if r.voted {
				sum = addTally(sum, r.vote.Counted)
			}
			return false, nil
		})
		if err != nil {
			return true, err
		}
		if p.VotesPruneTime != nil {
			// Ended and queued for pruning, perhaps partly pruned: what is
			// left counts at most the final tally. (Not by block time:
			// invariants also run on contexts without one.)
			if sum.Yes.GT(p.Tally.Yes) || sum.No.GT(p.Tally.No) || sum.Abstain.GT(p.Tally.Abstain) || sum.NoWithVeto.GT(p.Tally.NoWithVeto) {
				return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "proposal %d tally %v, its votes left after pruning add up to %v", id, p.Tally, sum)
			}
			return false, nil
		}
		if !sameTally(sum, p.Tally) {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "proposal %d tally %v, votes add up to %v", id, p.Tally, sum)
		}
		return false, nil
	})
}
