package types

import (
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// SlashAmount is what one failed lease takes from a provider's bond:
// fraction × bond, rounded down. The keeper slashes with it, and the
// provider daemon uses it to warn when one slash would leave the bond
// under min_bond.
func SlashAmount(bond sdk.Coin, fraction math.LegacyDec) sdk.Coin {
	if bond.Amount.IsNil() || fraction.IsNil() {
		return sdk.Coin{Denom: bond.Denom, Amount: math.ZeroInt()}
	}
	return sdk.Coin{Denom: bond.Denom, Amount: fraction.MulInt(bond.Amount).TruncateInt()}
}
