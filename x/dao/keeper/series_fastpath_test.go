package keeper_test

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	storetypes "cosmossdk.io/store/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// The snapshot read through the copies in the series states (the fast
// path) gives exactly the full computation from the indexed entries and
// the formula from scratch, over random histories of locks, unlocks,
// cancels and delegations at random times, several in one block or blocks
// far apart, with vesting points recorded by BeginBlock (bounded to one or
// two series a block, so a backlog builds) or not at all (blocks without
// BeginBlock), the backlog then recorded by the next write or read.
func TestSnapshotFastPathMatchesFullComputation(t *testing.T) {
	for seed := int64(1); seed <= 8; seed++ {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			runRandomSeriesHistory(t, rand.New(rand.NewSource(seed)), 1+uint32(seed%2))
		})
	}
}

func runRandomSeriesHistory(t *testing.T, rng *rand.Rand, vestingBound uint32) {
	f := newFixture(t, 4)
	params := f.params
	params.MaxVestingUpdatesPerBlock = vestingBound
	require.NoError(t, f.k.Params.Set(f.ctx(), params))
	f.params = params
	start := f.now
	var unlockIDs []uint64
	durations := []time.Duration{0, time.Second, 17 * time.Minute, 5 * time.Hour, window, vest, vest + window/3, 3 * 24 * time.Hour}
	for step := 0; step < 80; step++ {
		who := f.addrs[rng.Intn(len(f.addrs))]
		ctx, write := f.ctx().CacheContext()
		var err error
		switch op := rng.Intn(8); op {
		case 0, 1:
			_, err = f.msgs.Lock(ctx, &types.MsgLock{Owner: who.String(), Amount: sdk.NewInt64Coin(denom, 1+rng.Int63n(5*amount))})
		case 2:
			var res *types.MsgUnlockResponse
			res, err = f.msgs.Unlock(ctx, &types.MsgUnlock{Owner: who.String(), Amount: sdk.NewInt64Coin(denom, 1+rng.Int63n(2*amount))})
			if err == nil {
				unlockIDs = append(unlockIDs, res.UnlockId)
			}
		case 3:
			if len(unlockIDs) > 0 {
				_, err = f.msgs.CancelUnlock(ctx, &types.MsgCancelUnlock{Owner: who.String(), UnlockId: unlockIDs[rng.Intn(len(unlockIDs))]})
			}
		case 4:
			_, err = f.msgs.Delegate(ctx, &types.MsgDelegate{Delegator: who.String(), Delegatee: f.addrs[rng.Intn(len(f.addrs))].String()})
		case 5, 6:
			// A block with BeginBlock, its vesting updates bounded.
			f.advance(durations[rng.Intn(len(durations))] + time.Duration(rng.Intn(1000))*time.Millisecond)
			continue
		case 7:
			// Time passes with no BeginBlock: every due point is a backlog.
			f.now = f.now.Add(durations[rng.Intn(len(durations))] + time.Duration(rng.Intn(1000))*time.Millisecond)
			continue
		}
		if err == nil {
			write()
		}
		f.checkInvariants()
		if step%10 == 9 {
			compareSnapshots(t, f, rng, start)
		}
	}
	f.now = f.now.Add(vest + window) // everything due, nothing recorded yet
	compareSnapshots(t, f, rng, start)
	f.advance(time.Second)
	compareSnapshots(t, f, rng, start)
}

// compareSnapshots compares, at the interesting times of every series
// (each checkpoint's time, one nanosecond before, and the times its
// vesting and window turn), the fast path with the full computation and
// the reference formula, and DelegateeAt with the full history scan.
func compareSnapshots(t *testing.T, f *fixture, rng *rand.Rand, start time.Time) {
	t.Helper()
	keys := [][]byte{types.SeriesKey(types.SERIES_KIND_TOTAL, nil)}
	for _, a := range f.addrs {
		keys = append(keys, types.SeriesKey(types.SERIES_KIND_VOTES, a), types.SeriesKey(types.SERIES_KIND_OWN, a))
	}
	for _, key := range keys {
		cps := f.checkpoints(key)
		times := []time.Time{start, f.now, start.Add(time.Duration(rng.Int63n(int64(f.now.Sub(start)) + 1)))}
		for _, cp := range cps {
			for _, d := range []time.Duration{-time.Nanosecond, 0, vest, window, vest + window, vest + window - time.Nanosecond} {
				times = append(times, cp.Time.Add(d))
			}
		}
		kind, addr := types.SplitSeriesKey(key)
		for _, at := range times {
			if at.After(f.now) || at.Before(start) {
				continue
			}
			fastCtx, _ := f.ctx().CacheContext()
			var fast snapshotResult
			switch kind {
			case types.SERIES_KIND_TOTAL:
				s, err := f.k.TotalPowerAt(fastCtx, at)
				fast = snapshotResult{power: s.Power, votes: s.Votes, err: err}
				fullCtx, _ := f.ctx().CacheContext()
				full, err := f.k.FullSnapshot(fullCtx, key, at)
				require.NoError(t, err)
				require.Equal(t, full, s, "total at %s", at)
			case types.SERIES_KIND_VOTES:
				s, err := f.k.PowerAt(fastCtx, addr, at)
				fast = snapshotResult{power: s.Power, votes: s.Votes, err: err}
				fullCtx, _ := f.ctx().CacheContext()
				full, err := f.k.FullSnapshot(fullCtx, key, at)
				require.NoError(t, err)
				require.Equal(t, full, s, "votes of %s at %s", addr, at)
				got, err := f.k.DelegateeAt(fastCtx, addr, at)
				require.NoError(t, err)
				want, err := f.k.FullDelegateeAt(fullCtx, addr, at)
				require.NoError(t, err)
				require.Equal(t, want, got, "delegatee of %s at %s", addr, at)
			case types.SERIES_KIND_OWN:
				s, err := f.k.OwnPowerAt(fastCtx, addr, at)
				fast = snapshotResult{power: s.Power, votes: s.Votes, err: err}
				fullCtx, _ := f.ctx().CacheContext()
				full, err := f.k.FullSnapshot(fullCtx, key, at)
				require.NoError(t, err)
				require.Equal(t, full, s, "own of %s at %s", addr, at)
			}
			require.NoError(t, fast.err)
			require.Equal(t, referencePower(cps, at, window, vest), fast.power, "%s of %s at %s", kind, addr, at)
		}
	}
}

// readCounter counts the store reads of a context.
type readCounter struct {
	storetypes.GasMeter
	reads int
}

func (m *readCounter) ConsumeGas(amount storetypes.Gas, descriptor string) {
	m.GasMeter.ConsumeGas(amount, descriptor)
	if strings.EqualFold(descriptor, storetypes.GasReadCostFlatDesc) {
		m.reads++
	}
}

// When nothing changed in a series after T-W (the common snapshot) its
// power and the delegatee come from the series state alone: PowerAt reads
// the params and the state, DelegateeAt the state, however long the
// histories.
func TestSnapshotWithNothingInWindowReadsOneRecord(t *testing.T) {
	f := newFixture(t, 3)
	a, b, c := f.addrs[0], f.addrs[1], f.addrs[2]
	for i := 0; i < 5; i++ {
		f.lock(a, amount)
		f.lock(b, amount)
		f.advance(time.Hour)
		f.delegate(b, c)
		f.advance(time.Hour)
		f.delegate(b, a)
		f.advance(time.Hour)
	}
	f.advance(vest + 2*window)
	for _, addr := range []sdk.AccAddress{a, b} {
		m := &readCounter{GasMeter: storetypes.NewInfiniteGasMeter()}
		ctx, _ := f.ctx().CacheContext()
		ctx = ctx.WithGasMeter(m)
		s, err := f.k.PowerAt(ctx, addr, f.now)
		require.NoError(t, err)
		require.Equal(t, 2, m.reads, "params and the series state")
		require.Equal(t, referencePower(f.checkpoints(types.SeriesKey(types.SERIES_KIND_VOTES, addr)), f.now, window, vest), s.Power)

		m.reads = 0
		delegatee, err := f.k.DelegateeAt(ctx, addr, f.now)
		require.NoError(t, err)
		require.Equal(t, 1, m.reads, "the series state")
		require.Equal(t, a, delegatee)
	}
}
