package keeper

import (
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

// CheckInvariants runs every x/compute invariant; tests, simulation and the
// app-level fuzz target call it after each block.
func (k Keeper) CheckInvariants(ctx context.Context) error {
	for _, check := range []func(context.Context) error{
		k.CheckEscrowBalance, k.CheckBondsBalance, k.CheckOfferReservations, k.CheckPriceIndex, k.CheckJobStatuses,
		k.CheckAttestationsDue,
	} {
		if err := check(ctx); err != nil {
			return err
		}
	}
	return nil
}

// CheckEscrowBalance checks that compute_escrow holds exactly the escrow
// of open jobs and of unfinished leases.
func (k Keeper) CheckEscrowBalance(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	denom := params.MinBond.Denom
	want := math.ZeroInt()
	add := func(what string, id uint64, c sdk.Coin) error {
		if c.Amount.IsNil() || c.IsZero() {
			return nil
		}
		if c.Denom != denom || c.IsNegative() {
			return errorsmod.Wrapf(types.ErrBrokenInvariant, "%s %d escrows %s, not a positive amount of %s", what, id, c, denom)
		}
		want = want.Add(c.Amount)
		return nil
	}
	if err := k.Jobs.Walk(ctx, nil, func(id uint64, j types.Job) (bool, error) {
		if j.Status != types.JOB_STATUS_OPEN {
			return false, nil
		}
		return false, add("job", id, j.Escrow)
	}); err != nil {
		return err
	}
	if err := k.Leases.Walk(ctx, nil, func(id uint64, l types.Lease) (bool, error) {
		if l.Status.IsFinal() {
			return false, nil
		}
		return false, add("lease", id, l.Escrow)
	}); err != nil {
		return err
	}
	held := k.bankKeeper.GetBalance(ctx, authtypes.NewModuleAddress(types.EscrowName), denom).Amount
	if !held.Equal(want) {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "compute_escrow holds %s%s, open escrows add up to %s%s", held, denom, want, denom)
	}
	return nil
}

// CheckBondsBalance checks that compute_bonds holds exactly the providers'
// bonds plus the unbonding amounts.
func (k Keeper) CheckBondsBalance(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	denom := params.MinBond.Denom
	want := math.ZeroInt()
	add := func(what string, c sdk.Coin) error {
		if c.Amount.IsNil() || c.Denom != denom || c.IsNegative() {
			return errorsmod.Wrapf(types.ErrBrokenInvariant, "%s is %s, not an amount of %s", what, c, denom)
		}
		want = want.Add(c.Amount)
		return nil
	}
	if err := k.Providers.Walk(ctx, nil, func(_ sdk.ValAddress, p types.Provider) (bool, error) {
		return false, add("the bond of "+p.Operator, p.Bond)
	}); err != nil {
		return err
	}
	if err := k.Unbondings.Walk(ctx, nil, func(_ uint64, u types.BondUnbonding) (bool, error) {
		return false, add("an unbonding of "+u.Account, u.Amount)
	}); err != nil {
		return err
	}
	held := k.bankKeeper.GetBalance(ctx, authtypes.NewModuleAddress(types.BondsName), denom).Amount
	if !held.Equal(want) {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "compute_bonds holds %s%s, bonds and unbondings add up to %s%s", held, denom, want, denom)
	}
	return nil
}

// CheckOfferReservations checks that the GPUs each offer has reserved are
// exactly those its unfinished leases hold, never more than it offers, and
// that every unfinished lease's offer exists.
func (k Keeper) CheckOfferReservations(ctx context.Context) error {
	held := make(map[uint64]uint64) // offer id -> GPUs of its unfinished leases; looked up, never ranged over
	for _, s := range types.UnfinishedLeaseStatuses {
		err := k.Leases.Indexes.Status.Walk(ctx, collections.NewPrefixedPairRange[int32, uint64](int32(s)),
			func(_ int32, id uint64) (bool, error) {
				l, err := k.Leases.Get(ctx, id)
				if err != nil {
					return true, err
				}
				if l.Status != s {
					return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "lease %d is %s, indexed as %s", id, l.Status, s)
				}
				has, err := k.Offers.Has(ctx, l.OfferId)
				if err != nil {
					return true, err
				}
				if !has {
					return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "unfinished lease %d holds GPUs of offer %d, which does not exist", id, l.OfferId)
				}
				held[l.OfferId] += uint64(l.Gpu.Count)
				return false, nil
			})
		if err != nil {
			return err
		}
	}
	return k.Offers.Walk(ctx, nil, func(id uint64, o types.Offer) (bool, error) {
		if uint64(o.Reserved) != held[id] {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "offer %d reserves %d GPUs, its unfinished leases hold %d", id, o.Reserved, held[id])
		}
		if o.Reserved > o.Gpu.Count {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "offer %d reserves %d of its %d GPUs", id, o.Reserved, o.Gpu.Count)
		}
		return false, nil
	})
}

// CheckPriceIndex checks that the price indexes hold exactly the listed
// offers (open, with free GPUs, of an active provider), each under its own
// model and price.
func (k Keeper) CheckPriceIndex(ctx context.Context) error {
	// indexedOffer checks that an index entry points at a listed offer with
	// the entry's model (when the index has one) and price.
	indexedOffer := func(index string, id, price uint64, model *string) error {
		o, err := k.Offers.Get(ctx, id)
		if err != nil {
			return errorsmod.Wrapf(types.ErrBrokenInvariant, "%s lists offer %d: %s", index, id, err)
		}
		listed, err := k.listed(ctx, o)
		if err != nil {
			return errorsmod.Wrapf(types.ErrBrokenInvariant, "%s lists offer %d: %s", index, id, err)
		}
		switch {
		case !listed:
			return errorsmod.Wrapf(types.ErrBrokenInvariant, "%s lists offer %d, which cannot take a lease", index, id)
		case !o.PricePerGpuHour.Amount.IsUint64() || o.PricePerGpuHour.Amount.Uint64() != price:
			return errorsmod.Wrapf(types.ErrBrokenInvariant, "%s lists offer %d at %d, it costs %s", index, id, price, o.PricePerGpuHour)
		case model != nil && *model != o.Gpu.Model:
			return errorsmod.Wrapf(types.ErrBrokenInvariant, "%s lists offer %d under another model", index, id)
		}
		return nil
	}
	if err := k.OfferPrices.Walk(ctx, nil, func(key collections.Triple[string, uint64, uint64]) (bool, error) {
		model := key.K1()
		return false, indexedOffer("offer_prices", key.K3(), key.K2(), &model)
	}); err != nil {
		return err
	}
	if err := k.OfferPricesAnyModel.Walk(ctx, nil, func(key collections.Pair[uint64, uint64]) (bool, error) {
		return false, indexedOffer("offer_prices_any_model", key.K2(), key.K1(), nil)
	}); err != nil {
		return err
	}
	return k.Offers.Walk(ctx, nil, func(id uint64, o types.Offer) (bool, error) {
		listed, err := k.listed(ctx, o)
		if err != nil || !listed {
			return err != nil, err
		}
		key, anyKey, err := priceKeys(o)
		if err != nil {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "listed offer %d: %s", id, err)
		}
		inPrices, err := k.OfferPrices.Has(ctx, key)
		if err != nil {
			return true, err
		}
		inAny, err := k.OfferPricesAnyModel.Has(ctx, anyKey)
		if err != nil {
			return true, err
		}
		if !inPrices || !inAny {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "listed offer %d is missing from the price indexes", id)
		}
		return false, nil
	})
}

// CheckJobStatuses checks that every job that was leased names a lease of
// its own whose status gives the job's: leased while the lease runs,
// completed once it settled, failed once it ended any other way; and that
// a job never leased names no lease.
func (k Keeper) CheckJobStatuses(ctx context.Context) error {
	return k.Jobs.Walk(ctx, nil, func(id uint64, j types.Job) (bool, error) {
		switch j.Status {
		case types.JOB_STATUS_LEASED, types.JOB_STATUS_COMPLETED, types.JOB_STATUS_FAILED:
		default:
			if j.LeaseId != 0 {
				return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "job %d is %s with lease %d", id, j.Status, j.LeaseId)
			}
			return false, nil
		}
		l, err := k.Leases.Get(ctx, j.LeaseId)
		if err != nil {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "job %d is %s, its lease %d: %s", id, j.Status, j.LeaseId, err)
		}
		if l.JobId != id || types.JobStatusOfLease(l.Status) != j.Status {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "job %d is %s, its lease %d (of job %d) is %s", id, j.Status, l.Id, l.JobId, l.Status)
		}
		return false, nil
	})
}

// CheckAttestationsDue checks that the AttestationsDue index holds exactly
// the committee members of leases being attested that have not acted yet
// in the lease's phase (isDue):
// every entry is such a member, and every such member has an entry.
func (k Keeper) CheckAttestationsDue(ctx context.Context) error {
	entries := 0
	if err := k.AttestationsDue.Walk(ctx, nil, func(key collections.Pair[sdk.ValAddress, uint64]) (bool, error) {
		entries++
		lease, err := k.Leases.Get(ctx, key.K2())
		if err != nil {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "attestation due on lease %d: %v", key.K2(), err)
		}
		val := k.operatorLabel(key.K1())
		if lease.Status != types.LEASE_STATUS_ATTESTING || !onCommittee(lease, val) {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "%s is due on lease %d, which is %s and not its committee's", val, lease.Id, lease.Status)
		}
		due, err := k.isDue(ctx, lease, key.K1())
		if err != nil {
			return true, err
		}
		if !due {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "%s is due on lease %d but has acted in its %s", val, lease.Id, lease.AttestationPhase)
		}
		return false, nil
	}); err != nil {
		return err
	}
	want := 0
	err := k.Leases.Indexes.Status.Walk(ctx, collections.NewPrefixedPairRange[int32, uint64](int32(types.LEASE_STATUS_ATTESTING)),
		func(_ int32, id uint64) (bool, error) {
			lease, err := k.Leases.Get(ctx, id)
			if err != nil {
				return true, err
			}
			for _, m := range lease.Committee {
				val, err := k.operator(m.Validator)
				if err != nil {
					return true, err
				}
				due, err := k.isDue(ctx, lease, val)
				if err != nil {
					return true, err
				}
				if due {
					want++
				}
			}
			return false, nil
		})
	if err != nil {
		return err
	}
	if entries != want {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "attestations due index has %d entries, leases being attested have %d members due", entries, want)
	}
	return nil
}
