package keeper

import (
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

// DeclineLease lets the provider of an active lease end it, before any
// result and by its deadline, because it cannot run it. The consumer gets
// the whole escrow back at once and learns why (the reason is stored on the
// lease); the provider records a job failure in x/reputation but is not
// slashed: declining early is what a provider that cannot run a job should
// do, and slashing it would only teach it to stay silent until the lease
// expires. A declining provider gains nothing: it is paid nothing, its
// reputation (matching rank, min_provider_reputation) drops as for any
// failed job, and past the deadline the lease can only expire, slashed.
func (k Keeper) DeclineLease(ctx context.Context, account sdk.AccAddress, id uint64, reason string) (types.Settlement, error) {
	if err := types.ValidateDeclineReason(reason); err != nil {
		return types.Settlement{}, err
	}
	lease, err := k.GetLease(ctx, id)
	if err != nil {
		return types.Settlement{}, err
	}
	operator, err := k.operatorOf(account)
	if err != nil {
		return types.Settlement{}, err
	}
	if lease.Provider != operator {
		return types.Settlement{}, errorsmod.Wrapf(types.ErrNotLeaseProvider, "lease %d is %s's, not %s's", id, lease.Provider, operator)
	}
	if lease.Status != types.LEASE_STATUS_ACTIVE {
		return types.Settlement{}, errorsmod.Wrapf(types.ErrLeaseNotActive, "lease %d is %s: only an active lease without a result can be declined", id, lease.Status)
	}
	if now := sdk.UnwrapSDKContext(ctx).BlockTime(); now.After(lease.Deadline) {
		return types.Settlement{}, errorsmod.Wrapf(types.ErrDeadlinePassed, "lease %d's result was due by %s; it expires", id, lease.Deadline)
	}
	if err := k.LeaseDeadlines.Remove(ctx, collections.Join(lease.Deadline, id)); err != nil {
		return types.Settlement{}, err
	}
	s := k.settlement(lease.Escrow.Denom)
	s.Refund = lease.Escrow
	if err := k.refund(ctx, lease, s.Refund.Amount); err != nil {
		return s, err
	}
	if err := k.recordProvider(ctx, lease, false); err != nil {
		return s, err
	}
	lease.DeclineReason = reason
	if err := k.finishLease(ctx, lease, types.LEASE_STATUS_DECLINED, s); err != nil {
		return s, err
	}
	return s, emit(ctx, &types.EventLeaseDeclined{
		LeaseId: lease.Id, JobId: lease.JobId, Provider: lease.Provider, Consumer: lease.Consumer,
		Reason: reason, Refund: s.Refund,
	})
}
