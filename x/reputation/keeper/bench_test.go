package keeper_test

import (
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
	storetypes "cosmossdk.io/store/types"

	"github.com/aitbc/aitbc/x/reputation/types"
)

// BenchmarkScoreWithDecay reads a score whose record was last written 45
// days earlier, so the read decays it (a fractional half-life).
func BenchmarkScoreWithDecay(b *testing.B) {
	f := newFixture(b)
	p := f.addrs[0]
	if err := f.k.RecordOutcome(f.ctx(), p, types.OUTCOME_KIND_JOB, true, sdkmath.LegacyNewDec(7)); err != nil {
		b.Fatal(err)
	}
	f.now = f.now.Add(45 * 24 * time.Hour)
	var gas uint64
	for b.Loop() {
		ctx := f.ctx().WithGasMeter(storetypes.NewInfiniteGasMeter())
		if _, err := f.k.Score(ctx, p); err != nil {
			b.Fatal(err)
		}
		gas = ctx.GasMeter().GasConsumed()
	}
	b.ReportMetric(float64(gas), "gas/op")
}
