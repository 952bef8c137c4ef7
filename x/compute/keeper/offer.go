package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/x/compute/types"
)

// OfferTerms are what a provider sets on an offer.
type OfferTerms struct {
	Gpu                types.Gpu
	Price              sdk.Coin
	MinHours, MaxHours uint32
}

func (t OfferTerms) check(p types.Params) error {
	if err := types.ValidateGpuModel("gpu", t.Gpu, p.MaxTextLength); err != nil {
		return err
	}
	if t.Price.Denom != p.MinBond.Denom || t.Price.Amount.IsNil() || !t.Price.Amount.IsPositive() || !t.Price.Amount.IsUint64() {
		return errorsmod.Wrapf(types.ErrInvalidPrice, "price per GPU-hour must be a positive amount of %s, got %s", p.MinBond.Denom, t.Price)
	}
	if t.MinHours < p.MinHours || t.MaxHours > p.MaxHours || t.MinHours > t.MaxHours {
		return errorsmod.Wrapf(types.ErrInvalidHours, "hours %d to %d; the chain allows %d to %d", t.MinHours, t.MaxHours, p.MinHours, p.MaxHours)
	}
	if t.Gpu.Count == 0 {
		return errorsmod.Wrap(types.ErrNoCapacity, "an offer needs at least one GPU")
	}
	return nil
}

// CreateOffer offers GPUs the provider has and has not offered elsewhere.
func (k Keeper) CreateOffer(ctx context.Context, account sdk.AccAddress, terms OfferTerms) (uint64, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	if err := terms.check(params); err != nil {
		return 0, err
	}
	p, err := k.GetProvider(ctx, account)
	if err != nil {
		return 0, err
	}
	live, err := k.liveOffers(ctx, sdk.ValAddress(account))
	if err != nil {
		return 0, err
	}
	if n := countOpen(live); n >= int(params.MaxOffersPerProvider) {
		return 0, errorsmod.Wrapf(types.ErrTooManyOffers, "%d open offers, the limit is %d", n, params.MaxOffersPerProvider)
	}
	id, err := k.OfferSeq.Next(ctx)
	if err != nil {
		return 0, err
	}
	o := types.Offer{
		Id: id, Provider: p.Operator, Gpu: terms.Gpu, PricePerGpuHour: terms.Price,
		MinHours: terms.MinHours, MaxHours: terms.MaxHours, Status: types.OFFER_STATUS_OPEN,
	}
	if err := fits(p, append(live, o)); err != nil {
		return 0, err
	}
	if err := k.setOffer(ctx, o, nil); err != nil {
		return 0, err
	}
	return id, emit(ctx, &types.EventOfferCreated{
		OfferId: o.Id, Provider: o.Provider, Gpu: o.Gpu, PricePerGpuHour: o.PricePerGpuHour, MinHours: o.MinHours, MaxHours: o.MaxHours,
	})
}

// UpdateOffer changes an open offer's count, price and hours.
func (k Keeper) UpdateOffer(ctx context.Context, account sdk.AccAddress, id uint64, count uint32, price sdk.Coin, minHours, maxHours uint32) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	o, p, err := k.ownOpenOffer(ctx, account, id)
	if err != nil {
		return err
	}
	old := o
	o.Gpu.Count, o.PricePerGpuHour, o.MinHours, o.MaxHours = count, price, minHours, maxHours
	if err := (OfferTerms{Gpu: o.Gpu, Price: price, MinHours: minHours, MaxHours: maxHours}).check(params); err != nil {
		return err
	}
	if count < o.Reserved {
		return errorsmod.Wrapf(types.ErrNoCapacity, "%d GPUs are held by leases", o.Reserved)
	}
	live, err := k.liveOffers(ctx, sdk.ValAddress(account))
	if err != nil {
		return err
	}
	for i := range live {
		if live[i].Id == id {
			live[i] = o
		}
	}
	if err := fits(p, live); err != nil {
		return err
	}
	if err := k.setOffer(ctx, o, &old); err != nil {
		return err
	}
	return emit(ctx, &types.EventOfferUpdated{
		OfferId: o.Id, Provider: o.Provider, Count: o.Gpu.Count, PricePerGpuHour: o.PricePerGpuHour, MinHours: o.MinHours, MaxHours: o.MaxHours,
	})
}

// CloseOffer closes an offer to new leases. Its leases run on; the offer
// is deleted once none holds its GPUs, so a provider's offers stay bounded.
func (k Keeper) CloseOffer(ctx context.Context, account sdk.AccAddress, id uint64) error {
	o, _, err := k.ownOpenOffer(ctx, account, id)
	if err != nil {
		return err
	}
	old := o
	o.Status = types.OFFER_STATUS_CLOSED
	if err := k.setOffer(ctx, o, &old); err != nil {
		return err
	}
	if err := k.deleteIfDone(ctx, o); err != nil {
		return err
	}
	return emitOfferClosed(ctx, o)
}

// deleteIfDone deletes a closed offer no lease holds any more.
func (k Keeper) deleteIfDone(ctx context.Context, o types.Offer) error {
	if o.Status != types.OFFER_STATUS_CLOSED || o.Reserved > 0 {
		return nil
	}
	return k.Offers.Remove(ctx, o.Id)
}

// GetOffer returns an offer or ErrOfferNotFound.
func (k Keeper) GetOffer(ctx context.Context, id uint64) (types.Offer, error) {
	o, err := k.Offers.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return o, errorsmod.Wrapf(types.ErrOfferNotFound, "offer %d", id)
	}
	return o, err
}

func (k Keeper) ownOpenOffer(ctx context.Context, account sdk.AccAddress, id uint64) (types.Offer, types.Provider, error) {
	o, err := k.GetOffer(ctx, id)
	if err != nil {
		return o, types.Provider{}, err
	}
	p, err := k.GetProvider(ctx, account)
	if err != nil {
		return o, p, err
	}
	if o.Provider != p.Operator {
		return o, p, errorsmod.Wrapf(types.ErrNotOfferOwner, "offer %d is %s's", id, o.Provider)
	}
	if o.Status != types.OFFER_STATUS_OPEN {
		return o, p, errorsmod.Wrapf(types.ErrOfferClosed, "offer %d", id)
	}
	return o, p, nil
}

// setOffer stores an offer and keeps the price indexes to listed offers:
// open ones with free GPUs of an active provider, so matching never walks
// offers that cannot take a job. The old offer's keys are removed whether
// or not they were listed (removing a missing key is a no-op), which keeps
// the indexes right however the provider's status changed in between.
func (k Keeper) setOffer(ctx context.Context, o types.Offer, old *types.Offer) error {
	if old != nil {
		if err := k.unlist(ctx, *old); err != nil {
			return err
		}
	}
	listed, err := k.listed(ctx, o)
	if err != nil {
		return err
	}
	if listed {
		key, anyKey, err := priceKeys(o)
		if err != nil {
			return err
		}
		if err := k.OfferPrices.Set(ctx, key); err != nil {
			return err
		}
		if err := k.OfferPricesAnyModel.Set(ctx, anyKey); err != nil {
			return err
		}
	}
	return k.Offers.Set(ctx, o.Id, o)
}

// unlist removes an offer's price index keys, if it has any. An offer whose
// model or price cannot form a key was never indexed.
func (k Keeper) unlist(ctx context.Context, o types.Offer) error {
	key, anyKey, err := priceKeys(o)
	if err != nil {
		return nil
	}
	if err := k.OfferPrices.Remove(ctx, key); err != nil {
		return err
	}
	return k.OfferPricesAnyModel.Remove(ctx, anyKey)
}

// relistOffers puts a provider's offers into or out of the price indexes
// after its status changed. It runs inside staking hooks and EndBlock
// (a slash), so each offer is handled on its own (internal/isolate): an
// offer that cannot be relisted, such as one stored with a model that
// cannot be a key, is closed instead, so it can take no new lease and the
// indexes stay consistent; its running leases go on.
func (k Keeper) relistOffers(ctx context.Context, operator sdk.ValAddress) error {
	ids, err := k.offerIDs(ctx, operator)
	if err != nil {
		return err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	for _, id := range ids {
		isolate.Item(sdkCtx, types.ModuleName, fmt.Sprintf("relist offer %d", id),
			func(ctx sdk.Context) error {
				o, err := k.Offers.Get(ctx, id)
				if err != nil {
					return err
				}
				return k.setOffer(ctx, o, &o)
			},
			&isolate.Fallback{Outcome: "closed", Do: func(ctx sdk.Context, _ error) error {
				o, err := k.Offers.Get(ctx, id)
				if err != nil {
					return err
				}
				if err := k.unlist(ctx, o); err != nil {
					return err
				}
				o.Status = types.OFFER_STATUS_CLOSED
				if err := k.Offers.Set(ctx, o.Id, o); err != nil {
					return err
				}
				if err := k.deleteIfDone(ctx, o); err != nil {
					return err
				}
				return emitOfferClosed(ctx, o)
			}})
	}
	return nil
}

// listed says whether an offer can take a lease: open, with free GPUs, of
// an active provider.
func (k Keeper) listed(ctx context.Context, o types.Offer) (bool, error) {
	if o.Status != types.OFFER_STATUS_OPEN || o.Gpu.Count <= o.Reserved {
		return false, nil
	}
	p, err := k.providerOf(ctx, o.Provider)
	if err != nil {
		return false, err
	}
	return p.Status == types.PROVIDER_STATUS_ACTIVE, nil
}

// priceKeys returns an offer's keys in the price indexes; a model that is
// not an identifier or a price above uint64 cannot be a key.
func priceKeys(o types.Offer) (collections.Triple[string, uint64, uint64], collections.Pair[uint64, uint64], error) {
	if err := types.ValidateGpuModel("gpu", o.Gpu, 0); err != nil {
		return collections.Triple[string, uint64, uint64]{}, collections.Pair[uint64, uint64]{}, err
	}
	if o.PricePerGpuHour.Amount.IsNil() || !o.PricePerGpuHour.Amount.IsUint64() {
		return collections.Triple[string, uint64, uint64]{}, collections.Pair[uint64, uint64]{},
			errorsmod.Wrapf(types.ErrInvalidPrice, "offer %d price %s is not a uint64", o.Id, o.PricePerGpuHour)
	}
	price := o.PricePerGpuHour.Amount.Uint64()
	return collections.Join3(o.Gpu.Model, price, o.Id), collections.Join(price, o.Id), nil
}

// liveOffers returns a provider's offers: the open ones (at most
// max_offers_per_provider) and the closed ones leases still hold.
func (k Keeper) liveOffers(ctx context.Context, operator sdk.ValAddress) ([]types.Offer, error) {
	ids, err := k.offerIDs(ctx, operator)
	if err != nil {
		return nil, err
	}
	live := make([]types.Offer, 0, len(ids))
	for _, id := range ids {
		o, err := k.Offers.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		live = append(live, o)
	}
	return live, nil
}

// offerIDs returns the ids of a provider's offers, from the index.
func (k Keeper) offerIDs(ctx context.Context, operator sdk.ValAddress) ([]uint64, error) {
	iter, err := k.Offers.Indexes.Provider.MatchExact(ctx, operator)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	var ids []uint64
	for ; iter.Valid(); iter.Next() {
		id, err := iter.PrimaryKey()
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func countOpen(offers []types.Offer) int {
	n := 0
	for _, o := range offers {
		if o.Status == types.OFFER_STATUS_OPEN {
			n++
		}
	}
	return n
}

// held is the number of GPUs an offer takes from the inventory: all it
// offers while open, only those its leases hold once closed.
func held(o types.Offer) uint64 {
	if o.Status == types.OFFER_STATUS_OPEN {
		return uint64(o.Gpu.Count)
	}
	return uint64(o.Reserved)
}

// checkOffersFit checks a provider's open offers against its inventory.
func (k Keeper) checkOffersFit(ctx context.Context, p types.Provider) error {
	op, err := k.operator(p.Operator)
	if err != nil {
		return err
	}
	live, err := k.liveOffers(ctx, op)
	if err != nil {
		return err
	}
	return fits(p, live)
}

// fits checks that, per GPU model, the GPUs the offers hold add up to at
// most what the provider has, with at least the VRAM they claim.
func fits(p types.Provider, offers []types.Offer) error {
	for _, g := range p.Gpus {
		var offered uint64
		for _, o := range offers {
			if o.Gpu.Model == g.Model {
				if o.Gpu.VramMib > g.VramMib {
					return errorsmod.Wrapf(types.ErrNoCapacity, "offer of %s claims %d MiB, the provider's have %d", g.Model, o.Gpu.VramMib, g.VramMib)
				}
				offered += held(o)
			}
		}
		if offered > uint64(g.Count) {
			return errorsmod.Wrapf(types.ErrNoCapacity, "%d %s offered, the provider has %d", offered, g.Model, g.Count)
		}
	}
	for _, o := range offers {
		has := false
		for _, g := range p.Gpus {
			has = has || g.Model == o.Gpu.Model
		}
		if !has {
			return errorsmod.Wrapf(types.ErrNoCapacity, "the provider has no %s", o.Gpu.Model)
		}
	}
	return nil
}

func emitOfferClosed(ctx context.Context, o types.Offer) error {
	return emit(ctx, &types.EventOfferClosed{OfferId: o.Id, Provider: o.Provider, Reserved: o.Reserved})
}
