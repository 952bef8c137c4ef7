package types

import (
	"time"

	"cosmossdk.io/math"
)

// ln2 to 18 decimals.
var ln2 = math.LegacyMustNewDecFromStr("0.693147180559945309")

// DecayFactor returns 2^(-elapsed/halfLife) in fixed point: whole halvings
// exactly, the fractional part as e^(-f ln 2) by its power series (30 terms;
// the argument is below ln 2, so the series converges far past 18 decimals).
// Deterministic: integer and LegacyDec arithmetic only.
func DecayFactor(elapsed, halfLife time.Duration) math.LegacyDec {
	if elapsed <= 0 {
		return math.LegacyOneDec()
	}
	halvings := elapsed / halfLife
	if halvings >= 60 { // below 1e-18: gone
		return math.LegacyZeroDec()
	}
	whole := math.LegacyOneDec().QuoInt64(int64(1) << uint(halvings))
	remainder := elapsed % halfLife
	if remainder == 0 {
		return whole
	}
	x := math.LegacyNewDec(remainder.Nanoseconds()).QuoInt64(halfLife.Nanoseconds()).Mul(ln2)
	sum, term := math.LegacyOneDec(), math.LegacyOneDec()
	for n := int64(1); n <= 30; n++ {
		term = term.Mul(x).QuoInt64(n).Neg()
		sum = sum.Add(term)
	}
	return whole.Mul(sum)
}

// MaxScore is the best score.
const MaxScore = 1000

// Score is 1000 (s + a) / (s + f + a + b) with prior a = b = 1 (beta
// reputation), rounded down: 500 for a subject without history.
func Score(success, failure math.LegacyDec) uint32 {
	one := math.LegacyOneDec()
	return uint32(success.Add(one).MulInt64(1000).Quo(success.Add(failure).Add(one).Add(one)).TruncateInt64())
}

// Decayed returns the record's counts decayed to now.
func (r Record) Decayed(now time.Time, halfLife time.Duration) Record {
	factor := DecayFactor(now.Sub(r.Updated), halfLife)
	out := r
	if now.After(r.Updated) {
		out.Success = r.Success.Mul(factor)
		out.Failure = r.Failure.Mul(factor)
		out.Updated = now
	}
	out.Score = Score(out.Success, out.Failure)
	return out
}
