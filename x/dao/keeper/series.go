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

// series reads and writes one series within one call: its state, read
// once and saved by save, and its checkpoints and vested points, each
// stored entry read at most once: a snapshot's two searches and its reads
// of the found entries often land on the same point, and every read costs
// its flat gas again. The state holds copies of the last checkpoint and
// the last vested point, so an entry at the last index is never read from
// the indexed store.
type series struct {
	k   Keeper
	key []byte
	st  types.SeriesState
	// dirty says st changed since it was read.
	dirty bool
	// Looked up by index only, never iterated.
	cps map[uint64]types.Checkpoint
	vps map[uint64]types.VestedPoint
}

// loadSeries reads the state of a series (zero when it is new).
func (k Keeper) loadSeries(ctx context.Context, key []byte) (*series, error) {
	st, err := k.seriesState(ctx, key)
	if err != nil {
		return nil, err
	}
	return k.series(key, st), nil
}

// series is a handle on a series whose state the caller has read.
func (k Keeper) series(key []byte, st types.SeriesState) *series {
	return &series{k: k, key: key, st: st, cps: map[uint64]types.Checkpoint{}, vps: map[uint64]types.VestedPoint{}}
}

// save writes the state if it changed.
func (s *series) save(ctx context.Context) error {
	if !s.dirty {
		return nil
	}
	if err := s.k.SeriesStates.Set(ctx, s.key, s.st); err != nil {
		return err
	}
	s.dirty = false
	return nil
}

func (s *series) checkpoint(ctx context.Context, i uint64) (types.Checkpoint, error) {
	return entryAt(ctx, s.k.Checkpoints, s.key, s.st.Checkpoints, s.st.LastCheckpoint, s.cps, i)
}

// setCheckpoint stores the checkpoint at i, the last index or the next
// one, and its copy in the state.
func (s *series) setCheckpoint(ctx context.Context, i uint64, cp types.Checkpoint) error {
	if err := setEntry(ctx, s.k.Checkpoints, s.key, &s.st.Checkpoints, &s.st.LastCheckpoint, s.cps, i, cp, "checkpoint"); err != nil {
		return err
	}
	s.dirty = true
	return nil
}

func (s *series) vested(ctx context.Context, i uint64) (types.VestedPoint, error) {
	return entryAt(ctx, s.k.VestedPoints, s.key, s.st.VestedPoints, s.st.LastVested, s.vps, i)
}

// setVested stores the vested point at i, the last index or the next one,
// and its copy in the state.
func (s *series) setVested(ctx context.Context, i uint64, p types.VestedPoint) error {
	if err := setEntry(ctx, s.k.VestedPoints, s.key, &s.st.VestedPoints, &s.st.LastVested, s.vps, i, p, "vested point"); err != nil {
		return err
	}
	s.dirty = true
	return nil
}

// entryAt reads entry i of one of a series' indexed lists (checkpoints or
// vested points) of n entries, whose last is copied in the state as last,
// each entry from the store at most once per call (cache).
func entryAt[T any](ctx context.Context, store collections.Map[collections.Pair[[]byte, uint64], T], key []byte, n uint64, last *T, cache map[uint64]T, i uint64) (T, error) {
	if i+1 == n && last != nil {
		return *last, nil
	}
	if v, ok := cache[i]; ok {
		return v, nil
	}
	v, err := store.Get(ctx, collections.Join(key, i))
	if err != nil {
		return v, err
	}
	cache[i] = v
	return v, nil
}

// setEntry stores entry i, the last index or the next one, of such a
// list, counts it in *n and makes it the copy *last.
func setEntry[T any](ctx context.Context, store collections.Map[collections.Pair[[]byte, uint64], T], key []byte, n *uint64, last **T, cache map[uint64]T, i uint64, v T, what string) error {
	if i+1 != *n && i != *n {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "%s %d of series %x with %d", what, i, key, *n)
	}
	if err := store.Set(ctx, collections.Join(key, i), v); err != nil {
		return err
	}
	// The superseded copy stays known, so later reads in this call do
	// not go to the store for it.
	if *last != nil && *n > 0 {
		cache[*n-1] = **last
	}
	if i == *n {
		*n++
	}
	cache[i] = v
	*last = &v
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
	return k.series(key, st).currentValue(ctx)
}

func (s *series) currentValue(ctx context.Context) (math.Int, error) {
	if s.st.Checkpoints == 0 {
		return math.ZeroInt(), nil
	}
	cp, err := s.checkpoint(ctx, s.st.Checkpoints-1)
	if err != nil {
		return math.Int{}, err
	}
	return cp.Votes, nil
}

// valueAt returns v(t): the value of the last checkpoint at or before t.
func (s *series) valueAt(ctx context.Context, t time.Time) (math.Int, error) {
	idx, found, err := s.lastCheckpointAtOrBefore(ctx, t)
	if err != nil || !found {
		return math.ZeroInt(), err
	}
	cp, err := s.checkpoint(ctx, idx)
	if err != nil {
		return math.Int{}, err
	}
	return cp.Votes, nil
}

// lastCheckpointAtOrBefore searches the checkpoints by time.
func (s *series) lastCheckpointAtOrBefore(ctx context.Context, t time.Time) (uint64, bool, error) {
	return searchLast(s.st.Checkpoints, func(i uint64) (time.Time, error) {
		cp, err := s.checkpoint(ctx, i)
		return cp.Time, err
	}, t)
}

// lastVestedAtOrBefore searches the vested points by time.
func (s *series) lastVestedAtOrBefore(ctx context.Context, t time.Time) (uint64, bool, error) {
	return searchLast(s.st.VestedPoints, func(i uint64) (time.Time, error) {
		p, err := s.vested(ctx, i)
		return p.Time, err
	}, t)
}

// searchLast returns the largest index i < n with timeOf(i) <= t, for times
// increasing with the index; found is false when there is none. The last
// index is tried first: its entry is the copy in the series state, and it
// is the answer whenever nothing changed after t (the common snapshot).
// Otherwise it binary-searches all n, probing the same indexes as without
// that first try, so a search in the middle costs no more reads.
func searchLast(n uint64, timeOf func(uint64) (time.Time, error), t time.Time) (uint64, bool, error) {
	if n == 0 {
		return 0, false, nil
	}
	lt, err := timeOf(n - 1)
	if err != nil {
		return 0, false, err
	}
	if !lt.After(t) {
		return n - 1, true, nil
	}
	return binarySearchLast(n, timeOf, t)
}

// binarySearchLast is searchLast without the first try of the last index.
func binarySearchLast(n uint64, timeOf func(uint64) (time.Time, error), t time.Time) (uint64, bool, error) {
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

// setValue records that the series has value from the current block time
// on; several changes in one block keep only the last value. The caller
// saves the series.
func (s *series) setValue(ctx context.Context, value math.Int, vesting time.Duration) error {
	key := s.key
	if value.IsNegative() {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "series %x would become negative", key)
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	now := sdkCtx.BlockTime()

	// Vested points due up to now must be recorded before one at now.
	if err := s.recordDueVesting(ctx, now, vesting); err != nil {
		return err
	}

	cp := types.Checkpoint{Time: now, Height: sdkCtx.BlockHeight(), Votes: value}
	idx := s.st.Checkpoints
	if s.st.Checkpoints > 0 {
		last, err := s.checkpoint(ctx, s.st.Checkpoints-1)
		if err != nil {
			return err
		}
		switch {
		case last.Time.Equal(now):
			idx = s.st.Checkpoints - 1
		case last.Time.After(now):
			return errorsmod.Wrapf(types.ErrBrokenInvariant, "checkpoint at %s after block time %s", last.Time, now)
		}
	}
	if err := s.setCheckpoint(ctx, idx, cp); err != nil {
		return err
	}

	// From now on f = min(value, v(now - V)); at now+V it becomes min(v, value).
	past, err := s.valueAt(ctx, now.Add(-vesting))
	if err != nil {
		return err
	}
	if err := s.appendVestedPoint(ctx, now, math.MinInt(value, past)); err != nil {
		return err
	}
	return s.k.VestingQueue.Set(ctx, collections.Join(now.Add(vesting), key))
}

// recordDueVesting records, in time order, the vested points of the
// checkpoints whose time + V is at or before upTo.
func (s *series) recordDueVesting(ctx context.Context, upTo time.Time, vesting time.Duration) error {
	for s.st.VestCursor < s.st.Checkpoints {
		cp, err := s.checkpoint(ctx, s.st.VestCursor)
		if err != nil {
			return err
		}
		due := cp.Time.Add(vesting)
		if due.After(upTo) {
			return nil
		}
		// v(due - V) is exactly this checkpoint's value.
		current, err := s.valueAt(ctx, due)
		if err != nil {
			return err
		}
		if err := s.appendVestedPoint(ctx, due, math.MinInt(current, cp.Votes)); err != nil {
			return err
		}
		s.st.VestCursor++
		s.dirty = true
	}
	return nil
}

// appendVestedPoint records that f = vested from t on, t not before the
// last vested point. A point at the same time replaces it; a point that
// does not change f is not stored.
func (s *series) appendVestedPoint(ctx context.Context, t time.Time, vested math.Int) error {
	if s.st.VestedPoints == 0 {
		if vested.IsZero() {
			return nil
		}
		return s.setVested(ctx, 0, types.VestedPoint{Time: t, Vested: vested, Cumulative: math.ZeroInt()})
	}
	lastIdx := s.st.VestedPoints - 1
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
	return s.setVested(ctx, lastIdx+1, types.VestedPoint{Time: t, Vested: vested, Cumulative: cumulative})
}

// integralAt returns F(t), the integral of f from the series' start up to t.
// The caller records the vested points due up to t first.
func (s *series) integralAt(ctx context.Context, t time.Time) (math.Int, error) {
	idx, found, err := s.lastVestedAtOrBefore(ctx, t)
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
			s, err := k.loadSeries(ctx, key)
			if err != nil {
				return err
			}
			if err := s.recordDueVesting(ctx, now, vesting); err != nil {
				return err
			}
			return s.save(ctx)
		}, nil)
		return nil
	})
}
