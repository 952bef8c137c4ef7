package simulation

import (
	"math/rand"
	"strings"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/aitbc/aitbc/testutil/hostile"
	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

// Mutated variants: a plausible message with one or two fields spoiled, so
// each hostile value meets the checks a valid rest of the message lets it
// reach: a class name with a NUL (it is a key of the class index), text over
// its limit or with control bytes, extreme voting periods and amounts,
// delegation to a module account, weights that do not add up.

var lockMutations = []simops.Mutation[*types.MsgLock]{
	func(r *rand.Rand, m *types.MsgLock) { m.Amount = simops.Coin(r, m.Amount.Denom, maxAmount) },
}

var unlockMutations = []simops.Mutation[*types.MsgUnlock]{
	func(r *rand.Rand, m *types.MsgUnlock) { m.Amount = simops.Coin(r, m.Amount.Denom, maxAmount) },
}

var delegateMutations = []simops.Mutation[*types.MsgDelegate]{
	func(r *rand.Rand, m *types.MsgDelegate) { m.Delegatee = simops.BadText(r, m.Delegatee) },
	func(_ *rand.Rand, m *types.MsgDelegate) {
		m.Delegatee = authtypes.NewModuleAddress(types.VoteEscrowName).String()
	},
	func(_ *rand.Rand, m *types.MsgDelegate) { m.Delegatee = m.Delegator },
}

var submitMutations = []simops.Mutation[*types.MsgSubmitProposal]{
	func(r *rand.Rand, m *types.MsgSubmitProposal) { m.Class = simops.KeyText(r, m.Class) },
	func(r *rand.Rand, m *types.MsgSubmitProposal) { m.Title = simops.BadText(r, m.Title) },
	func(r *rand.Rand, m *types.MsgSubmitProposal) { m.Title = strings.Repeat(" ", 1+r.Intn(3)) },
	func(r *rand.Rand, m *types.MsgSubmitProposal) {
		m.Summary = strings.Repeat("s", int(types.DefaultMaxSummaryLength)+1+r.Intn(10))
	},
	func(r *rand.Rand, m *types.MsgSubmitProposal) { m.Metadata = simops.BadText(r, m.Metadata) },
	func(r *rand.Rand, m *types.MsgSubmitProposal) { m.VotingPeriod = simops.Duration(r) },
	func(_ *rand.Rand, m *types.MsgSubmitProposal) {
		if len(m.Messages) > 0 {
			m.Messages = append(m.Messages, m.Messages...)
		}
	},
}

var challengeMutations = []simops.Mutation[*types.MsgChallenge]{
	func(r *rand.Rand, m *types.MsgChallenge) { m.Reason = simops.BadText(r, m.Reason) },
	func(r *rand.Rand, m *types.MsgChallenge) { m.Reason = strings.Repeat("r", 3000+r.Intn(100)) },
	func(r *rand.Rand, m *types.MsgChallenge) { m.ProposalId = hostile.Uint64(r, 50) },
}

var voteMutations = []simops.Mutation[*types.MsgVote]{
	func(r *rand.Rand, m *types.MsgVote) { m.Option = hostileOption(r) },
	func(r *rand.Rand, m *types.MsgVote) { m.ProposalId = hostile.Uint64(r, 50) },
}

var voteWeightedMutations = []simops.Mutation[*types.MsgVoteWeighted]{
	func(r *rand.Rand, m *types.MsgVoteWeighted) {
		if len(m.Options) > 0 {
			m.Options[r.Intn(len(m.Options))].Weight = simops.Dec(r)
		}
	},
	func(r *rand.Rand, m *types.MsgVoteWeighted) {
		if len(m.Options) > 0 {
			m.Options = append(m.Options, m.Options[0])
		}
	},
	func(r *rand.Rand, m *types.MsgVoteWeighted) {
		if len(m.Options) > 0 {
			m.Options[0].Option = hostileOption(r)
		}
	},
}

func registerMutated(w func(string, uint32) uint32, reg simsx.Registry, k keeper.Keeper, props []proposalMsg) {
	reg.Add(w("msg_lock_mutated", weightMutated), simops.Mutated(MsgLockFactory(k), lockMutations...))
	reg.Add(w("msg_unlock_mutated", weightMutated), simops.Mutated(MsgUnlockFactory(k), unlockMutations...))
	reg.Add(w("msg_delegate_mutated", weightMutated), simops.Mutated(MsgDelegateFactory(k), delegateMutations...))
	reg.Add(w("msg_submit_proposal_mutated", weightMutated), simops.Mutated(MsgSubmitProposalFactory(k, props), submitMutations...))
	reg.Add(w("msg_challenge_mutated", weightMutated), simops.Mutated(MsgChallengeFactory(k), challengeMutations...))
	reg.Add(w("msg_vote_mutated", weightMutated), simops.Mutated(MsgVoteFactory(k), voteMutations...))
	reg.Add(w("msg_vote_weighted_mutated", weightMutated), simops.Mutated(MsgVoteWeightedFactory(k), voteWeightedMutations...))
}
