package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// FullSnapshot computes the snapshot of a series at t the long way, for
// tests to compare with the fast path: the backlog of vested points is
// recorded as a read does, then every entry is read from the indexed
// stores (never the copies in the series state) by a plain binary search.
func (k Keeper) FullSnapshot(ctx context.Context, key []byte, t time.Time) (Snapshot, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return Snapshot{}, err
	}
	st, err := k.seriesState(ctx, key)
	if err != nil {
		return Snapshot{}, err
	}
	s := k.series(key, st)
	if err := s.recordDueVesting(ctx, t, params.Vesting); err != nil {
		return Snapshot{}, err
	}
	cpTime := func(i uint64) (time.Time, error) {
		cp, err := k.Checkpoints.Get(ctx, collections.Join(key, i))
		return cp.Time, err
	}
	vpTime := func(i uint64) (time.Time, error) {
		p, err := k.VestedPoints.Get(ctx, collections.Join(key, i))
		return p.Time, err
	}
	integral := func(at time.Time) (math.Int, error) {
		idx, found, err := binarySearchLast(s.st.VestedPoints, vpTime, at)
		if err != nil || !found {
			return math.ZeroInt(), err
		}
		p, err := k.VestedPoints.Get(ctx, collections.Join(key, idx))
		if err != nil {
			return math.Int{}, err
		}
		return p.Cumulative.Add(p.Vested.MulRaw(at.Sub(p.Time).Nanoseconds())), nil
	}
	start := t.Add(-params.TwasWindow)
	end, err := integral(t)
	if err != nil {
		return Snapshot{}, err
	}
	begin, err := integral(start)
	if err != nil {
		return Snapshot{}, err
	}
	average := end.Sub(begin).QuoRaw(params.TwasWindow.Nanoseconds())
	votes := math.ZeroInt()
	idx, found, err := binarySearchLast(s.st.Checkpoints, cpTime, t)
	if err != nil {
		return Snapshot{}, err
	}
	if found {
		cp, err := k.Checkpoints.Get(ctx, collections.Join(key, idx))
		if err != nil {
			return Snapshot{}, err
		}
		votes = cp.Votes
	}
	return Snapshot{Power: math.MinInt(votes, average), Votes: votes, VestedAverage: average, WindowStart: start}, nil
}

// FullDelegateeAt is DelegateeAt from the whole stored history, scanned in
// order, without the count and copy in the series state.
func (k Keeper) FullDelegateeAt(ctx context.Context, delegator sdk.AccAddress, t time.Time) (sdk.AccAddress, error) {
	out := delegator
	err := k.DelegateHistory.Walk(ctx, collections.NewPrefixedPairRange[sdk.AccAddress, uint64](delegator),
		func(_ collections.Pair[sdk.AccAddress, uint64], cp types.DelegateCheckpoint) (bool, error) {
			if cp.Time.After(t) {
				return true, nil
			}
			addr, err := k.accAddress(cp.Delegatee)
			out = addr
			return err != nil, err
		})
	return out, err
}
