package keeper

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/x/dao/types"
)

// The proposal lifecycle: every status transition of a proposal and the
// primitives that move it between the proposal queue and the status index.
// Bond moves are in bond.go, the checks of a submission in proposal.go, the
// decision from the tally in tally.go.
//
//	submit -> challenge --(challenge_end, no open challenge)--> voting
//	          challenge --(dismissed, after challenge_end)-----> voting
//	          challenge --(cancelled by the proposer)----------> cancelled
//	          challenge --(challenge upheld)-------------------> cancelled
//	          challenge --(unruled at challenge_end + voting_period)--> cancelled
//	voting --(voting_end)--> passed | rejected | failed_quorum | vetoed
//	passed --(voting_end + execution_delay)--> executed | execution_failed | not_approved
//	challenge | voting | passed --(EndBlock cannot handle the deadline)--> failed
//
// Transactions move a proposal in the first part of this file, EndBlock in
// the second, both through the primitives at the end.

// SubmitProposal checks a proposal against its class, dry-runs its messages,
// escrows the bond and fixes the snapshot of voting power at the block time.
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

	proposerStr, err := k.addrString(proposer)
	if err != nil {
		return 0, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	power, err := k.snapshot(ctx, types.SeriesKey(types.SERIES_KIND_VOTES, proposer), now, params)
	if err != nil {
		return 0, err
	}
	if power.Power.LT(class.MinProposerPower) {
		return 0, errorsmod.Wrapf(types.ErrInsufficientPower, "%s has %s%s of voting power now, class %s needs %s",
			proposerStr, power.Power, params.LockDenom, class.Name, class.MinProposerPower)
	}
	total, powerCap, err := k.electorateSize(ctx, class, params, now)
	if err != nil {
		return 0, err
	}
	// Last before the bond: the costliest check, and what it runs must see
	// the state without this proposal's escrow.
	if err := k.dryRun(ctx, msgs, class, params); err != nil {
		return 0, err
	}
	if err := k.escrowBond(ctx, proposer, class.Bond); err != nil {
		return 0, errorsmod.Wrapf(err, "escrow the %s bond of a %s proposal", class.Bond, class.Name)
	}

	id, err := k.ProposalSeq.Next(ctx)
	if err != nil {
		return 0, err
	}
	p := types.Proposal{
		Id: id, Proposer: proposerStr, Class: class.Name,
		Title: msg.Title, Summary: msg.Summary, Metadata: msg.Metadata, Messages: msg.Messages,
		Status: types.PROPOSAL_STATUS_CHALLENGE, SubmitTime: now, ChallengeEndTime: now.Add(class.ChallengePeriod),
		VotingPeriod: votingPeriod, Bond: class.Bond, SnapshotTotalPower: total, PowerCap: powerCap,
		Tally: zeroTally(), Electorate: class.Electorate, SnapshotVesting: &params.Vesting, SnapshotTwasWindow: &params.TwasWindow,
	}
	if class.Electorate == types.ELECTORATE_COMMITTEE {
		if p.Committee, err = k.seatedMembers(ctx); err != nil {
			return 0, err
		}
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

// CancelProposal withdraws a proposal before voting starts; the bonds are
// returned.
func (k Keeper) CancelProposal(ctx context.Context, proposer sdk.AccAddress, id uint64) error {
	p, err := k.GetProposal(ctx, id)
	if err != nil {
		return err
	}
	proposerStr, err := k.addrString(proposer)
	if err != nil {
		return err
	}
	if p.Proposer != proposerStr {
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
	challengerStr, err := k.addrString(challenger)
	if err != nil {
		return err
	}
	if err := k.escrowBond(ctx, challenger, params.ChallengeBond); err != nil {
		return errorsmod.Wrapf(err, "escrow the %s challenge bond", params.ChallengeBond)
	}
	members, err := k.seatedMembers(ctx)
	if err != nil {
		return err
	}
	p.Challenge = &types.Challenge{
		Challenger: challengerStr, Reason: reason, Bond: params.ChallengeBond,
		Status: types.CHALLENGE_STATUS_OPEN, Time: now, Members: members,
	}
	if err := k.Proposals.Set(ctx, id, p); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventChallenge{ProposalId: id, Challenger: p.Challenge.Challenger, Reason: reason})
}

// RuleChallenge records a committee member's ruling. A majority of the
// members seated when the challenge was opened decides (seated.go): upheld
// cancels the proposal and gives the proposer's bond to the challenger;
// dismissed sends the challenger's bond to the treasury and lets the
// proposal go to voting.
func (k Keeper) RuleChallenge(ctx context.Context, member sdk.AccAddress, id uint64, uphold bool) (types.ChallengeStatus, error) {
	p, err := k.GetProposal(ctx, id)
	if err != nil {
		return 0, err
	}
	c := p.Challenge
	if p.Status != types.PROPOSAL_STATUS_CHALLENGE || c == nil || c.Status != types.CHALLENGE_STATUS_OPEN {
		return 0, errorsmod.Wrapf(types.ErrNoOpenChallenge, "proposal %d", id)
	}
	m, err := k.addrString(member)
	if err != nil {
		return 0, err
	}
	seats, err := k.frozenMember(ctx, c.Members, m)
	if err != nil {
		return 0, err
	}
	if slices.Contains(c.Uphold, m) || slices.Contains(c.Dismiss, m) {
		return 0, errorsmod.Wrapf(types.ErrAlreadyRuled, "%s already ruled on proposal %d", m, id)
	}
	if uphold {
		c.Uphold = append(c.Uphold, m)
	} else {
		c.Dismiss = append(c.Dismiss, m)
	}
	majority := func(n int) bool { return 2*n > seats }
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
	return c.Status, sdkCtx.EventManager().EmitTypedEvent(&types.EventChallengeRuling{ProposalId: id, Member: m, Uphold: uphold, Status: c.Status})
}

// EndBlock: the deadlines due in ProposalQueue, one isolated item each.

// processProposalDeadlines handles the proposal deadlines due by the block
// time, at most limit of them; the rest wait for the next block. Each
// deadline leaves the queue first and is then handled in its own cache
// context (isolate.Item): a proposal whose transition fails is marked
// failed by failProposal, and the block goes on.
func (k Keeper) processProposalDeadlines(ctx context.Context, params types.Params) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	return colls.PopDue(ctx, k.ProposalQueue, sdkCtx.BlockTime(), params.MaxProposalsPerBlock, func(at time.Time, id uint64) error {
		isolate.Item(sdkCtx, types.ModuleName, fmt.Sprintf("proposal %d", id),
			func(ctx sdk.Context) error {
				p, err := k.GetProposal(ctx, id)
				if err != nil {
					return err
				}
				return k.advance(ctx, &p, at, params)
			},
			&isolate.Fallback{Outcome: "marked failed", Do: func(ctx sdk.Context, cause error) error {
				return k.failProposal(ctx, id, cause)
			}})
		return nil
	})
}

// advance moves a proposal past the deadline at t.
func (k Keeper) advance(ctx context.Context, p *types.Proposal, t time.Time, params types.Params) error {
	switch {
	case p.Status == types.PROPOSAL_STATUS_CHALLENGE && t.Equal(p.ChallengeEndTime):
		if p.Challenge != nil && p.Challenge.Status == types.CHALLENGE_STATUS_OPEN {
			// Wait for the ruling until voting would have ended.
			return k.ProposalQueue.Set(ctx, collections.Join(p.ChallengeEndTime.Add(p.VotingPeriod), p.Id))
		}
		k.startVoting(p, p.ChallengeEndTime)
		if err := k.setStatus(ctx, p, types.PROPOSAL_STATUS_VOTING, ""); err != nil {
			return err
		}
		return k.saveAndSchedule(ctx, p)

	case p.Status == types.PROPOSAL_STATUS_CHALLENGE && t.Equal(p.ChallengeEndTime.Add(p.VotingPeriod)):
		// Never ruled: cancelled, both bonds returned.
		if p.Challenge == nil {
			return errorsmod.Wrapf(types.ErrBrokenInvariant, "proposal %d has a challenge deadline but no challenge", p.Id)
		}
		p.Challenge.Status = types.CHALLENGE_STATUS_EXPIRED
		if err := k.refund(ctx, p.Proposer, p.Bond); err != nil {
			return err
		}
		if err := k.refund(ctx, p.Challenge.Challenger, p.Challenge.Bond); err != nil {
			return err
		}
		if err := k.setStatus(ctx, p, types.PROPOSAL_STATUS_CANCELLED, "challenge not ruled in time"); err != nil {
			return err
		}
		return k.Proposals.Set(ctx, p.Id, *p)

	case p.Status == types.PROPOSAL_STATUS_VOTING && p.VotingEndTime != nil && t.Equal(*p.VotingEndTime):
		return k.endVoting(ctx, p, params)

	case p.Status == types.PROPOSAL_STATUS_PASSED && p.ExecutionTime != nil && t.Equal(*p.ExecutionTime):
		return k.execute(ctx, p, params)
	}
	return nil // a deadline the proposal no longer has
}

// endVoting decides the proposal and settles its bond: burned if vetoed,
// returned otherwise.
func (k Keeper) endVoting(ctx context.Context, p *types.Proposal, params types.Params) error {
	class, ok := params.Class(p.Class)
	if !ok {
		// A params proposal removed the class while this one was voting:
		// there is no rule to decide it by, so it is rejected, and the
		// proposer, who broke no rule, gets the bond back.
		if err := k.refund(ctx, p.Proposer, p.Bond); err != nil {
			return err
		}
		return k.finish(ctx, p, types.PROPOSAL_STATUS_REJECTED, fmt.Sprintf("class %q no longer exists", p.Class))
	}
	status := Outcome(*p, class, params)
	if status == types.PROPOSAL_STATUS_VETOED {
		if err := k.burnBond(ctx, p.Bond); err != nil {
			return err
		}
	} else if err := k.refund(ctx, p.Proposer, p.Bond); err != nil {
		return err
	}
	if status != types.PROPOSAL_STATUS_PASSED {
		return k.finish(ctx, p, status, "")
	}
	executeAt := p.VotingEndTime.Add(class.ExecutionDelay)
	p.ExecutionTime = &executeAt
	if err := k.setStatus(ctx, p, types.PROPOSAL_STATUS_PASSED, ""); err != nil {
		return err
	}
	return k.saveAndSchedule(ctx, p)
}

// execute runs a passed proposal's messages through the executor with the
// dao module account as signer: all or nothing on a cached context, under
// a panic guard and within max_execution_gas, the handlers' events
// forwarded only on success. A failure is recorded as execution_failed.
func (k Keeper) execute(ctx context.Context, p *types.Proposal, params types.Params) error {
	class, ok := params.Class(p.Class)
	if ok && uint32(len(p.Approvals)) < class.CouncilApprovals {
		return k.finish(ctx, p, types.PROPOSAL_STATUS_NOT_APPROVED,
			fmt.Sprintf("%d council approvals, %d needed", len(p.Approvals), class.CouncilApprovals))
	}
	msgs, err := p.GetMsgs()
	if err != nil {
		return k.finish(ctx, p, types.PROPOSAL_STATUS_EXECUTION_FAILED, err.Error())
	}
	executing := types.ExecutingProposal{Id: p.Id, Class: class.Name, Rank: class.Rank}
	if err := k.runProposalMsgs(sdk.UnwrapSDKContext(ctx), executing, msgs, params); err != nil {
		return k.finish(ctx, p, types.PROPOSAL_STATUS_EXECUTION_FAILED, err.Error())
	}
	return k.finish(ctx, p, types.PROPOSAL_STATUS_EXECUTED, "")
}

// failProposal ends a proposal whose deadline EndBlock could not handle:
// its other deadlines are dropped, the bonds still escrowed for it (its own
// in challenge or voting, an open challenge's) are returned, or sent to the
// treasury when the return fails too (often the very cause: an owner that
// is no address), so the bonds account keeps exactly the open bonds; its
// status becomes failed with the cause as result.
func (k Keeper) failProposal(ctx sdk.Context, id uint64, cause error) error {
	p, err := k.GetProposal(ctx, id)
	if err != nil {
		return err
	}
	if p.Status.IsFinal() {
		return errorsmod.Wrapf(types.ErrWrongStatus, "proposal %d is already %s", id, p.Status)
	}
	if err := k.unschedule(ctx, p); err != nil {
		return err
	}
	if p.Status == types.PROPOSAL_STATUS_CHALLENGE || p.Status == types.PROPOSAL_STATUS_VOTING {
		if err := k.returnOrForfeit(ctx, p.Proposer, p.Bond); err != nil {
			return err
		}
	}
	if p.Challenge != nil && p.Challenge.Status == types.CHALLENGE_STATUS_OPEN {
		p.Challenge.Status = types.CHALLENGE_STATUS_EXPIRED
		if err := k.returnOrForfeit(ctx, p.Challenge.Challenger, p.Challenge.Bond); err != nil {
			return err
		}
	}
	return k.finish(ctx, &p, types.PROPOSAL_STATUS_FAILED, "could not be processed: "+cause.Error())
}

// Primitives. The status index follows the stored record (Proposals is an
// IndexedMap); the proposal queue is kept here by hand: saveAndSchedule
// queues the next deadline of the stored status, unschedule removes every
// entry a proposal may have, and a final status has no deadline.

// finish records a final status.
func (k Keeper) finish(ctx context.Context, p *types.Proposal, status types.ProposalStatus, result string) error {
	if err := k.setStatus(ctx, p, status, boundResult(result)); err != nil {
		return err
	}
	return k.Proposals.Set(ctx, p.Id, *p)
}

// setStatus records a new status and why, with an event.
func (k Keeper) setStatus(ctx context.Context, p *types.Proposal, status types.ProposalStatus, result string) error {
	// Counted once, when it ends, in the health figures (health.go).
	if status.IsFinal() && !p.Status.IsFinal() {
		if err := k.recordHealth(ctx, *p, status); err != nil {
			return err
		}
	}
	// p was read with its running tally, which the record now keeps.
	if p.Status == types.PROPOSAL_STATUS_VOTING && status != types.PROPOSAL_STATUS_VOTING {
		if err := k.LiveTallies.Remove(ctx, p.Id); err != nil {
			return err
		}
		if err := k.PendingTallies.Remove(ctx, p.Id); err != nil {
			return err
		}
		if err := k.VotingStates.Remove(ctx, p.Id); err != nil {
			return err
		}
	}
	p.Status = status
	p.Result = result
	if status.IsFinal() {
		if err := k.schedulePrune(ctx, p); err != nil {
			return err
		}
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventProposalStatus{ProposalId: p.Id, Status: status, Result: result})
}

// startVoting opens voting at start for the proposal's voting period.
func (k Keeper) startVoting(p *types.Proposal, start time.Time) {
	end := start.Add(p.VotingPeriod)
	p.Status = types.PROPOSAL_STATUS_VOTING
	p.VotingStartTime = &start
	p.VotingEndTime = &end
}

// saveAndSchedule stores a proposal and queues its next deadline.
func (k Keeper) saveAndSchedule(ctx context.Context, p *types.Proposal) error {
	if err := k.Proposals.Set(ctx, p.Id, *p); err != nil {
		return err
	}
	if p.Status == types.PROPOSAL_STATUS_VOTING {
		if err := k.saveVotingState(ctx, *p); err != nil {
			return err
		}
	}
	if t, ok := deadline(*p); ok {
		return k.ProposalQueue.Set(ctx, collections.Join(t, p.Id))
	}
	return nil
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

// MaxResultLength bounds the result text the chain stores on a proposal:
// error chains of failed executions can be long.
const MaxResultLength = 1024

// boundResult keeps a result within MaxResultLength bytes of valid UTF-8
// without control characters, whatever error text it came from.
func boundResult(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
	if len(s) <= MaxResultLength {
		return s
	}
	cut := MaxResultLength - len("...")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
