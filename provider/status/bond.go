// Package status is the operator's view of a provider node, shown by
// `aitbcd provider status` and logged by the daemon: the provider's record
// and the health of its bond, its leases by state, the attestations it
// owes, each with the step the local store reached.
package status

import (
	"fmt"
	"strings"

	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

// Bond is the health of a provider's bond against its next slash. A failed
// lease takes types.SlashAmount(bond, slash_fraction); a bond left under
// min_bond makes the provider inactive, and its offers leave matching.
type Bond struct {
	Bond          sdk.Coin       `json:"bond"`
	MinBond       sdk.Coin       `json:"min_bond"`
	SlashFraction math.LegacyDec `json:"slash_fraction"`
	// Slash is what one failed lease takes now; AfterSlash what it leaves.
	Slash      sdk.Coin `json:"slash"`
	AfterSlash sdk.Coin `json:"after_slash"`
	// BelowMin: the bond is under min_bond already (the provider is inactive).
	BelowMin bool `json:"below_min"`
	// OneSlashInactive: one slash leaves the bond under min_bond.
	OneSlashInactive bool `json:"one_slash_inactive"`
	// TopUp is the least amount to bond so that one slash leaves at least
	// min_bond (zero when it already does). TopUpPossible is false when
	// no amount does: slash_fraction is 1, a slash takes the whole bond.
	TopUp         sdk.Coin `json:"top_up"`
	TopUpPossible bool     `json:"top_up_possible"`
}

// BondHealth applies the module's slash formula to bond under params.
func BondHealth(bond sdk.Coin, params computetypes.Params) Bond {
	f := params.SlashFraction
	if f.IsNil() {
		f = math.LegacyZeroDec()
	}
	minBond := params.MinBond
	if minBond.Amount.IsNil() {
		minBond = sdk.Coin{Denom: bond.Denom, Amount: math.ZeroInt()}
	}
	if bond.Amount.IsNil() {
		bond = sdk.Coin{Denom: minBond.Denom, Amount: math.ZeroInt()}
	}
	slash := computetypes.SlashAmount(bond, f)
	h := Bond{
		Bond: bond, MinBond: minBond, SlashFraction: f, Slash: slash,
		AfterSlash: sdk.Coin{Denom: bond.Denom, Amount: bond.Amount.Sub(slash.Amount)},
		BelowMin:   bond.Amount.LT(minBond.Amount),
		TopUp:      sdk.Coin{Denom: bond.Denom, Amount: math.ZeroInt()},
	}
	h.OneSlashInactive = h.AfterSlash.Amount.LT(minBond.Amount)
	h.TopUpPossible = true
	if h.OneSlashInactive {
		b, ok := leastSurvivingBond(bond.Amount, minBond.Amount, f)
		h.TopUpPossible = ok
		if ok {
			h.TopUp.Amount = b.Sub(bond.Amount)
		}
	}
	return h
}

// leastSurvivingBond is the least bond b >= from with b − slash(b) >= minBond,
// by the module's own rounding. b − floor(f·b) never decreases as b grows,
// so a binary search finds it; minBond / (1 − f), rounded up, survives.
func leastSurvivingBond(from, minBond math.Int, f math.LegacyDec) (math.Int, bool) {
	one := math.LegacyOneDec()
	if f.GTE(one) {
		return math.Int{}, false
	}
	survives := func(b math.Int) bool {
		return b.Sub(computetypes.SlashAmount(sdk.Coin{Amount: b}, f).Amount).GTE(minBond)
	}
	if survives(from) {
		return from, true
	}
	hi := math.LegacyNewDecFromInt(minBond).Quo(one.Sub(f)).Ceil().TruncateInt().AddRaw(1)
	for !survives(hi) { // not reached; guards the rounding of Quo
		hi = hi.MulRaw(2)
	}
	lo := from // lo never survives, hi always does
	for hi.Sub(lo).GT(math.OneInt()) {
		mid := lo.Add(hi).QuoRaw(2)
		if survives(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, true
}

// Fraction prints a decimal without its trailing zeros (0.05, not
// 0.050000000000000000).
func Fraction(d math.LegacyDec) string {
	s := d.String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Warning is the line an operator must read, or "" when one slash leaves
// the bond at min_bond or more. from is the key or address to bond with
// (the operator's account).
func (b Bond) Warning(from string) string {
	if !b.OneSlashInactive && !b.BelowMin {
		return ""
	}
	if from == "" {
		from = "<operator>"
	}
	var msg string
	if b.BelowMin {
		msg = fmt.Sprintf("WARNING: the bond %s is under min_bond %s: the provider is inactive and its offers are out of matching.", b.Bond, b.MinBond)
	} else {
		msg = fmt.Sprintf("WARNING: one slash (%s x %s = %s) would leave the bond at %s, under min_bond %s: the provider would turn inactive and its offers leave matching.",
			Fraction(b.SlashFraction), b.Bond, b.Slash, b.AfterSlash, b.MinBond)
	}
	if !b.TopUpPossible {
		return msg + " slash_fraction is 1: a slash takes the whole bond, no top-up prevents it."
	}
	return msg + fmt.Sprintf(" Top up %s so one slash leaves min_bond: aitbcd tx compute bond %s --from %s", b.TopUp, b.TopUp, from)
}
