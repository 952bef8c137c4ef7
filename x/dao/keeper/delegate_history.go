package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// recordDelegate appends (block time, delegatee) to the delegator's history;
// a second change in the same block replaces the first.
func (k Keeper) recordDelegate(ctx context.Context, delegator, delegatee sdk.AccAddress) error {
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	n, err := k.delegateCount(ctx, delegator)
	if err != nil {
		return err
	}
	idx := n
	if n > 0 {
		last, err := k.DelegateHistory.Get(ctx, collections.Join(delegator, n-1))
		if err != nil {
			return err
		}
		if last.Time.Equal(now) {
			idx = n - 1
		}
	}
	to, err := k.addrString(delegatee)
	if err != nil {
		return err
	}
	if err := k.DelegateHistory.Set(ctx, collections.Join(delegator, idx), types.DelegateCheckpoint{Time: now, Delegatee: to}); err != nil {
		return err
	}
	if idx == n {
		return k.DelegateCount.Set(ctx, delegator, n+1)
	}
	return nil
}

func (k Keeper) delegateCount(ctx context.Context, delegator sdk.AccAddress) (uint64, error) {
	n, err := k.DelegateCount.Get(ctx, delegator)
	if errors.Is(err, collections.ErrNotFound) {
		return 0, nil
	}
	return n, err
}

// DelegateeAt returns whom delegator delegated to at time t: the last
// recorded choice at or before t, itself when there is none.
func (k Keeper) DelegateeAt(ctx context.Context, delegator sdk.AccAddress, t time.Time) (sdk.AccAddress, error) {
	n, err := k.delegateCount(ctx, delegator)
	if err != nil {
		return nil, err
	}
	idx, found, err := searchLast(n, func(i uint64) (time.Time, error) {
		cp, err := k.DelegateHistory.Get(ctx, collections.Join(delegator, i))
		return cp.Time, err
	}, t)
	if err != nil || !found {
		return delegator, err
	}
	cp, err := k.DelegateHistory.Get(ctx, collections.Join(delegator, idx))
	if err != nil {
		return nil, err
	}
	return k.accAddress(cp.Delegatee)
}
