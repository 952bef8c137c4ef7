package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

// FuzzLockUnlockDelegate drives random sequences of lock, unlock, cancel,
// delegate and clock advances, then checks that
//   - the escrow balance equals locked + unlocking and every series matches
//     the locks (after every step);
//   - PowerAt and OwnPowerAt equal the formula computed from scratch;
//   - power never exceeds the locked votes at the snapshot time, nor the
//     largest value the votes had in the window.
//
// `go test` runs the seed corpus; `go test -fuzz FuzzLockUnlockDelegate
// ./x/dao/keeper` explores further.
func FuzzLockUnlockDelegate(f *testing.F) {
	f.Add([]byte{0, 0, 50, 4, 0, 200, 1, 0, 20, 4, 0, 90})
	f.Add([]byte{0, 0, 255, 0, 1, 255, 3, 0, 1, 4, 1, 255, 3, 1, 2, 1, 0, 100, 4, 3, 3, 2, 0, 0, 4, 2, 9})
	f.Add([]byte{0, 1, 10, 3, 1, 0, 1, 1, 5, 2, 1, 0, 4, 5, 5, 0, 2, 70, 3, 2, 1, 4, 250, 250, 1, 2, 70, 4, 0, 7})
	f.Add([]byte{3, 0, 1, 0, 0, 9, 0, 1, 9, 0, 2, 9, 4, 0, 168, 1, 0, 9, 4, 0, 24, 2, 0, 0, 4, 1, 200})
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 3*64 {
			ops = ops[:3*64]
		}
		fx := newFixture(t, 3)
		start := fx.now
		var unlockIDs []uint64
		for i := 0; i+2 < len(ops); i += 3 {
			op, who, arg := ops[i]%5, fx.addrs[int(ops[i+1])%3], int64(ops[i+2])
			ctx, write := fx.ctx().CacheContext()
			var err error
			switch op {
			case 0:
				_, err = fx.msgs.Lock(ctx, &types.MsgLock{Owner: who.String(), Amount: sdk.NewInt64Coin(denom, arg*1_000_003)})
			case 1:
				var res *types.MsgUnlockResponse
				res, err = fx.msgs.Unlock(ctx, &types.MsgUnlock{Owner: who.String(), Amount: sdk.NewInt64Coin(denom, arg*999_983)})
				if err == nil {
					unlockIDs = append(unlockIDs, res.UnlockId)
				}
			case 2:
				if len(unlockIDs) > 0 {
					_, err = fx.msgs.CancelUnlock(ctx, &types.MsgCancelUnlock{Owner: who.String(), UnlockId: unlockIDs[int(arg)%len(unlockIDs)]})
				}
			case 3:
				_, err = fx.msgs.Delegate(ctx, &types.MsgDelegate{Delegator: who.String(), Delegatee: fx.addrs[int(arg)%3].String()})
			case 4:
				// advance by arg hours plus an odd number of seconds
				fx.advance(time.Duration(arg)*time.Hour + time.Duration(ops[i+1])*time.Second)
			}
			if err == nil {
				write() // a failed message changes nothing, as in a tx
			}
			fx.checkInvariants()
		}
		fx.advance(time.Second)

		for _, addr := range fx.addrs {
			for _, kind := range []types.SeriesKind{types.SERIES_KIND_VOTES, types.SERIES_KIND_OWN} {
				cps := fx.checkpoints(types.SeriesKey(kind, addr))
				for at := start; !at.After(fx.now); at = at.Add(fx.now.Sub(start)/7 + time.Second) {
					var s snapshotResult
					if kind == types.SERIES_KIND_VOTES {
						s = snapshotOf(fx.k.PowerAt(fx.ctx(), addr, at))
					} else {
						s = snapshotOf(fx.k.OwnPowerAt(fx.ctx(), addr, at))
					}
					require.NoError(t, s.err)
					require.Equal(t, referencePower(cps, at, window, vest), s.power, "%s %s at %s", kind, addr, at)
					require.True(t, s.power.LTE(s.votes), "power %s above votes %s", s.power, s.votes)
					require.True(t, s.power.LTE(maxInWindow(cps, at.Add(-window), at)), "power above the window's maximum")
				}
			}
		}
	})
}

type snapshotResult struct {
	power, votes math.Int
	err          error
}

func snapshotOf(s keeper.Snapshot, err error) snapshotResult {
	return snapshotResult{power: s.Power, votes: s.Votes, err: err}
}

// maxInWindow is the largest value the series had in [from, to].
func maxInWindow(cps []types.Checkpoint, from, to time.Time) math.Int {
	best, current := math.ZeroInt(), math.ZeroInt()
	for _, cp := range cps {
		if cp.Time.After(to) {
			break
		}
		if cp.Time.After(from) {
			best = math.MaxInt(best, current)
		}
		current = cp.Votes
	}
	return math.MaxInt(best, current)
}
