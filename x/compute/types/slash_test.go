package types_test

import (
	"testing"

	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

func TestSlashAmountRoundsDown(t *testing.T) {
	for _, c := range []struct {
		bond     int64
		fraction string
		want     int64
	}{
		{1_000_000_000, "0.05", 50_000_000},
		{19, "0.05", 0}, // 0.95 rounds down to nothing
		{21, "0.05", 1},
		{7, "1", 7},
		{7, "0", 0},
	} {
		got := types.SlashAmount(sdk.NewInt64Coin("uaitbc", c.bond), math.LegacyMustNewDecFromStr(c.fraction))
		if !got.Equal(sdk.NewInt64Coin("uaitbc", c.want)) {
			t.Errorf("slash of %d at %s: %s, want %d", c.bond, c.fraction, got, c.want)
		}
	}
}
