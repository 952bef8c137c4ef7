package keeper_test

import (
	"testing"

	"cosmossdk.io/collections"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/keeper"
	"github.com/aitbc/aitbc/x/compute/types"
)

// Each invariant holds on a live market and fails once its state is
// corrupted behind the keeper's back; CheckInvariants reports it too.
func TestInvariantsDetectCorruption(t *testing.T) {
	cases := []struct {
		name    string
		check   func(keeper.Keeper) func(sdk.Context) error
		corrupt func(f *leaseFixture, lease types.Lease)
		wantMsg string
	}{
		{"escrow: tokens nobody escrowed", escrowCheck, func(f *leaseFixture, _ types.Lease) {
			f.fundModule(types.EscrowName, 1)
		}, "compute_escrow holds"},
		{"escrow: a lease claims more", escrowCheck, func(f *leaseFixture, l types.Lease) {
			l.Escrow = l.Escrow.AddAmount(l.Escrow.Amount)
			require.NoError(f.t, f.k.Leases.Set(f.ctx(), l.Id, l))
		}, "compute_escrow holds"},
		{"escrow: another denom", escrowCheck, func(f *leaseFixture, l types.Lease) {
			l.Escrow.Denom = "stake"
			require.NoError(f.t, f.k.Leases.Set(f.ctx(), l.Id, l))
		}, "not a positive amount of uaitbc"},
		{"bonds: tokens nobody bonded", bondsCheck, func(f *leaseFixture, _ types.Lease) {
			f.fundModule(types.BondsName, 1)
		}, "compute_bonds holds"},
		{"reservations: an offer reserves more than its leases hold", reservationsCheck, func(f *leaseFixture, l types.Lease) {
			o, err := f.k.GetOffer(f.ctx(), l.OfferId)
			require.NoError(f.t, err)
			o.Reserved++
			require.NoError(f.t, f.k.Offers.Set(f.ctx(), o.Id, o))
		}, "reserves 3 GPUs, its unfinished leases hold 2"},
		{"reservations: a lease ended without freeing its GPUs", reservationsCheck, func(f *leaseFixture, l types.Lease) {
			l.Status = types.LEASE_STATUS_SETTLED
			require.NoError(f.t, f.k.Leases.Set(f.ctx(), l.Id, l))
		}, "reserves 2 GPUs, its unfinished leases hold 0"},
		{"reservations: a lease holds GPUs of a missing offer", reservationsCheck, func(f *leaseFixture, l types.Lease) {
			l.OfferId = 999
			require.NoError(f.t, f.k.Leases.Set(f.ctx(), l.Id, l))
		}, "offer 999, which does not exist"},
		{"price index: a listed offer is missing", priceIndexCheck, func(f *leaseFixture, l types.Lease) {
			o, err := f.k.GetOffer(f.ctx(), l.OfferId)
			require.NoError(f.t, err)
			require.NoError(f.t, f.k.OfferPrices.Remove(f.ctx(), collections.Join3(o.Gpu.Model, o.PricePerGpuHour.Amount.Uint64(), o.Id)))
		}, "missing from the price indexes"},
		{"price index: an entry for no offer", priceIndexCheck, func(f *leaseFixture, _ types.Lease) {
			require.NoError(f.t, f.k.OfferPricesAnyModel.Set(f.ctx(), collections.Join(uint64(1), uint64(999))))
		}, "offer_prices_any_model lists offer 999"},
		{"price index: a closed offer still listed", priceIndexCheck, func(f *leaseFixture, l types.Lease) {
			o, err := f.k.GetOffer(f.ctx(), l.OfferId)
			require.NoError(f.t, err)
			o.Status = types.OFFER_STATUS_CLOSED
			require.NoError(f.t, f.k.Offers.Set(f.ctx(), o.Id, o))
		}, "cannot take a lease"},
		{"price index: listed at a stale price", priceIndexCheck, func(f *leaseFixture, l types.Lease) {
			o, err := f.k.GetOffer(f.ctx(), l.OfferId)
			require.NoError(f.t, err)
			require.NoError(f.t, f.k.OfferPrices.Set(f.ctx(), collections.Join3(o.Gpu.Model, uint64(7), o.Id)))
		}, "offer_prices lists offer"},
		{"price index: listed under another model", priceIndexCheck, func(f *leaseFixture, l types.Lease) {
			o, err := f.k.GetOffer(f.ctx(), l.OfferId)
			require.NoError(f.t, err)
			require.NoError(f.t, f.k.OfferPrices.Set(f.ctx(), collections.Join3("A100", o.PricePerGpuHour.Amount.Uint64(), o.Id)))
		}, "under another model"},
		{"job status: a leased job whose lease settled", jobStatusCheck, func(f *leaseFixture, l types.Lease) {
			l.Status = types.LEASE_STATUS_SETTLED
			require.NoError(f.t, f.k.Leases.Set(f.ctx(), l.Id, l))
		}, "is JOB_STATUS_LEASED, its lease"},
		{"job status: completed while its lease runs", jobStatusCheck, func(f *leaseFixture, l types.Lease) {
			j, err := f.k.GetJob(f.ctx(), l.JobId)
			require.NoError(f.t, err)
			j.Status = types.JOB_STATUS_COMPLETED
			require.NoError(f.t, f.k.Jobs.Set(f.ctx(), j.Id, j))
		}, "is JOB_STATUS_COMPLETED, its lease"},
		{"job status: a leased job names a missing lease", jobStatusCheck, func(f *leaseFixture, l types.Lease) {
			j, err := f.k.GetJob(f.ctx(), l.JobId)
			require.NoError(f.t, err)
			j.LeaseId = 999
			require.NoError(f.t, f.k.Jobs.Set(f.ctx(), j.Id, j))
		}, "its lease 999"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newLeaseFixture(t)
			lease := f.leaseJob() // 2 of the offer's 4 GPUs: still listed
			require.NoError(t, f.k.CheckInvariants(f.ctx()))
			tc.corrupt(f, lease)
			err := tc.check(f.k)(f.ctx())
			require.ErrorIs(t, err, types.ErrBrokenInvariant)
			require.ErrorContains(t, err, tc.wantMsg)
			require.ErrorIs(t, f.k.CheckInvariants(f.ctx()), types.ErrBrokenInvariant)
		})
	}
}

func escrowCheck(k keeper.Keeper) func(sdk.Context) error {
	return func(ctx sdk.Context) error { return k.CheckEscrowBalance(ctx) }
}

func bondsCheck(k keeper.Keeper) func(sdk.Context) error {
	return func(ctx sdk.Context) error { return k.CheckBondsBalance(ctx) }
}

func reservationsCheck(k keeper.Keeper) func(sdk.Context) error {
	return func(ctx sdk.Context) error { return k.CheckOfferReservations(ctx) }
}

func priceIndexCheck(k keeper.Keeper) func(sdk.Context) error {
	return func(ctx sdk.Context) error { return k.CheckPriceIndex(ctx) }
}

func jobStatusCheck(k keeper.Keeper) func(sdk.Context) error {
	return func(ctx sdk.Context) error { return k.CheckJobStatuses(ctx) }
}
