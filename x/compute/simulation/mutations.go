package simulation

import (
	"math/rand"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/aitbc/aitbc/testutil/hostile"
	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/compute/keeper"
	"github.com/aitbc/aitbc/x/compute/types"
)

// Mutated variants: a plausible message with one or two fields spoiled, so
// each hostile value reaches the checks behind the ones a fully hostile
// message fails first: GPU models become price-index keys, counts and hours
// multiply into escrows, deadlines enter queues.

func spoilGpus(r *rand.Rand, gpus []types.Gpu) []types.Gpu {
	if len(gpus) == 0 {
		return []types.Gpu{{Model: simops.KeyText(r, "H100"), VramMib: 1, Count: 1}}
	}
	gpus = append([]types.Gpu(nil), gpus...)
	i := r.Intn(len(gpus))
	switch r.Intn(4) {
	case 0:
		gpus[i].VramMib = hostileCount(r)
	case 1:
		gpus[i].Count = hostileCount(r)
	case 2:
		gpus = append(gpus, gpus[i]) // a model twice
	default:
		gpus[i].Model = simops.KeyText(r, gpus[i].Model)
	}
	return gpus
}

func spoilAttributes(r *rand.Rand, attrs []types.Attribute) []types.Attribute {
	if r.Intn(3) == 0 {
		return hostileAttributes(r)
	}
	return append(attrs, types.Attribute{Key: simops.KeyText(r, "tier"), Value: simops.BadText(r, "gold")})
}

var registerProviderMutations = []simops.Mutation[*types.MsgRegisterProvider]{
	func(r *rand.Rand, m *types.MsgRegisterProvider) { m.Endpoint = simops.BadText(r, m.Endpoint) },
	func(r *rand.Rand, m *types.MsgRegisterProvider) { m.Region = simops.BadText(r, m.Region) },
	func(r *rand.Rand, m *types.MsgRegisterProvider) { m.Gpus = spoilGpus(r, m.Gpus) },
	func(r *rand.Rand, m *types.MsgRegisterProvider) { m.Gpus = spoilGpus(r, m.Gpus) },
	func(r *rand.Rand, m *types.MsgRegisterProvider) { m.Attributes = spoilAttributes(r, m.Attributes) },
	func(r *rand.Rand, m *types.MsgRegisterProvider) { m.Bond = simops.Coin(r, m.Bond.Denom, maxAmount) },
}

var updateProviderMutations = []simops.Mutation[*types.MsgUpdateProvider]{
	func(r *rand.Rand, m *types.MsgUpdateProvider) { m.Endpoint = simops.BadText(r, m.Endpoint) },
	func(r *rand.Rand, m *types.MsgUpdateProvider) { m.Region = simops.BadText(r, m.Region) },
	func(r *rand.Rand, m *types.MsgUpdateProvider) { m.Gpus = spoilGpus(r, m.Gpus) },
	func(r *rand.Rand, m *types.MsgUpdateProvider) { m.Gpus = spoilGpus(r, m.Gpus) },
	func(r *rand.Rand, m *types.MsgUpdateProvider) { m.Attributes = spoilAttributes(r, m.Attributes) },
}

var createOfferMutations = []simops.Mutation[*types.MsgCreateOffer]{
	func(r *rand.Rand, m *types.MsgCreateOffer) { m.Gpu.Model = simops.KeyText(r, m.Gpu.Model) },
	func(r *rand.Rand, m *types.MsgCreateOffer) { m.Gpu.Count = hostileCount(r) },
	func(r *rand.Rand, m *types.MsgCreateOffer) { m.Gpu.VramMib = hostileCount(r) },
	func(r *rand.Rand, m *types.MsgCreateOffer) {
		m.PricePerGpuHour = simops.Coin(r, m.PricePerGpuHour.Denom, maxAmount)
	},
	func(r *rand.Rand, m *types.MsgCreateOffer) { m.MinHours, m.MaxHours = hostileCount(r), hostileCount(r) },
}

var updateOfferMutations = []simops.Mutation[*types.MsgUpdateOffer]{
	func(r *rand.Rand, m *types.MsgUpdateOffer) { m.Count = hostileCount(r) },
	func(r *rand.Rand, m *types.MsgUpdateOffer) {
		m.PricePerGpuHour = simops.Coin(r, m.PricePerGpuHour.Denom, maxAmount)
	},
	func(r *rand.Rand, m *types.MsgUpdateOffer) { m.MinHours, m.MaxHours = hostileCount(r), hostileCount(r) },
	func(r *rand.Rand, m *types.MsgUpdateOffer) { m.OfferId = hostile.Uint64(r, 100) },
}

var submitJobMutations = []simops.Mutation[*types.MsgSubmitJob]{
	func(r *rand.Rand, m *types.MsgSubmitJob) {
		m.Requirements.Model = simops.KeyText(r, m.Requirements.Model)
	},
	func(r *rand.Rand, m *types.MsgSubmitJob) { m.Requirements.Model = "H100\x00" }, // the job of the issue
	func(r *rand.Rand, m *types.MsgSubmitJob) { m.Requirements.Count = hostileCount(r) },
	func(r *rand.Rand, m *types.MsgSubmitJob) { m.Requirements.Hours = hostileCount(r) },
	func(r *rand.Rand, m *types.MsgSubmitJob) { m.Requirements.MinVramMib = hostileCount(r) },
	func(r *rand.Rand, m *types.MsgSubmitJob) {
		m.MaxPricePerGpuHour = simops.Coin(r, m.MaxPricePerGpuHour.Denom, maxAmount)
	},
	func(r *rand.Rand, m *types.MsgSubmitJob) { m.Workload.Image = simops.BadText(r, m.Workload.Image) },
	func(r *rand.Rand, m *types.MsgSubmitJob) { m.Workload.Command = simops.BadText(r, "") },
	func(r *rand.Rand, m *types.MsgSubmitJob) {
		m.Workload.Args = append(m.Workload.Args, simops.BadText(r, "--flag"))
	},
	func(r *rand.Rand, m *types.MsgSubmitJob) {
		m.Workload.Env = append(m.Workload.Env, types.EnvVar{Name: simops.BadText(r, "NAME"), Value: simops.BadText(r, "v")})
	},
	func(r *rand.Rand, m *types.MsgSubmitJob) { m.InputUri = simops.BadText(r, m.InputUri) },
	func(r *rand.Rand, m *types.MsgSubmitJob) { m.InputHash = simops.BadText(r, m.InputHash) },
	func(r *rand.Rand, m *types.MsgSubmitJob) { m.MinProviderReputation = uint32(hostile.Uint64(r, 2000)) },
	func(r *rand.Rand, m *types.MsgSubmitJob) { m.Deadline = simops.Time(r, m.Deadline) },
}

var submitResultMutations = []simops.Mutation[*types.MsgSubmitResult]{
	func(r *rand.Rand, m *types.MsgSubmitResult) { m.OutputHash = simops.BadText(r, m.OutputHash) },
	func(r *rand.Rand, m *types.MsgSubmitResult) { m.OutputUri = simops.BadText(r, m.OutputUri) },
	func(r *rand.Rand, m *types.MsgSubmitResult) { m.GpuSecondsUsed = hostile.Uint64(r, 1<<40) },
}

var commitMutations = []simops.Mutation[*types.MsgCommitAttestation]{
	func(r *rand.Rand, m *types.MsgCommitAttestation) {
		m.Commitment = m.Commitment[:r.Intn(len(m.Commitment)+1)]
	},
	func(r *rand.Rand, m *types.MsgCommitAttestation) { m.LeaseId = hostile.Uint64(r, 100) },
}

var revealMutations = []simops.Mutation[*types.MsgRevealAttestation]{
	func(r *rand.Rand, m *types.MsgRevealAttestation) { m.ObservedHash = simops.BadText(r, m.ObservedHash) },
	func(r *rand.Rand, m *types.MsgRevealAttestation) { m.Salt = append([]byte{1}, m.Salt...) },
	func(r *rand.Rand, m *types.MsgRevealAttestation) {
		m.Verdict = types.Verdict(int32(hostile.Uint64(r, 4)))
	},
	func(r *rand.Rand, m *types.MsgRevealAttestation) { m.Salt = m.Salt[:r.Intn(len(m.Salt)+1)] },
	func(r *rand.Rand, m *types.MsgRevealAttestation) { m.LeaseId = hostile.Uint64(r, 100) },
}

var bondMutations = []simops.Mutation[*types.MsgBond]{
	func(r *rand.Rand, m *types.MsgBond) { m.Amount = simops.Coin(r, m.Amount.Denom, maxAmount) },
}

var unbondMutations = []simops.Mutation[*types.MsgUnbond]{
	func(r *rand.Rand, m *types.MsgUnbond) { m.Amount = simops.Coin(r, m.Amount.Denom, maxAmount) },
}

// registerMutated adds the mutated variants.
func registerMutated(w func(string, uint32) uint32, reg simsx.Registry, k keeper.Keeper, sk StakingKeeper) {
	reg.Add(w("msg_register_provider_mutated", weightMutated), simops.Mutated(MsgRegisterProviderFactory(k, sk), registerProviderMutations...))
	reg.Add(w("msg_update_provider_mutated", weightMutated), simops.Mutated(MsgUpdateProviderFactory(k), updateProviderMutations...))
	reg.Add(w("msg_bond_mutated", weightMutated), simops.Mutated(MsgBondFactory(k), bondMutations...))
	reg.Add(w("msg_unbond_mutated", weightMutated), simops.Mutated(MsgUnbondFactory(k), unbondMutations...))
	reg.Add(w("msg_create_offer_mutated", weightMutated), simops.Mutated(MsgCreateOfferFactory(k), createOfferMutations...))
	reg.Add(w("msg_update_offer_mutated", weightMutated), simops.Mutated(MsgUpdateOfferFactory(k), updateOfferMutations...))
	reg.Add(w("msg_submit_job_mutated", weightMutated), simops.Mutated(MsgSubmitJobFactory(k), submitJobMutations...))
	reg.Add(w("msg_submit_result_mutated", weightMutated), simops.Mutated(MsgSubmitResultFactory(k), submitResultMutations...))
	reg.Add(w("msg_commit_attestation_mutated", weightMutated), simops.Mutated(MsgCommitAttestationFactory(k), commitMutations...))
	reg.Add(w("msg_reveal_attestation_mutated", weightMutated), simops.Mutated(MsgRevealAttestationFactory(k), revealMutations...))
}
