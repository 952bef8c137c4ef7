package simulation

import (
	"context"
	"math/rand"
	"strings"

	"cosmossdk.io/math"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/testutil/hostile"
	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/compute/keeper"
	"github.com/aitbc/aitbc/x/compute/types"
)

// Hostile variants: a valid signer (a provider's account where the message
// needs one, so the content reaches the keeper's checks) and hostile content
// everywhere else: control bytes in GPU models, regions and workloads,
// extreme and negative amounts, zero and huge counts and hours, past and
// far-future deadlines, unknown ids and enum values. A refusal with a
// registered error is the expected outcome; a panic or an unregistered
// error fails the run, and so does a stored value that later breaks a block.

var maxAmount = math.NewInt(1_000_000_000_000)

// hostileGpus returns zero to four GPU kinds with hostile models, VRAM and
// counts, models sometimes repeated.
func hostileGpus(r *rand.Rand) []types.Gpu {
	out := make([]types.Gpu, r.Intn(5))
	for i := range out {
		g := gpuKinds[r.Intn(len(gpuKinds))]
		out[i] = types.Gpu{Model: simops.Text(r, g.Model), VramMib: hostileCount(r), Count: hostileCount(r)}
	}
	return out
}

// signer is a provider's account half of the time, else any account.
func signer(ctx context.Context, k keeper.Keeper, data *simsx.ChainDataSource) simsx.SimAccount {
	r := data.Rand().Rand
	if pr, ok := simops.Pick(r, providers(ctx, k, data)); ok && r.Intn(2) == 0 {
		return pr.account
	}
	return simops.AnyAccount(data)
}

func hostileCount(r *rand.Rand) uint32 {
	switch r.Int63n(4) {
	case 0:
		return 0
	case 1:
		return ^uint32(0)
	}
	return uint32(1 + r.Int63n(64))
}

// MsgRegisterProviderHostileFactory registers a provider with a hostile
// inventory and bond.
func MsgRegisterProviderHostileFactory(k keeper.Keeper, sk StakingKeeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRegisterProvider, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		from := simops.AnyAccount(data)
		if sk != nil && r.Intn(2) == 0 {
			vals, _ := sk.GetBondedValidatorsByPower(rctx)
			if v, ok := simops.Pick(r, vals); ok {
				if a, ok := accountOf(data, v.OperatorAddress); ok {
					from = a
				}
			}
		}
		msg := &types.MsgRegisterProvider{
			Account: from.AddressBech32, Endpoint: simops.Text(r, "https://gpu.example.org"), Region: simops.Text(r, "eu-west"),
			Gpus: hostileGpus(r), Attributes: hostileAttributes(r),
			Bond: simops.Coin(r, params(rctx, k).MinBond.Denom, maxAmount),
		}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// hostileAttributes returns up to 19 attributes with hostile keys and
// values, sometimes over max_attributes.
func hostileAttributes(r *rand.Rand) []types.Attribute {
	out := make([]types.Attribute, r.Intn(20))
	for i := range out {
		out[i] = types.Attribute{Key: simops.Text(r, "tier"), Value: simops.Text(r, "datacenter")}
	}
	return out
}

// MsgUpdateProviderHostileFactory redescribes a provider with a hostile
// inventory.
func MsgUpdateProviderHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateProvider, simsx.SimDeliveryResultHandler) {
		r := data.Rand().Rand
		from := signer(simops.ReadContext(ctx), k, data)
		msg := &types.MsgUpdateProvider{
			Account: from.AddressBech32, Endpoint: simops.Text(r, "https://gpu.example.org"), Region: simops.Text(r, "us-east"),
			Gpus: hostileGpus(r), Attributes: hostileAttributes(r),
		}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// MsgBondHostileFactory bonds a hostile coin.
func MsgBondHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgBond, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		from := signer(rctx, k, data)
		msg := &types.MsgBond{Account: from.AddressBech32, Amount: simops.Coin(data.Rand().Rand, params(rctx, k).MinBond.Denom, maxAmount)}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// MsgUnbondHostileFactory unbonds a hostile coin.
func MsgUnbondHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUnbond, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		from := signer(rctx, k, data)
		msg := &types.MsgUnbond{Account: from.AddressBech32, Amount: simops.Coin(data.Rand().Rand, params(rctx, k).MinBond.Denom, maxAmount)}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// MsgCreateOfferHostileFactory offers a hostile GPU kind at a hostile price
// and hours.
func MsgCreateOfferHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCreateOffer, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		from := signer(rctx, k, data)
		g := gpuKinds[r.Intn(len(gpuKinds))]
		msg := &types.MsgCreateOffer{
			Account: from.AddressBech32, Gpu: types.Gpu{Model: simops.Text(r, g.Model), VramMib: hostileCount(r), Count: hostileCount(r)},
			PricePerGpuHour: simops.Coin(r, params(rctx, k).MinBond.Denom, maxAmount),
			MinHours:        hostileCount(r), MaxHours: hostileCount(r),
		}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// MsgUpdateOfferHostileFactory updates an own offer, or an unknown one,
// with hostile terms.
func MsgUpdateOfferHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateOffer, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		from, id := simops.AnyAccount(data), hostile.Uint64(r, 100)
		if pr, o, _, ok := ownOpenOffer(rctx, k, data); ok && r.Intn(2) == 0 {
			from, id = pr.account, o.Id
		}
		msg := &types.MsgUpdateOffer{
			Account: from.AddressBech32, OfferId: id, Count: hostileCount(r),
			PricePerGpuHour: simops.Coin(r, params(rctx, k).MinBond.Denom, maxAmount), MinHours: hostileCount(r), MaxHours: hostileCount(r),
		}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// MsgCloseOfferHostileFactory closes an extreme offer id.
func MsgCloseOfferHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCloseOffer, simsx.SimDeliveryResultHandler) {
		from := signer(simops.ReadContext(ctx), k, data)
		return simops.Signers(from), &types.MsgCloseOffer{Account: from.AddressBech32, OfferId: hostile.Uint64(data.Rand().Rand, 100)}, simops.Hostile
	})
}

// MsgSubmitJobHostileFactory posts a job with hostile requirements (the
// GPU model with a NUL byte of the issue among them), price, workload,
// reputation floor and deadline.
func MsgSubmitJobHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSubmitJob, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		p := params(rctx, k)
		from := simops.AnyAccount(data)
		text := func(s string) string { return simops.Text(r, s) }
		args := make([]string, r.Intn(int(p.MaxAttributes)+3))
		for i := range args {
			args[i] = text("--flag")
		}
		env := make([]types.EnvVar, r.Intn(int(p.MaxAttributes)+3))
		for i := range env {
			env[i] = types.EnvVar{Name: text("NAME"), Value: text("value")}
		}
		price := simops.Coin(r, p.MinBond.Denom, math.NewInt(1000))
		if r.Intn(2) == 0 {
			price = sdk.NewInt64Coin(p.MinBond.Denom, 1)
		}
		msg := &types.MsgSubmitJob{
			Consumer: from.AddressBech32,
			Requirements: types.Requirements{
				Model: text(gpuKinds[r.Intn(len(gpuKinds))].Model), MinVramMib: hostileCount(r),
				Count: uint32(hostile.Uint64(r, 4)), Hours: uint32(hostile.Uint64(r, 8)),
			},
			MaxPricePerGpuHour:    price,
			Workload:              types.Workload{Image: text("ghcr.io/aitbc/bench:1"), Command: text(""), Args: args, Env: env},
			InputUri:              text("https://data.example.org/in"),
			InputHash:             text("sha256:00"),
			MinProviderReputation: uint32(hostile.Uint64(r, 1000)),
			Deadline:              simops.Time(r, rctx.BlockTime()),
		}
		if r.Intn(2) == 0 {
			msg.Requirements.Model = "H100\x00" // the job of the issue
			msg.Deadline = rctx.BlockTime().Add(p.MaxJobDuration / 2)
		}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// MsgCancelJobHostileFactory cancels an extreme job id.
func MsgCancelJobHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCancelJob, simsx.SimDeliveryResultHandler) {
		from := simops.AnyAccount(data)
		return simops.Signers(from), &types.MsgCancelJob{Consumer: from.AddressBech32, JobId: hostile.Uint64(data.Rand().Rand, 100)}, simops.Hostile
	})
}

// MsgAcceptOfferHostileFactory accepts extreme job and offer ids.
func MsgAcceptOfferHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgAcceptOffer, simsx.SimDeliveryResultHandler) {
		r := data.Rand().Rand
		from := simops.AnyAccount(data)
		msg := &types.MsgAcceptOffer{Consumer: from.AddressBech32, JobId: hostile.Uint64(r, 100), OfferId: hostile.Uint64(r, 100)}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// MsgSubmitResultHostileFactory reports a hostile result, sometimes for an
// active lease by its provider.
func MsgSubmitResultHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSubmitResult, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		from, id := simops.AnyAccount(data), hostile.Uint64(r, 100)
		if l, ok := simops.Pick(r, leasesIn(rctx, k, types.LEASE_STATUS_ACTIVE)); ok {
			if a, ok := accountOf(data, l.Provider); ok {
				from, id = a, l.Id
			}
		}
		msg := &types.MsgSubmitResult{
			Account: from.AddressBech32, LeaseId: id, OutputHash: simops.Text(r, "sha256:00"), OutputUri: simops.Text(r, ""),
			GpuSecondsUsed: hostile.Uint64(r, 1<<20),
		}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// hostileMember picks an attesting lease and, sometimes, one of its
// committee members as sender; else any account and a hostile id.
func hostileMember(rctx context.Context, data *simsx.ChainDataSource, k keeper.Keeper) (simsx.SimAccount, uint64) {
	r := data.Rand().Rand
	from, id := simops.AnyAccount(data), hostile.Uint64(r, 100)
	if l, ok := simops.Pick(r, leasesIn(rctx, k, types.LEASE_STATUS_ATTESTING)); ok {
		id = l.Id
		if m, ok := simops.Pick(r, l.Committee); ok {
			if a, ok := accountOf(data, m.Validator); ok {
				from = a
			}
		}
	}
	return from, id
}

// MsgCommitAttestationHostileFactory commits a hostile commitment,
// sometimes as a member of the lease's committee.
func MsgCommitAttestationHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCommitAttestation, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		from, id := hostileMember(rctx, data, k)
		commitment := make([]byte, data.Rand().Rand.Intn(65))
		data.Rand().Rand.Read(commitment)
		msg := &types.MsgCommitAttestation{Account: from.AddressBech32, LeaseId: id, Commitment: commitment}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// MsgRevealAttestationHostileFactory reveals a hostile verdict, hash and
// salt, sometimes as a member of the lease's committee.
func MsgRevealAttestationHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRevealAttestation, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		from, id := hostileMember(rctx, data, k)
		salt := make([]byte, r.Intn(65))
		r.Read(salt)
		msg := &types.MsgRevealAttestation{
			Account: from.AddressBech32, LeaseId: id, Verdict: types.Verdict(int32(hostile.Uint64(r, 3))), ObservedHash: simops.Text(r, "sha256:00"), Salt: salt,
		}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// MsgEndLeaseHostileFactory ends a lease that is not the sender's, not
// active, or does not exist.
func MsgEndLeaseHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgEndLease, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		from, id := simops.AnyAccount(data), hostile.Uint64(r, 100)
		if l, ok := simops.Pick(r, leasesIn(rctx, k, types.LEASE_STATUS_ATTESTING)); ok {
			id = l.Id
		}
		msg := &types.MsgEndLease{Consumer: from.AddressBech32, LeaseId: id}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// MsgDeclineLeaseHostileFactory declines a lease that is not the sender's,
// not active, or does not exist, or with a hostile reason (control bytes,
// invalid UTF-8, over the bound).
func MsgDeclineLeaseHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgDeclineLease, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		from, id := simops.AnyAccount(data), hostile.Uint64(r, 100)
		status := types.LEASE_STATUS_ACTIVE
		if r.Intn(2) == 0 {
			status = types.LEASE_STATUS_ATTESTING
		}
		if l, ok := simops.Pick(r, leasesIn(rctx, k, status)); ok {
			id = l.Id
			if a, ok := accountOf(data, l.Provider); ok && r.Intn(2) == 0 {
				from = a
			}
		}
		reason := simops.Text(r, "run: no runtime")
		if r.Intn(4) == 0 {
			reason = strings.Repeat("x", types.MaxDeclineReasonLength+1+r.Intn(64))
		}
		msg := &types.MsgDeclineLease{Account: from.AddressBech32, LeaseId: id, Reason: reason}
		return simops.Signers(from), msg, simops.Hostile
	})
}
