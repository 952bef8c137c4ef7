package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/x/dao/types"
)

// A vote does not read or write the proposal's running tally in the
// module store (1,000 + 3/byte to read, 2,000 + 30/byte to write): it adds
// what it changes to the proposal's entry in PendingTallies, in the
// transient store (100 to read, 200 + 3/byte to write), and EndBlock folds
// each entry into LiveTallies once per block, then applies the late-quorum
// and super-quorum rules (early.go) to the new tally. So:
//
//   - closing a proposal stays O(1): EndBlock folds before it handles the
//     deadlines, and the fold is one read and one write per proposal voted
//     in the block, whatever the number of votes;
//   - every reader within the block sees the exact tally: withLiveTally
//     adds the pending entry;
//   - at most max_proposals_per_block proposals get an entry in a block
//     (the limit BeginBlock leaves in PendingLimit); a vote on one more
//     proposal updates LiveTallies itself as before, so the fold is bounded
//     by a param. Without a limit in the block (CheckTx, simulation) the
//     default is used, so simulation charges what delivery will.
//
// Late quorum and super-quorum are therefore decided on the whole block's
// votes, at its time: the votes of one block count alike, whatever their
// order in it.

// addPendingTally adds the change in p's tally that a vote made (p.Tally
// and p.GroupTallies hold the change, not the tally) to the proposal's
// pending entry, or applies it at once when the block's limit of pending
// proposals is reached.
func (k Keeper) addPendingTally(ctx context.Context, p types.Proposal) error {
	delta := types.LiveTally{Tally: p.Tally, GroupTallies: p.GroupTallies}
	pending, err := k.PendingTallies.Get(ctx, p.Id)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		n, err := k.PendingCount.Get(ctx)
		if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return err
		}
		limit, err := k.PendingLimit.Get(ctx)
		if errors.Is(err, collections.ErrNotFound) {
			limit = types.DefaultMaxProposalsPerBlock
		} else if err != nil {
			return err
		}
		if n >= limit {
			return k.applyTallyNow(ctx, p.Id, delta)
		}
		if err := k.PendingCount.Set(ctx, n+1); err != nil {
			return err
		}
		pending = types.LiveTally{Tally: zeroTally()}
	case err != nil:
		return err
	}
	return k.PendingTallies.Set(ctx, p.Id, addLiveTally(pending, delta))
}

// applyTallyNow folds a change into a proposal's running tally at once and
// applies the early rules with the class's current vote rules.
func (k Keeper) applyTallyNow(ctx context.Context, id uint64, delta types.LiveTally) error {
	p, err := k.proposalForVote(ctx, id)
	if err != nil {
		return err
	}
	if err := k.withStoredLiveTally(ctx, &p); err != nil {
		return err
	}
	class, params, ok, err := k.voteRules(ctx, p.Class)
	if err != nil {
		return err
	}
	return k.foldTally(ctx, p, delta, class, params, ok)
}

// foldTally adds delta to p's running tally, applies late quorum and
// super-quorum (when the class is known) and stores what changed.
func (k Keeper) foldTally(ctx context.Context, p types.Proposal, delta types.LiveTally, class types.ProposalClass, params types.Params, classKnown bool) error {
	live := addLiveTally(types.LiveTally{Tally: p.Tally, GroupTallies: p.GroupTallies}, delta)
	p.Tally, p.GroupTallies = live.Tally, live.GroupTallies
	if classKnown {
		moved, err := k.afterTally(ctx, &p, class, params)
		if err != nil {
			return err
		}
		if moved {
			if err := k.saveVotingTimes(ctx, p); err != nil {
				return err
			}
		}
	}
	return k.saveLiveTally(ctx, p)
}

// foldPendingTallies folds every pending entry of the block into its
// proposal's running tally, each proposal in its own cache context, then
// empties the transient store (a test context without a commit reuses it).
// At most PendingLimit entries exist (addPendingTally).
func (k Keeper) foldPendingTallies(ctx context.Context, params types.Params) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	ids := []uint64{}
	err := k.PendingTallies.Walk(ctx, nil, func(id uint64, _ types.LiveTally) (bool, error) {
		ids = append(ids, id)
		return false, nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		isolate.Item(sdkCtx, types.ModuleName, fmt.Sprintf("proposal %d tally", id), func(ctx sdk.Context) error {
			delta, err := k.PendingTallies.Get(ctx, id)
			if err != nil {
				return err
			}
			p, err := k.proposalForVote(ctx, id)
			if err != nil {
				return err
			}
			if p.Status != types.PROPOSAL_STATUS_VOTING {
				// Ended in a transaction of this block, which folded the
				// entry into the record then (setStatus).
				return nil
			}
			if err := k.withStoredLiveTally(ctx, &p); err != nil {
				return err
			}
			class, ok := params.Class(p.Class)
			return k.foldTally(ctx, p, delta, class, params, ok)
		}, nil)
	}
	if err := k.PendingTallies.Clear(ctx, nil); err != nil {
		return err
	}
	return k.PendingCount.Remove(ctx)
}

// FoldPendingTallies is EndBlock's fold on its own, for a block whose
// transactions ran after its EndBlock: cosmos-sdk's simulator delivers
// them after FinalizeBlock, and its app folds them before Commit.
func (k Keeper) FoldPendingTallies(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	return k.foldPendingTallies(ctx, params)
}

// setPendingLimit leaves the block's bound on pending proposals
// (max_proposals_per_block) for votes to read from the transient store.
func (k Keeper) setPendingLimit(ctx context.Context, params types.Params) error {
	return k.PendingLimit.Set(ctx, uint64(params.MaxProposalsPerBlock))
}

// addLiveTally returns a + d, option by option and group by group.
func addLiveTally(a, d types.LiveTally) types.LiveTally {
	out := types.LiveTally{Tally: addTally(a.Tally, d.Tally)}
	out.GroupTallies = append(out.GroupTallies, a.GroupTallies...)
	p := types.Proposal{GroupTallies: out.GroupTallies}
	for _, g := range d.GroupTallies {
		gt := groupTally(&p, g.Group)
		gt.Tally = addTally(gt.Tally, g.Tally)
	}
	out.GroupTallies = p.GroupTallies
	return out
}

// CheckPendingTallies checks that pending tally changes belong to
// proposals in voting and that the count covers them.
func (k Keeper) CheckPendingTallies(ctx context.Context) error {
	var n uint64
	err := k.PendingTallies.Walk(ctx, nil, func(id uint64, _ types.LiveTally) (bool, error) {
		n++
		if has, err := k.VotingStates.Has(ctx, id); err != nil || !has {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "pending tally of proposal %d, which is not in voting (%v)", id, err)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	count, err := k.PendingCount.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	if n > count {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "%d pending tallies, count %d", n, count)
	}
	return nil
}
