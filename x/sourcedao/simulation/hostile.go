package simulation

import (
	"context"
	"math/rand"

	"cosmossdk.io/math"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/aitbc/aitbc/testutil/hostile"
	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/sourcedao/keeper"
	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// Hostile and mutated variants. Mutated ones start from a plausible message
// and spoil one or two fields: project names (a store key of the latest
// versions) with control bytes and NULs, versions of zero and 2^64-1,
// budgets that are zero, negative or over 2^255, past and far-future dates,
// contributions with bad addresses, zero values, repeats, too many of them
// and values that overflow when summed; claims with no, repeated and
// unknown ids. A refusal with a registered error is the expected outcome.

var hugeAmount = math.NewIntFromUint64(^uint64(0))

var createMutations = []simops.Mutation[*types.MsgCreateProject]{
	func(r *rand.Rand, m *types.MsgCreateProject) { m.Name = simops.KeyText(r, m.Name) },
	func(r *rand.Rand, m *types.MsgCreateProject) { m.Version = hostile.Uint64(r, 3) },
	func(r *rand.Rand, m *types.MsgCreateProject) {
		m.Budget = hostile.Amount(r, hugeAmount)
		if r.Intn(3) == 0 {
			m.Budget = m.Budget.Neg()
		}
	},
	func(r *rand.Rand, m *types.MsgCreateProject) { m.StartTime = simops.Time(r, m.StartTime) },
	func(r *rand.Rand, m *types.MsgCreateProject) { m.EndTime = simops.Time(r, m.EndTime) },
	func(r *rand.Rand, m *types.MsgCreateProject) { m.DescriptionUri = simops.BadText(r, m.DescriptionUri) },
}

func spoilContributions(r *rand.Rand, cs []types.Contribution) []types.Contribution {
	cs = append([]types.Contribution(nil), cs...)
	i := r.Intn(len(cs) + 1)
	switch r.Intn(5) {
	case 0:
		if i < len(cs) {
			cs[i].Address = simops.BadText(r, cs[i].Address)
		}
	case 1:
		if i < len(cs) {
			cs[i].Value = 0
		}
	case 2:
		if len(cs) > 0 {
			cs = append(cs, cs[0])
		}
	case 3:
		for range 2 {
			cs = append(cs, types.Contribution{Address: "aitbc1", Value: ^uint64(0)})
		}
	default:
		for range 120 {
			if len(cs) > 0 {
				cs = append(cs, cs[len(cs)-1])
			}
		}
	}
	return cs
}

var acceptanceMutations = []simops.Mutation[*types.MsgSubmitAcceptance]{
	func(r *rand.Rand, m *types.MsgSubmitAcceptance) { m.ProjectId = hostile.Uint64(r, 20) },
	func(r *rand.Rand, m *types.MsgSubmitAcceptance) {
		m.Level = types.AcceptanceLevel(int32(hostile.Uint64(r, 6)))
	},
	func(r *rand.Rand, m *types.MsgSubmitAcceptance) {
		m.Contributions = spoilContributions(r, m.Contributions)
	},
	func(r *rand.Rand, m *types.MsgSubmitAcceptance) {
		m.Contributions = spoilContributions(r, m.Contributions)
	},
	func(_ *rand.Rand, m *types.MsgSubmitAcceptance) { m.Contributions = nil },
}

var claimMutations = []simops.Mutation[*types.MsgClaimRewards]{
	func(_ *rand.Rand, m *types.MsgClaimRewards) { m.ProjectIds = nil },
	func(_ *rand.Rand, m *types.MsgClaimRewards) { m.ProjectIds = append(m.ProjectIds, m.ProjectIds...) },
	func(r *rand.Rand, m *types.MsgClaimRewards) {
		m.ProjectIds = append(m.ProjectIds, hostile.Uint64(r, 50))
	},
	func(_ *rand.Rand, m *types.MsgClaimRewards) {
		for i := range uint64(100) {
			m.ProjectIds = append(m.ProjectIds, i)
		}
	},
}

// MsgCancelProjectHostileFactory cancels an extreme project id.
func MsgCancelProjectHostileFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCancelProject, simsx.SimDeliveryResultHandler) {
		from := simops.AnyAccount(data)
		return simops.Signers(from), &types.MsgCancelProject{Manager: from.AddressBech32, ProjectId: hostile.Uint64(data.Rand().Rand, 50)}, simops.Hostile
	})
}

// MsgRejectExpiredHostileFactory rejects an extreme project id.
func MsgRejectExpiredHostileFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRejectExpired, simsx.SimDeliveryResultHandler) {
		from := simops.AnyAccount(data)
		return simops.Signers(from), &types.MsgRejectExpired{Sender: from.AddressBech32, ProjectId: hostile.Uint64(data.Rand().Rand, 50)}, simops.Hostile
	})
}

func registerHostile(w func(string, uint32) uint32, reg simsx.Registry, k keeper.Keeper) {
	reg.Add(w("msg_create_project_mutated", weightMutated), simops.Mutated(MsgCreateProjectFactory(k), createMutations...))
	reg.Add(w("msg_submit_acceptance_mutated", weightMutated), simops.Mutated(MsgSubmitAcceptanceFactory(k), acceptanceMutations...))
	reg.Add(w("msg_claim_rewards_mutated", weightMutated), simops.Mutated(MsgClaimRewardsFactory(k), claimMutations...))
	reg.Add(w("msg_cancel_project_hostile", weightHostile), MsgCancelProjectHostileFactory())
	reg.Add(w("msg_reject_expired_hostile", weightHostile), MsgRejectExpiredHostileFactory())
}
