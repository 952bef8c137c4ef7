package types_test

import (
	"math"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/x/reputation/types"
)

// The fixed-point decay matches the closed formula 2^(-t/h) to 1e-15.
func TestDecayFactorMatchesClosedFormula(t *testing.T) {
	h := 30 * 24 * time.Hour
	for _, elapsed := range []time.Duration{
		0, time.Nanosecond, time.Second, time.Hour, 24 * time.Hour, 7 * 24 * time.Hour, h / 3, h / 2, h - time.Second,
		h, h + time.Hour, 2 * h, 5*h + 17*time.Hour, 20 * h, 59*h + h/2,
	} {
		got, err := types.DecayFactor(elapsed, h).Float64()
		require.NoError(t, err)
		want := math.Pow(2, -float64(elapsed)/float64(h))
		require.InDelta(t, want, got, 1e-15, "elapsed %s", elapsed)
	}
	require.True(t, types.DecayFactor(60*h, h).IsZero())
	require.Equal(t, sdkmath.LegacyOneDec(), types.DecayFactor(-time.Hour, h))
	require.Equal(t, sdkmath.LegacyMustNewDecFromStr("0.25"), types.DecayFactor(2*h, h), "whole halvings are exact")
}

func TestScoreIsBetaReputation(t *testing.T) {
	d := sdkmath.LegacyNewDec
	require.Equal(t, uint32(500), types.Score(d(0), d(0)), "no history: the prior")
	require.Equal(t, uint32(666), types.Score(d(1), d(0)), "1000 * 2/3 rounded down")
	require.Equal(t, uint32(333), types.Score(d(0), d(1)))
	require.Equal(t, uint32(990), types.Score(d(98), d(0)))
	require.Equal(t, uint32(0), types.Score(d(0), sdkmath.LegacyNewDec(1_000_000_000)))
	require.Equal(t, uint32(999), types.Score(sdkmath.LegacyNewDec(1_000_000_000), d(0)))
}

func TestParamsValidate(t *testing.T) {
	require.NoError(t, types.DefaultParams().Validate())
	p := types.DefaultParams()
	p.HalfLife = 0
	require.ErrorIs(t, p.Validate(), types.ErrInvalidParams)
	p = types.DefaultParams()
	p.FeedbackWeight = sdkmath.LegacyZeroDec()
	require.ErrorIs(t, p.Validate(), types.ErrInvalidParams)
	p = types.DefaultParams()
	p.MaxCommentUriLength = 0
	require.ErrorIs(t, p.Validate(), types.ErrInvalidParams)
}
