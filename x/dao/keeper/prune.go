package keeper

import (
	"context"
	"fmt"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/x/dao/types"
)

// Bounded state. A proposal's votes and override deductions are read to
// weigh and recount votes while it votes, and after that only by queries
// and export: its outcome is decided from the running tally and the final
// tally stays on the proposal. So once a proposal has reached a final
// status and vote_retention has passed, EndBlock deletes them through
// PruneQueue, at most max_prunes_per_block records a block. Their
// EventVote events were emitted when they were cast; the proposal record
// stays.

// schedulePrune gives a proposal that reaches a final status after voting
// its prune time (now + vote_retention) and queues it if it has votes;
// setStatus calls it and its caller stores the proposal. A proposal that
// never voted has no votes or deductions; vote_retention 0 keeps them
// forever.
func (k Keeper) schedulePrune(ctx context.Context, p *types.Proposal) error {
	if p.VotingStartTime == nil || p.VotesPruneTime != nil {
		return nil
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if params.VoteRetention <= 0 {
		return nil
	}
	at := sdk.UnwrapSDKContext(ctx).BlockTime().Add(params.VoteRetention)
	p.VotesPruneTime = &at
	// Queued only with something to delete, so the queue is exactly what
	// import derives: the proposals with a prune time and records left.
	has, err := k.hasRecords(ctx, p.Id)
	if err != nil || !has {
		return err
	}
	return k.PruneQueue.Set(ctx, collections.Join(at, p.Id))
}

// votesPruned says whether a proposal's votes count as pruned: from its
// prune time on, whatever EndBlock has deleted yet, so queries answer the
// same in every block after that time.
func votesPruned(ctx context.Context, p types.Proposal) bool {
	return p.VotesPruneTime != nil && !sdk.UnwrapSDKContext(ctx).BlockTime().Before(*p.VotesPruneTime)
}

// errVotesPruned is the answer of vote queries on a pruned proposal.
func errVotesPruned(p types.Proposal) error {
	return errorsmod.Wrapf(types.ErrVotesPruned, "the votes of proposal %d were pruned at %s, vote_retention after it ended; its final tally stays on the proposal and the votes are in the EventVote events of their blocks",
		p.Id, p.VotesPruneTime.UTC().Format(time.RFC3339))
}

// pruneVotes drains the due part of PruneQueue, oldest first, deleting at
// most limit records in all. Each proposal is one isolated item: its votes
// go first, then its deductions; one with records left keeps its entry and
// the next block resumes with them (deleted records are gone, so it starts
// where this block stopped); one with none left leaves the queue. An item
// that fails is re-queued PruneRetryDelay later and the block goes on; it
// still counts one against the limit, so the work stays bounded.
func (k Keeper) pruneVotes(ctx context.Context, limit uint32) error {
	if limit == 0 {
		return nil // params stored before this param existed: pruning off
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	now := sdkCtx.BlockTime()
	due, err := colls.Due(ctx, k.PruneQueue, now, limit)
	if err != nil {
		return err
	}
	budget := limit
	for _, entry := range due {
		if budget == 0 {
			break
		}
		used := uint32(1)
		isolate.Item(sdkCtx, types.ModuleName, fmt.Sprintf("prune proposal %d", entry.K2()),
			func(ctx sdk.Context) error {
				n, err := k.pruneProposal(ctx, entry, budget)
				if err != nil {
					return err
				}
				used = max(n, 1)
				return nil
			},
			&isolate.Fallback{Outcome: "re-queued", Do: func(ctx sdk.Context, _ error) error {
				if err := k.PruneQueue.Remove(ctx, entry); err != nil {
					return err
				}
				return k.PruneQueue.Set(ctx, collections.Join(now.Add(types.PruneRetryDelay), entry.K2()))
			}})
		budget -= min(used, budget)
	}
	return nil
}

// pruneProposal deletes up to limit votes and deductions of the proposal
// of a due queue entry and returns how many it deleted. Only an ended
// proposal past its prune time is touched.
func (k Keeper) pruneProposal(ctx sdk.Context, entry collections.Pair[time.Time, uint64], limit uint32) (uint32, error) {
	id := entry.K2()
	p, err := k.GetProposal(ctx, id)
	if err != nil {
		return 0, err
	}
	if !p.Status.IsFinal() || !votesPruned(ctx, p) {
		return 0, errorsmod.Wrapf(types.ErrBrokenInvariant, "proposal %d is %s with prune time %v: its votes are not due for pruning", id, p.Status, p.VotesPruneTime)
	}
	deleted, votes, deductions, more, err := k.deleteRecordsUpTo(ctx, id, limit)
	if err != nil {
		return 0, err
	}
	if !more {
		if err := k.PruneQueue.Remove(ctx, entry); err != nil {
			return 0, err
		}
	}
	return deleted, ctx.EventManager().EmitTypedEvent(&types.EventVotesPruned{ProposalId: id, Votes: votes, Deductions: deductions, Done: !more})
}

// deleteRecordsUpTo deletes the first n vote records of a proposal and
// says how many it deleted, how many of them held a vote and how many a
// deduction (a delegatee's record may hold both; a placeholder only the
// deduction), and whether more are left. Keys are collected first and
// deleted after the iterator is closed.
func (k Keeper) deleteRecordsUpTo(ctx context.Context, id uint64, n uint32) (deleted, votes, deductions uint32, more bool, err error) {
	it, err := k.Votes.Iterate(ctx, collections.NewPrefixedPairRange[uint64, sdk.AccAddress](id))
	if err != nil {
		return 0, 0, 0, false, err
	}
	var keys []collectionsPairVote
	for ; it.Valid(); it.Next() {
		if uint32(len(keys)) == n {
			more = true
			break
		}
		kv, err := it.KeyValue()
		if err != nil {
			it.Close()
			return 0, 0, 0, false, err
		}
		keys = append(keys, kv.Key)
		if isVote(kv.Value) {
			votes++
		}
		if len(kv.Value.Deducted) > 0 {
			deductions++
		}
	}
	if err := it.Close(); err != nil {
		return 0, 0, 0, false, err
	}
	for _, key := range keys {
		if err := k.Votes.Remove(ctx, key); err != nil {
			return 0, 0, 0, false, err
		}
	}
	return uint32(len(keys)), votes, deductions, more, nil
}

// hasRecords says whether a proposal still has vote records (votes or
// deductions) stored.
func (k Keeper) hasRecords(ctx context.Context, id uint64) (bool, error) {
	it, err := k.Votes.Iterate(ctx, collections.NewPrefixedPairRange[uint64, sdk.AccAddress](id))
	if err != nil {
		return false, err
	}
	defer it.Close()
	return it.Valid(), nil
}

// restorePruneQueue queues, on import, each imported proposal with a
// prune time that still has votes or deductions: the queue is derived, as
// the proposal queue is. (An entry EndBlock had re-queued after a failure
// comes back at the proposal's prune time: due at once.)
func (k Keeper) restorePruneQueue(ctx context.Context, proposals []types.Proposal) error {
	for _, p := range proposals {
		if p.VotesPruneTime == nil {
			continue
		}
		has, err := k.hasRecords(ctx, p.Id)
		if err != nil {
			return err
		}
		if has {
			if err := k.PruneQueue.Set(ctx, collections.Join(*p.VotesPruneTime, p.Id)); err != nil {
				return err
			}
		}
	}
	return nil
}

// CheckPruneQueue checks the prune queue against the proposals: a prune
// time only on an ended proposal; every queue entry for an ended proposal
// with a prune time at or before the entry; and an ended proposal past its
// prune time either queued or without any vote or deduction left, so no
// record is stranded.
func (k Keeper) CheckPruneQueue(ctx context.Context) error {
	queued := map[uint64]bool{} // membership only, never iterated
	err := k.PruneQueue.Walk(ctx, nil, func(key collections.Pair[time.Time, uint64]) (bool, error) {
		id := key.K2()
		p, err := k.Proposals.Get(ctx, id)
		if err != nil {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "prune queue entry of proposal %d: %v", id, err)
		}
		if !p.Status.IsFinal() || p.VotesPruneTime == nil || key.K1().Before(*p.VotesPruneTime) {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "prune queue entry at %s of proposal %d, which is %s with prune time %v", key.K1(), id, p.Status, p.VotesPruneTime)
		}
		if queued[id] {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "proposal %d is in the prune queue twice", id)
		}
		queued[id] = true
		return false, nil
	})
	if err != nil {
		return err
	}
	return k.Proposals.Walk(ctx, nil, func(id uint64, p types.Proposal) (bool, error) {
		if p.VotesPruneTime == nil || queued[id] {
			return false, nil
		}
		if !p.Status.IsFinal() {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "proposal %d is %s and has a prune time", id, p.Status)
		}
		has, err := k.hasRecords(ctx, id)
		if err != nil {
			return true, err
		}
		if has {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "proposal %d has votes or deductions left but is not in the prune queue", id)
		}
		return false, nil
	})
}
