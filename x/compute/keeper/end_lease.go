package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

// EndLease lets the consumer of an active lease end it early when its
// provider is gone: the provider's validator is jailed or not bonded, or
// the provider is inactive (its bond fell under min_bond). The lease ends
// like an expired one (full refund, provider slashed) but at once, so a
// dead provider does not hold the escrow for its hours plus the grace.
// While the provider can still deliver, the lease runs to its deadline.
func (k Keeper) EndLease(ctx context.Context, consumer sdk.AccAddress, id uint64) (types.Settlement, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.Settlement{}, err
	}
	lease, err := k.GetLease(ctx, id)
	if err != nil {
		return types.Settlement{}, err
	}
	who, err := k.accountString(consumer)
	if err != nil {
		return types.Settlement{}, err
	}
	if lease.Consumer != who {
		return types.Settlement{}, errorsmod.Wrapf(types.ErrNotLeaseConsumer, "lease %d is %s's, not %s's", id, lease.Consumer, who)
	}
	if lease.Status != types.LEASE_STATUS_ACTIVE {
		return types.Settlement{}, errorsmod.Wrapf(types.ErrLeaseNotActive, "lease %d is %s: only an active lease can be ended", id, lease.Status)
	}
	why, err := k.providerGone(ctx, lease.Provider)
	if err != nil {
		return types.Settlement{}, err
	}
	if why == "" {
		return types.Settlement{}, errorsmod.Wrapf(types.ErrProviderNotGone,
			"lease %d: provider %s is active with a bonded validator; a missing result ends the lease at %s", id, lease.Provider, lease.Deadline)
	}
	if err := k.LeaseDeadlines.Remove(ctx, collections.Join(lease.Deadline, id)); err != nil {
		return types.Settlement{}, err
	}
	return k.failLeaseWhy(ctx, lease, params, types.LEASE_STATUS_PROVIDER_GONE, why, nil)
}

// providerGone says how a lease's provider is gone ("" when it is not):
// its validator is missing, jailed or not bonded, or its provider record
// is inactive.
func (k Keeper) providerGone(ctx context.Context, operator string) (string, error) {
	op, err := k.operator(operator)
	if err != nil {
		return "", err
	}
	val, err := k.stakingKeeper.GetValidator(ctx, op)
	switch {
	case errors.Is(err, stakingtypes.ErrNoValidatorFound):
		return "validator not bonded", nil // gone from x/staking altogether
	case err != nil:
		return "", err
	case val.IsJailed():
		return "validator jailed", nil
	case !val.IsBonded():
		return "validator not bonded", nil
	}
	p, err := k.providerOf(ctx, operator)
	if err != nil {
		return "", err
	}
	if p.Status != types.PROVIDER_STATUS_ACTIVE {
		return "provider inactive", nil
	}
	return "", nil
}
