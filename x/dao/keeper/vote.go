package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// Vote casts or changes a vote. On a token proposal the weight is
//
//	min( max(0, PowerAt(voter, T) - taken back by its delegators)
//	     + OwnPowerAt(voter, T) if the voter had delegated to someone else at T,
//	     power_cap )
//
// and a voter that had delegated takes its own share out of its
// delegatee's count (GovernorCountingOverridable). The change in the
// tally is counted here (into the block's pending tally, folded at
// EndBlock), so ending a proposal never iterates its votes. reason, optional,
// is stored with the vote (a changed vote keeps only the latest).
func (k Keeper) Vote(ctx context.Context, voter sdk.AccAddress, id uint64, options []types.WeightedVoteOption, reason string) (math.Int, error) {
	if err := types.ValidateVoteReason(reason); err != nil {
		return math.Int{}, err
	}
	// The voting state, not the proposal record, the params or the
	// running tally (voting_state.go, pending_tally.go): p.Tally starts at
	// zero and ends as the change this vote makes.
	p, err := k.proposalForVote(ctx, id)
	if err != nil {
		return math.Int{}, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if p.Status != types.PROPOSAL_STATUS_VOTING {
		return math.Int{}, errorsmod.Wrapf(types.ErrWrongStatus, "proposal %d is %s, not open for voting", id, p.Status)
	}
	if !now.Before(*p.VotingEndTime) {
		// Ended (its deadline, or a super-quorum in the last block); this
		// block's EndBlock closes it.
		return math.Int{}, errorsmod.Wrapf(types.ErrWrongStatus, "voting on proposal %d ended at %s", id, p.VotingEndTime.UTC().Format(time.RFC3339))
	}
	if err := types.ValidateVoteOptions(options); err != nil {
		return math.Int{}, err
	}
	electorate, params, err := k.snapshotRules(ctx, p)
	if err != nil {
		return math.Int{}, err
	}

	// One read gives the vote, if any, and what delegators took back.
	key := collections.Join(id, voter)
	rec, err := k.getRecord(ctx, key)
	if err != nil {
		return math.Int{}, err
	}
	vote, isNew := rec.vote, !rec.voted
	voterStr, err := k.addrString(voter)
	if err != nil {
		return math.Int{}, err
	}
	if isNew {
		vote = types.Vote{ProposalId: id, Voter: voterStr, Counted: zeroTally(), OwnPower: math.ZeroInt(), Group: k.groupOfVoter(ctx, voter)}
		if electorate == types.ELECTORATE_COMMITTEE {
			// The members seated at submission (seated.go).
			if _, err := k.frozenMember(ctx, p.Committee, voterStr); err != nil {
				return math.Int{}, err
			}
			vote.DelegatedPower = math.OneInt()
		} else if err := k.snapshotVoter(ctx, &p, voter, &vote, params); err != nil {
			return math.Int{}, err
		}
	}
	if electorate == types.ELECTORATE_COMMITTEE && (len(options) != 1 || !options[0].Weight.Equal(math.LegacyOneDec())) {
		return math.Int{}, errorsmod.Wrap(types.ErrInvalidVote, "committee members vote one option with weight 1")
	}
	vote.Options = options
	vote.Reason = reason
	weight := recount(&p, &vote, rec.deducted)
	if weight.IsZero() {
		return math.Int{}, errorsmod.Wrapf(types.ErrNoVotingPower, "%s had no voting power at %s, the snapshot of proposal %d", voterStr, p.SubmitTime, id)
	}
	// A delegator voting itself takes its own share out of its delegatee's
	// count, once, and the delegatee's vote (if any) is counted again.
	if isNew && vote.OwnPower.IsPositive() {
		if err := k.takeBackShare(ctx, &p, vote); err != nil {
			return math.Int{}, err
		}
	}
	if err := k.setRecord(ctx, key, voteRecord{vote: vote, voted: true, weight: weight, deducted: rec.deducted}); err != nil {
		return math.Int{}, err
	}
	// The change goes to the block's pending tally; EndBlock folds it and
	// applies late quorum and super-quorum (early.go).
	if err := k.addPendingTally(ctx, p); err != nil {
		return math.Int{}, err
	}
	// The typed event, encoded without jsonpb's reflection (event_vote.go).
	ev, err := (&types.EventVote{ProposalId: id, Voter: vote.Voter, Options: options, Weight: weight, Reason: reason}).ToEvent()
	if err != nil {
		return math.Int{}, err
	}
	sdk.UnwrapSDKContext(ctx).EventManager().EmitEvent(ev)
	return weight, nil
}

// takeBackShare deducts a delegator's own power from its delegatee: one
// read and one write of the delegatee's record, which holds its vote (then
// counted again) or, before it votes, only the deduction (a placeholder).
func (k Keeper) takeBackShare(ctx context.Context, p *types.Proposal, vote types.Vote) error {
	delegatee, err := k.accAddress(vote.OverrideOf)
	if err != nil {
		return err
	}
	key := collections.Join(p.Id, delegatee)
	rec, err := k.getRecord(ctx, key)
	if err != nil {
		return err
	}
	rec.deducted = rec.deducted.Add(vote.OwnPower)
	if rec.voted {
		rec.weight = recount(p, &rec.vote, rec.deducted)
	}
	return k.setRecord(ctx, key, rec)
}

// recount computes a vote's weight, given what its delegators took back,
// and moves the tally from what the vote counted before to what it counts
// now.
func recount(p *types.Proposal, vote *types.Vote, deducted math.Int) math.Int {
	weight := math.MinInt(rawWeight(*vote, deducted), p.PowerCap)
	counted := splitWeight(weight, vote.Options)

	p.Tally = addTally(subTally(p.Tally, vote.Counted), counted)
	group := groupTally(p, vote.Group)
	group.Tally = addTally(subTally(group.Tally, vote.Counted), counted)
	vote.Counted = counted
	return weight
}

// groupTally returns the tally entry of a group, adding it when missing.
func groupTally(p *types.Proposal, group string) *types.GroupTally {
	for i := range p.GroupTallies {
		if p.GroupTallies[i].Group == group {
			return &p.GroupTallies[i]
		}
	}
	p.GroupTallies = append(p.GroupTallies, types.GroupTally{Group: group, Tally: zeroTally()})
	return &p.GroupTallies[len(p.GroupTallies)-1]
}

// splitWeight divides a weight over the options, rounding each share down.
func splitWeight(weight math.Int, options []types.WeightedVoteOption) types.TallyResult {
	t := zeroTally()
	for _, o := range options {
		share := o.Weight.MulInt(weight).TruncateInt()
		switch o.Option {
		case types.VOTE_OPTION_YES:
			t.Yes = t.Yes.Add(share)
		case types.VOTE_OPTION_ABSTAIN:
			t.Abstain = t.Abstain.Add(share)
		case types.VOTE_OPTION_NO:
			t.No = t.No.Add(share)
		case types.VOTE_OPTION_NO_WITH_VETO:
			t.NoWithVeto = t.NoWithVeto.Add(share)
		}
	}
	return t
}

func addTally(a, b types.TallyResult) types.TallyResult {
	return types.TallyResult{Yes: a.Yes.Add(b.Yes), Abstain: a.Abstain.Add(b.Abstain), No: a.No.Add(b.No), NoWithVeto: a.NoWithVeto.Add(b.NoWithVeto)}
}

func subTally(a, b types.TallyResult) types.TallyResult {
	return types.TallyResult{Yes: a.Yes.Sub(b.Yes), Abstain: a.Abstain.Sub(b.Abstain), No: a.No.Sub(b.No), NoWithVeto: a.NoWithVeto.Sub(b.NoWithVeto)}
}

func sameTally(a, b types.TallyResult) bool {
	return a.Yes.Equal(b.Yes) && a.Abstain.Equal(b.Abstain) && a.No.Equal(b.No) && a.NoWithVeto.Equal(b.NoWithVeto)
}
