package keeper

import (
	"context"
	"slices"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// Challenge claims a proposal invalid during its challenge period and
// escrows the challenge bond. The proposal does not enter voting until the
// committee rules.
func (k Keeper) Challenge(ctx context.Context, challenger sdk.AccAddress, id uint64, reason string) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	p, err := k.GetProposal(ctx, id)
	if err != nil {
		return err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if p.Status != types.PROPOSAL_STATUS_CHALLENGE || !now.Before(p.ChallengeEndTime) {
		return errorsmod.Wrapf(types.ErrWrongStatus, "proposal %d is %s; its challenge period ended at %s", id, p.Status, p.ChallengeEndTime)
	}
	if p.Challenge != nil {
		return errorsmod.Wrapf(types.ErrAlreadyChallenged, "proposal %d was challenged by %s", id, p.Challenge.Challenger)
	}
	if err := types.CheckRequiredText("reason", reason); err != nil {
		return err
	}
	if len(reason) > int(params.MaxChallengeReasonLength) {
		return errorsmod.Wrapf(types.ErrProposalTooLarge, "reason has %d bytes, the limit is %d", len(reason), params.MaxChallengeReasonLength)
	}
	if params.ChallengeBond.IsPositive() {
		if err := k.bankKeeper.SendCoinsFromAccountToModule(ctx, challenger, types.BondsName, sdk.NewCoins(params.ChallengeBond)); err != nil {
			return errorsmod.Wrapf(err, "escrow the %s challenge bond", params.ChallengeBond)
		}
	}
	p.Challenge = &types.Challenge{
		Challenger: challenger.String(), Reason: reason, Bond: params.ChallengeBond,
		Status: types.CHALLENGE_STATUS_OPEN, Time: now,
	}
	if err := k.Proposals.Set(ctx, id, p); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventChallenge{ProposalId: id, Challenger: p.Challenge.Challenger, Reason: reason})
}

// RuleChallenge records a committee member's ruling. A majority of the
// members decides: upheld cancels the proposal and gives the proposer's bond
// to the challenger; dismissed sends the challenger's bond to the treasury
// and lets the proposal go to voting.
func (k Keeper) RuleChallenge(ctx context.Context, member sdk.AccAddress, id uint64, uphold bool) (types.ChallengeStatus, error) {
	committee, err := k.requireMember(ctx, member)
	if err != nil {
		return 0, err
	}
	p, err := k.GetProposal(ctx, id)
	if err != nil {
		return 0, err
	}
	c := p.Challenge
	if p.Status != types.PROPOSAL_STATUS_CHALLENGE || c == nil || c.Status != types.CHALLENGE_STATUS_OPEN {
		return 0, errorsmod.Wrapf(types.ErrNoOpenChallenge, "proposal %d", id)
	}
	if slices.Contains(c.Uphold, member.String()) || slices.Contains(c.Dismiss, member.String()) {
		return 0, errorsmod.Wrapf(types.ErrAlreadyRuled, "%s already ruled on proposal %d", member, id)
	}
	if uphold {
		c.Uphold = append(c.Uphold, member.String())
	} else {
		c.Dismiss = append(c.Dismiss, member.String())
	}
	majority := func(n int) bool { return 2*n > len(committee.Members) }
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	switch {
	case majority(len(c.Uphold)):
		c.Status = types.CHALLENGE_STATUS_UPHELD
		if err := k.unschedule(ctx, p); err != nil {
			return 0, err
		}
		// The challenger gets its own bond back and the proposer's.
		if err := k.refund(ctx, c.Challenger, c.Bond); err != nil {
			return 0, err
		}
		if err := k.refund(ctx, c.Challenger, p.Bond); err != nil {
			return 0, err
		}
		if err := k.setStatus(ctx, &p, types.PROPOSAL_STATUS_CANCELLED, "challenge upheld: "+c.Reason); err != nil {
			return 0, err
		}
	case majority(len(c.Dismiss)):
		c.Status = types.CHALLENGE_STATUS_DISMISSED
		if err := k.forfeitToTreasury(ctx, c.Bond); err != nil {
			return 0, err
		}
		// Past the challenge period the proposal was waiting for this
		// ruling: voting starts now.
		if !sdkCtx.BlockTime().Before(p.ChallengeEndTime) {
			if err := k.unschedule(ctx, p); err != nil {
				return 0, err
			}
			k.startVoting(&p, sdkCtx.BlockTime())
			if err := k.setStatus(ctx, &p, types.PROPOSAL_STATUS_VOTING, ""); err != nil {
				return 0, err
			}
		}
	}
	// Only a proposal whose voting just started has a new deadline; the
	// others keep the one they have.
	save := k.Proposals.Set(ctx, p.Id, p)
	if p.Status == types.PROPOSAL_STATUS_VOTING {
		save = k.saveAndSchedule(ctx, &p)
	}
	if save != nil {
		return 0, save
	}
	return c.Status, sdkCtx.EventManager().EmitTypedEvent(&types.EventChallengeRuling{ProposalId: id, Member: member.String(), Uphold: uphold, Status: c.Status})
}
