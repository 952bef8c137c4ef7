package keeper

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/internal/msgexec"
	"github.com/aitbc/aitbc/x/dao/types"
)

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
	authority, err := k.addressCodec.StringToBytes(k.authority)
	if err != nil {
		return err
	}
	gasLimit := params.MaxExecutionGas
	if gasLimit == 0 {
		// Params stored before the field existed; never run unmetered.
		gasLimit = types.DefaultMaxExecutionGas
	}
	executing := types.ExecutingProposal{Id: p.Id, Class: class.Name, Rank: class.Rank}
	_, err = k.executor.Run(sdk.UnwrapSDKContext(ctx), authority, msgs, msgexec.Options{
		GasLimit: gasLimit,
		Before:   func(c sdk.Context) sdk.Context { return types.WithExecutingProposal(c, executing) },
	})
	if err != nil {
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

// returnOrForfeit returns a bond to its owner or, if that fails, moves it
// to the treasury: either way it leaves the bonds account accounted for.
func (k Keeper) returnOrForfeit(ctx sdk.Context, owner string, bond sdk.Coin) error {
	if err := isolate.Run(ctx, func(ctx sdk.Context) error { return k.refund(ctx, owner, bond) }); err == nil {
		return nil
	}
	return k.forfeitToTreasury(ctx, bond)
}

// finish records a final status.
func (k Keeper) finish(ctx context.Context, p *types.Proposal, status types.ProposalStatus, result string) error {
	if err := k.setStatus(ctx, p, status, boundResult(result)); err != nil {
		return err
	}
	return k.Proposals.Set(ctx, p.Id, *p)
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
