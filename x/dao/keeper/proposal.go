package keeper

import (
	"context"
	"errors"
	"strings"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/msgexec"
	"github.com/aitbc/aitbc/x/dao/types"
)

// SubmitProposal checks a proposal against its class, escrows the bond and
// fixes the snapshot of voting power at the block time.
func (k Keeper) SubmitProposal(ctx context.Context, proposer sdk.AccAddress, msg *types.MsgSubmitProposal) (uint64, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	if err := checkProposalText(msg, params); err != nil {
		return 0, err
	}
	class, ok := params.Class(msg.Class)
	if !ok {
		return 0, errorsmod.Wrapf(types.ErrUnknownClass, "%q; the classes are %s", msg.Class, classNames(params))
	}
	msgs, err := msg.GetMsgs()
	if err != nil {
		return 0, errorsmod.Wrap(types.ErrInvalidProposalMsg, err.Error())
	}
	if err := k.checkProposalMessages(ctx, msgs, class, params); err != nil {
		return 0, err
	}
	votingPeriod := msg.VotingPeriod
	if votingPeriod == 0 {
		votingPeriod = class.DefaultVotingPeriod
	}
	if votingPeriod < class.MinVotingPeriod || votingPeriod > class.MaxVotingPeriod {
		return 0, errorsmod.Wrapf(types.ErrInvalidVotingPeriod, "%s: class %s allows %s to %s", votingPeriod, class.Name, class.MinVotingPeriod, class.MaxVotingPeriod)
	}

	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	power, err := k.snapshot(ctx, types.SeriesKey(types.SERIES_KIND_VOTES, proposer), now, params)
	if err != nil {
		return 0, err
	}
	if power.Power.LT(class.MinProposerPower) {
		return 0, errorsmod.Wrapf(types.ErrInsufficientPower, "%s has %s%s of voting power now, class %s needs %s",
			proposer, power.Power, params.LockDenom, class.Name, class.MinProposerPower)
	}
	total, powerCap, err := k.electorateSize(ctx, class, params, now)
	if err != nil {
		return 0, err
	}
	if class.Bond.IsPositive() {
		if err := k.bankKeeper.SendCoinsFromAccountToModule(ctx, proposer, types.BondsName, sdk.NewCoins(class.Bond)); err != nil {
			return 0, errorsmod.Wrapf(err, "escrow the %s bond of a %s proposal", class.Bond, class.Name)
		}
	}

	id, err := k.ProposalSeq.Next(ctx)
	if err != nil {
		return 0, err
	}
	p := types.Proposal{
		Id: id, Proposer: proposer.String(), Class: class.Name,
		Title: msg.Title, Summary: msg.Summary, Metadata: msg.Metadata, Messages: msg.Messages,
		Status: types.PROPOSAL_STATUS_CHALLENGE, SubmitTime: now, ChallengeEndTime: now.Add(class.ChallengePeriod),
		VotingPeriod: votingPeriod, Bond: class.Bond, SnapshotTotalPower: total, PowerCap: powerCap,
		Tally: zeroTally(),
	}
	if class.ChallengePeriod == 0 {
		k.startVoting(&p, now)
	}
	if err := k.saveAndSchedule(ctx, &p); err != nil {
		return 0, err
	}
	typeURLs := make([]string, len(msgs))
	for i, m := range msgs {
		typeURLs[i] = sdk.MsgTypeURL(m)
	}
	return id, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventSubmitProposal{
		ProposalId: id, Proposer: p.Proposer, Class: p.Class, MessageTypes: typeURLs, ChallengeEndTime: p.ChallengeEndTime,
	})
}

func classNames(params types.Params) string {
	names := make([]string, len(params.Classes))
	for i, c := range params.Classes {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// checkProposalText checks the class name and the text of a proposal by
// the identifier and text rules (as ValidateBasic does), then against the
// params' length limits.
func checkProposalText(msg *types.MsgSubmitProposal, params types.Params) error {
	if err := types.ValidateProposalText(msg.Class, msg.Title, msg.Summary, msg.Metadata); err != nil {
		return err
	}
	for _, f := range []struct {
		name  string
		value string
		max   uint32
	}{
		{"title", msg.Title, params.MaxTitleLength},
		{"summary", msg.Summary, params.MaxSummaryLength},
		{"metadata", msg.Metadata, params.MaxMetadataLength},
	} {
		if len(f.value) > int(f.max) {
			return errorsmod.Wrapf(types.ErrProposalTooLarge, "%s has %d bytes, the limit is %d", f.name, len(f.value), f.max)
		}
	}
	if len(msg.Messages) > int(params.MaxMessages) {
		return errorsmod.Wrapf(types.ErrProposalTooLarge, "%d messages, the limit is %d", len(msg.Messages), params.MaxMessages)
	}
	return nil
}

// checkProposalMessages checks that every message is signed by the dao
// authority alone, has a handler, passes its own validation and may ride in
// the proposal's class: the class the message_classes param gives its type,
// raised by the type's resolver when its content needs more.
func (k Keeper) checkProposalMessages(ctx context.Context, msgs []sdk.Msg, class types.ProposalClass, params types.Params) error {
	authority, err := k.addressCodec.StringToBytes(k.authority)
	if err != nil {
		return err
	}
	for i, m := range msgs {
		typeURL := sdk.MsgTypeURL(m)
		// The executor's own check, so what is accepted now is what it
		// will agree to run.
		if err := k.executor.Check(i, m, authority); err != nil {
			if errors.Is(err, msgexec.ErrWrongSigner) {
				return errorsmod.Wrapf(types.ErrInvalidProposalMsg, "%s: it must be signed by the dao authority %s alone", err, k.authority)
			}
			return errorsmod.Wrap(types.ErrInvalidProposalMsg, err.Error())
		}
		if v, ok := m.(sdk.HasValidateBasic); ok {
			if err := v.ValidateBasic(); err != nil {
				return errorsmod.Wrapf(types.ErrInvalidProposalMsg, "message %d (%s): %s", i, typeURL, err)
			}
		}
		needed, err := k.messageClass(ctx, i, m, typeURL, params)
		if err != nil {
			return err
		}
		if class.Rank < needed.Rank {
			return errorsmod.Wrapf(types.ErrMessageNotAllowed, "message %d (%s) needs a proposal of class %s or higher, this one is %s", i, typeURL, needed.Name, class.Name)
		}
		if sc, ok := m.(*types.MsgSetConstitution); ok && len(sc.Constitution) > int(params.MaxConstitutionLength) {
			return errorsmod.Wrapf(types.ErrProposalTooLarge, "constitution has %d bytes, the limit is %d", len(sc.Constitution), params.MaxConstitutionLength)
		}
	}
	return nil
}

// messageClass returns the lowest class that may carry message i.
func (k Keeper) messageClass(ctx context.Context, i int, m sdk.Msg, typeURL string, params types.Params) (types.ProposalClass, error) {
	name := params.MessageClassOf(typeURL)
	needed, ok := params.Class(name)
	if !ok {
		return needed, errorsmod.Wrapf(types.ErrUnknownClass, "message %s maps to %q", typeURL, name)
	}
	resolve, ok := k.classResolvers.Get(typeURL)
	if !ok {
		return needed, nil
	}
	name, err := resolve(ctx, m)
	if err != nil {
		return needed, errorsmod.Wrapf(types.ErrInvalidProposalMsg, "message %d (%s): %s", i, typeURL, err)
	}
	if name == "" {
		return needed, nil
	}
	raised, ok := params.Class(name)
	if !ok {
		return needed, errorsmod.Wrapf(types.ErrUnknownClass, "message %d (%s) needs class %q", i, typeURL, name)
	}
	if raised.Rank > needed.Rank {
		return raised, nil
	}
	return needed, nil
}

// electorateSize returns the snapshot total (token power or committee size)
// and the most one vote may weigh.
func (k Keeper) electorateSize(ctx context.Context, class types.ProposalClass, params types.Params, now time.Time) (math.Int, math.Int, error) {
	if class.Electorate == types.ELECTORATE_COMMITTEE {
		committee, err := k.GetCommittee(ctx)
		if err != nil {
			return math.Int{}, math.Int{}, err
		}
		if len(committee.Members) == 0 {
			return math.Int{}, math.Int{}, errorsmod.Wrapf(types.ErrInvalidCommittee, "class %s is voted by the committee, which has no members", class.Name)
		}
		return math.NewInt(int64(len(committee.Members))), math.OneInt(), nil
	}
	total, err := k.snapshot(ctx, types.SeriesKey(types.SERIES_KIND_TOTAL, nil), now, params)
	if err != nil {
		return math.Int{}, math.Int{}, err
	}
	return total.Power, params.MaxPowerFraction.MulInt(total.Power).TruncateInt(), nil
}

func zeroTally() types.TallyResult {
	return types.TallyResult{Yes: math.ZeroInt(), Abstain: math.ZeroInt(), No: math.ZeroInt(), NoWithVeto: math.ZeroInt()}
}

// GetProposal returns a proposal or ErrProposalNotFound.
func (k Keeper) GetProposal(ctx context.Context, id uint64) (types.Proposal, error) {
	p, err := k.Proposals.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return p, errorsmod.Wrapf(types.ErrProposalNotFound, "proposal %d", id)
	}
	return p, err
}

// deadline is the time of the proposal's next step: end of the challenge
// period (or, with an open challenge past it, the time it expires), end of
// voting, end of the timelock.
func deadline(p types.Proposal) (time.Time, bool) {
	switch p.Status {
	case types.PROPOSAL_STATUS_CHALLENGE:
		return p.ChallengeEndTime, true
	case types.PROPOSAL_STATUS_VOTING:
		if p.VotingEndTime != nil {
			return *p.VotingEndTime, true
		}
	case types.PROPOSAL_STATUS_PASSED:
		if p.ExecutionTime != nil {
			return *p.ExecutionTime, true
		}
	}
	return time.Time{}, false
}

// saveAndSchedule stores a proposal and queues its next deadline.
func (k Keeper) saveAndSchedule(ctx context.Context, p *types.Proposal) error {
	if err := k.Proposals.Set(ctx, p.Id, *p); err != nil {
		return err
	}
	if t, ok := deadline(*p); ok {
		return k.ProposalQueue.Set(ctx, collections.Join(t, p.Id))
	}
	return nil
}

// unschedule removes every queue entry a proposal may have.
func (k Keeper) unschedule(ctx context.Context, p types.Proposal) error {
	times := []time.Time{p.ChallengeEndTime, p.ChallengeEndTime.Add(p.VotingPeriod)}
	if p.VotingEndTime != nil {
		times = append(times, *p.VotingEndTime)
	}
	if p.ExecutionTime != nil {
		times = append(times, *p.ExecutionTime)
	}
	for _, t := range times {
		if err := k.ProposalQueue.Remove(ctx, collections.Join(t, p.Id)); err != nil {
			return err
		}
	}
	return nil
}

// startVoting opens voting at start for the proposal's voting period.
func (k Keeper) startVoting(p *types.Proposal, start time.Time) {
	end := start.Add(p.VotingPeriod)
	p.Status = types.PROPOSAL_STATUS_VOTING
	p.VotingStartTime = &start
	p.VotingEndTime = &end
}

// setStatus records a new status and why, with an event.
func (k Keeper) setStatus(ctx context.Context, p *types.Proposal, status types.ProposalStatus, result string) error {
	p.Status = status
	p.Result = result
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventProposalStatus{ProposalId: p.Id, Status: status, Result: result})
}

// CancelProposal withdraws a proposal before voting starts; the bonds are
// returned.
func (k Keeper) CancelProposal(ctx context.Context, proposer sdk.AccAddress, id uint64) error {
	p, err := k.GetProposal(ctx, id)
	if err != nil {
		return err
	}
	if p.Proposer != proposer.String() {
		return errorsmod.Wrapf(types.ErrNotProposer, "proposal %d was submitted by %s", id, p.Proposer)
	}
	if p.Status != types.PROPOSAL_STATUS_CHALLENGE {
		return errorsmod.Wrapf(types.ErrWrongStatus, "proposal %d is %s; only a proposal in its challenge period can be cancelled", id, p.Status)
	}
	if err := k.unschedule(ctx, p); err != nil {
		return err
	}
	if err := k.refund(ctx, p.Proposer, p.Bond); err != nil {
		return err
	}
	if p.Challenge != nil && p.Challenge.Status == types.CHALLENGE_STATUS_OPEN {
		p.Challenge.Status = types.CHALLENGE_STATUS_EXPIRED
		if err := k.refund(ctx, p.Challenge.Challenger, p.Challenge.Bond); err != nil {
			return err
		}
	}
	if err := k.setStatus(ctx, &p, types.PROPOSAL_STATUS_CANCELLED, "cancelled by the proposer"); err != nil {
		return err
	}
	return k.Proposals.Set(ctx, p.Id, p)
}

// refund pays a bond back out of the bonds account.
func (k Keeper) refund(ctx context.Context, to string, bond sdk.Coin) error {
	if !bond.IsPositive() {
		return nil
	}
	addr, err := sdk.AccAddressFromBech32(to)
	if err != nil {
		return err
	}
	return k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.BondsName, addr, sdk.NewCoins(bond))
}

// forfeitToTreasury moves a bond to the treasury.
func (k Keeper) forfeitToTreasury(ctx context.Context, bond sdk.Coin) error {
	if !bond.IsPositive() {
		return nil
	}
	return k.bankKeeper.SendCoinsFromModuleToModule(ctx, types.BondsName, types.ModuleName, sdk.NewCoins(bond))
}

// burnBond destroys a vetoed proposal's bond.
func (k Keeper) burnBond(ctx context.Context, bond sdk.Coin) error {
	if !bond.IsPositive() {
		return nil
	}
	return k.bankKeeper.BurnCoins(ctx, types.BondsName, sdk.NewCoins(bond))
}
