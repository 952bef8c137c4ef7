package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// stageAmount is what unlocking stage i releases: its share of the pool
// total, rounded down and at most what is locked; the last stage releases
// everything still locked, so rounding strands nothing.
func stageAmount(params types.Params, pool types.Pool, i uint32) math.Int {
	if int(i) == len(params.Stages)-1 {
		return pool.Locked
	}
	amt := params.Stages[i].Share.MulInt(pool.Total).TruncateInt()
	return math.MinInt(amt, pool.Locked)
}

// unlockNext unlocks the next stage into releasable and records it.
func (k Keeper) unlockNext(ctx context.Context, params types.Params, pool *types.Pool) (uint32, math.Int, error) {
	i := pool.StagesUnlocked
	if int(i) >= len(params.Stages) {
		return 0, math.Int{}, errorsmod.Wrapf(types.ErrAllStagesUnlocked, "all %d stages are unlocked", len(params.Stages))
	}
	amt := stageAmount(params, *pool, i)
	pool.Locked = pool.Locked.Sub(amt)
	pool.Releasable = pool.Releasable.Add(amt)
	pool.StagesUnlocked++
	return i, amt, k.StageUnlocks.Set(ctx, i, amt)
}

// AdvanceStage unlocks the next roadmap stage's share of the pool into the
// releasable budget; an error once every stage is unlocked.
func (k Keeper) AdvanceStage(ctx context.Context) (uint32, math.Int, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, math.Int{}, err
	}
	pool, err := k.Pool.Get(ctx)
	if err != nil {
		return 0, math.Int{}, err
	}
	i, amt, err := k.unlockNext(ctx, params, &pool)
	if err != nil {
		return 0, math.Int{}, err
	}
	if err := k.Pool.Set(ctx, pool); err != nil {
		return 0, math.Int{}, err
	}
	return i, amt, emit(ctx, &types.EventStageAdvanced{
		Stage: i, Name: params.Stages[i].Name, Amount: amt.String(), Releasable: pool.Releasable.String(),
	})
}

// CheckInvariant checks the pool accounting: the module account's balance
// of the pool denom equals locked + releasable + reserved + claimable; the
// total equals that plus what was paid; reserved equals the budgets of the
// developing and accepting projects; claimable equals the unclaimed
// rewards. It walks every project and unclaimed reward: for tests and
// genesis, not for blocks.
func (k Keeper) CheckInvariant(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	pool, err := k.Pool.Get(ctx)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    math.Int
	}{
		{"total", pool.Total}, {"locked", pool.Locked}, {"releasable", pool.Releasable},
		{"reserved", pool.Reserved}, {"claimable", pool.Claimable}, {"paid", pool.Paid},
	} {
		if f.v.IsNil() || f.v.IsNegative() {
			return errorsmod.Wrapf(types.ErrInvariant, "pool %s is %v", f.name, f.v)
		}
	}
	held := pool.Locked.Add(pool.Releasable).Add(pool.Reserved).Add(pool.Claimable)
	balance := k.bankKeeper.GetBalance(ctx, k.ModuleAddress(), params.Denom).Amount
	if !balance.Equal(held) {
		return errorsmod.Wrapf(types.ErrInvariant, "module balance %s%s != locked %s + releasable %s + reserved %s + claimable %s = %s",
			balance, params.Denom, pool.Locked, pool.Releasable, pool.Reserved, pool.Claimable, held)
	}
	if !pool.Total.Equal(held.Add(pool.Paid)) {
		return errorsmod.Wrapf(types.ErrInvariant, "total %s != held %s + paid %s", pool.Total, held, pool.Paid)
	}
	reserved := math.ZeroInt()
	if err := k.Projects.Walk(ctx, nil, func(_ uint64, p types.Project) (bool, error) {
		if p.HoldsReservation() {
			reserved = reserved.Add(p.Budget)
		}
		return false, nil
	}); err != nil {
		return err
	}
	if !reserved.Equal(pool.Reserved) {
		return errorsmod.Wrapf(types.ErrInvariant, "reserved %s != budgets of developing and accepting projects %s", pool.Reserved, reserved)
	}
	claimable := math.ZeroInt()
	if err := k.Unclaimed.Walk(ctx, nil, func(key collections.Pair[sdk.AccAddress, uint64]) (bool, error) {
		r, err := k.Rewards.Get(ctx, collections.Join(key.K2(), key.K1()))
		if errors.Is(err, collections.ErrNotFound) {
			return true, errorsmod.Wrapf(types.ErrInvariant, "unclaimed entry without reward: project %d, %s", key.K2(), key.K1())
		}
		if err != nil {
			return true, err
		}
		if r.Claimed {
			return true, errorsmod.Wrapf(types.ErrInvariant, "claimed reward still indexed unclaimed: project %d, %s", key.K2(), key.K1())
		}
		claimable = claimable.Add(r.Amount)
		return false, nil
	}); err != nil {
		return err
	}
	if !claimable.Equal(pool.Claimable) {
		return errorsmod.Wrapf(types.ErrInvariant, "claimable %s != unclaimed rewards %s", pool.Claimable, claimable)
	}
	return nil
}
