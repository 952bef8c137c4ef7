package app_test

import (
	"encoding/binary"
	"math/big"
	"math/rand"
	"strings"
	"time"

	"cosmossdk.io/math"

	"github.com/aitbc/aitbc/testutil/hostile"
)

// The fuzz input is a sequence of records:
//
//	record := header byte, length byte, payload (length bytes, or what is left)
//
// A header >= blockEndHeader closes the block being built, its payload
// saying how far the clock advances; any other header is a transaction whose
// operation is fuzzOps[header % len(fuzzOps)]. A transaction's payload is
// read field by field (signer, fee, then the message fields in the order
// its generator asks for them); a payload that runs out reads as zeros, and
// a zero tag always means "the sensible default", so a short record is a
// valid message and a seed only spells out the fields it wants hostile.
const blockEndHeader = 0xF0

type fuzzRecord struct {
	header  byte
	payload []byte
}

func splitRecords(data []byte) []fuzzRecord {
	var out []fuzzRecord
	for len(data) > 0 {
		h := data[0]
		n := 0
		if len(data) > 1 {
			n = int(data[1])
		}
		data = data[min(2, len(data)):]
		n = min(n, len(data))
		out = append(out, fuzzRecord{header: h, payload: data[:n]})
		data = data[n:]
	}
	return out
}

// fieldReader reads a record's payload; past its end it reads zeros.
type fieldReader struct {
	b []byte
	i int
}

func (r *fieldReader) byte() byte {
	if r.i >= len(r.b) {
		return 0
	}
	v := r.b[r.i]
	r.i++
	return v
}

func (r *fieldReader) bytes(n int) []byte {
	out := make([]byte, 0, n)
	for range n {
		if r.i >= len(r.b) {
			break
		}
		out = append(out, r.b[r.i])
		r.i++
	}
	return out
}

func (r *fieldReader) uint64() uint64 {
	var b [8]byte
	copy(b[:], r.bytes(8))
	return binary.BigEndian.Uint64(b[:])
}

// Tags of a string field.
const (
	strDefault  = 0 // 0..2: the generator's valid value
	strHostile  = 3 // hostile.Strings[next byte]
	strRaw      = 4 // next byte is a length, then that many raw bytes
	strSpliced  = 5 // the valid value with a control byte spliced in
	strRunes    = 6 // random code points, controls and lone continuation bytes
	strOversize = 7 // the valid value repeated past every length limit
)

func (r *fieldReader) str(valid string) string {
	switch r.byte() % 8 {
	case strHostile:
		return hostile.Strings[int(r.byte())%len(hostile.Strings)]
	case strRaw:
		return string(r.bytes(int(r.byte())))
	case strSpliced:
		pos, ctl := int(r.byte()), r.byte()%0x20
		pos %= len(valid) + 1
		return valid[:pos] + string([]byte{ctl}) + valid[pos:]
	case strRunes:
		seed, n := r.byte(), 1+int(r.byte()%48)
		return hostile.RandomRunes(rand.New(rand.NewSource(int64(seed))), n)
	case strOversize:
		if valid == "" {
			valid = "A"
		}
		return strings.Repeat(valid, 1+(300+int(r.byte()))/len(valid))
	default:
		return valid
	}
}

// Tags of an integer field.
const (
	intDefault = 0 // 0..1
	intZero    = 2
	intMax     = 3
	intSmall   = 4 // next byte
	intRaw     = 5 // next 8 bytes, big endian
)

func (r *fieldReader) u64(def uint64) uint64 {
	switch r.byte() % 6 {
	case intZero:
		return 0
	case intMax:
		return ^uint64(0)
	case intSmall:
		return uint64(r.byte())
	case intRaw:
		return r.uint64()
	default:
		return def
	}
}

func (r *fieldReader) u32(def uint32) uint32 {
	switch r.byte() % 6 {
	case intZero:
		return 0
	case intMax:
		return ^uint32(0)
	case intSmall:
		return uint32(r.byte())
	case intRaw:
		return uint32(r.uint64())
	default:
		return def
	}
}

// pick reads one byte as an index below n.
func (r *fieldReader) pick(n int) int { return int(r.byte()) % n }

// flag reads a bool whose default (zero) is def.
func (r *fieldReader) flag(def bool) bool {
	if r.byte()%2 == 1 {
		return !def
	}
	return def
}

// count reads a list length: the default, or next byte up to max.
func (r *fieldReader) count(def, max int) int {
	if r.byte()%4 == 3 {
		return int(r.byte()) % (max + 1)
	}
	return def
}

// Tags of an amount.
const (
	amtDefault = 0 // 0..1
	amtZero    = 2
	amtOne     = 3
	amtUint64  = 4 // max uint64
	amtHuge    = 5 // 2^255 - 1 + next byte: on the edge of math.Int's 256 bits
	amtScaled  = 6 // next byte times 10^(next byte % 19)
	amtNeg     = 7 // minus the default
)

func (r *fieldReader) amount(def math.Int) math.Int {
	switch r.byte() % 8 {
	case amtZero:
		return math.ZeroInt()
	case amtOne:
		return math.OneInt()
	case amtUint64:
		return math.NewIntFromUint64(^uint64(0))
	case amtHuge:
		v := new(big.Int).Lsh(big.NewInt(1), 255)
		v.Sub(v, big.NewInt(1))
		return math.NewIntFromBigInt(v)
	case amtScaled:
		m, e := r.byte(), r.byte()%19
		return math.NewInt(int64(m)).Mul(math.NewIntFromBigInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e)), nil)))
	case amtNeg:
		return def.Neg().SubRaw(1)
	default:
		return def
	}
}

// dec reads a decimal: the default, 0, 1, negative, above one, tiny, huge.
func (r *fieldReader) dec(def math.LegacyDec) math.LegacyDec {
	switch r.byte() % 9 {
	case 2:
		return math.LegacyZeroDec()
	case 3:
		return math.LegacyOneDec()
	case 4:
		return math.LegacyNewDec(-1)
	case 5:
		return math.LegacyNewDecWithPrec(int64(r.byte()), 2) // 0.00 .. 2.55
	case 6:
		return math.LegacySmallestDec()
	case 7:
		return math.LegacyNewDec(1_000_000_000_000)
	case 8:
		return math.LegacyNewDecWithPrec(1, 0).Add(math.LegacySmallestDec())
	default:
		return def
	}
}

// duration reads a duration: the default, zero, negative, seconds to
// centuries.
func (r *fieldReader) duration(def time.Duration) time.Duration {
	switch r.byte() % 9 {
	case 2:
		return 0
	case 3:
		return -time.Duration(1+int64(r.byte())) * time.Second
	case 4:
		return time.Duration(r.byte()) * time.Second
	case 5:
		return time.Duration(r.byte()) * time.Minute
	case 6:
		return time.Duration(r.byte()) * 24 * time.Hour
	case 7:
		return time.Duration(1<<63 - 1)
	case 8:
		return time.Duration(r.byte()) * 365 * 24 * time.Hour
	default:
		return def
	}
}

// timestamp reads a time around now: the default, the zero time, the Unix
// epoch, hours ago, minutes ahead, days ahead, the last second of year 9999.
func (r *fieldReader) timestamp(now, def time.Time) time.Time {
	switch r.byte() % 9 {
	case 2:
		return time.Time{}
	case 3:
		return time.Unix(0, 0).UTC()
	case 4:
		return now.Add(-time.Duration(r.byte()) * time.Hour)
	case 5:
		return now.Add(time.Duration(r.byte()) * time.Minute)
	case 6:
		return now.Add(time.Duration(r.byte()) * 24 * time.Hour)
	case 7:
		return time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
	case 8:
		return now
	default:
		return def
	}
}

// advance reads a block-end record: how far the clock moves. Zero is the
// ordinary 5 s block; the others reach the module's periods (minutes for
// votes, hours for leases, days for unbonding) and beyond.
func (r *fieldReader) advance() time.Duration {
	switch r.byte() % 8 {
	case 1:
		return time.Duration(1+int64(r.byte())) * time.Second
	case 2:
		return time.Duration(1+int64(r.byte())) * time.Minute
	case 3:
		return time.Duration(1+int64(r.byte())) * time.Hour
	case 4:
		return time.Duration(1+int64(r.byte())) * 24 * time.Hour
	case 5:
		return time.Duration(1+int64(r.byte())) * 30 * 24 * time.Hour
	case 6:
		return time.Second
	case 7:
		return 366 * 24 * time.Hour
	default:
		return 5 * time.Second
	}
}
