package types_test

import (
	"math/rand"
	"testing"

	"cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// ToEvent and EmitTypedEvent's encoding agree on every field, over
// hostile reasons (HTML characters, quotes, newlines, any Unicode),
// split and unknown options, huge weights and empty values.
func TestEventVoteMatchesTypedEvent(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	texts := []string{"", "ship it", `<a href="x">&amp;</a>`, "line\nbreak\ttab", "quote \" and \\ backslash", "✓ ünïcödé 🚀", "\u2028\u2029"}
	randText := func() string {
		if r.Intn(2) == 0 {
			return texts[r.Intn(len(texts))]
		}
		runes := make([]rune, r.Intn(40))
		for i := range runes {
			runes[i] = rune(r.Intn(0x2000))
		}
		return string(runes)
	}
	for i := 0; i < 2000; i++ {
		ev := &types.EventVote{
			ProposalId: r.Uint64() >> uint(r.Intn(64)),
			Voter:      randText(),
			Weight:     math.NewIntFromUint64(r.Uint64()).MulRaw(int64(r.Intn(1000))),
			Reason:     randText(),
		}
		for n := r.Intn(4); n > 0; n-- {
			ev.Options = append(ev.Options, types.WeightedVoteOption{
				Option: types.VoteOption(r.Intn(7)),
				Weight: math.LegacyNewDecWithPrec(r.Int63n(1_000_000_000_000_000_001), 18),
			})
		}
		want, err := sdk.TypedEventToEvent(ev)
		require.NoError(t, err)
		got, err := ev.ToEvent()
		require.NoError(t, err)
		require.Equal(t, want, got, "event %d: %+v", i, ev)

		parsed, err := sdk.ParseTypedEvent(abci.Event(got))
		require.NoError(t, err)
		again, err := sdk.TypedEventToEvent(parsed)
		require.NoError(t, err)
		require.Equal(t, want, again, "event %d parses back", i)
	}
}
