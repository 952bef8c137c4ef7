package simulation

import (
	"context"
	"math/rand"
	"time"

	"cosmossdk.io/math"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

// Default operation weights; a params file overrides each as
// "op_weight_dao_<name>".
const (
	weightLock           = 40
	weightUnlock         = 15
	weightCancelUnlock   = 8
	weightDelegate       = 15
	weightSubmitProposal = 20
	weightCancel         = 4
	weightChallenge      = 5
	weightRule           = 8
	weightVote           = 60
	weightVoteWeighted   = 20
	weightApprove        = 10
	weightAuthorityOnly  = 2
	weightHostile        = 3
	weightMutated        = 4
)

// RegisterOperations adds an operation for every x/dao message: the
// plausible ones, a hostile variant of each, mutated variants of those with
// text, amounts or options, and the authority-only ones sent by an account
// that is not the authority. proposalMsgs are the
// messages other modules offer for proposals.
func RegisterOperations(weights simsx.WeightSource, reg simsx.Registry, k keeper.Keeper, proposalMsgs simsx.WeightedProposalMsgIter) {
	props := collectProposalMsgs(proposalMsgs)
	w := func(name string, def uint32) uint32 { return weights.Get("dao_"+name, def) }

	reg.Add(w("msg_lock", weightLock), MsgLockFactory(k))
	reg.Add(w("msg_unlock", weightUnlock), MsgUnlockFactory(k))
	reg.Add(w("msg_cancel_unlock", weightCancelUnlock), MsgCancelUnlockFactory(k))
	reg.Add(w("msg_delegate", weightDelegate), MsgDelegateFactory(k))
	reg.Add(w("msg_submit_proposal", weightSubmitProposal), MsgSubmitProposalFactory(k, props))
	reg.Add(w("msg_cancel_proposal", weightCancel), MsgCancelProposalFactory(k))
	reg.Add(w("msg_challenge", weightChallenge), MsgChallengeFactory(k))
	reg.Add(w("msg_rule_challenge", weightRule), MsgRuleChallengeFactory(k))
	reg.Add(w("msg_vote", weightVote), MsgVoteFactory(k))
	reg.Add(w("msg_vote_weighted", weightVoteWeighted), MsgVoteWeightedFactory(k))
	reg.Add(w("msg_approve", weightApprove), MsgApproveFactory(k))

	reg.Add(w("msg_update_params_unauthorized", weightAuthorityOnly), MsgUpdateParamsUnauthorizedFactory())
	reg.Add(w("msg_update_committee_unauthorized", weightAuthorityOnly), MsgUpdateCommitteeUnauthorizedFactory())
	reg.Add(w("msg_community_spend_unauthorized", weightAuthorityOnly), MsgCommunitySpendUnauthorizedFactory())
	reg.Add(w("msg_set_constitution_unauthorized", weightAuthorityOnly), MsgSetConstitutionUnauthorizedFactory())

	reg.Add(w("msg_lock_hostile", weightHostile), MsgLockHostileFactory())
	reg.Add(w("msg_unlock_hostile", weightHostile), MsgUnlockHostileFactory())
	reg.Add(w("msg_cancel_unlock_hostile", weightHostile), MsgCancelUnlockHostileFactory())
	reg.Add(w("msg_delegate_hostile", weightHostile), MsgDelegateHostileFactory())
	reg.Add(w("msg_submit_proposal_hostile", weightHostile), MsgSubmitProposalHostileFactory(k, props))
	reg.Add(w("msg_cancel_proposal_hostile", weightHostile), MsgCancelProposalHostileFactory())
	reg.Add(w("msg_challenge_hostile", weightHostile), MsgChallengeHostileFactory(k))
	reg.Add(w("msg_rule_challenge_hostile", weightHostile), MsgRuleChallengeHostileFactory())
	reg.Add(w("msg_vote_hostile", weightHostile), MsgVoteHostileFactory(k))
	reg.Add(w("msg_vote_weighted_hostile", weightHostile), MsgVoteWeightedHostileFactory(k))
	reg.Add(w("msg_approve_hostile", weightHostile), MsgApproveHostileFactory())
	registerMutated(w, reg, k, props)
}

func lockCoin(ctx context.Context, k keeper.Keeper, amount math.Int) sdk.Coin {
	denom := types.DefaultLockDenom
	if p, err := k.Params.Get(ctx); err == nil {
		denom = p.LockDenom
	}
	return sdk.Coin{Denom: denom, Amount: amount}
}

// MsgLockFactory locks up to half of an account's spendable lock denom.
func MsgLockFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgLock, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		owner := simops.AnyAccount(data)
		coin := lockCoin(rctx, k, math.ZeroInt())
		coin.Amount = simops.Amount(data.Rand().Rand, owner.LiquidBalance().AmountOf(coin.Denom).QuoRaw(2))
		msg := &types.MsgLock{Owner: owner.AddressBech32, Amount: coin}
		if !coin.IsPositive() {
			return simops.Signers(owner), msg, simops.MustFail(types.ErrInvalidAmount)
		}
		owner.LiquidBalance().BlockAmount(coin)
		return simops.Signers(owner), msg, simops.Tolerate()
	})
}

// MsgUnlockFactory unlocks part of a lock; without locks it unlocks from an
// account that has none.
func MsgUnlockFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUnlock, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		lock, ok := simops.Pick(r, locks(rctx, k, data))
		if !ok || !lock.Amount.IsPositive() {
			owner := simops.AnyAccount(data)
			msg := &types.MsgUnlock{Owner: owner.AddressBech32, Amount: lockCoin(rctx, k, math.NewInt(1))}
			return simops.Signers(owner), msg, simops.Tolerate(types.ErrInsufficientLock, types.ErrTooManyUnlocks)
		}
		owner, _ := simops.Account(data, lock.Owner)
		msg := &types.MsgUnlock{Owner: lock.Owner, Amount: lockCoin(rctx, k, simops.Amount(r, lock.Amount))}
		return simops.Signers(owner), msg, simops.Tolerate(types.ErrTooManyUnlocks)
	})
}

// MsgCancelUnlockFactory cancels an open unlock entry.
func MsgCancelUnlockFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCancelUnlock, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		entry, ok := simops.Pick(data.Rand().Rand, unlocks(rctx, k, data))
		if !ok {
			owner := simops.AnyAccount(data)
			next, _ := k.UnlockSeq.Peek(rctx)
			return simops.Signers(owner), &types.MsgCancelUnlock{Owner: owner.AddressBech32, UnlockId: next + 1}, simops.MustFail(types.ErrUnlockNotFound)
		}
		owner, _ := simops.Account(data, entry.Owner)
		return simops.Signers(owner), &types.MsgCancelUnlock{Owner: entry.Owner, UnlockId: entry.Id}, simops.Tolerate()
	})
}

// MsgDelegateFactory delegates an account's power to another account, or
// back to itself.
func MsgDelegateFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgDelegate, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		delegator := simops.AnyAccount(data)
		if l, ok := simops.Pick(r, locks(rctx, k, data)); ok && r.Intn(2) == 0 {
			delegator, _ = simops.Account(data, l.Owner)
		}
		delegatee := simops.AnyAccount(data)
		if r.Intn(4) == 0 {
			delegatee = delegator
		}
		msg := &types.MsgDelegate{Delegator: delegator.AddressBech32, Delegatee: delegatee.AddressBech32}
		return simops.Signers(delegator), msg, simops.Tolerate(types.ErrAlreadyDelegated)
	})
}

// MsgSubmitProposalFactory submits a proposal carrying up to two messages
// other modules offer, in a class allowed to carry them, from an account
// with enough voting power when there is one.
func MsgSubmitProposalFactory(k keeper.Keeper, props []proposalMsg) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSubmitProposal, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		params, err := k.Params.Get(rctx)
		if err != nil {
			panic(err)
		}
		var msgs []sdk.Msg
		for range r.Intn(3) {
			if m := pickProposalMsg(ctx, data, props, k.GetAuthority()); m != nil {
				msgs = append(msgs, m)
			}
		}
		class, ok := pickClass(rctx, k, r, params, msgs)
		if !ok {
			proposer := simops.AnyAccount(data)
			return simops.Signers(proposer), newProposal(r, proposer.AddressBech32, types.ClassStandard, msgs), simops.Tolerate(
				types.ErrInsufficientPower, types.ErrMessageNotAllowed, types.ErrInvalidProposalMsg, types.ErrDryRunFailed, sdkerrors.ErrInsufficientFunds)
		}
		msg := newProposal(r, "", class.Name, msgs)
		if r.Intn(2) == 0 {
			msg.VotingPeriod = class.MinVotingPeriod + time.Duration(r.Int63n(int64(class.MaxVotingPeriod-class.MinVotingPeriod)+1))
		}
		proposer, ok := pickProposer(rctx, k, data, class)
		if !ok {
			proposer = simops.AnyAccount(data)
			msg.Proposer = proposer.AddressBech32
			return simops.Signers(proposer), msg, simops.Tolerate(
				types.ErrInsufficientPower, types.ErrMessageNotAllowed, types.ErrInvalidProposalMsg, types.ErrDryRunFailed, sdkerrors.ErrInsufficientFunds)
		}
		msg.Proposer = proposer.AddressBech32
		proposer.LiquidBalance().BlockAmount(class.Bond)
		// A message's own resolver may raise its class (an approval over the
		// budget threshold), or refuse it (an unknown project); the dry run
		// refuses a message the state no longer allows (a DAN already
		// revoked, a project past its end).
		return simops.Signers(proposer), msg, simops.Tolerate(types.ErrMessageNotAllowed, types.ErrInvalidProposalMsg, types.ErrDryRunFailed)
	})
}

func newProposal(r *rand.Rand, proposer, class string, msgs []sdk.Msg) *types.MsgSubmitProposal {
	msg, err := newMsgSubmitProposal(proposer, class, msgs)
	if err != nil {
		panic(err)
	}
	msg.Title = "proposal " + string(rune('A'+r.Intn(26)))
	msg.Summary = "simulated proposal"
	return msg
}

// pickClass picks a class whose rank allows every message; committee
// classes only while the committee has members.
func pickClass(ctx context.Context, k keeper.Keeper, r *rand.Rand, params types.Params, msgs []sdk.Msg) (types.ProposalClass, bool) {
	var need uint32
	for _, m := range msgs {
		if c, ok := params.Class(params.MessageClassOf(sdk.MsgTypeURL(m))); ok {
			need = max(need, c.Rank)
		}
	}
	committee, _ := k.GetCommittee(ctx)
	var allowed []types.ProposalClass
	for _, c := range params.Classes {
		if c.Rank >= need && (c.Electorate != types.ELECTORATE_COMMITTEE || len(committee.Members) > 0) {
			allowed = append(allowed, c)
		}
	}
	if len(allowed) == 0 {
		return types.ProposalClass{}, false
	}
	return allowed[r.Intn(len(allowed))], true
}

// pickProposer finds an account with the class's proposer power now and
// the bond to spare.
func pickProposer(ctx sdk.Context, k keeper.Keeper, data *simsx.ChainDataSource, class types.ProposalClass) (simsx.SimAccount, bool) {
	candidates := voters(ctx, k, data)
	data.Rand().Shuffle(len(candidates), func(i, j int) { candidates[i], candidates[j] = candidates[j], candidates[i] })
	for _, a := range candidates {
		power, err := k.PowerAt(ctx, a.Address, ctx.BlockTime())
		if err != nil || power.Power.LT(class.MinProposerPower) {
			continue
		}
		if a.LiquidBalance().AmountOf(class.Bond.Denom).GT(class.Bond.Amount) {
			return a, true
		}
	}
	return simsx.SimAccount{}, false
}

// MsgCancelProposalFactory withdraws a proposal in its challenge period.
func MsgCancelProposalFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCancelProposal, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		for _, p := range proposalsIn(rctx, k, types.PROPOSAL_STATUS_CHALLENGE) {
			if proposer, ok := simops.Account(data, p.Proposer); ok {
				return simops.Signers(proposer), &types.MsgCancelProposal{Proposer: p.Proposer, ProposalId: p.Id}, simops.Tolerate()
			}
		}
		proposer := simops.AnyAccount(data)
		msg := &types.MsgCancelProposal{Proposer: proposer.AddressBech32, ProposalId: unknownProposalID(rctx, k)}
		return simops.Signers(proposer), msg, simops.MustFail(types.ErrProposalNotFound)
	})
}

// MsgChallengeFactory challenges a proposal in its challenge period.
func MsgChallengeFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgChallenge, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		challenger := simops.AnyAccount(data)
		var open []types.Proposal
		for _, p := range proposalsIn(rctx, k, types.PROPOSAL_STATUS_CHALLENGE) {
			if p.Challenge == nil && rctx.BlockTime().Before(p.ChallengeEndTime) {
				open = append(open, p)
			}
		}
		p, ok := simops.Pick(r, open)
		if !ok {
			msg := &types.MsgChallenge{Challenger: challenger.AddressBech32, ProposalId: unknownProposalID(rctx, k), Reason: "unknown"}
			return simops.Signers(challenger), msg, simops.MustFail(types.ErrProposalNotFound)
		}
		msg := &types.MsgChallenge{Challenger: challenger.AddressBech32, ProposalId: p.Id, Reason: "the proposal breaks the constitution"}
		if params, err := k.Params.Get(rctx); err == nil {
			challenger.LiquidBalance().BlockAmount(params.ChallengeBond)
		}
		return simops.Signers(challenger), msg, simops.Tolerate(sdkerrors.ErrInsufficientFunds)
	})
}

// MsgRuleChallengeFactory has a committee member rule on an open challenge.
func MsgRuleChallengeFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRuleChallenge, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		var open []types.Proposal
		for _, p := range proposalsIn(rctx, k, types.PROPOSAL_STATUS_CHALLENGE) {
			if p.Challenge != nil && p.Challenge.Status == types.CHALLENGE_STATUS_OPEN {
				open = append(open, p)
			}
		}
		p, ok := simops.Pick(r, open)
		// The members seated when the challenge opened rule on it.
		var frozen []string
		if ok {
			frozen = p.Challenge.Members
		}
		member, isMember := simops.Pick(r, seated(rctx, k, data, frozen))
		if !ok || !isMember {
			signer := simops.AnyAccount(data)
			msg := &types.MsgRuleChallenge{Member: signer.AddressBech32, ProposalId: unknownProposalID(rctx, k), Uphold: r.Intn(2) == 0}
			return simops.Signers(signer), msg, simops.MustFail(types.ErrNotMember, types.ErrProposalNotFound)
		}
		msg := &types.MsgRuleChallenge{Member: member.AddressBech32, ProposalId: p.Id, Uphold: r.Intn(3) == 0}
		return simops.Signers(member), msg, simops.Tolerate(types.ErrAlreadyRuled)
	})
}

// votable returns a proposal open for voting, and whether the committee
// votes on it.
func votable(ctx sdk.Context, k keeper.Keeper, r *rand.Rand) (types.Proposal, bool, bool) {
	var open []types.Proposal
	for _, p := range proposalsIn(ctx, k, types.PROPOSAL_STATUS_VOTING) {
		if p.VotingEndTime != nil && ctx.BlockTime().Before(*p.VotingEndTime) {
			open = append(open, p)
		}
	}
	if len(open) == 0 {
		return types.Proposal{}, false, false
	}
	p := open[r.Intn(len(open))]
	params, err := k.Params.Get(ctx)
	if err != nil {
		return p, false, true
	}
	class, _ := params.Class(p.Class)
	return p, class.Electorate == types.ELECTORATE_COMMITTEE, true
}

// randomOption leans to yes, so some proposals pass and execute.
func randomOption(r *rand.Rand) types.VoteOption {
	switch n := r.Intn(20); {
	case n < 13:
		return types.VOTE_OPTION_YES
	case n < 16:
		return types.VOTE_OPTION_NO
	case n < 19:
		return types.VOTE_OPTION_ABSTAIN
	}
	return types.VOTE_OPTION_NO_WITH_VETO
}

// pickVoter picks a committee member, or a token holder with power at the
// proposal's snapshot (delegated to it, or its own lock delegated away).
func pickVoter(ctx sdk.Context, k keeper.Keeper, data *simsx.ChainDataSource, p types.Proposal, committee bool) (simsx.SimAccount, bool) {
	r := data.Rand().Rand
	if committee {
		// The members seated at submission vote it.
		return simops.Pick(r, seated(ctx, k, data, p.Committee))
	}
	var powered []simsx.SimAccount
	for _, a := range voters(ctx, k, data) {
		delegated, err1 := k.PowerAt(ctx, a.Address, p.SubmitTime)
		own, err2 := k.OwnPowerAt(ctx, a.Address, p.SubmitTime)
		if (err1 == nil && delegated.Power.IsPositive()) || (err2 == nil && own.Power.IsPositive()) {
			powered = append(powered, a)
		}
	}
	return simops.Pick(r, powered)
}

// MsgVoteFactory votes on a proposal in voting.
func MsgVoteFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgVote, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		p, committee, ok := votable(rctx, k, r)
		voter, hasVoter := pickVoter(rctx, k, data, p, committee)
		if !ok || !hasVoter {
			voter = simops.AnyAccount(data)
			msg := &types.MsgVote{Voter: voter.AddressBech32, ProposalId: unknownProposalID(rctx, k), Option: types.VOTE_OPTION_YES}
			if ok {
				msg.ProposalId = p.Id
			}
			return simops.Signers(voter), msg, simops.Tolerate(types.ErrProposalNotFound, types.ErrNoVotingPower, types.ErrNotMember)
		}
		msg := &types.MsgVote{Voter: voter.AddressBech32, ProposalId: p.Id, Option: randomOption(r)}
		// Power comes from the snapshot, which a lock or delegation after it
		// does not reach; the factory does not recompute it.
		return simops.Signers(voter), msg, simops.Tolerate(types.ErrNoVotingPower)
	})
}

// MsgVoteWeightedFactory splits a vote across options; committee members
// give one option its whole weight.
func MsgVoteWeightedFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgVoteWeighted, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		p, committee, ok := votable(rctx, k, r)
		voter, hasVoter := pickVoter(rctx, k, data, p, committee)
		if !ok || !hasVoter {
			voter = simops.AnyAccount(data)
			msg := &types.MsgVoteWeighted{Voter: voter.AddressBech32, ProposalId: unknownProposalID(rctx, k), Options: splitOptions(r, 1)}
			if ok {
				msg.ProposalId = p.Id
			}
			return simops.Signers(voter), msg, simops.Tolerate(types.ErrProposalNotFound, types.ErrNoVotingPower, types.ErrNotMember, types.ErrInvalidVote)
		}
		n := 1 + r.Intn(3)
		if committee {
			n = 1
		}
		msg := &types.MsgVoteWeighted{Voter: voter.AddressBech32, ProposalId: p.Id, Options: splitOptions(r, n)}
		return simops.Signers(voter), msg, simops.Tolerate(types.ErrNoVotingPower)
	})
}

// splitOptions splits weight 1 over n distinct options.
func splitOptions(r *rand.Rand, n int) []types.WeightedVoteOption {
	all := []types.VoteOption{types.VOTE_OPTION_YES, types.VOTE_OPTION_ABSTAIN, types.VOTE_OPTION_NO, types.VOTE_OPTION_NO_WITH_VETO}
	start := r.Intn(len(all))
	out := make([]types.WeightedVoteOption, n)
	left := math.LegacyOneDec()
	for i := range out {
		w := left
		if i < n-1 {
			w = math.LegacyNewDecWithPrec(int64(1+r.Intn(40)), 2)
		}
		left = left.Sub(w)
		out[i] = types.WeightedVoteOption{Option: all[(start+i)%len(all)], Weight: w}
	}
	return out
}

// MsgApproveFactory has a committee member approve a proposal whose class
// needs council approvals.
func MsgApproveFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgApprove, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		params, _ := k.Params.Get(rctx)
		var needy []types.Proposal
		for _, s := range []types.ProposalStatus{types.PROPOSAL_STATUS_CHALLENGE, types.PROPOSAL_STATUS_VOTING, types.PROPOSAL_STATUS_PASSED} {
			for _, p := range proposalsIn(rctx, k, s) {
				if c, ok := params.Class(p.Class); ok && c.CouncilApprovals > 0 {
					needy = append(needy, p)
				}
			}
		}
		p, ok := simops.Pick(r, needy)
		member, isMember := simops.Pick(r, members(rctx, k, data))
		if !ok || !isMember {
			signer := simops.AnyAccount(data)
			msg := &types.MsgApprove{Member: signer.AddressBech32, ProposalId: unknownProposalID(rctx, k)}
			return simops.Signers(signer), msg, simops.MustFail(types.ErrNotMember, types.ErrProposalNotFound)
		}
		return simops.Signers(member), &types.MsgApprove{Member: member.AddressBech32, ProposalId: p.Id}, simops.Tolerate(types.ErrAlreadyRuled)
	})
}
