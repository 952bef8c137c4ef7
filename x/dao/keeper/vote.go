package keeper

import (
	"context"
	"errors"
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
// delegatee's count (GovernorCountingOverridable). The tally is updated
// here, so ending a proposal never iterates its votes. reason, optional,
// is stored with the vote (a changed vote keeps only the latest).
func (k Keeper) Vote(ctx context.Context, voter sdk.AccAddress, id uint64, options []types.WeightedVoteOption, reason string) (math.Int, error) {
	if err := types.ValidateVoteReason(reason); err != nil {
		return math.Int{}, err
	}
	// The voting state and the class's vote rules, not the proposal record
	// and the whole params (voting_state.go).
	p, err := k.votingProposal(ctx, id)
	if err != nil {
		return math.Int{}, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if p.Status != types.PROPOSAL_STATUS_VOTING {
		return math.Int{}, errorsmod.Wrapf(types.ErrWrongStatus, "proposal %d is %s, not open for voting", id, p.Status)
	}
	if !now.Before(*p.VotingEndTime) {
		// Ended (its deadline, or a super-quorum in this block); this
		// block's EndBlock closes it.
		return math.Int{}, errorsmod.Wrapf(types.ErrWrongStatus, "voting on proposal %d ended at %s", id, p.VotingEndTime.UTC().Format(time.RFC3339))
	}
	if err := types.ValidateVoteOptions(options); err != nil {
		return math.Int{}, err
	}
	class, params, ok, err := k.voteRules(ctx, p.Class)
	if err != nil {
		return math.Int{}, err
	}
	if !ok {
		return math.Int{}, errorsmod.Wrapf(types.ErrUnknownClass, "proposal %d has class %q, no longer in params", id, p.Class)
	}

	key := collections.Join(id, voter)
	vote, err := k.getVote(ctx, key)
	isNew := errors.Is(err, collections.ErrNotFound)
	if err != nil && !isNew {
		return math.Int{}, err
	}
	voterStr, err := k.addrString(voter)
	if err != nil {
		return math.Int{}, err
	}
	if isNew {
		vote = types.Vote{ProposalId: id, Voter: voterStr, Counted: zeroTally(), OwnPower: math.ZeroInt(), Group: k.groupOfVoter(ctx, voter)}
		if class.Electorate == types.ELECTORATE_COMMITTEE {
			// The members seated at submission (seated.go).
			if _, err := k.frozenMember(ctx, p.Committee, voterStr); err != nil {
				return math.Int{}, err
			}
			vote.DelegatedPower = math.OneInt()
		} else if err := k.snapshotVoter(ctx, &p, voter, &vote, params); err != nil {
			return math.Int{}, err
		}
	}
	if class.Electorate == types.ELECTORATE_COMMITTEE && (len(options) != 1 || !options[0].Weight.Equal(math.LegacyOneDec())) {
		return math.Int{}, errorsmod.Wrap(types.ErrInvalidVote, "committee members vote one option with weight 1")
	}
	vote.Options = options
	vote.Reason = reason
	weight, err := k.recount(ctx, &p, &vote)
	if err != nil {
		return math.Int{}, err
	}
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
	if err := k.setVote(ctx, key, vote); err != nil {
		return math.Int{}, err
	}
	// Late quorum and super-quorum (early.go) may move the end; the record
	// is written only then, else only the running tally changes.
	moved, err := k.afterTally(ctx, &p, class, params)
	if err != nil {
		return math.Int{}, err
	}
	if moved {
		if err := k.saveVotingTimes(ctx, p); err != nil {
			return math.Int{}, err
		}
	}
	if err := k.saveLiveTally(ctx, p); err != nil {
		return math.Int{}, err
	}
	return weight, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventVote{ProposalId: id, Voter: vote.Voter, Options: options, Weight: weight, Reason: reason})
}

// takeBackShare deducts a delegator's own power from its delegatee.
func (k Keeper) takeBackShare(ctx context.Context, p *types.Proposal, vote types.Vote) error {
	delegatee, err := k.accAddress(vote.OverrideOf)
	if err != nil {
		return err
	}
	key := collections.Join(p.Id, delegatee)
	deducted, err := k.Deductions.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		deducted = math.ZeroInt()
	} else if err != nil {
		return err
	}
	if err := k.Deductions.Set(ctx, key, deducted.Add(vote.OwnPower)); err != nil {
		return err
	}
	dv, err := k.getVote(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return nil // counted when the delegatee votes
	}
	if err != nil {
		return err
	}
	if _, err := k.recount(ctx, p, &dv); err != nil {
		return err
	}
	return k.setVote(ctx, key, dv)
}

// recount computes a vote's weight and moves the tally from what the vote
// counted before to what it counts now.
func (k Keeper) recount(ctx context.Context, p *types.Proposal, vote *types.Vote) (math.Int, error) {
	voter, err := k.accAddress(vote.Voter)
	if err != nil {
		return math.Int{}, err
	}
	deducted, err := k.Deductions.Get(ctx, collections.Join(p.Id, voter))
	if errors.Is(err, collections.ErrNotFound) {
		deducted = math.ZeroInt()
	} else if err != nil {
		return math.Int{}, err
	}
	raw := math.MaxInt(vote.DelegatedPower.Sub(deducted), math.ZeroInt()).Add(vote.OwnPower)
	weight := math.MinInt(raw, p.PowerCap)
	counted := splitWeight(weight, vote.Options)

	p.Tally = addTally(subTally(p.Tally, vote.Counted), counted)
	group := groupTally(p, vote.Group)
	group.Tally = addTally(subTally(group.Tally, vote.Counted), counted)
	vote.Counted = counted
	return weight, nil
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
