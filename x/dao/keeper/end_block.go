package keeper

import (
	"context"
	"fmt"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/x/dao/types"
)

// processProposalDeadlines handles the proposal deadlines due by the block
// time, at most limit of them; the rest wait for the next block.
func (k Keeper) processProposalDeadlines(ctx context.Context, params types.Params) error {
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	return colls.PopDue(ctx, k.ProposalQueue, now, params.MaxProposalsPerBlock, func(at time.Time, id uint64) error {
		p, err := k.GetProposal(ctx, id)
		if err != nil {
			return err
		}
		return k.advance(ctx, &p, at, params)
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

	case p.Status == types.PROPOSAL_STATUS_VOTING && t.Equal(*p.VotingEndTime):
		return k.endVoting(ctx, p, params)

	case p.Status == types.PROPOSAL_STATUS_PASSED && t.Equal(*p.ExecutionTime):
		return k.execute(ctx, p, params)
	}
	return nil // a deadline the proposal no longer has
}

// endVoting decides the proposal and settles its bond: burned if vetoed,
// returned otherwise.
func (k Keeper) endVoting(ctx context.Context, p *types.Proposal, params types.Params) error {
	class, ok := params.Class(p.Class)
	if !ok {
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

// execute runs a passed proposal's messages with the dao module account as
// signer, all or nothing, in a cached context under a panic handler: a
// failure is recorded and never halts the chain.
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
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	cacheCtx, write := sdkCtx.CacheContext()
	cacheCtx = types.WithExecutingProposal(cacheCtx, types.ExecutingProposal{Id: p.Id, Class: class.Name, Rank: class.Rank})
	events, err := k.runMessages(cacheCtx, msgs)
	if err != nil {
		return k.finish(ctx, p, types.PROPOSAL_STATUS_EXECUTION_FAILED, err.Error())
	}
	write()
	// The router gives each handler its own event manager and returns the
	// events in its result: pass them on, so indexers see what ran.
	sdkCtx.EventManager().EmitEvents(events)
	return k.finish(ctx, p, types.PROPOSAL_STATUS_EXECUTED, "")
}

// runMessages runs the messages in order and returns their events; the
// first error (or panic) stops it.
func (k Keeper) runMessages(ctx sdk.Context, msgs []sdk.Msg) (events sdk.Events, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("execution panicked: %v", r)
		}
	}()
	for i, msg := range msgs {
		handler := k.router.Handler(msg)
		if handler == nil {
			return nil, fmt.Errorf("message %d: no handler for %s", i, sdk.MsgTypeURL(msg))
		}
		res, err := handler(ctx, msg)
		if err != nil {
			return nil, errorsmod.Wrapf(err, "message %d (%s)", i, sdk.MsgTypeURL(msg))
		}
		for _, e := range res.GetEvents() {
			events = append(events, sdk.Event(e))
		}
	}
	return events, nil
}

// finish records a final status.
func (k Keeper) finish(ctx context.Context, p *types.Proposal, status types.ProposalStatus, result string) error {
	if err := k.setStatus(ctx, p, status, result); err != nil {
		return err
	}
	return k.Proposals.Set(ctx, p.Id, *p)
}
