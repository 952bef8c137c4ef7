package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

// OfferTerms are what a provider sets on an offer.
type OfferTerms struct {
	Gpu                types.Gpu
	Price              sdk.Coin
	MinHours, MaxHours uint32
}

func (t OfferTerms) check(p types.Params) error {
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
	open, err := k.openOffers(ctx, sdk.ValAddress(account))
	if err != nil {
		return 0, err
	}
	if len(open) >= int(params.MaxOffersPerProvider) {
		return 0, errorsmod.Wrapf(types.ErrTooManyOffers, "%d open offers, the limit is %d", len(open), params.MaxOffersPerProvider)
	}
	id, err := k.OfferSeq.Next(ctx)
	if err != nil {
		return 0, err
	}
	o := types.Offer{
		Id: id, Provider: p.Operator, Gpu: terms.Gpu, PricePerGpuHour: terms.Price,
		MinHours: terms.MinHours, MaxHours: terms.MaxHours, Status: types.OFFER_STATUS_OPEN,
	}
	if err := fits(p, append(open, o)); err != nil {
		return 0, err
	}
	if err := k.setOffer(ctx, o, nil); err != nil {
		return 0, err
	}
	return id, emitOffer(ctx, o, "created")
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
	open, err := k.openOffers(ctx, sdk.ValAddress(account))
	if err != nil {
		return err
	}
	for i := range open {
		if open[i].Id == id {
			open[i] = o
		}
	}
	if err := fits(p, open); err != nil {
		return err
	}
	if err := k.setOffer(ctx, o, &old); err != nil {
		return err
	}
	return emitOffer(ctx, o, "updated")
}

// CloseOffer closes an offer to new leases.
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
	return emitOffer(ctx, o, "closed")
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

// setOffer stores an offer and keeps the price index to open offers only.
func (k Keeper) setOffer(ctx context.Context, o types.Offer, old *types.Offer) error {
	if old != nil && old.Status == types.OFFER_STATUS_OPEN {
		if err := k.OfferPrices.Remove(ctx, priceKey(*old)); err != nil {
			return err
		}
	}
	if o.Status == types.OFFER_STATUS_OPEN {
		if err := k.OfferPrices.Set(ctx, priceKey(o)); err != nil {
			return err
		}
	}
	return k.Offers.Set(ctx, o.Id, o)
}

func priceKey(o types.Offer) collections.Triple[string, uint64, uint64] {
	return collections.Join3(o.Gpu.Model, o.PricePerGpuHour.Amount.Uint64(), o.Id)
}

// openOffers returns a provider's open offers (bounded by max_offers_per_provider).
func (k Keeper) openOffers(ctx context.Context, operator sdk.ValAddress) ([]types.Offer, error) {
	iter, err := k.Offers.Indexes.Provider.MatchExact(ctx, operator)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	var open []types.Offer
	for ; iter.Valid(); iter.Next() {
		id, err := iter.PrimaryKey()
		if err != nil {
			return nil, err
		}
		o, err := k.Offers.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		if o.Status == types.OFFER_STATUS_OPEN {
			open = append(open, o)
		}
	}
	return open, nil
}

// checkOffersFit checks a provider's open offers against its inventory.
func (k Keeper) checkOffersFit(ctx context.Context, p types.Provider) error {
	open, err := k.openOffers(ctx, sdk.MustValAddressFromBech32(p.Operator))
	if err != nil {
		return err
	}
	return fits(p, open)
}

// fits checks that, per GPU model, the open offers' counts add up to at
// most what the provider has, with at least the VRAM they claim.
func fits(p types.Provider, offers []types.Offer) error {
	for _, g := range p.Gpus {
		var offered uint64
		for _, o := range offers {
			if o.Gpu.Model == g.Model {
				if o.Gpu.VramMib > g.VramMib {
					return errorsmod.Wrapf(types.ErrNoCapacity, "offer of %s claims %d MiB, the provider's have %d", g.Model, o.Gpu.VramMib, g.VramMib)
				}
				offered += uint64(o.Gpu.Count)
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

func emitOffer(ctx context.Context, o types.Offer, action string) error {
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventOffer{OfferId: o.Id, Provider: o.Provider, Action: action})
}
