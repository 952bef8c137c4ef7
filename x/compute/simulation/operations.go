package simulation

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/compute/keeper"
	"github.com/aitbc/aitbc/x/compute/types"
)

// Default operation weights; a params file overrides each as
// "op_weight_compute_<name>".
const (
	weightRegisterProvider = 30
	weightUpdateProvider   = 8
	weightBond             = 8
	weightUnbond           = 6
	weightCreateOffer      = 40
	weightUpdateOffer      = 10
	weightCloseOffer       = 5
	weightSubmitJob        = 50
	weightCancelJob        = 6
	weightAcceptOffer      = 15
	weightSubmitResult     = 40
	weightAttest           = 60
	weightEndLease         = 5
	weightDeclineLease     = 4
	weightAuthorityOnly    = 2
	weightHostile          = 3
	weightMutated          = 6
)

// RegisterOperations adds an operation for every x/compute message: the
// plausible ones, a hostile variant of each, mutated variants of those with
// strings, amounts or times, and UpdateParams from an account that is not
// the authority. Without sk, providers are registered
// by random accounts, which only validators pass.
func RegisterOperations(weights simsx.WeightSource, reg simsx.Registry, k keeper.Keeper, sk StakingKeeper) {
	w := func(name string, def uint32) uint32 { return weights.Get("compute_"+name, def) }
	reg.Add(w("msg_register_provider", weightRegisterProvider), MsgRegisterProviderFactory(k, sk))
	reg.Add(w("msg_update_provider", weightUpdateProvider), MsgUpdateProviderFactory(k))
	reg.Add(w("msg_bond", weightBond), MsgBondFactory(k))
	reg.Add(w("msg_unbond", weightUnbond), MsgUnbondFactory(k))
	reg.Add(w("msg_create_offer", weightCreateOffer), MsgCreateOfferFactory(k))
	reg.Add(w("msg_update_offer", weightUpdateOffer), MsgUpdateOfferFactory(k))
	reg.Add(w("msg_close_offer", weightCloseOffer), MsgCloseOfferFactory(k))
	reg.Add(w("msg_submit_job", weightSubmitJob), MsgSubmitJobFactory(k))
	reg.Add(w("msg_cancel_job", weightCancelJob), MsgCancelJobFactory(k))
	reg.Add(w("msg_accept_offer", weightAcceptOffer), MsgAcceptOfferFactory(k))
	reg.Add(w("msg_submit_result", weightSubmitResult), MsgSubmitResultFactory(k))
	reg.Add(w("msg_commit_attestation", weightAttest), MsgCommitAttestationFactory(k))
	reg.Add(w("msg_reveal_attestation", weightAttest), MsgRevealAttestationFactory(k))
	reg.Add(w("msg_end_lease", weightEndLease), MsgEndLeaseFactory(k))
	reg.Add(w("msg_decline_lease", weightDeclineLease), MsgDeclineLeaseFactory(k))
	reg.Add(w("msg_update_params_unauthorized", weightAuthorityOnly), MsgUpdateParamsUnauthorizedFactory())

	reg.Add(w("msg_register_provider_hostile", weightHostile), MsgRegisterProviderHostileFactory(k, sk))
	reg.Add(w("msg_update_provider_hostile", weightHostile), MsgUpdateProviderHostileFactory(k))
	reg.Add(w("msg_bond_hostile", weightHostile), MsgBondHostileFactory(k))
	reg.Add(w("msg_unbond_hostile", weightHostile), MsgUnbondHostileFactory(k))
	reg.Add(w("msg_create_offer_hostile", weightHostile), MsgCreateOfferHostileFactory(k))
	reg.Add(w("msg_update_offer_hostile", weightHostile), MsgUpdateOfferHostileFactory(k))
	reg.Add(w("msg_close_offer_hostile", weightHostile), MsgCloseOfferHostileFactory(k))
	reg.Add(w("msg_submit_job_hostile", weightHostile), MsgSubmitJobHostileFactory(k))
	reg.Add(w("msg_cancel_job_hostile", weightHostile), MsgCancelJobHostileFactory(k))
	reg.Add(w("msg_accept_offer_hostile", weightHostile), MsgAcceptOfferHostileFactory(k))
	reg.Add(w("msg_submit_result_hostile", weightHostile), MsgSubmitResultHostileFactory(k))
	reg.Add(w("msg_commit_attestation_hostile", weightHostile), MsgCommitAttestationHostileFactory(k))
	reg.Add(w("msg_reveal_attestation_hostile", weightHostile), MsgRevealAttestationHostileFactory(k))
	reg.Add(w("msg_end_lease_hostile", weightHostile), MsgEndLeaseHostileFactory(k))
	reg.Add(w("msg_decline_lease_hostile", weightHostile), MsgDeclineLeaseHostileFactory(k))
	registerMutated(w, reg, k, sk)
}

func params(ctx context.Context, k keeper.Keeper) types.Params {
	p, err := k.Params.Get(ctx)
	if err != nil {
		panic(err)
	}
	return p
}

// MsgRegisterProviderFactory registers a bonded validator that is not yet a
// provider, bonding at least min_bond.
func MsgRegisterProviderFactory(k keeper.Keeper, sk StakingKeeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRegisterProvider, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		p := params(rctx, k)
		var candidates []simsx.SimAccount
		if sk != nil {
			vals, _ := sk.GetBondedValidatorsByPower(rctx)
			for _, v := range vals {
				a, ok := accountOf(data, v.OperatorAddress)
				if !ok {
					continue
				}
				if has, err := k.Providers.Has(rctx, sdk.ValAddress(a.Address)); err == nil && !has {
					candidates = append(candidates, a)
				}
			}
		}
		msg := &types.MsgRegisterProvider{
			Endpoint: fmt.Sprintf("https://gpu-%d.example.org", r.Intn(1000)), Region: simops.Word(r, regions),
			Gpus: inventory(r, 1+r.Intn(int(min(p.MaxGpuKinds, 3)))),
		}
		if r.Intn(2) == 0 {
			msg.Attributes = []types.Attribute{{Key: "tier", Value: "datacenter"}}
		}
		account, ok := simops.Pick(r, candidates)
		if !ok {
			account = simops.AnyAccount(data)
			msg.Account, msg.Bond = account.AddressBech32, p.MinBond
			return simops.Signers(account), msg, simops.Tolerate(types.ErrNotBondedValidator, types.ErrProviderExists, sdkerrors.ErrInsufficientFunds)
		}
		spare := account.LiquidBalance().AmountOf(p.MinBond.Denom).Sub(p.MinBond.Amount).QuoRaw(4)
		msg.Account = account.AddressBech32
		msg.Bond = sdk.NewCoin(p.MinBond.Denom, p.MinBond.Amount.Add(simops.Amount(r, spare)))
		account.LiquidBalance().BlockAmount(msg.Bond)
		return simops.Signers(account), msg, simops.Tolerate(sdkerrors.ErrInsufficientFunds)
	})
}

// MsgUpdateProviderFactory redescribes a provider: its GPU kinds stay with
// at least as many GPUs (offers must still fit), a new kind may join.
func MsgUpdateProviderFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateProvider, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		pr, ok := simops.Pick(r, providers(rctx, k, data))
		if !ok {
			from := simops.AnyAccount(data)
			msg := &types.MsgUpdateProvider{Account: from.AddressBech32, Gpus: inventory(r, 1)}
			return simops.Signers(from), msg, simops.MustFail(types.ErrProviderNotFound)
		}
		gpus := append([]types.Gpu(nil), pr.Gpus...)
		for i := range gpus {
			if gpus[i].Count < 1<<20 { // a hostile inventory may hold 2^32-1
				gpus[i].Count += uint32(r.Intn(4))
			}
		}
		if maxKinds := params(rctx, k).MaxGpuKinds; len(gpus) < int(maxKinds) && r.Intn(3) == 0 {
			for _, g := range inventory(r, len(gpuKinds)) {
				if !hasModel(gpus, g.Model) {
					gpus = append(gpus, g)
					break
				}
			}
		}
		msg := &types.MsgUpdateProvider{
			Account: pr.account.AddressBech32, Endpoint: fmt.Sprintf("https://gpu-%d.example.org", r.Intn(1000)),
			Region: simops.Word(r, regions), Gpus: gpus, Attributes: pr.Attributes,
		}
		return simops.Signers(pr.account), msg, simops.Tolerate()
	})
}

func hasModel(gpus []types.Gpu, model string) bool {
	for _, g := range gpus {
		if g.Model == model {
			return true
		}
	}
	return false
}

// MsgBondFactory adds to a provider's bond.
func MsgBondFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgBond, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		denom := params(rctx, k).MinBond.Denom
		pr, ok := simops.Pick(r, providers(rctx, k, data))
		if !ok {
			from := simops.AnyAccount(data)
			return simops.Signers(from), &types.MsgBond{Account: from.AddressBech32, Amount: sdk.NewInt64Coin(denom, 1)}, simops.MustFail(types.ErrProviderNotFound)
		}
		amount := sdk.NewCoin(denom, simops.Amount(r, pr.account.LiquidBalance().AmountOf(denom).QuoRaw(10)))
		msg := &types.MsgBond{Account: pr.account.AddressBech32, Amount: amount}
		if !amount.IsPositive() {
			return simops.Signers(pr.account), msg, simops.MustFail(types.ErrInvalidBond)
		}
		pr.account.LiquidBalance().BlockAmount(amount)
		return simops.Signers(pr.account), msg, simops.Tolerate()
	})
}

// MsgUnbondFactory takes part of a provider's bond out; refused while its
// leases run.
func MsgUnbondFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUnbond, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		denom := params(rctx, k).MinBond.Denom
		pr, ok := simops.Pick(r, providers(rctx, k, data))
		if !ok || !pr.Bond.IsPositive() {
			from := simops.AnyAccount(data)
			return simops.Signers(from), &types.MsgUnbond{Account: from.AddressBech32, Amount: sdk.NewInt64Coin(denom, 1)},
				simops.MustFail(types.ErrProviderNotFound, types.ErrInvalidBond)
		}
		amount := sdk.NewCoin(pr.Bond.Denom, simops.Amount(r, pr.Bond.Amount.QuoRaw(int64(1+r.Intn(4)))))
		if !amount.IsPositive() {
			amount.Amount = math.OneInt()
		}
		msg := &types.MsgUnbond{Account: pr.account.AddressBech32, Amount: amount}
		return simops.Signers(pr.account), msg, simops.Tolerate(types.ErrActiveLeases)
	})
}

// MsgCreateOfferFactory offers free GPUs of a provider's inventory.
func MsgCreateOfferFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCreateOffer, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		p := params(rctx, k)
		pr, ok := simops.Pick(r, providers(rctx, k, data))
		if !ok {
			from := simops.AnyAccount(data)
			msg := &types.MsgCreateOffer{Account: from.AddressBech32, Gpu: gpuKinds[0], PricePerGpuHour: sdk.NewInt64Coin(p.MinBond.Denom, 1),
				MinHours: p.MinHours, MaxHours: p.MaxHours}
			msg.Gpu.Count = 1
			return simops.Signers(from), msg, simops.MustFail(types.ErrProviderNotFound)
		}
		live := liveOffers(rctx, k, pr.operator)
		var kinds []types.Gpu
		for _, g := range pr.Gpus {
			if n := free(g, live, 0); n > 0 {
				g.Count = n
				kinds = append(kinds, g)
			}
		}
		g, ok := simops.Pick(r, kinds)
		if !ok {
			g = pr.Gpus[0]
		}
		g.Count = uint32(1 + r.Intn(int(max(g.Count, 1))))
		minH := simops.Uint32(r, p.MinHours, p.MaxHours)
		msg := &types.MsgCreateOffer{
			Account: pr.account.AddressBech32, Gpu: g, PricePerGpuHour: sdk.NewInt64Coin(p.MinBond.Denom, 1+r.Int63n(1_000_000)),
			MinHours: minH, MaxHours: simops.Uint32(r, minH, p.MaxHours),
		}
		return simops.Signers(pr.account), msg, simops.Tolerate(types.ErrTooManyOffers, types.ErrNoCapacity)
	})
}

// ownOpenOffer picks an open offer of a provider the simulation holds.
func ownOpenOffer(ctx context.Context, k keeper.Keeper, data *simsx.ChainDataSource) (provider, types.Offer, []types.Offer, bool) {
	r := data.Rand().Rand
	prs := providers(ctx, k, data)
	r.Shuffle(len(prs), func(i, j int) { prs[i], prs[j] = prs[j], prs[i] })
	for _, pr := range prs {
		live := liveOffers(ctx, k, pr.operator)
		var open []types.Offer
		for _, o := range live {
			if o.Status == types.OFFER_STATUS_OPEN {
				open = append(open, o)
			}
		}
		if o, ok := simops.Pick(r, open); ok {
			return pr, o, live, true
		}
	}
	return provider{}, types.Offer{}, nil, false
}

// MsgUpdateOfferFactory changes an open offer's count (never below what its
// leases hold, never above the inventory), price and hours.
func MsgUpdateOfferFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateOffer, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		p := params(rctx, k)
		pr, o, live, ok := ownOpenOffer(rctx, k, data)
		if !ok {
			from := simops.AnyAccount(data)
			msg := &types.MsgUpdateOffer{Account: from.AddressBech32, OfferId: unknownID(rctx, k.OfferSeq), Count: 1,
				PricePerGpuHour: sdk.NewInt64Coin(p.MinBond.Denom, 1), MinHours: p.MinHours, MaxHours: p.MaxHours}
			return simops.Signers(from), msg, simops.MustFail(types.ErrOfferNotFound, types.ErrProviderNotFound)
		}
		count := o.Reserved
		for _, g := range pr.Gpus {
			if g.Model == o.Gpu.Model {
				if n := free(g, live, o.Id); n > o.Reserved {
					count = o.Reserved + uint32(r.Intn(int(n-o.Reserved)+1))
				}
			}
		}
		count = max(count, 1)
		minH := simops.Uint32(r, p.MinHours, p.MaxHours)
		msg := &types.MsgUpdateOffer{
			Account: pr.account.AddressBech32, OfferId: o.Id, Count: count,
			PricePerGpuHour: sdk.NewInt64Coin(p.MinBond.Denom, 1+r.Int63n(1_000_000)), MinHours: minH, MaxHours: simops.Uint32(r, minH, p.MaxHours),
		}
		return simops.Signers(pr.account), msg, simops.Tolerate(types.ErrNoCapacity)
	})
}

// MsgCloseOfferFactory closes an open offer.
func MsgCloseOfferFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCloseOffer, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		pr, o, _, ok := ownOpenOffer(rctx, k, data)
		if !ok {
			from := simops.AnyAccount(data)
			return simops.Signers(from), &types.MsgCloseOffer{Account: from.AddressBech32, OfferId: unknownID(rctx, k.OfferSeq)},
				simops.MustFail(types.ErrOfferNotFound)
		}
		return simops.Signers(pr.account), &types.MsgCloseOffer{Account: pr.account.AddressBech32, OfferId: o.Id}, simops.Tolerate()
	})
}

// MsgSubmitJobFactory posts a job an open offer can usually take, or one
// for a GPU kind or a price no offer matches, with an escrow the consumer
// can pay.
func MsgSubmitJobFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSubmitJob, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		p := params(rctx, k)
		consumer := simops.AnyAccount(data)
		req := types.Requirements{Model: gpuKinds[r.Intn(len(gpuKinds))].Model, Count: uint32(1 + r.Intn(4)), Hours: simops.Uint32(r, p.MinHours, p.MaxHours)}
		price := math.NewInt(1 + r.Int63n(1_000_000))
		// An offer made under earlier params may allow hours the params no
		// longer do: the job asks for hours both allow, or for no offer.
		if o, ok := simops.Pick(r, openOffers(rctx, k)); ok && r.Intn(4) != 0 && max(o.MinHours, p.MinHours) <= min(o.MaxHours, p.MaxHours) {
			hours := simops.Uint32(r, max(o.MinHours, p.MinHours), min(o.MaxHours, p.MaxHours))
			req = types.Requirements{Model: o.Gpu.Model, Count: uint32(1 + r.Intn(int(o.Gpu.Count-o.Reserved))), Hours: hours}
			if r.Intn(3) == 0 && o.Gpu.VramMib > 0 { // a hostile offer may claim 0 MiB
				req.Model, req.MinVramMib = "", o.Gpu.VramMib
			}
			price = o.PricePerGpuHour.Amount.MulRaw(int64(100 + r.Intn(100))).QuoRaw(100)
		}
		// The escrow is price x GPUs x hours: keep it within half the balance.
		units := int64(req.Count) * int64(req.Hours)
		if budget := consumer.LiquidBalance().AmountOf(p.MinBond.Denom).QuoRaw(2 * units); price.GT(budget) {
			price = math.MaxInt(budget, math.OneInt())
		}
		msg := &types.MsgSubmitJob{
			Consumer: consumer.AddressBech32, Requirements: req, MaxPricePerGpuHour: sdk.NewCoin(p.MinBond.Denom, price),
			Workload: types.Workload{Image: "ghcr.io/aitbc/bench:1", Args: []string{"--steps", "100"}, Env: []types.EnvVar{{Name: "SEED", Value: "1"}}},
			InputUri: "https://data.example.org/in.tar", InputHash: "sha256:00ff",
			Deadline: rctx.BlockTime().Add(time.Hour + time.Duration(r.Int63n(int64(p.MaxJobDuration-time.Hour)))),
		}
		if r.Intn(4) == 0 {
			msg.MinProviderReputation = uint32(r.Intn(700))
		}
		consumer.LiquidBalance().BlockAmount(sdk.NewCoin(p.MinBond.Denom, price.MulRaw(units)))
		return simops.Signers(consumer), msg, simops.Tolerate(sdkerrors.ErrInsufficientFunds)
	})
}

// MsgCancelJobFactory cancels an open job.
func MsgCancelJobFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCancelJob, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		j, ok := simops.Pick(data.Rand().Rand, jobsIn(rctx, k, data, types.JOB_STATUS_OPEN))
		if !ok {
			from := simops.AnyAccount(data)
			return simops.Signers(from), &types.MsgCancelJob{Consumer: from.AddressBech32, JobId: unknownID(rctx, k.JobSeq)}, simops.MustFail(types.ErrJobNotFound)
		}
		consumer, _ := simops.Account(data, j.Consumer)
		return simops.Signers(consumer), &types.MsgCancelJob{Consumer: j.Consumer, JobId: j.Id}, simops.Tolerate()
	})
}

// MsgAcceptOfferFactory leases an open offer for an open job; the offer is
// one of the job's model when there is one.
func MsgAcceptOfferFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgAcceptOffer, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		j, ok := simops.Pick(r, jobsIn(rctx, k, data, types.JOB_STATUS_OPEN))
		offers := openOffers(rctx, k)
		if !ok || len(offers) == 0 {
			from := simops.AnyAccount(data)
			return simops.Signers(from), &types.MsgAcceptOffer{Consumer: from.AddressBech32, JobId: unknownID(rctx, k.JobSeq), OfferId: 1},
				simops.MustFail(types.ErrJobNotFound)
		}
		o := offers[r.Intn(len(offers))]
		for _, c := range offers {
			if c.Gpu.Model == j.Requirements.Model {
				o = c
			}
		}
		consumer, _ := simops.Account(data, j.Consumer)
		msg := &types.MsgAcceptOffer{Consumer: j.Consumer, JobId: j.Id, OfferId: o.Id}
		return simops.Signers(consumer), msg, simops.Tolerate(types.ErrOfferIneligible)
	})
}

// MsgSubmitResultFactory reports the result of an active lease before its
// deadline.
func MsgSubmitResultFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSubmitResult, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		l, ok := simops.Pick(r, leasesDue(rctx, k, data))
		if !ok {
			from := simops.AnyAccount(data)
			msg := &types.MsgSubmitResult{Account: from.AddressBech32, LeaseId: unknownID(rctx, k.LeaseSeq), OutputHash: "sha256:00"}
			return simops.Signers(from), msg, simops.MustFail(types.ErrLeaseNotFound)
		}
		provider, _ := accountOf(data, l.Provider)
		leased := int64(l.Gpu.Count) * int64(l.Hours) * 3600
		msg := &types.MsgSubmitResult{
			Account: provider.AddressBech32, LeaseId: l.Id, OutputHash: fmt.Sprintf("sha256:%064x", r.Uint64()),
			OutputUri: fmt.Sprintf("https://gpu.example.org/out/%d", l.Id), GpuSecondsUsed: uint64(r.Int63n(leased + 1)),
		}
		return simops.Signers(provider), msg, simops.Tolerate()
	})
}

// simAttestation is what committee member val attests on lease l in the
// simulation: mostly valid with the result's hash, sometimes another hash
// or invalid, and a salt; derived from (lease, member) so that the reveal
// opens the commit without keeping state between operations.
func simAttestation(l types.Lease, val string) (types.Verdict, string, []byte) {
	seed := sha256.Sum256([]byte(fmt.Sprintf("%d/%s", l.Id, val)))
	salt := seed[:]
	switch seed[0] % 10 {
	case 0:
		return types.VERDICT_VALID, "sha256:ff", salt
	case 1:
		return types.VERDICT_INVALID, "", salt
	}
	return types.VERDICT_VALID, l.Result.OutputHash, salt
}

// attestDuties lists the committee members of attesting leases in phase
// that the simulation can sign for and that still have to act in it.
func attestDuties(rctx context.Context, data *simsx.ChainDataSource, k keeper.Keeper, phase types.AttestationPhase) []attestDuty {
	var duties []attestDuty
	for _, l := range leasesIn(rctx, k, types.LEASE_STATUS_ATTESTING) {
		due := l.CommitDeadline
		if phase == types.ATTESTATION_PHASE_REVEAL {
			due = l.AttestationDeadline
		}
		if l.AttestationPhase != phase || due == nil || sdk.UnwrapSDKContext(rctx).BlockTime().After(*due) {
			continue
		}
		for _, m := range l.Committee {
			acc, ok := accountOf(data, m.Validator)
			if !ok {
				continue
			}
			a, err := k.Attestations.Get(rctx, collections.Join(l.Id, sdk.ValAddress(acc.Address)))
			if (phase == types.ATTESTATION_PHASE_COMMIT && err != nil) || (phase == types.ATTESTATION_PHASE_REVEAL && err == nil && !a.Revealed) {
				duties = append(duties, attestDuty{l, m.Validator, acc})
			}
		}
	}
	return duties
}

type attestDuty struct {
	lease  types.Lease
	val    string
	member simsx.SimAccount
}

// MsgCommitAttestationFactory has a committee member commit its attestation.
func MsgCommitAttestationFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCommitAttestation, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		d, ok := simops.Pick(data.Rand().Rand, attestDuties(rctx, data, k, types.ATTESTATION_PHASE_COMMIT))
		if !ok {
			from := simops.AnyAccount(data)
			msg := &types.MsgCommitAttestation{Account: from.AddressBech32, LeaseId: unknownID(rctx, k.LeaseSeq), Commitment: make([]byte, 32)}
			return simops.Signers(from), msg, simops.MustFail(types.ErrLeaseNotFound)
		}
		c, err := types.AttestationCommitment(simAttestation(d.lease, d.val))
		if err != nil {
			panic(err) // simAttestation gives a valid verdict, a stored hash and 32 bytes of salt
		}
		msg := &types.MsgCommitAttestation{Account: d.member.AddressBech32, LeaseId: d.lease.Id, Commitment: c}
		return simops.Signers(d.member), msg, simops.Tolerate()
	})
}

// MsgRevealAttestationFactory has a member who committed reveal.
func MsgRevealAttestationFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRevealAttestation, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		d, ok := simops.Pick(data.Rand().Rand, attestDuties(rctx, data, k, types.ATTESTATION_PHASE_REVEAL))
		if !ok {
			from := simops.AnyAccount(data)
			msg := &types.MsgRevealAttestation{Account: from.AddressBech32, LeaseId: unknownID(rctx, k.LeaseSeq), Verdict: types.VERDICT_INVALID, Salt: make([]byte, 32)}
			return simops.Signers(from), msg, simops.MustFail(types.ErrLeaseNotFound)
		}
		v, hash, salt := simAttestation(d.lease, d.val)
		msg := &types.MsgRevealAttestation{Account: d.member.AddressBech32, LeaseId: d.lease.Id, Verdict: v, ObservedHash: hash, Salt: salt}
		return simops.Signers(d.member), msg, simops.Tolerate()
	})
}

// MsgEndLeaseFactory has a consumer end one of its active leases: it
// succeeds only when the provider is gone (jailed, unbonded or inactive),
// which the simulation reaches through slashes and validator churn.
func MsgEndLeaseFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgEndLease, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		var mine []types.Lease
		for _, l := range leasesIn(rctx, k, types.LEASE_STATUS_ACTIVE) {
			if _, ok := simops.Account(data, l.Consumer); ok {
				mine = append(mine, l)
			}
		}
		l, ok := simops.Pick(r, mine)
		if !ok {
			from := simops.AnyAccount(data)
			msg := &types.MsgEndLease{Consumer: from.AddressBech32, LeaseId: unknownID(rctx, k.LeaseSeq)}
			return simops.Signers(from), msg, simops.MustFail(types.ErrLeaseNotFound)
		}
		consumer, _ := simops.Account(data, l.Consumer)
		msg := &types.MsgEndLease{Consumer: l.Consumer, LeaseId: l.Id}
		return simops.Signers(consumer), msg, simops.Tolerate(types.ErrProviderNotGone)
	})
}

// MsgDeclineLeaseFactory has a provider decline one of its active leases
// by its deadline, with a reason; it must succeed.
func MsgDeclineLeaseFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgDeclineLease, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		l, ok := simops.Pick(r, leasesDue(rctx, k, data))
		if !ok {
			from := simops.AnyAccount(data)
			msg := &types.MsgDeclineLease{Account: from.AddressBech32, LeaseId: unknownID(rctx, k.LeaseSeq), Reason: "run: no runtime"}
			return simops.Signers(from), msg, simops.MustFail(types.ErrLeaseNotFound)
		}
		provider, _ := accountOf(data, l.Provider)
		msg := &types.MsgDeclineLease{Account: provider.AddressBech32, LeaseId: l.Id, Reason: fmt.Sprintf("fetch: input of job %d unreachable", l.JobId)}
		return simops.Signers(provider), msg, simops.Tolerate()
	})
}
