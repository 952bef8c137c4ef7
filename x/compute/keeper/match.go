package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/x/compute/types"
)

// jobsToMatch returns up to budget open job ids to look at this block,
// resuming from the cursor and wrapping around to the oldest, with the
// cursor and where the next block resumes.
func (k Keeper) jobsToMatch(ctx context.Context, budget uint32) (ids []uint64, cursor, next uint64, err error) {
	cursor, err = k.MatchCursor.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, 0, 0, err
	}
	n := int(budget)
	if ids, err = k.openJobIDs(ctx, cursor, 0, n); err != nil {
		return nil, 0, 0, err
	}
	if len(ids) == n {
		return ids, cursor, ids[len(ids)-1] + 1, nil
	}
	if cursor > 0 {
		// Wrap around to the oldest jobs, stopping where this walk began.
		older, err := k.openJobIDs(ctx, 0, cursor, n-len(ids))
		if err != nil {
			return nil, 0, 0, err
		}
		if len(older) == n-len(ids) && len(older) > 0 {
			next = older[len(older)-1] + 1
		}
		ids = append(ids, older...)
	}
	return ids, cursor, next, nil
}

// matchJob leases an open job to the cheapest eligible offer, if any. A
// job past its deadline is left to expire.
func (k Keeper) matchJob(ctx sdk.Context, id uint64, params types.Params) error {
	job, err := k.GetJob(ctx, id)
	if err != nil {
		return err
	}
	if job.Status != types.JOB_STATUS_OPEN || !job.Deadline.After(ctx.BlockTime()) {
		return nil
	}
	offer, found, err := k.cheapestOffer(ctx, job, params)
	if err != nil || !found {
		return err
	}
	_, err = k.createLease(ctx, job, offer, params)
	return err
}

// openJobIDs returns up to limit open job ids in [from, to), to = 0 meaning
// no end. They are read before any is leased, which changes the index.
func (k Keeper) openJobIDs(ctx context.Context, from, to uint64, limit int) ([]uint64, error) {
	rng := collections.NewPrefixedPairRange[int32, uint64](int32(types.JOB_STATUS_OPEN)).StartInclusive(from)
	if to > 0 {
		rng = rng.EndExclusive(to)
	}
	iter, err := k.Jobs.Indexes.Status.Iterate(ctx, rng)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	var ids []uint64
	for ; iter.Valid() && len(ids) < limit; iter.Next() {
		id, err := iter.PrimaryKey()
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// cheapestOffer finds the cheapest offer that can take the job, looking at
// no more than max_offers_per_match offers, cheapest first, from the price
// index of the job's model (or of all models for a VRAM-only job). Among
// offers of the lowest eligible price, the provider with the higher
// reputation wins, then the older offer.
func (k Keeper) cheapestOffer(ctx sdk.Context, job types.Job, params types.Params) (types.Offer, bool, error) {
	if !job.MaxPricePerGpuHour.Amount.IsUint64() {
		return types.Offer{}, false, errorsmod.Wrapf(types.ErrInvalidPrice, "job %d max price %s", job.Id, job.MaxPricePerGpuHour)
	}
	maxPrice := job.MaxPricePerGpuHour.Amount.Uint64()
	var (
		best      types.Offer
		bestPrice uint64
		bestScore uint32
		found     bool
		visited   uint32
	)
	// consider returns true to stop the walk. An offer that cannot be read
	// or judged counts as visited and is skipped (and reported), so one bad
	// stored offer cannot stop the jobs of its model from matching.
	consider := func(price, id uint64) (bool, error) {
		if price > maxPrice || (found && price > bestPrice) || visited == params.MaxOffersPerMatch {
			return true, nil
		}
		visited++
		o, err := k.Offers.Get(ctx, id)
		var score uint32
		if err == nil {
			score, err = k.eligible(ctx, job, o)
		}
		switch {
		case errors.Is(err, types.ErrOfferIneligible):
		case err != nil:
			// Reads only: nothing to roll back, just the standard report.
			isolate.Item(ctx, types.ModuleName, fmt.Sprintf("match job %d: offer %d", job.Id, id),
				func(sdk.Context) error { return err }, nil)
		case !found || score > bestScore:
			best, bestPrice, bestScore, found = o, price, score, true
		}
		return false, nil
	}
	var err error
	if job.Requirements.Model != "" {
		err = k.OfferPrices.Walk(ctx, collections.NewPrefixedTripleRange[string, uint64, uint64](job.Requirements.Model),
			func(key collections.Triple[string, uint64, uint64]) (bool, error) {
				return consider(key.K2(), key.K3())
			})
	} else {
		err = k.OfferPricesAnyModel.Walk(ctx, nil,
			func(key collections.Pair[uint64, uint64]) (bool, error) { return consider(key.K1(), key.K2()) })
	}
	return best, found, err
}

// eligible says whether an offer can take a job, with the provider's
// reputation score; an ineligible offer gets ErrOfferIneligible and why.
func (k Keeper) eligible(ctx context.Context, job types.Job, o types.Offer) (uint32, error) {
	r := job.Requirements
	switch {
	case types.ValidateGpuModel("gpu", o.Gpu, 0) != nil:
		return 0, errorsmod.Wrapf(types.ErrOfferIneligible, "offer %d has an invalid model", o.Id)
	case o.Status != types.OFFER_STATUS_OPEN:
		return 0, errorsmod.Wrapf(types.ErrOfferIneligible, "offer %d is closed", o.Id)
	case r.Model != "" && o.Gpu.Model != r.Model:
		return 0, errorsmod.Wrapf(types.ErrOfferIneligible, "offer %d sells %s, the job needs %s", o.Id, o.Gpu.Model, r.Model)
	case o.Gpu.VramMib < r.MinVramMib:
		return 0, errorsmod.Wrapf(types.ErrOfferIneligible, "offer %d has %d MiB, the job needs %d", o.Id, o.Gpu.VramMib, r.MinVramMib)
	case o.Gpu.Count-o.Reserved < r.Count:
		return 0, errorsmod.Wrapf(types.ErrOfferIneligible, "offer %d has %d free GPUs, the job needs %d", o.Id, o.Gpu.Count-o.Reserved, r.Count)
	case r.Hours < o.MinHours || r.Hours > o.MaxHours:
		return 0, errorsmod.Wrapf(types.ErrOfferIneligible, "offer %d sells %d to %d hours, the job needs %d", o.Id, o.MinHours, o.MaxHours, r.Hours)
	case o.PricePerGpuHour.Denom != job.MaxPricePerGpuHour.Denom || o.PricePerGpuHour.Amount.GT(job.MaxPricePerGpuHour.Amount):
		return 0, errorsmod.Wrapf(types.ErrOfferIneligible, "offer %d costs %s per GPU-hour, the job pays at most %s", o.Id, o.PricePerGpuHour, job.MaxPricePerGpuHour)
	}
	operator, err := k.operator(o.Provider)
	if err != nil {
		return 0, err
	}
	p, err := k.Providers.Get(ctx, operator)
	if err != nil {
		return 0, err
	}
	if p.Status != types.PROVIDER_STATUS_ACTIVE {
		return 0, errorsmod.Wrapf(types.ErrOfferIneligible, "provider %s is inactive (bond %s)", p.Operator, p.Bond)
	}
	if p.Account == job.Consumer {
		return 0, errorsmod.Wrapf(types.ErrOfferIneligible, "offer %d is the consumer's own", o.Id)
	}
	if !k.validatorBonded(ctx, operator) {
		return 0, errorsmod.Wrapf(types.ErrOfferIneligible, "provider %s is not a bonded validator", p.Operator)
	}
	score, err := k.reputationKeeper.Score(ctx, sdk.AccAddress(operator))
	if err != nil {
		return 0, err
	}
	if score < job.MinProviderReputation {
		return 0, errorsmod.Wrapf(types.ErrOfferIneligible, "provider %s scores %d, the job needs %d", p.Operator, score, job.MinProviderReputation)
	}
	return score, nil
}

// AcceptOffer leases the offer the consumer picked for its open job.
func (k Keeper) AcceptOffer(ctx context.Context, consumer sdk.AccAddress, jobID, offerID uint64) (uint64, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	job, err := k.ownOpenJob(ctx, consumer, jobID)
	if err != nil {
		return 0, err
	}
	offer, err := k.GetOffer(ctx, offerID)
	if err != nil {
		return 0, err
	}
	if _, err := k.eligible(ctx, job, offer); err != nil {
		return 0, err
	}
	return k.createLease(ctx, job, offer, params)
}

// createLease leases the job's GPUs from the offer at the offer's price.
// The escrow of price x GPUs x hours moves from the job to the lease and
// the rest of the job's escrow (its max price over the lease price) is
// refunded at once.
func (k Keeper) createLease(ctx context.Context, job types.Job, offer types.Offer, params types.Params) (uint64, error) {
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	r := job.Requirements
	price := offer.PricePerGpuHour
	escrow := sdk.Coin{Denom: price.Denom, Amount: price.Amount.MulRaw(int64(r.Count)).MulRaw(int64(r.Hours))}
	refund, err := job.Escrow.SafeSub(escrow)
	if err != nil {
		return 0, errorsmod.Wrapf(types.ErrBrokenInvariant, "job %d escrows %s, its lease needs %s", job.Id, job.Escrow, escrow)
	}
	consumer, err := k.account(job.Consumer)
	if err != nil {
		return 0, err
	}
	if refund.IsPositive() {
		if err := k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.EscrowName, consumer, sdk.Coins{refund}); err != nil {
			return 0, err
		}
	}
	id, err := k.LeaseSeq.Next(ctx)
	if err != nil {
		return 0, err
	}
	if err := k.JobDeadlines.Remove(ctx, collections.Join(job.Deadline, job.Id)); err != nil {
		return 0, err
	}
	job.Status, job.Escrow, job.LeaseId = types.JOB_STATUS_LEASED, sdk.Coin{Denom: price.Denom, Amount: math.ZeroInt()}, id
	if err := k.Jobs.Set(ctx, job.Id, job); err != nil {
		return 0, err
	}
	old := offer
	offer.Reserved += r.Count
	if err := k.setOffer(ctx, offer, &old); err != nil {
		return 0, err
	}
	gpu := offer.Gpu
	gpu.Count = r.Count
	lease := types.Lease{
		Id: id, JobId: job.Id, OfferId: offer.Id, Provider: offer.Provider, Consumer: job.Consumer,
		Gpu: gpu, Hours: r.Hours, PricePerGpuHour: price, Escrow: escrow, Created: now,
		Deadline: now.Add(hoursDuration(r.Hours) + params.ResultGracePeriod), Status: types.LEASE_STATUS_ACTIVE,
	}
	if err := k.Leases.Set(ctx, id, lease); err != nil {
		return 0, err
	}
	if err := k.LeaseDeadlines.Set(ctx, collections.Join(lease.Deadline, id)); err != nil {
		return 0, err
	}
	return id, emit(ctx, &types.EventLeaseCreated{
		LeaseId: id, JobId: job.Id, OfferId: offer.Id, Provider: lease.Provider, Consumer: lease.Consumer,
		Gpu: lease.Gpu, Hours: lease.Hours, PricePerGpuHour: price, Escrow: escrow, Refund: refund, Deadline: lease.Deadline,
	})
}
