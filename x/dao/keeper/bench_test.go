package keeper_test

import (
	"fmt"
	"testing"
	"time"

	storetypes "cosmossdk.io/store/types"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// BenchmarkPowerAt measures one snapshot read with 10, 1,000 and 100,000
// checkpoints for one account, one per 5-second block: the densest history
// possible, with every checkpoint inside the V+W window for the smaller
// sizes. Reads are two binary searches, so cost grows with log(n).
func BenchmarkPowerAt(b *testing.B) {
	for _, n := range []int{10, 1_000, 100_000} {
		b.Run(fmt.Sprintf("checkpoints=%d", n), func(b *testing.B) {
			f := newFixture(b, 1)
			a := f.addrs[0]
			base, write := f.ctx().CacheContext()
			for i := 0; i < n; i++ {
				f.now = f.now.Add(5 * time.Second)
				ctx := base.WithBlockTime(f.now)
				if i%2 == 0 {
					_, err := f.msgs.Lock(ctx, &types.MsgLock{Owner: a.String(), Amount: sdk.NewInt64Coin(denom, 1_000_000)})
					requireNoError(b, err)
				} else {
					_, err := f.msgs.Unlock(ctx, &types.MsgUnlock{Owner: a.String(), Amount: sdk.NewInt64Coin(denom, 1)})
					requireNoError(b, err)
					_, err = f.msgs.CancelUnlock(ctx, &types.MsgCancelUnlock{Owner: a.String(), UnlockId: uint64(i/2 + 1)})
					requireNoError(b, err)
				}
				requireNoError(b, f.k.BeginBlocker(ctx))
			}
			write()
			f.now = f.now.Add(time.Second)
			requireNoError(b, f.k.BeginBlocker(f.ctx()))
			at := f.now.Add(-time.Minute)

			var gas uint64
			for b.Loop() {
				ctx := f.ctx().WithGasMeter(storetypes.NewInfiniteGasMeter())
				_, err := f.k.PowerAt(ctx, a, at)
				requireNoError(b, err)
				gas = ctx.GasMeter().GasConsumed()
			}
			b.ReportMetric(float64(gas), "gas/op")
		})
	}
}

// BenchmarkMsgLockGas reports the gas of a MsgLock by an account that has
// locked before (three series updated) and the time per message.
func BenchmarkMsgLockGas(b *testing.B) {
	f := newFixture(b, 1)
	a := f.addrs[0]
	f.lock(a, 1_000_000)
	var gas uint64
	for b.Loop() {
		f.now = f.now.Add(5 * time.Second)
		ctx := f.ctx().WithGasMeter(storetypes.NewInfiniteGasMeter())
		_, err := f.msgs.Lock(ctx, &types.MsgLock{Owner: a.String(), Amount: sdk.NewInt64Coin(denom, 1_000_000)})
		requireNoError(b, err)
		gas = ctx.GasMeter().GasConsumed()
	}
	b.ReportMetric(float64(gas), "gas/op")
}

// BenchmarkMsgDelegateGas reports the gas of a MsgDelegate that moves a
// lock's votes between two delegatees.
func BenchmarkMsgDelegateGas(b *testing.B) {
	f := newFixture(b, 3)
	a, x, y := f.addrs[0], f.addrs[1], f.addrs[2]
	f.lock(a, 1_000_000)
	targets := []string{x.String(), y.String()}
	var gas uint64
	i := 0
	for b.Loop() {
		f.now = f.now.Add(5 * time.Second)
		ctx := f.ctx().WithGasMeter(storetypes.NewInfiniteGasMeter())
		_, err := f.msgs.Delegate(ctx, &types.MsgDelegate{Delegator: a.String(), Delegatee: targets[i%2]})
		requireNoError(b, err)
		gas = ctx.GasMeter().GasConsumed()
		i++
	}
	b.ReportMetric(float64(gas), "gas/op")
}

func requireNoError(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}
