// Package hostile generates the inputs an attacker would send: strings with
// NUL and other control bytes, invalid UTF-8, bidi overrides, oversized
// text; zero, negative and huge amounts; past and far-future times. The
// simulation operations and the app-level fuzz target draw from it, so
// every module is exercised with the same worst cases.
package hostile

import (
	"math/big"
	"math/rand"
	"strings"
	"time"

	"cosmossdk.io/math"
)

// Strings are the fixed worst cases every string field should survive.
var Strings = []string{
	"",
	"\x00",
	"H100\x00",
	"H1\x0000",
	"a\nb",
	"tab\there",
	"\x1b[31mred",
	"\x7f",
	"\u0085next",
	"a\u200bb",
	"\u202egnp.exe",
	"\xff\xfe",
	" padded ",
	"ＨＩＯＯ",
	"/",
	"compute/042",
	"compute/-1",
	"compute/18446744073709551616",
	"../../etc/passwd",
	strings.Repeat("A", 257),
	strings.Repeat("é", 300),
}

// String returns valid most of the time, else a hostile string: one of
// Strings, valid with a control byte spliced in, or random runes.
func String(r *rand.Rand, valid string) string {
	switch r.Intn(6) {
	case 0:
		return Strings[r.Intn(len(Strings))]
	case 1:
		if valid == "" {
			return "\x00"
		}
		i := r.Intn(len(valid) + 1)
		return valid[:i] + string(rune(r.Intn(0x20))) + valid[i:]
	case 2:
		return RandomRunes(r, 1+r.Intn(40))
	default:
		return valid
	}
}

// RandomRunes is n random code points from the whole Unicode range,
// invalid surrogates and control characters included.
func RandomRunes(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		switch r.Intn(4) {
		case 0:
			b.WriteByte(byte(r.Intn(0x20))) // C0 control
		case 1:
			b.WriteByte(byte(0x80 + r.Intn(0x80))) // lone continuation byte
		default:
			b.WriteRune(rune(r.Intn(0x110000)))
		}
	}
	return b.String()
}

// Amount returns an amount from the extremes: zero, one, max uint64,
// 2^255, or a random value up to max.
func Amount(r *rand.Rand, max math.Int) math.Int {
	switch r.Intn(6) {
	case 0:
		return math.ZeroInt()
	case 1:
		return math.OneInt()
	case 2:
		return math.NewIntFromUint64(^uint64(0))
	case 3:
		return math.NewIntFromBigInt(new(big.Int).Lsh(big.NewInt(1), 255))
	default:
		if !max.IsPositive() {
			return math.OneInt()
		}
		return math.NewIntFromBigInt(new(big.Int).Rand(r, max.BigInt())).AddRaw(1)
	}
}

// Time returns a time around now: the zero time, the Unix epoch, far past,
// now, just ahead, or the far future.
func Time(r *rand.Rand, now time.Time) time.Time {
	switch r.Intn(6) {
	case 0:
		return time.Time{}
	case 1:
		return time.Unix(0, 0).UTC()
	case 2:
		return now.Add(-time.Duration(r.Int63n(int64(100 * 365 * 24 * time.Hour))))
	case 3:
		return time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
	default:
		return now.Add(time.Duration(r.Int63n(int64(90 * 24 * time.Hour))))
	}
}

// Uint64 returns an id or count from the extremes: 0, 1, a small value, or
// max uint64.
func Uint64(r *rand.Rand, small uint64) uint64 {
	switch r.Intn(5) {
	case 0:
		return 0
	case 1:
		return ^uint64(0)
	case 2:
		return 1
	default:
		if small == 0 {
			return 1
		}
		return 1 + uint64(r.Int63n(int64(small)))
	}
}
