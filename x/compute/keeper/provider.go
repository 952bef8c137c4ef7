package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

// Inventory is a provider's self-description.
type Inventory struct {
	Endpoint, Region string
	Gpus             []types.Gpu
	Attributes       []types.Attribute
}

func (inv Inventory) check(p types.Params) error {
	if err := types.ValidateInventoryStrings(inv.Endpoint, inv.Region, inv.Gpus, inv.Attributes, p.MaxTextLength); err != nil {
		return err
	}
	if len(inv.Gpus) == 0 || len(inv.Gpus) > int(p.MaxGpuKinds) {
		return errorsmod.Wrapf(types.ErrInvalidGpus, "1 to %d GPU kinds, got %d", p.MaxGpuKinds, len(inv.Gpus))
	}
	seen := map[string]bool{}
	for _, g := range inv.Gpus {
		if g.VramMib == 0 || g.Count == 0 || seen[g.Model] {
			return errorsmod.Wrapf(types.ErrInvalidGpus, "GPU %s: needs VRAM in MiB and a count, and each model once", g.Model)
		}
		seen[g.Model] = true
	}
	if len(inv.Attributes) > int(p.MaxAttributes) {
		return errorsmod.Wrapf(types.ErrInvalidText, "%d attributes, the limit is %d", len(inv.Attributes), p.MaxAttributes)
	}
	return nil
}

// RegisterProvider registers the validator of account as a provider. Only
// a bonded validator may, with at least min_bond escrowed in compute_bonds.
func (k Keeper) RegisterProvider(ctx context.Context, account sdk.AccAddress, inv Inventory, bond sdk.Coin) (sdk.ValAddress, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	operator := sdk.ValAddress(account)
	opStr, err := k.operatorString(operator)
	if err != nil {
		return nil, err
	}
	accStr, err := k.accountString(account)
	if err != nil {
		return nil, err
	}
	if has, err := k.Providers.Has(ctx, operator); err != nil {
		return nil, err
	} else if has {
		return nil, errorsmod.Wrapf(types.ErrProviderExists, "%s", opStr)
	}
	if !k.validatorBonded(ctx, operator) {
		return nil, errorsmod.Wrapf(types.ErrNotBondedValidator, "%s is not a bonded validator; its account %s must run one", opStr, accStr)
	}
	if err := inv.check(params); err != nil {
		return nil, err
	}
	if bond.Denom != params.MinBond.Denom || bond.Amount.IsNil() || bond.Amount.LT(params.MinBond.Amount) {
		return nil, errorsmod.Wrapf(types.ErrInvalidBond, "bond %s, at least %s is needed", bond, params.MinBond)
	}
	if err := k.bankKeeper.SendCoinsFromAccountToModule(ctx, account, types.BondsName, sdk.NewCoins(bond)); err != nil {
		return nil, err
	}
	p := types.Provider{
		Operator: opStr, Account: accStr, Endpoint: inv.Endpoint, Region: inv.Region,
		Gpus: inv.Gpus, Attributes: inv.Attributes, Bond: bond, Status: types.PROVIDER_STATUS_ACTIVE,
	}
	if err := k.Providers.Set(ctx, operator, p); err != nil {
		return nil, err
	}
	return operator, emit(ctx, &types.EventProviderRegistered{Operator: p.Operator, Account: p.Account, Bond: p.Bond, Gpus: p.Gpus})
}

// GetProvider returns the provider of a validator account.
func (k Keeper) GetProvider(ctx context.Context, account sdk.AccAddress) (types.Provider, error) {
	p, err := k.Providers.Get(ctx, sdk.ValAddress(account))
	if errors.Is(err, collections.ErrNotFound) {
		return p, errorsmod.Wrapf(types.ErrProviderNotFound, "%s", k.operatorLabel(sdk.ValAddress(account)))
	}
	return p, err
}

// providerOf returns the provider a stored record names by its operator
// address (an offer's or a lease's provider).
func (k Keeper) providerOf(ctx context.Context, operator string) (types.Provider, error) {
	op, err := k.operator(operator)
	if err != nil {
		return types.Provider{}, err
	}
	return k.Providers.Get(ctx, op)
}

// UpdateInventory replaces a provider's description. GPUs still offered
// must stay in the inventory.
func (k Keeper) UpdateInventory(ctx context.Context, account sdk.AccAddress, inv Inventory) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := inv.check(params); err != nil {
		return err
	}
	p, err := k.GetProvider(ctx, account)
	if err != nil {
		return err
	}
	p.Endpoint, p.Region, p.Gpus, p.Attributes = inv.Endpoint, inv.Region, inv.Gpus, inv.Attributes
	if err := k.checkOffersFit(ctx, p); err != nil {
		return err
	}
	if err := k.Providers.Set(ctx, sdk.ValAddress(account), p); err != nil {
		return err
	}
	return emit(ctx, &types.EventProviderUpdated{Operator: p.Operator, Gpus: p.Gpus})
}

// Bond adds to a provider's bond; reaching min_bond makes it active again.
func (k Keeper) Bond(ctx context.Context, account sdk.AccAddress, amount sdk.Coin) error {
	p, err := k.GetProvider(ctx, account)
	if err != nil {
		return err
	}
	if amount.Denom != p.Bond.Denom || amount.Amount.IsNil() || !amount.Amount.IsPositive() {
		return errorsmod.Wrapf(types.ErrInvalidBond, "bond a positive amount of %s, got %s", p.Bond.Denom, amount)
	}
	if err := k.bankKeeper.SendCoinsFromAccountToModule(ctx, account, types.BondsName, sdk.NewCoins(amount)); err != nil {
		return err
	}
	p.Bond = p.Bond.Add(amount)
	if err := k.saveProvider(ctx, &p); err != nil {
		return err
	}
	return emit(ctx, &types.EventProviderBonded{Operator: p.Operator, Amount: amount, Bond: p.Bond, Status: p.Status})
}

// Unbond takes amount out of the bond at once and pays it back after the
// unbonding period; below min_bond the provider becomes inactive.
func (k Keeper) Unbond(ctx context.Context, account sdk.AccAddress, amount sdk.Coin) (time.Time, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return time.Time{}, err
	}
	p, err := k.GetProvider(ctx, account)
	if err != nil {
		return time.Time{}, err
	}
	if amount.Denom != p.Bond.Denom || amount.Amount.IsNil() || !amount.Amount.IsPositive() || amount.Amount.GT(p.Bond.Amount) {
		return time.Time{}, errorsmod.Wrapf(types.ErrInvalidBond, "unbond a positive amount up to the bond %s, got %s", p.Bond, amount)
	}
	// The bond answers for running leases: it stays until they end.
	if n, err := k.unfinishedLeases(ctx, sdk.ValAddress(account)); err != nil {
		return time.Time{}, err
	} else if n > 0 {
		return time.Time{}, errorsmod.Wrapf(types.ErrActiveLeases, "%d leases are running or being attested", n)
	}
	p.Bond = p.Bond.Sub(amount)
	if err := k.saveProvider(ctx, &p); err != nil {
		return time.Time{}, err
	}
	id, err := k.UnbondingSeq.Next(ctx)
	if err != nil {
		return time.Time{}, err
	}
	accStr, err := k.accountString(account)
	if err != nil {
		return time.Time{}, err
	}
	done := sdk.UnwrapSDKContext(ctx).BlockTime().Add(params.BondUnbondingPeriod)
	if err := k.Unbondings.Set(ctx, id, types.BondUnbonding{Id: id, Account: accStr, Amount: amount, CompletionTime: done}); err != nil {
		return time.Time{}, err
	}
	if err := k.UnbondingQueue.Set(ctx, collections.Join(done, id)); err != nil {
		return time.Time{}, err
	}
	return done, emit(ctx, &types.EventProviderUnbonding{
		Operator: p.Operator, UnbondingId: id, Amount: amount, Bond: p.Bond, Status: p.Status, CompletionTime: done,
	})
}

// unfinishedLeases counts a provider's active and attesting leases.
func (k Keeper) unfinishedLeases(ctx context.Context, operator sdk.ValAddress) (int, error) {
	n := 0
	for _, s := range types.UnfinishedLeaseStatuses {
		err := k.Leases.Indexes.ProviderStatus.Walk(ctx,
			collections.NewPrefixedPairRange[collections.Pair[sdk.ValAddress, int32], uint64](collections.Join(operator, int32(s))),
			func(collections.Pair[sdk.ValAddress, int32], uint64) (bool, error) {
				n++
				return false, nil
			})
		if err != nil {
			return 0, err
		}
	}
	return n, nil
}

// saveProvider stores a provider with its status recomputed: active while
// its bond reaches min_bond and its validator is bonded and not jailed.
// When the status changes, its offers enter or leave the price indexes, so
// matching never walks offers that cannot take a job.
func (k Keeper) saveProvider(ctx context.Context, p *types.Provider) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	op, err := k.operator(p.Operator)
	if err != nil {
		return err
	}
	was := p.Status
	bonded := k.validatorBonded(ctx, op)
	p.Status = types.PROVIDER_STATUS_INACTIVE
	if p.Bond.Amount.GTE(params.MinBond.Amount) && bonded {
		p.Status = types.PROVIDER_STATUS_ACTIVE
	}
	if err := k.Providers.Set(ctx, op, *p); err != nil {
		return err
	}
	if was == p.Status {
		return nil
	}
	if was != types.PROVIDER_STATUS_UNSPECIFIED { // registration has its own event
		if err := sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventProviderStatusChanged{
			Operator: p.Operator, From: was, To: p.Status, ValidatorBonded: bonded, Bond: p.Bond,
		}); err != nil {
			return err
		}
	}
	return k.relistOffers(ctx, op)
}

// validatorBonded says whether a validator is bonded and not jailed: the
// only kind that may provide and take leases.
func (k Keeper) validatorBonded(ctx context.Context, op sdk.ValAddress) bool {
	val, err := k.stakingKeeper.GetValidator(ctx, op)
	return err == nil && val.IsBonded() && !val.IsJailed()
}

// payUnbonding pays one unbonding back. The record is removed before
// paying: each entry is paid once.
func (k Keeper) payUnbonding(ctx context.Context, id uint64) error {
	u, err := k.Unbondings.Get(ctx, id)
	if err != nil {
		return err
	}
	account, err := k.account(u.Account)
	if err != nil {
		return err
	}
	if err := k.Unbondings.Remove(ctx, u.Id); err != nil {
		return err
	}
	if err := k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.BondsName, account, sdk.Coins{u.Amount}); err != nil {
		return err
	}
	return emit(ctx, &types.EventProviderBondPaid{UnbondingId: u.Id, Account: u.Account, Amount: u.Amount})
}
