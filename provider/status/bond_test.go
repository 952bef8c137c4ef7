package status_test

import (
	"math/rand"
	"strings"
	"testing"

	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/provider/status"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

func params(minBond int64, fraction string) computetypes.Params {
	p := computetypes.DefaultParams()
	p.MinBond = sdk.NewInt64Coin("uaitbc", minBond)
	p.SlashFraction = math.LegacyMustNewDecFromStr(fraction)
	return p
}

func coin(n int64) sdk.Coin { return sdk.NewInt64Coin("uaitbc", n) }

func TestBondHealth(t *testing.T) {
	for _, c := range []struct {
		name               string
		bond, minBond      int64
		fraction           string
		slash, after       int64
		belowMin, oneSlash bool
		topUp              int64
		possible           bool
		warning            string // a substring; "" means no warning
	}{
		// The default params with a bond of exactly min_bond: 5 % takes
		// 50 AITBC, one slash makes it inactive. The least top-up is
		// 52,631,578, not the 52,631,579 of ceil(min / 0.95) − bond: the
		// slash rounds down.
		{"at min_bond", 1_000_000_000, 1_000_000_000, "0.05", 50_000_000, 950_000_000, false, true, 52_631_578, true,
			"aitbcd tx compute bond 52631578uaitbc --from aitbc1op"},
		{"one slash leaves exactly min_bond", 1_052_631_578, 1_000_000_000, "0.05", 52_631_578, 1_000_000_000, false, false, 0, true, ""},
		{"one below that", 1_052_631_577, 1_000_000_000, "0.05", 52_631_578, 999_999_999, false, true, 1, true, "bond 1uaitbc"},
		{"well above", 2_000_000_000, 1_000_000_000, "0.05", 100_000_000, 1_900_000_000, false, false, 0, true, ""},
		{"under min_bond already", 900_000_000, 1_000_000_000, "0.05", 45_000_000, 855_000_000, true, true, 152_631_578, true,
			"is under min_bond 1000000000uaitbc: the provider is inactive"},
		{"no slashing", 1_000, 1_000, "0", 0, 1_000, false, false, 0, true, ""},
		{"no slashing, under min", 900, 1_000, "0", 0, 900, true, true, 100, true, "bond 100uaitbc"},
		{"slash takes everything", 5_000, 1_000, "1", 5_000, 0, false, true, 0, false, "no top-up prevents it"},
		{"slash rounds to nothing", 19, 19, "0.05", 0, 19, false, false, 0, true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := status.BondHealth(coin(c.bond), params(c.minBond, c.fraction))
			require.Equal(t, coin(c.slash).String(), h.Slash.String())
			require.Equal(t, coin(c.after).String(), h.AfterSlash.String())
			require.Equal(t, c.belowMin, h.BelowMin)
			require.Equal(t, c.oneSlash, h.OneSlashInactive)
			require.Equal(t, c.possible, h.TopUpPossible)
			require.Equal(t, coin(c.topUp).String(), h.TopUp.String())
			w := h.Warning("aitbc1op")
			if c.warning == "" {
				require.Empty(t, w)
				return
			}
			require.True(t, strings.HasPrefix(w, "WARNING: "), w)
			require.Contains(t, w, c.warning)
		})
	}
}

// TestTopUpIsTheLeastThatSurvives checks the top-up against the module's
// own slash on many bonds and fractions: with it one slash leaves
// min_bond, with one less it does not.
func TestTopUpIsTheLeastThatSurvives(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	survives := func(b int64, f math.LegacyDec, minBond int64) bool {
		return b-computetypes.SlashAmount(coin(b), f).Amount.Int64() >= minBond
	}
	for i := 0; i < 2000; i++ {
		minBond := rng.Int63n(1_000_000_000_000) + 1
		bond := rng.Int63n(2 * minBond)
		f := math.LegacyNewDecWithPrec(rng.Int63n(1_000_000), 6) // [0, 1)
		h := status.BondHealth(coin(bond), params(minBond, f.String()))
		require.True(t, h.TopUpPossible)
		after := bond + h.TopUp.Amount.Int64()
		require.True(t, survives(after, f, minBond), "bond %d + %s at %s, min %d", bond, h.TopUp, f, minBond)
		if h.TopUp.IsPositive() {
			require.False(t, survives(after-1, f, minBond), "a smaller top-up survives: bond %d + %s at %s, min %d", bond, h.TopUp, f, minBond)
		}
		require.Equal(t, !survives(bond, f, minBond), h.OneSlashInactive)
	}
}
