package keeper

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/x/dao/types"
)

// GetLock returns an owner's lock; an owner that never locked has amount
// zero and delegates to itself.
func (k Keeper) GetLock(ctx context.Context, owner sdk.AccAddress) (types.Lock, error) {
	lock, err := k.Locks.Get(ctx, owner)
	if errors.Is(err, collections.ErrNotFound) {
		s, err := k.addrString(owner)
		if err != nil {
			return types.Lock{}, err
		}
		return types.Lock{Owner: s, Amount: math.ZeroInt(), Delegatee: s}, nil
	}
	return lock, err
}

// setLock stores a lock, or deletes it when it holds nothing and delegates
// to its owner (the default).
func (k Keeper) setLock(ctx context.Context, owner sdk.AccAddress, lock types.Lock) error {
	if lock.Amount.IsZero() && lock.Delegatee == lock.Owner {
		return k.Locks.Remove(ctx, owner)
	}
	return k.Locks.Set(ctx, owner, lock)
}

// checkLockCoin checks that a coin is a positive amount of the lock denom.
func checkLockCoin(coin sdk.Coin, params types.Params) error {
	if coin.Denom != params.LockDenom {
		return errorsmod.Wrapf(types.ErrInvalidAmount, "only %s can be locked, got %q", params.LockDenom, coin.Denom)
	}
	if coin.Amount.IsNil() || !coin.Amount.IsPositive() {
		return errorsmod.Wrapf(types.ErrInvalidAmount, "amount must be positive, got %s", coin)
	}
	return nil
}

// changeVotes adds delta to the series of the given kind and address.
func (k Keeper) changeVotes(ctx context.Context, kind types.SeriesKind, addr sdk.AccAddress, delta math.Int, vesting time.Duration) error {
	s, err := k.loadSeries(ctx, types.SeriesKey(kind, addr))
	if err != nil {
		return err
	}
	if err := s.add(ctx, delta, vesting); err != nil {
		return err
	}
	return s.save(ctx)
}

// add adds delta to the current value of a loaded series; the caller saves
// it.
func (s *series) add(ctx context.Context, delta math.Int, vesting time.Duration) error {
	current, err := s.currentValue(ctx)
	if err != nil {
		return err
	}
	return s.setValue(ctx, current.Add(delta), vesting)
}

// moveLocked records that amount of owner's lock, delegated to delegatee,
// was added (positive) or removed (negative): the delegatee's votes, the
// owner's own lock and the total change together, and the delegated total
// when the owner delegates to someone else.
func (k Keeper) moveLocked(ctx context.Context, owner, delegatee sdk.AccAddress, amount math.Int, vesting time.Duration) error {
	if err := k.changeVotes(ctx, types.SERIES_KIND_VOTES, delegatee, amount, vesting); err != nil {
		return err
	}
	if err := k.changeVotes(ctx, types.SERIES_KIND_OWN, owner, amount, vesting); err != nil {
		return err
	}
	if !owner.Equals(delegatee) {
		if err := k.changeVotes(ctx, types.SERIES_KIND_DELEGATED, nil, amount, vesting); err != nil {
			return err
		}
	}
	return k.changeVotes(ctx, types.SERIES_KIND_TOTAL, nil, amount, vesting)
}

// Lock moves coin from owner into the vote escrow and adds it to the votes
// of the owner's delegatee.
func (k Keeper) Lock(ctx context.Context, owner sdk.AccAddress, coin sdk.Coin) (math.Int, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	if err := checkLockCoin(coin, params); err != nil {
		return math.Int{}, err
	}
	if err := k.bankKeeper.SendCoinsFromAccountToModule(ctx, owner, types.VoteEscrowName, sdk.NewCoins(coin)); err != nil {
		return math.Int{}, err
	}
	lock, err := k.GetLock(ctx, owner)
	if err != nil {
		return math.Int{}, err
	}
	if err := k.addToLock(ctx, owner, &lock, coin.Amount, params.Vesting); err != nil {
		return math.Int{}, err
	}
	return lock.Amount, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventLock{
		Owner: lock.Owner, Amount: coin.Amount, Delegatee: lock.Delegatee, Locked: lock.Amount,
	})
}

// addToLock adds amount to a lock and its votes.
func (k Keeper) addToLock(ctx context.Context, owner sdk.AccAddress, lock *types.Lock, amount math.Int, vesting time.Duration) error {
	delegatee, err := k.accAddress(lock.Delegatee)
	if err != nil {
		return err
	}
	lock.Amount = lock.Amount.Add(amount)
	if err := k.moveLocked(ctx, owner, delegatee, amount, vesting); err != nil {
		return err
	}
	return k.setLock(ctx, owner, *lock)
}

// Unlock removes coin from owner's lock and its votes at once, and starts an
// unlock entry paid back after the unlock period.
func (k Keeper) Unlock(ctx context.Context, owner sdk.AccAddress, coin sdk.Coin) (types.UnlockEntry, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.UnlockEntry{}, err
	}
	if err := checkLockCoin(coin, params); err != nil {
		return types.UnlockEntry{}, err
	}
	lock, err := k.GetLock(ctx, owner)
	if err != nil {
		return types.UnlockEntry{}, err
	}
	if coin.Amount.GT(lock.Amount) {
		return types.UnlockEntry{}, errorsmod.Wrapf(types.ErrInsufficientLock, "unlock %s, locked %s%s", coin, lock.Amount, params.LockDenom)
	}
	open, err := k.countUnlocks(ctx, owner)
	if err != nil {
		return types.UnlockEntry{}, err
	}
	if open >= uint64(params.MaxUnlockEntries) {
		return types.UnlockEntry{}, errorsmod.Wrapf(types.ErrTooManyUnlocks, "%d open entries, the maximum is %d; wait for one to complete or cancel one", open, params.MaxUnlockEntries)
	}

	delegatee, err := k.accAddress(lock.Delegatee)
	if err != nil {
		return types.UnlockEntry{}, err
	}
	lock.Amount = lock.Amount.Sub(coin.Amount)
	if err := k.moveLocked(ctx, owner, delegatee, coin.Amount.Neg(), params.Vesting); err != nil {
		return types.UnlockEntry{}, err
	}
	if err := k.setLock(ctx, owner, lock); err != nil {
		return types.UnlockEntry{}, err
	}

	id, err := k.UnlockSeq.Next(ctx)
	if err != nil {
		return types.UnlockEntry{}, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	entry := types.UnlockEntry{
		Id: id, Owner: lock.Owner, Amount: coin.Amount,
		CreationTime: now, CompletionTime: now.Add(params.UnlockPeriod),
	}
	if err := k.Unlocks.Set(ctx, id, entry); err != nil {
		return types.UnlockEntry{}, err
	}
	return entry, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventUnlock{
		Owner: entry.Owner, Amount: entry.Amount, UnlockId: id, CompletionTime: entry.CompletionTime, Locked: lock.Amount,
	})
}

// countUnlocks returns how many unlock entries owner has open.
func (k Keeper) countUnlocks(ctx context.Context, owner sdk.AccAddress) (uint64, error) {
	iter, err := k.Unlocks.Indexes.Owner.MatchExact(ctx, owner)
	if err != nil {
		return 0, err
	}
	defer iter.Close()
	var n uint64
	for ; iter.Valid(); iter.Next() {
		n++
	}
	return n, nil
}

// CancelUnlock locks an unlocking entry of owner again.
func (k Keeper) CancelUnlock(ctx context.Context, owner sdk.AccAddress, id uint64) error {
	ownerStr, err := k.addrString(owner)
	if err != nil {
		return err
	}
	entry, err := k.Unlocks.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) || (err == nil && entry.Owner != ownerStr) {
		return errorsmod.Wrapf(types.ErrUnlockNotFound, "no unlock entry %d of %s", id, ownerStr)
	}
	if err != nil {
		return err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := k.Unlocks.Remove(ctx, id); err != nil {
		return err
	}
	lock, err := k.GetLock(ctx, owner)
	if err != nil {
		return err
	}
	if err := k.addToLock(ctx, owner, &lock, entry.Amount, params.Vesting); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventCancelUnlock{
		Owner: entry.Owner, Amount: entry.Amount, UnlockId: id,
	})
}

// Delegate moves the votes of delegator's whole lock to delegatee; later
// locks follow. Delegation is one level: votes delegated to an address are
// not passed on by that address's own delegation.
func (k Keeper) Delegate(ctx context.Context, delegator, delegatee sdk.AccAddress) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	lock, err := k.GetLock(ctx, delegator)
	if err != nil {
		return err
	}
	from, err := k.addrString(delegator)
	if err != nil {
		return err
	}
	to, err := k.addrString(delegatee)
	if err != nil {
		return err
	}
	if lock.Delegatee == to {
		return errorsmod.Wrapf(types.ErrAlreadyDelegated, "%s already delegates to %s", from, to)
	}
	previous, err := k.accAddress(lock.Delegatee)
	if err != nil {
		return err
	}
	previousStr, err := k.addrString(previous)
	if err != nil {
		return err
	}
	if err := k.moveDelegation(ctx, delegator, previous, delegatee, lock.Amount, params.Vesting); err != nil {
		return err
	}
	lock.Delegatee = to
	if err := k.setLock(ctx, delegator, lock); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventDelegate{
		Delegator: lock.Owner, PreviousDelegatee: previousStr, Delegatee: lock.Delegatee, Amount: lock.Amount,
	})
}

// moveDelegation moves amount from the votes of previous to those of
// delegatee, records the new delegatee in the delegator's history and
// moves amount in or out of the delegated total when the lock starts or
// stops being delegated to someone else. The delegator's VOTES series
// holds the history's count and last entry, and is often previous or
// delegatee itself: each series is loaded and saved once.
func (k Keeper) moveDelegation(ctx context.Context, delegator, previous, delegatee sdk.AccAddress, amount math.Int, vesting time.Duration) error {
	own, err := k.loadSeries(ctx, types.SeriesKey(types.SERIES_KIND_VOTES, delegator))
	if err != nil {
		return err
	}
	handle := func(addr sdk.AccAddress) (*series, error) {
		if addr.Equals(delegator) {
			return own, nil
		}
		return k.loadSeries(ctx, types.SeriesKey(types.SERIES_KIND_VOTES, addr))
	}
	touched := []*series{own}
	if amount.IsPositive() {
		from, err := handle(previous)
		if err != nil {
			return err
		}
		if err := from.add(ctx, amount.Neg(), vesting); err != nil {
			return err
		}
		to, err := handle(delegatee)
		if err != nil {
			return err
		}
		if err := to.add(ctx, amount, vesting); err != nil {
			return err
		}
		touched = append(touched, from, to)
	}
	if err := own.recordDelegate(ctx, delegatee); err != nil {
		return err
	}
	// save writes a handle once: the same one listed twice is clean the
	// second time.
	for _, s := range touched {
		if err := s.save(ctx); err != nil {
			return err
		}
	}
	if wasAway, isAway := !previous.Equals(delegator), !delegatee.Equals(delegator); wasAway != isAway && amount.IsPositive() {
		delta := amount
		if wasAway {
			delta = delta.Neg()
		}
		return k.changeVotes(ctx, types.SERIES_KIND_DELEGATED, nil, delta, vesting)
	}
	return nil
}

// completeUnlocks pays back the unlock entries due by the block time, at
// most limit of them; the rest are paid in the next blocks. Each entry
// leaves the completion queue first, so it is paid at most once, and is
// then paid in its own cache context (isolate.Item). An entry that cannot
// be paid is queued again types.UnlockRetryDelay later, its tokens still in
// the escrow and counted as unlocking; one that cannot even be queued again
// (a corrupt record: an owner that is no address) stays stored out of the
// queue, still counted, never paid twice nor lost, for an upgrade to
// repair.
func (k Keeper) completeUnlocks(ctx context.Context, limit uint32, denom string) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	now := sdkCtx.BlockTime()
	return colls.PopDue(ctx, k.unlockQueue, now, limit, func(_ time.Time, id uint64) error {
		isolate.Item(sdkCtx, types.ModuleName, fmt.Sprintf("unlock %d", id),
			func(ctx sdk.Context) error { return k.payUnlock(ctx, id, denom) },
			&isolate.Fallback{Outcome: "re-queued", Do: func(ctx sdk.Context, _ error) error {
				return k.requeueUnlock(ctx, id, now.Add(types.UnlockRetryDelay))
			}})
		return nil
	})
}

// payUnlock pays an unlock entry back to its owner and deletes it.
func (k Keeper) payUnlock(ctx sdk.Context, id uint64, denom string) error {
	entry, err := k.Unlocks.Get(ctx, id)
	if err != nil {
		return err
	}
	owner, err := k.addressCodec.StringToBytes(entry.Owner)
	if err != nil {
		return errorsmod.Wrapf(types.ErrInvalidAddress, "owner %q of unlock %d: %s", entry.Owner, id, err)
	}
	coin := sdk.Coin{Denom: denom, Amount: entry.Amount}
	if err := coin.Validate(); err != nil {
		return errorsmod.Wrapf(types.ErrInvalidAmount, "unlock %d: %s", id, err)
	}
	if err := k.Unlocks.Remove(ctx, id); err != nil {
		return err
	}
	if err := k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.VoteEscrowName, owner, sdk.NewCoins(coin)); err != nil {
		return err
	}
	return ctx.EventManager().EmitTypedEvent(&types.EventUnlockCompleted{Owner: entry.Owner, Amount: entry.Amount, UnlockId: id})
}

// requeueUnlock moves an unpaid entry's completion to at, which puts it
// back in the completion queue.
func (k Keeper) requeueUnlock(ctx sdk.Context, id uint64, at time.Time) error {
	entry, err := k.Unlocks.Get(ctx, id)
	if err != nil {
		return err
	}
	entry.CompletionTime = at
	return k.Unlocks.Set(ctx, id, entry)
}
