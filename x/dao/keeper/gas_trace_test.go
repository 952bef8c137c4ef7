package keeper_test

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	storetypes "cosmossdk.io/store/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// tracingMeter attributes gas to the x/dao keeper function that caused it.
type tracingMeter struct {
	storetypes.GasMeter
	by map[string]uint64
}

func (m *tracingMeter) ConsumeGas(amount storetypes.Gas, descriptor string) {
	m.GasMeter.ConsumeGas(amount, descriptor)
	pcs := make([]uintptr, 32)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	where := "?"
	for {
		fr, more := frames.Next()
		if strings.Contains(fr.Function, "x/dao/keeper.") && !strings.Contains(fr.File, "_test.go") {
			where = fr.Function[strings.LastIndex(fr.Function, "/")+1:] + fmt.Sprintf(":%d", fr.Line)
			break
		}
		if !more {
			break
		}
	}
	m.by[where+" "+descriptor] += amount
}

// BenchmarkVoteGasTrace prints where the gas of one MsgVote goes
// (run with -bench VoteGasTrace -benchtime 1x -v).
func BenchmarkVoteGasTrace(b *testing.B) {
	s := newDaoVoteState(b, cmpPriorVotes+1, cmpPriorVotes)
	f := s.f
	voter := s.voters[cmpPriorVotes]
	f.now = f.now.Add(5 * time.Second)
	msg := &types.MsgVote{Voter: voter.String(), ProposalId: s.id, Option: types.VOTE_OPTION_YES}
	for b.Loop() {
		ctx, _ := f.ctx().CacheContext()
		m := &tracingMeter{GasMeter: storetypes.NewInfiniteGasMeter(), by: map[string]uint64{}}
		ctx = ctx.WithGasMeter(m)
		_, err := f.msgs.Vote(ctx, msg)
		requireNoError(b, err)
		keys := make([]string, 0, len(m.by))
		for k := range m.by {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.Logf("%6d %s", m.by[k], k)
		}
		b.Logf("total %d", m.GasConsumed())
	}
}
