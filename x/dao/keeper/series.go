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

// A series records a quantity v(t) as checkpoints (t_i, v_i): v(t) is the
// value of the last checkpoint at or before t, zero before the first.
//
// Snapshot power averages the vested value f(t) = min(v(t), v(t-V)) over a
// window, so a series also keeps f as vested points with the running
// integral F(t) of f. f changes only at checkpoint times t_i and at t_i+V:
// the first are recorded when the checkpoint is written, the second when
// they come due (BeginBlock, from VestingQueue) or before any later write or
// read of the series. Every read is then two binary searches, whatever the
// number of checkpoints, and each checkpoint costs O(1) writes in all.

// series reads and writes the checkpoints and vested points of one series
// within one call, each stored entry read at most once: a snapshot's two
// searches and its reads of the found entries often land on the same point,
// and every read costs its flat gas again.
type series struct {
	k   Keeper
	key []byte
	// Looked up by index only, never iterated.
	cps map[uint64]types.Checkpoint
	vps map[uint64]types.VestedPoint
}

func (k Keeper) series(key []byte) *series {
	return &series{k: k, key: key, cps: map[uint64]types.Checkpoint{}, vps: map[uint64]types.VestedPoint{}}
}

func (s *series) checkpoint(ctx context.Context, i uint64) (types.Checkpoint, error) {
	if cp, ok := s.cps[i]; ok {
		return cp, nil
	}
	cp, err := s.k.Checkpoints.Get(ctx, collections.Join(s.key, i))
	if err != nil {
		return cp, err
	}
	s.cps[i] = cp
	return cp, nil
}

func (s *series) setCheckpoint(ctx context.Context, i uint64, cp types.Checkpoint) error {
	if err := s.k.Checkpoints.Set(ctx, collections.Join(s.key, i), cp); err != nil {
		return err
	}
	s.cps[i] = cp
	return nil
}

func (s *series) vested(ctx context.Context, i uint64) (types.VestedPoint, error) {
	if p, ok := s.vps[i]; ok {
		return p, nil
	}
	p, err := s.k.VestedPoints.Get(ctx, collections.Join(s.key, i))
	if err != nil {
		return p, err
	}
	s.vps[i] = p
	return p, nil
}

func (s *series) setVested(ctx context.Context, i uint64, p types.VestedPoint) error {
	if err := s.k.VestedPoints.Set(ctx, collections.Join(s.key, i), p); err != nil {
		return err
	}
	s.vps[i] = p
	return nil
}

// seriesState returns the bookkeeping of a series (zero when it is new).
func (k Keeper) seriesState(ctx context.Context, key []byte) (types.SeriesState, error) {
	st, err := k.SeriesStates.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return types.SeriesState{}, nil
	}
	return st, err
}

// currentValue returns the value of the series' last checkpoint.
func (k Keeper) currentValue(ctx context.Context, key []byte, st types.SeriesState) (math.Int, error) {
	return k.series(key).currentValue(ctx, st)
}

func (s *series) currentValue(ctx context.Context, st types.SeriesState) (math.Int, error) {
	if st.Checkpoints == 0 {
		return math.ZeroInt(), nil
	}
	cp, err := s.checkpoint(ctx, st.Checkpoints-1)
	if err != nil {
		return math.Int{}, err
	}
	return cp.Votes, nil
}

// valueAt returns v(t): the value of the last checkpoint at or before t.
func (s *series) valueAt(ctx context.Context, st types.SeriesState, t time.Time) (math.Int, error) {
	idx, found, err := s.lastCheckpointAtOrBefore(ctx, st.Checkpoints, t)
	if err != nil || !found {
		return math.ZeroInt(), err
	}
	cp, err := s.checkpoint(ctx, idx)
	if err != nil {
		return math.Int{}, err
	}
	return cp.Votes, nil
}

// lastCheckpointAtOrBefore binary-searches the checkpoints [0, n) by time.
func (s *series) lastCheckpointAtOrBefore(ctx context.Context, n uint64, t time.Time) (uint64, bool, error) {
	return searchLast(n, func(i uint64) (time.Time, error) {
		cp, err := s.checkpoint(ctx, i)
		return cp.Time, err
	}, t)
}

// lastVestedAtOrBefore binary-searches the vested points [0, n) by time.
func (s *series) lastVestedAtOrBefore(ctx context.Context, n uint64, t time.Time) (uint64, bool, error) {
	return searchLast(n, func(i uint64) (time.Time, error) {
		p, err := s.vested(ctx, i)
		return p.Time, err
	}, t)
}

// searchLast returns the largest index i < n with timeOf(i) <= t, for times
// increasing with the index; found is false when there is none.
func searchLast(n uint64, timeOf func(uint64) (time.Time, error), t time.Time) (uint64, bool, error) {
	lo, hi := uint64(0), n // invariant: answer in [lo, hi) shifted by one
	for lo < hi {
		mid := lo + (hi-lo)/2
		mt, err := timeOf(mid)
		if err != nil {
			return 0, false, err
		}
		if mt.After(t) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	if lo == 0 {
		return 0, false, nil
	}
	return lo - 1, true, nil
}

// setSeriesValue records that the series has value from the current block
// time on. Several changes in one block keep only the last value.
func (k Keeper) setSeriesValue(ctx context.Context, key []byte, value math.Int, vesting time.Duration) error {
	st, err := k.seriesState(ctx, key)
	if err != nil {
		return err
	}
	return k.series(key).setValue(ctx, st, value, vesting)
}

// setValue is setSeriesValue on a series whose state the caller has read.
func (s *series) setValue(ctx context.Context, st types.SeriesState, value math.Int, vesting time.Duration) error {
	key := s.key
	if value.IsNegative() {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "series %x would become negative", key)
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	now := sdkCtx.BlockTime()

	// Vested points due up to now must be recorded before one at now.
	if err := s.recordDueVesting(ctx, &st, now, vesting); err != nil {
		return err
	}

	cp := types.Checkpoint{Time: now, Height: sdkCtx.BlockHeight(), Votes: value}
	idx := st.Checkpoints
	if st.Checkpoints > 0 {
		last, err := s.checkpoint(ctx, st.Checkpoints-1)
		if err != nil {
			return err
		}
		switch {
		case last.Time.Equal(now):
			idx = st.Checkpoints - 1
		case last.Time.After(now):
			return errorsmod.Wrapf(types.ErrBrokenInvariant, "checkpoint at %s after block time %s", last.Time, now)
		}
	}
	if err := s.setCheckpoint(ctx, idx, cp); err != nil {
		return err
	}
	if idx == st.Checkpoints {
		st.Checkpoints++
	}

	// From now on f = min(value, v(now - V)); at now+V it becomes min(v, value).
	past, err := s.valueAt(ctx, st, now.Add(-vesting))
	if err != nil {
		return err
	}
	if err := s.appendVestedPoint(ctx, &st, now, math.MinInt(value, past)); err != nil {
		return err
	}
	if err := s.k.VestingQueue.Set(ctx, collections.Join(now.Add(vesting), key)); err != nil {
		return err
	}
	return s.k.SeriesStates.Set(ctx, key, st)
}

// recordDueVesting records, in time order, the vested points of the
// checkpoints whose time + V is at or before upTo.
func (s *series) recordDueVesting(ctx context.Context, st *types.SeriesState, upTo time.Time, vesting time.Duration) error {
	for st.VestCursor < st.Checkpoints {
		cp, err := s.checkpoint(ctx, st.VestCursor)
		if err != nil {
			return err
		}
		due := cp.Time.Add(vesting)
		if due.After(upTo) {
			return nil
		}
		// v(due - V) is exactly this checkpoint's value.
		current, err := s.valueAt(ctx, *st, due)
		if err != nil {
			return err
		}
		if err := s.appendVestedPoint(ctx, st, due, math.MinInt(current, cp.Votes)); err != nil {
			return err
		}
		st.VestCursor++
	}
	return nil
}

// appendVestedPoint records that f = vested from t on, t not before the
// last vested point. A point at the same time replaces it; a point that
// does not change f is not stored.
func (s *series) appendVestedPoint(ctx context.Context, st *types.SeriesState, t time.Time, vested math.Int) error {
	if st.VestedPoints == 0 {
		if vested.IsZero() {
			return nil
		}
		st.VestedPoints = 1
		return s.setVested(ctx, 0, types.VestedPoint{Time: t, Vested: vested, Cumulative: math.ZeroInt()})
	}
	lastIdx := st.VestedPoints - 1
	last, err := s.vested(ctx, lastIdx)
	if err != nil {
		return err
	}
	if t.Before(last.Time) {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "vested point at %s before %s", t, last.Time)
	}
	if t.Equal(last.Time) {
		last.Vested = vested
		return s.setVested(ctx, lastIdx, last)
	}
	if last.Vested.Equal(vested) {
		return nil
	}
	cumulative := last.Cumulative.Add(last.Vested.MulRaw(t.Sub(last.Time).Nanoseconds()))
	st.VestedPoints++
	return s.setVested(ctx, lastIdx+1, types.VestedPoint{Time: t, Vested: vested, Cumulative: cumulative})
}

// integralAt returns F(t), the integral of f from the series' start up to t.
// The caller records the vested points due up to t first.
func (s *series) integralAt(ctx context.Context, st types.SeriesState, t time.Time) (math.Int, error) {
	idx, found, err := s.lastVestedAtOrBefore(ctx, st.VestedPoints, t)
	if err != nil || !found {
		return math.ZeroInt(), err
	}
	p, err := s.vested(ctx, idx)
	if err != nil {
		return math.Int{}, err
	}
	return p.Cumulative.Add(p.Vested.MulRaw(t.Sub(p.Time).Nanoseconds())), nil
}

// processVestingQueue records the vested points due by the block time, at
// most limit queue entries; the rest wait for the next block. Each entry
// leaves the queue first and is recorded in its own cache context
// (isolate.Item). One that fails is skipped: its series keeps its vest
// cursor behind, a state every read and write of the series already
// handles by recording the backlog first, so nothing is lost or corrupted.
func (k Keeper) processVestingQueue(ctx context.Context, limit uint32, vesting time.Duration) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	now := sdkCtx.BlockTime()
	return colls.PopDue(ctx, k.VestingQueue, now, limit, func(_ time.Time, key []byte) error {
		isolate.Item(sdkCtx, types.ModuleName, fmt.Sprintf("vesting of series %x", key), func(ctx sdk.Context) error {
			st, err := k.seriesState(ctx, key)
			if err != nil {
				return err
			}
			if err := k.series(key).recordDueVesting(ctx, &st, now, vesting); err != nil {
				return err
			}
			return k.SeriesStates.Set(ctx, key, st)
		}, nil)
		return nil
	})
}
