package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// CheckEscrowBalance checks that the vote escrow account holds exactly the
// locked plus the unlocking amounts: no token created or lost.
func (k Keeper) CheckEscrowBalance(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	locked, err := k.sumLocked(ctx)
	if err != nil {
		return err
	}
	unlocking, err := k.sumUnlocking(ctx)
	if err != nil {
		return err
	}
	balance := k.bankKeeper.GetBalance(ctx, k.accountKeeper.GetModuleAddress(types.VoteEscrowName), params.LockDenom)
	if !balance.Amount.Equal(locked.Add(unlocking)) {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "vote escrow holds %s, locked %s + unlocking %s", balance, locked, unlocking)
	}
	return nil
}

// CheckVotes checks that the current value of every series matches the
// locks: each delegatee's votes are the sum of the locks delegated to it,
// each owner's own series is its lock, the total is the sum of locks and
// the delegated total the sum of those delegated to someone else.
func (k Keeper) CheckVotes(ctx context.Context) error {
	want := map[string]math.Int{}
	add := func(key []byte, amount math.Int) {
		s := string(key)
		if cur, ok := want[s]; ok {
			want[s] = cur.Add(amount)
		} else {
			want[s] = amount
		}
	}
	err := k.Locks.Walk(ctx, nil, func(owner sdk.AccAddress, lock types.Lock) (bool, error) {
		delegatee, err := k.accAddress(lock.Delegatee)
		if err != nil {
			return true, err
		}
		add(types.SeriesKey(types.SERIES_KIND_VOTES, delegatee), lock.Amount)
		add(types.SeriesKey(types.SERIES_KIND_OWN, owner), lock.Amount)
		add(types.SeriesKey(types.SERIES_KIND_TOTAL, nil), lock.Amount)
		if !delegatee.Equals(owner) {
			add(types.SeriesKey(types.SERIES_KIND_DELEGATED, nil), lock.Amount)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	positive := 0
	for _, amount := range want { // order-independent count
		if amount.IsPositive() {
			positive++
		}
	}
	// Every series with a value must be accounted for by the locks, and the
	// other way round.
	matched := 0
	err = k.SeriesStates.Walk(ctx, nil, func(key []byte, st types.SeriesState) (bool, error) {
		current, err := k.currentValue(ctx, key, st)
		if err != nil {
			return true, err
		}
		expected, ok := want[string(key)]
		if !ok {
			expected = math.ZeroInt()
		}
		if !current.Equal(expected) {
			kind, addr := types.SplitSeriesKey(key)
			owner, err := k.addrString(addr)
			if err != nil {
				return true, err
			}
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "%s series of %s is %s, locks give %s", kind, owner, current, expected)
		}
		if current.IsPositive() {
			matched++
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	if matched != positive {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "%d series carry votes, locks give %d", matched, positive)
	}
	return nil
}

func (k Keeper) sumLocked(ctx context.Context) (math.Int, error) {
	total := math.ZeroInt()
	err := k.Locks.Walk(ctx, nil, func(_ sdk.AccAddress, lock types.Lock) (bool, error) {
		total = total.Add(lock.Amount)
		return false, nil
	})
	return total, err
}

func (k Keeper) sumUnlocking(ctx context.Context) (math.Int, error) {
	total := math.ZeroInt()
	err := k.Unlocks.Walk(ctx, nil, func(_ uint64, e types.UnlockEntry) (bool, error) {
		total = total.Add(e.Amount)
		return false, nil
	})
	return total, err
}

// CheckInvariants runs every x/dao invariant; tests, simulation and the
// app-level fuzz target call it after each block.
func (k Keeper) CheckInvariants(ctx context.Context) error {
	for _, check := range []func(context.Context) error{k.CheckEscrowBalance, k.CheckVotes, k.CheckSeries, k.CheckBonds, k.CheckTallies, k.CheckPendingTallies, k.CheckVoteRecords, k.CheckPruneQueue} {
		if err := check(ctx); err != nil {
			return err
		}
	}
	return nil
}
