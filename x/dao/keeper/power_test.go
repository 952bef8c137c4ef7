package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/x/dao/types"
)

const (
	amount = 1_000_000_000 // divisible by every fraction the tests take
	window = 24 * time.Hour
	vest   = 7 * 24 * time.Hour
)

func TestPowerLockOneSecondBeforeSnapshotIsZero(t *testing.T) {
	f := newFixture(t, 1)
	a := f.addrs[0]
	f.lock(a, amount)
	f.advance(time.Second)
	require.True(t, f.power(a, f.now).IsZero())
	require.True(t, f.totalPower(f.now).IsZero())
	// even exactly at the lock time the lock has not vested
	require.True(t, f.power(a, f.now.Add(-time.Second)).IsZero())
}

func TestPowerLockOlderThanVestingPlusWindowIsFull(t *testing.T) {
	f := newFixture(t, 1)
	a := f.addrs[0]
	locked := f.now
	f.lock(a, amount)
	f.advance(vest + window)
	require.Equal(t, math.NewInt(amount), f.power(a, f.now))
	require.Equal(t, math.NewInt(amount), f.ownPower(a, f.now))
	require.Equal(t, math.NewInt(amount), f.totalPower(f.now))
	// one nanosecond earlier the window is not yet full: rounded down
	require.Equal(t, math.NewInt(amount-1), f.power(a, locked.Add(vest+window-time.Nanosecond)))
	// tokens locked after T-V add nothing
	require.True(t, f.power(a, locked.Add(vest)).IsZero())
}

func TestPowerPartialWindowIsExactTimeWeightedValue(t *testing.T) {
	f := newFixture(t, 1)
	a := f.addrs[0]
	locked := f.now
	f.lock(a, amount)
	f.advance(2*vest + window)
	for _, c := range []struct {
		elapsed time.Duration
		want    int64
	}{
		{window / 4, amount / 4},
		{window / 2, amount / 2},
		{3 * window / 4, 3 * amount / 4},
		{window / 3, amount / 3},                              // 333333333.33 rounds down
		{time.Hour, amount / 24},                              // 41666666.66 rounds down
		{37 * time.Minute, amount * 37 / (24 * 60)},           // minute precision
		{time.Second, amount / (24 * 60 * 60)},                // 11574.07
		{window + time.Hour, amount},                          // full after the window
		{0, 0},                                                // at T-V exactly
		{-time.Hour, 0},                                       // before vesting ends
		{window - time.Nanosecond, amount - 1},                // floor
		{window / 2, amount / 2},                              // repeated read is stable
		{vest, amount},                                        // long after
		{window + vest, amount},                               // long after
		{12*time.Hour + 30*time.Minute, amount * 25 / 48},     // 520833333.33
		{6 * time.Hour, amount / 4},                           // same as window/4
		{18 * time.Hour, 3 * amount / 4},                      // same as 3/4
		{23*time.Hour + 59*time.Minute, amount * 1439 / 1440}, // 999305555.55
	} {
		at := locked.Add(vest + c.elapsed)
		require.Equal(t, math.NewInt(c.want), f.power(a, at), "elapsed %s", c.elapsed)
	}
}

func TestPowerUnlockDropsAtOnceButPastSnapshotsStay(t *testing.T) {
	f := newFixture(t, 1)
	a := f.addrs[0]
	f.lock(a, amount)
	f.advance(vest + window)
	snapshot := f.now
	require.Equal(t, math.NewInt(amount), f.power(a, snapshot))

	f.advance(time.Hour)
	f.unlock(a, amount/4)
	require.Equal(t, math.NewInt(3*amount/4), f.power(a, f.now), "a partial unlock removes its share at once")
	f.unlock(a, 3*amount/4)
	require.True(t, f.power(a, f.now).IsZero(), "a full unlock removes all power at once")
	require.True(t, f.totalPower(f.now).IsZero())
	require.Equal(t, math.NewInt(amount), f.power(a, snapshot), "the earlier snapshot is unchanged")
	require.Equal(t, math.NewInt(amount), f.totalPower(snapshot))
	f.checkInvariants()
}

func TestPowerDelegationMovesPowerAndRestartsVesting(t *testing.T) {
	f := newFixture(t, 2)
	a, b := f.addrs[0], f.addrs[1]
	f.lock(a, amount)
	f.advance(vest + window)
	require.Equal(t, math.NewInt(amount), f.power(a, f.now))

	f.delegate(a, b)
	moved := f.now
	require.True(t, f.power(a, moved).IsZero(), "the old delegatee loses the votes at once")
	require.True(t, f.power(b, moved).IsZero(), "the new delegatee waits for vesting")
	require.Equal(t, math.NewInt(amount), f.ownPower(a, moved), "the delegator's own share is unaffected")
	require.Equal(t, math.NewInt(amount), f.totalPower(moved), "the total does not change on delegation")

	f.advance(vest + window/2)
	require.Equal(t, math.NewInt(amount/2), f.power(b, f.now))
	f.advance(window / 2)
	require.Equal(t, math.NewInt(amount), f.power(b, f.now))

	// later locks follow the delegation
	f.lock(a, amount)
	f.advance(vest + window)
	require.Equal(t, math.NewInt(2*amount), f.power(b, f.now))
	require.True(t, f.power(a, f.now).IsZero())

	// taking the power back restarts vesting for a
	f.delegate(a, a)
	require.True(t, f.power(a, f.now).IsZero())
	require.True(t, f.power(b, f.now).IsZero())
	f.advance(vest + window)
	require.Equal(t, math.NewInt(2*amount), f.power(a, f.now))
	f.checkInvariants()
}

func TestPowerDelegationIsOneLevel(t *testing.T) {
	f := newFixture(t, 3)
	a, b, c := f.addrs[0], f.addrs[1], f.addrs[2]
	f.lock(a, amount)
	f.lock(b, amount)
	f.delegate(a, b) // a -> b
	f.delegate(b, c) // b -> c: a's votes stay with b
	f.advance(vest + window)
	require.Equal(t, math.NewInt(amount), f.power(b, f.now))
	require.Equal(t, math.NewInt(amount), f.power(c, f.now))
	require.True(t, f.power(a, f.now).IsZero())
}

func TestPowerCancelUnlockRestoresPowerThatWasHeld(t *testing.T) {
	f := newFixture(t, 1)
	a := f.addrs[0]
	f.lock(a, amount)
	f.advance(vest + window)
	res := f.unlock(a, amount)
	require.True(t, f.power(a, f.now).IsZero())
	f.advance(time.Hour)
	_, err := f.msgs.CancelUnlock(f.ctx(), &types.MsgCancelUnlock{Owner: a.String(), UnlockId: res.UnlockId})
	require.NoError(t, err)
	// The tokens were locked V ago, so min(v(t), v(t-V)) counts them again
	// from the re-lock; the hour without them lowers the average.
	want := referencePower(f.checkpoints(types.SeriesKey(types.SERIES_KIND_VOTES, a)), f.now, window, vest)
	require.Equal(t, want, f.power(a, f.now))
	require.Equal(t, math.NewInt(amount*23/24), want) // floor(958333333.33)
	f.checkInvariants()
}

// Total votes always equal the sum of the delegatees' votes; total power is
// at least the sum of the delegatees' power, and equal once nothing moved
// for V+W.
func TestPowerTotalsEqualSumOfDelegatees(t *testing.T) {
	f := newFixture(t, 5)
	a := f.addrs
	f.lock(a[0], 3*amount)
	f.advance(time.Hour)
	f.lock(a[1], 2*amount)
	f.delegate(a[2], a[1]) // delegating with nothing locked: later locks follow
	f.lock(a[2], amount)
	f.advance(5 * time.Hour)
	f.delegate(a[0], a[3])
	f.unlock(a[1], amount/2)
	f.advance(2 * 24 * time.Hour)
	f.lock(a[4], 7*amount)
	f.delegate(a[4], a[0])

	delegatees := a[:5]
	check := func(equal bool) {
		sumVotes, sumPower := math.ZeroInt(), math.ZeroInt()
		for _, d := range delegatees {
			s, err := f.k.PowerAt(f.ctx(), d, f.now)
			require.NoError(t, err)
			sumVotes = sumVotes.Add(s.Votes)
			sumPower = sumPower.Add(s.Power)
		}
		total, err := f.k.TotalPowerAt(f.ctx(), f.now)
		require.NoError(t, err)
		require.Equal(t, total.Votes, sumVotes)
		if equal {
			require.Equal(t, total.Power, sumPower)
		} else {
			require.True(t, total.Power.GTE(sumPower), "total %s < sum %s", total.Power, sumPower)
		}
	}
	check(false)
	f.advance(time.Hour)
	check(false)
	f.advance(vest + window)
	check(true)
	f.checkInvariants()
}

// The keeper's answer equals the formula computed from scratch, at many
// times, across locks, unlocks and delegations.
func TestPowerMatchesReferenceFormula(t *testing.T) {
	f := newFixture(t, 3)
	a, b, c := f.addrs[0], f.addrs[1], f.addrs[2]
	steps := []func(){
		func() { f.lock(a, 5*amount) },
		func() { f.lock(b, amount) },
		func() { f.unlock(a, amount) },
		func() { f.delegate(b, a) },
		func() { f.lock(c, 2*amount) },
		func() { f.delegate(c, a) },
		func() { f.unlock(b, amount/2) },
		func() { f.delegate(a, c) },
		func() { f.lock(a, amount) },
		func() { f.delegate(b, b) },
	}
	gaps := []time.Duration{3 * time.Hour, 2 * 24 * time.Hour, 17 * time.Minute, 6 * 24 * time.Hour, 11 * time.Hour, 9 * 24 * time.Hour, time.Second, 30 * time.Hour, 5 * 24 * time.Hour, 8 * 24 * time.Hour}
	start := f.now
	for i, step := range steps {
		step()
		f.advance(gaps[i])
	}
	for _, addr := range f.addrs {
		cps := f.checkpoints(types.SeriesKey(types.SERIES_KIND_VOTES, addr))
		for at := start; !at.After(f.now); at = at.Add(7*time.Hour + 13*time.Minute) {
			require.Equal(t, referencePower(cps, at, window, vest), f.power(addr, at), "%s at %s", addr, at)
		}
	}
	total := f.checkpoints(types.SeriesKey(types.SERIES_KIND_TOTAL, nil))
	for at := start; !at.After(f.now); at = at.Add(5*time.Hour + 1*time.Minute) {
		require.Equal(t, referencePower(total, at, window, vest), f.totalPower(at), "total at %s", at)
	}
	f.checkInvariants()
}

// A flash loan, locked and unlocked in the same block, leaves no trace in
// any snapshot.
func TestPowerFlashLockAddsNothing(t *testing.T) {
	f := newFixture(t, 1)
	a := f.addrs[0]
	f.lock(a, amount)
	f.unlock(a, amount)
	for _, d := range []time.Duration{0, time.Hour, vest, vest + window, 3 * vest} {
		f.advance(d)
		require.True(t, f.power(a, f.now).IsZero())
	}
	f.checkInvariants()
}

// Vested points that BeginBlock has not recorded yet (a backlog) are
// recorded on read, with the same result.
func TestPowerWithoutBeginBlockMatchesWithIt(t *testing.T) {
	withBlocks := newFixture(t, 1)
	without := newFixture(t, 1)
	for _, f := range []*fixture{withBlocks, without} {
		f.lock(f.addrs[0], amount)
	}
	withBlocks.advance(vest + window/2)
	without.now = without.now.Add(vest + window/2) // no BeginBlock ran
	require.Equal(t, math.NewInt(amount/2), withBlocks.power(withBlocks.addrs[0], withBlocks.now))
	require.Equal(t, math.NewInt(amount/2), without.power(without.addrs[0], without.now))
}

func TestPowerQueryInTheFutureFails(t *testing.T) {
	f := newFixture(t, 1)
	_, err := f.k.PowerAt(f.ctx(), f.addrs[0], f.now.Add(time.Nanosecond))
	require.ErrorIs(t, err, types.ErrFutureTime)
	_, err = f.k.TotalPowerAt(f.ctx(), f.now.Add(time.Hour))
	require.ErrorIs(t, err, types.ErrFutureTime)
}
