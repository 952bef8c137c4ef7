package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// Rules that move a proposal's voting end while it votes, checked when a
// block's votes are folded into its tally (afterTally, called at EndBlock
// by foldPendingTallies, or by a vote past the block's pending limit):
//
//   - late-quorum protection (OpenZeppelin GovernorPreventLateQuorum): a
//     proposal that first reaches quorum within its class's
//     late_quorum_window of the end votes until now + late_quorum_extension,
//     once, so a last-minute quorum cannot surprise the other side;
//   - super-quorum (OpenZeppelin GovernorSuperQuorum): once yes exceeds the
//     class's super_quorum of the snapshot total and neither the power that
//     has not voted nor the delegators who could still take their power
//     out of yes could change the outcome, voting ends in this block and the
//     proposal goes to its timelock; the block's votes all count.
//
// Both only move the proposal's one ProposalQueue entry, so closing it stays
// O(1), and the EndBlock path ends voting as for any deadline.

// afterTally applies the rules to a voting proposal whose tally just
// changed; it updates p and the queue, and says whether p's quorum time or
// voting end changed (the caller then stores them, saveVotingTimes).
func (k Keeper) afterTally(ctx context.Context, p *types.Proposal, class types.ProposalClass, params types.Params) (bool, error) {
	if p.Status != types.PROPOSAL_STATUS_VOTING || p.VotingEndTime == nil {
		return false, nil
	}
	changed := false
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	now := sdkCtx.BlockTime()
	if p.QuorumTime == nil && quorumReached(p.Tally, p.SnapshotTotalPower, class) {
		p.QuorumTime = &now
		changed = true
		if class.LateQuorumWindow > 0 && class.LateQuorumExtension > 0 && !now.Before(p.VotingEndTime.Add(-class.LateQuorumWindow)) {
			previous := *p.VotingEndTime
			if end := now.Add(class.LateQuorumExtension); end.After(previous) {
				if err := k.moveVotingEnd(ctx, p, end); err != nil {
					return false, err
				}
				if err := sdkCtx.EventManager().EmitTypedEvent(&types.EventVotingExtended{ProposalId: p.Id, PreviousEnd: previous, NewEnd: end}); err != nil {
					return false, err
				}
			}
		}
	}
	decided, err := k.superQuorumDecided(ctx, *p, class, params)
	if err != nil {
		return false, err
	}
	if decided && now.Before(*p.VotingEndTime) {
		previous := *p.VotingEndTime
		if err := k.moveVotingEnd(ctx, p, now); err != nil {
			return false, err
		}
		return true, sdkCtx.EventManager().EmitTypedEvent(&types.EventSuperQuorum{
			ProposalId: p.Id, PreviousEnd: previous, Yes: p.Tally.Yes, SnapshotTotalPower: p.SnapshotTotalPower,
		})
	}
	return changed, nil
}

// saveVotingTimes writes p's quorum time and voting end into its voting
// state and its stored record, which keeps the zero tally while the running
// one is in LiveTallies.
func (k Keeper) saveVotingTimes(ctx context.Context, p types.Proposal) error {
	rec, err := k.proposalRecord(ctx, p.Id)
	if err != nil {
		return err
	}
	rec.QuorumTime, rec.VotingEndTime = p.QuorumTime, p.VotingEndTime
	if err := k.saveVotingState(ctx, rec); err != nil {
		return err
	}
	return k.Proposals.Set(ctx, p.Id, rec)
}

// moveVotingEnd moves a voting proposal's deadline in ProposalQueue. An end
// at the block time is handled by this block's EndBlock, after the
// transactions, which Vote then refuses.
func (k Keeper) moveVotingEnd(ctx context.Context, p *types.Proposal, end time.Time) error {
	if err := k.ProposalQueue.Remove(ctx, collections.Join(*p.VotingEndTime, p.Id)); err != nil {
		return err
	}
	p.VotingEndTime = &end
	return k.ProposalQueue.Set(ctx, collections.Join(end, p.Id))
}

// quorumReached is Outcome's quorum rule: votes cast >= quorum x total for
// token classes, more than quorum x members for committee classes.
func quorumReached(t types.TallyResult, total math.Int, class types.ProposalClass) bool {
	cast := tallyCast(t)
	castDec := math.LegacyNewDecFromInt(cast)
	needed := class.Quorum.MulInt(total)
	if cast.IsZero() || castDec.LT(needed) {
		return false
	}
	return class.Electorate != types.ELECTORATE_COMMITTEE || castDec.GT(needed)
}

// superQuorumDecided says whether yes exceeds the class's super_quorum of
// the snapshot total and the proposal passes whatever the rest of the vote
// does. In the worst case all the power that has not voted (snapshot total
// - votes cast) votes no, or no with veto, and so do the delegators who
// have not voted yet: each takes its own power out of its delegatee's
// count, which may be yes. Their power at the snapshot is at most the
// locked amount delegated to someone else then (the DELEGATED series at
// submit time), so that much of yes counts as able to move to no.
func (k Keeper) superQuorumDecided(ctx context.Context, p types.Proposal, class types.ProposalClass, params types.Params) (bool, error) {
	if class.SuperQuorum.IsNil() || !class.SuperQuorum.IsPositive() {
		return false, nil
	}
	// With electorate groups the rest could all sit in one group and swing
	// its ratio; the plain worst case does not bound that: no early end.
	if params.ElectorateGroupsEnabled && class.Electorate == types.ELECTORATE_TOKEN {
		return false, nil
	}
	// Cheap test first: the series is read only for a proposal whose yes
	// already exceeds the super-quorum.
	if !exceedsSuperQuorum(p.Tally.Yes, p, class) {
		return false, nil
	}
	movable := math.ZeroInt()
	if class.Electorate != types.ELECTORATE_COMMITTEE {
		delegated, err := k.loadSeries(ctx, types.SeriesKey(types.SERIES_KIND_DELEGATED, nil))
		if err != nil {
			return false, err
		}
		if movable, err = delegated.valueAt(ctx, p.SubmitTime); err != nil {
			return false, err
		}
	}
	return superQuorumHolds(p, class, params, movable), nil
}

// exceedsSuperQuorum says whether yes > super_quorum x snapshot total.
func exceedsSuperQuorum(yes math.Int, p types.Proposal, class types.ProposalClass) bool {
	return math.LegacyNewDecFromInt(yes).GT(class.SuperQuorum.MulInt(p.SnapshotTotalPower))
}

// superQuorumHolds is the worst case of superQuorumDecided: up to movable
// of yes goes to no (or no with veto), with all the power that has not
// voted, and yes still exceeds the super-quorum and passes.
func superQuorumHolds(p types.Proposal, class types.ProposalClass, params types.Params, movable math.Int) bool {
	t := p.Tally
	moved := math.MinInt(movable, t.Yes)
	yes := t.Yes.Sub(moved)
	if !exceedsSuperQuorum(yes, p, class) {
		return false
	}
	against := math.MaxInt(p.SnapshotTotalPower.Sub(tallyCast(t)), math.ZeroInt()).Add(moved)
	for _, worst := range []types.TallyResult{
		{Yes: yes, Abstain: t.Abstain, No: t.No.Add(against), NoWithVeto: t.NoWithVeto},
		{Yes: yes, Abstain: t.Abstain, No: t.No, NoWithVeto: t.NoWithVeto.Add(against)},
	} {
		q := p
		q.Tally = worst
		if Outcome(q, class, params) != types.PROPOSAL_STATUS_PASSED {
			return false
		}
	}
	return true
}
