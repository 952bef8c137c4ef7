package keeper_test

import (
	"strconv"
	"testing"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/runtime"
	sdk "github.com/cosmos/cosmos-sdk/types"
	minttypes "github.com/cosmos/cosmos-sdk/x/mint/types"

	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/x/compute/keeper"
	"github.com/aitbc/aitbc/x/compute/types"
)

// fundModule mints coins into a module account, as state written behind
// the keeper's back would need to keep the balance invariants.
func (f *fixture) fundModule(module string, amount int64) {
	f.t.Helper()
	coins := sdk.NewCoins(sdk.NewInt64Coin(denom, amount))
	require.NoError(f.t, f.app.BankKeeper.MintCoins(f.ctx(), minttypes.ModuleName, coins))
	require.NoError(f.t, f.app.BankKeeper.SendCoinsFromModuleToModule(f.ctx(), minttypes.ModuleName, module, coins))
}

// writeRawJob stores a job straight into the store with the open-status
// index entry and the deadline, bypassing the keeper's indexes (whose
// consumer index would refuse a consumer that is not an address).
func (f *fixture) writeRawJob(job types.Job) {
	f.t.Helper()
	sb := collections.NewSchemaBuilder(runtime.NewKVStoreService(f.app.GetKey(types.StoreKey)))
	jobs := collections.NewMap(sb, types.JobsKey, "jobs", collections.Uint64Key, codec.CollValue[types.Job](f.app.AppCodec()))
	byStatus := collections.NewKeySet(sb, types.JobsByStatusKey, "jobs_by_status", collections.PairKeyCodec(collections.Int32Key, collections.Uint64Key))
	require.NoError(f.t, jobs.Set(f.ctx(), job.Id, job))
	require.NoError(f.t, byStatus.Set(f.ctx(), collections.Join(int32(job.Status), job.Id)))
	require.NoError(f.t, f.k.JobDeadlines.Set(f.ctx(), collections.Join(job.Deadline, job.Id)))
}

// itemFailures returns the aitbc.block_item_failed events by item, with
// their outcome.
func itemFailures(events sdk.Events) map[string]string {
	out := map[string]string{}
	for _, e := range events {
		if e.Type != isolate.EventTypeItemFailed {
			continue
		}
		var item, outcome string
		for _, a := range e.Attributes {
			switch a.Key {
			case isolate.AttributeItem:
				item = a.Value
			case isolate.AttributeOutcome:
				outcome = a.Value
			}
		}
		out[item] = outcome
	}
	return out
}

// One poisoned item in each EndBlock queue: a lease and a job whose
// consumer is not an address, an unbonding whose account is not one. The
// EndBlocker returns nil, handles every other item of the same block,
// reports the poisoned ones, keeps their tokens where they were and
// retries them later; the invariants hold throughout.
func TestEndBlockGoesOnPastPoisonedItems(t *testing.T) {
	f := newLeaseFixture(t)
	// A bond that stays above min_bond after a slash, so the offer stays listed.
	_, err := f.msgs.Bond(f.ctx(), &types.MsgBond{Account: f.provider.String(), Amount: sdk.NewInt64Coin(denom, 1_000_000_000)})
	require.NoError(t, err)
	t0 := f.now
	poisonedLease := f.leaseJob()
	expiringLease := f.leaseJob() // the offer's 4 GPUs are now held
	poisonedLease.Consumer = "not-an-address"
	require.NoError(t, f.k.Leases.Set(f.ctx(), poisonedLease.Id, poisonedLease))

	unmatchable := f.jobMsg(f.consumer)
	unmatchable.Requirements.Model = "B200"
	unmatchable.Deadline = t0.Add(5*time.Hour + 30*time.Minute)
	expiring, err := f.msgs.SubmitJob(f.ctx(), unmatchable)
	require.NoError(t, err)
	waiting, err := f.msgs.SubmitJob(f.ctx(), f.jobMsg(f.consumer)) // matched once a lease frees GPUs
	require.NoError(t, err)
	jobID, err := f.k.JobSeq.Next(f.ctx())
	require.NoError(t, err)
	f.writeRawJob(types.Job{
		Id: jobID, Consumer: "not-an-address", Requirements: types.Requirements{Model: "H100", Count: 2, Hours: 4},
		MaxPricePerGpuHour: sdk.NewInt64Coin(denom, 3_000_000), Workload: types.Workload{Image: "x"},
		Deadline: unmatchable.Deadline, Status: types.JOB_STATUS_OPEN, Escrow: sdk.NewInt64Coin(denom, 1_000), Submitted: t0,
	})
	f.fundModule(types.EscrowName, 1_000)

	unbondings := []types.BondUnbonding{
		{Account: "not-an-address", Amount: sdk.NewInt64Coin(denom, 500), CompletionTime: t0.Add(time.Hour)},
		{Account: f.outsider.String(), Amount: sdk.NewInt64Coin(denom, 700), CompletionTime: t0.Add(time.Hour)},
	}
	for i := range unbondings {
		id, err := f.k.UnbondingSeq.Next(f.ctx())
		require.NoError(t, err)
		unbondings[i].Id = id
		require.NoError(t, f.k.Unbondings.Set(f.ctx(), id, unbondings[i]))
		require.NoError(t, f.k.UnbondingQueue.Set(f.ctx(), collections.Join(unbondings[i].CompletionTime, id)))
		f.fundModule(types.BondsName, unbondings[i].Amount.Amount.Int64())
	}
	require.NoError(t, f.k.CheckInvariants(f.ctx()))
	outsiderBefore := f.balance(f.outsider)
	poisonedEscrow := poisonedLease.Escrow

	f.now = t0.Add(6 * time.Hour)
	ctx := f.ctx()
	require.NoError(t, f.k.EndBlocker(ctx))
	wantFailures := func(ctx sdk.Context) {
		t.Helper()
		require.Equal(t, map[string]string{
			"unbonding payout 1":                          "retried later",
			"expire job " + uintStr(jobID):                "kept open, retried later",
			"lease deadline " + uintStr(poisonedLease.Id): "kept, retried later",
		}, itemFailures(ctx.EventManager().Events()))
	}
	wantFailures(ctx)

	// The healthy items of the same block were all handled.
	lease, err := f.k.GetLease(f.ctx(), expiringLease.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_EXPIRED, lease.Status)
	job, err := f.k.GetJob(f.ctx(), expiring.JobId)
	require.NoError(t, err)
	require.Equal(t, types.JOB_STATUS_EXPIRED, job.Status)
	job, err = f.k.GetJob(f.ctx(), waiting.JobId)
	require.NoError(t, err)
	require.Equal(t, types.JOB_STATUS_LEASED, job.Status, "matched on the GPUs the expired lease freed")
	require.Equal(t, outsiderBefore.AddRaw(700), f.balance(f.outsider), "the healthy unbonding paid")

	// The poisoned ones kept their tokens and wait for a retry.
	retry := f.now.Add(keeper.RetryDelay)
	lease, err = f.k.GetLease(f.ctx(), poisonedLease.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_ACTIVE, lease.Status)
	require.Equal(t, poisonedEscrow, lease.Escrow)
	has, err := f.k.LeaseDeadlines.Has(f.ctx(), collections.Join(retry, poisonedLease.Id))
	require.NoError(t, err)
	require.True(t, has)
	job, err = f.k.Jobs.Get(f.ctx(), jobID)
	require.NoError(t, err)
	require.Equal(t, types.JOB_STATUS_OPEN, job.Status)
	require.Equal(t, sdk.NewInt64Coin(denom, 1_000), job.Escrow)
	has, err = f.k.JobDeadlines.Has(f.ctx(), collections.Join(retry, jobID))
	require.NoError(t, err)
	require.True(t, has)
	_, err = f.k.Unbondings.Get(f.ctx(), unbondings[0].Id)
	require.NoError(t, err)
	has, err = f.k.UnbondingQueue.Has(f.ctx(), collections.Join(retry, unbondings[0].Id))
	require.NoError(t, err)
	require.True(t, has)
	require.NoError(t, f.k.CheckInvariants(f.ctx()))

	// Before the retry nothing is tried again; at the retry they fail
	// again, alone, and still lose nothing.
	f.now = retry.Add(-time.Second)
	ctx = f.ctx()
	require.NoError(t, f.k.EndBlocker(ctx))
	require.Empty(t, itemFailures(ctx.EventManager().Events()))
	f.now = retry
	ctx = f.ctx()
	require.NoError(t, f.k.EndBlocker(ctx))
	wantFailures(ctx)
	require.NoError(t, f.k.CheckInvariants(f.ctx()))
}

// A broken offer at the top of the price index (its provider is not a
// provider) is skipped and reported; a model that cannot be a key makes an
// offer ineligible. Jobs behind them still match the healthy offer.
func TestMatchingSkipsBrokenOffers(t *testing.T) {
	f := newLeaseFixture(t)
	broken := func(provider sdk.ValAddress, model string, price uint64) uint64 {
		id, err := f.k.OfferSeq.Next(f.ctx())
		require.NoError(t, err)
		o := types.Offer{Id: id, Provider: provider.String(), Gpu: types.Gpu{Model: model, VramMib: 81920, Count: 4},
			PricePerGpuHour: sdk.NewCoin(denom, math.NewIntFromUint64(price)), MinHours: 1, MaxHours: 72, Status: types.OFFER_STATUS_OPEN}
		require.NoError(t, f.k.Offers.Set(f.ctx(), id, o))
		require.NoError(t, f.k.OfferPricesAnyModel.Set(f.ctx(), collections.Join(price, id)))
		if model == "H100" {
			require.NoError(t, f.k.OfferPrices.Set(f.ctx(), collections.Join3(model, price, id)))
		}
		return id
	}
	orphan := broken(sdk.ValAddress(f.attester[0]), "H100", 1_000_000)
	broken(sdk.ValAddress(f.provider), "H100\x00", 1_500_000)

	byModel, err := f.msgs.SubmitJob(f.ctx(), f.jobMsg(f.consumer))
	require.NoError(t, err)
	vramOnly := f.jobMsg(f.consumer)
	vramOnly.Requirements.Model, vramOnly.Requirements.MinVramMib = "", 40_000
	anyModel, err := f.msgs.SubmitJob(f.ctx(), vramOnly)
	require.NoError(t, err)

	ctx := f.ctx()
	require.NoError(t, f.k.EndBlocker(ctx))
	for _, id := range []uint64{byModel.JobId, anyModel.JobId} {
		job, err := f.k.GetJob(f.ctx(), id)
		require.NoError(t, err)
		require.Equal(t, types.JOB_STATUS_LEASED, job.Status)
		lease, err := f.k.GetLease(f.ctx(), job.LeaseId)
		require.NoError(t, err)
		require.Equal(t, f.offerID, lease.OfferId)
	}
	failures := itemFailures(ctx.EventManager().Events())
	require.Equal(t, "skipped", failures["match job "+uintStr(byModel.JobId)+": offer "+uintStr(orphan)])
	require.NoError(t, f.k.CheckEscrowBalance(f.ctx()))
	require.NoError(t, f.k.CheckOfferReservations(f.ctx()))
	require.ErrorIs(t, f.k.CheckPriceIndex(f.ctx()), types.ErrBrokenInvariant, "the invariant sees the corrupt index")
}

// The path of issue 11: an offer stored with a NUL model while its
// provider was inactive is relisted when the validator bonds again, inside
// the staking EndBlocker. The hook now closes that offer instead of
// failing, relists the others, and a provider record that cannot be
// refreshed at all is skipped: the validator set updates go through.
func TestStakingHooksSurviveBrokenOffersAndProviders(t *testing.T) {
	f := newLeaseFixture(t)
	val, err := f.app.StakingKeeper.GetValidator(f.ctx(), sdk.ValAddress(f.provider))
	require.NoError(t, err)
	cons, err := val.GetConsAddr()
	require.NoError(t, err)
	require.NoError(t, f.app.StakingKeeper.Jail(f.ctx(), cons))
	_, err = f.app.StakingKeeper.ApplyAndReturnValidatorSetUpdates(f.ctx())
	require.NoError(t, err)
	p, err := f.k.GetProvider(f.ctx(), f.provider)
	require.NoError(t, err)
	require.Equal(t, types.PROVIDER_STATUS_INACTIVE, p.Status)

	// Stored while inactive: never indexed, so nothing refused it before.
	nulID, err := f.k.OfferSeq.Next(f.ctx())
	require.NoError(t, err)
	nul := types.Offer{Id: nulID, Provider: p.Operator, Gpu: types.Gpu{Model: "H100\x00", VramMib: 81920, Count: 1},
		PricePerGpuHour: sdk.NewInt64Coin(denom, 1), MinHours: 1, MaxHours: 2, Status: types.OFFER_STATUS_OPEN}
	require.NoError(t, f.k.Offers.Set(f.ctx(), nulID, nul))
	// A second provider whose record names no valid operator.
	other := sdk.ValAddress(f.attester[1])
	require.NoError(t, f.k.Providers.Set(f.ctx(), other, types.Provider{
		Operator: "garbage", Account: f.attester[1].String(), Gpus: []types.Gpu{h100(1)},
		Bond: sdk.NewInt64Coin(denom, 0), Status: types.PROVIDER_STATUS_ACTIVE,
	}))

	// Bonded again (AfterValidatorBonded) and the other validator jailed
	// (AfterValidatorBeginUnbonding), in one validator set update.
	require.NoError(t, f.app.StakingKeeper.Unjail(f.ctx(), cons))
	otherVal, err := f.app.StakingKeeper.GetValidator(f.ctx(), other)
	require.NoError(t, err)
	otherCons, err := otherVal.GetConsAddr()
	require.NoError(t, err)
	require.NoError(t, f.app.StakingKeeper.Jail(f.ctx(), otherCons))
	ctx := f.ctx()
	require.NotPanics(t, func() {
		_, err = f.app.StakingKeeper.ApplyAndReturnValidatorSetUpdates(ctx)
	})
	require.NoError(t, err, "the hooks return nil")
	require.Equal(t, map[string]string{
		"relist offer " + uintStr(nulID):     "closed",
		"refresh provider " + other.String(): "skipped",
	}, itemFailures(ctx.EventManager().Events()))

	p, err = f.k.GetProvider(f.ctx(), f.provider)
	require.NoError(t, err)
	require.Equal(t, types.PROVIDER_STATUS_ACTIVE, p.Status)
	res, err := f.q.Offers(f.ctx(), &types.QueryOffersRequest{Model: "H100"})
	require.NoError(t, err)
	require.Len(t, res.Offers, 1)
	require.Equal(t, f.offerID, res.Offers[0].Id, "the healthy offer is listed again")
	_, err = f.k.GetOffer(f.ctx(), nulID)
	require.ErrorIs(t, err, types.ErrOfferNotFound, "closed, and deleted as no lease holds it")

	// The market works on: a job matches the relisted offer.
	require.NoError(t, f.k.Providers.Remove(f.ctx(), other))
	f.leaseJob()
	require.NoError(t, f.k.CheckInvariants(f.ctx()))
}

func uintStr(n uint64) string { return strconv.FormatUint(n, 10) }
