package app_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/aitbc/aitbc/testutil/hostile"
)

var updateFuzzSeeds = flag.Bool("update-fuzz-seeds", false, "rewrite the named FuzzApp seeds in testdata/fuzz/FuzzApp")

// Signers by index in fuzzAccounts.
const (
	user0, user1, user2, user3 = 0, 1, 2, 3
	val0, val1, val2, val3     = 4, 5, 6, 7
	poor                       = 8
)

// seedBuilder writes fuzz inputs record by record; each field encoder
// produces the bytes the matching fieldReader method reads.
type seedBuilder struct{ b []byte }

// tx appends a transaction record: signer, no fee, then the fields; the
// fields left out read as defaults.
func (s *seedBuilder) tx(op string, signer int, fields ...[]byte) *seedBuilder {
	payload := []byte{byte(signer), 0}
	for _, f := range fields {
		payload = append(payload, f...)
	}
	return s.record(byte(fuzzOpIndex(op)), payload)
}

// block closes the block: the clock advances by the advance encoding (5 s
// when empty), then the absent-validator mask.
func (s *seedBuilder) block(fields ...[]byte) *seedBuilder {
	var payload []byte
	for _, f := range fields {
		payload = append(payload, f...)
	}
	return s.record(0xFF, payload)
}

func (s *seedBuilder) record(header byte, payload []byte) *seedBuilder {
	if len(payload) > 255 {
		panic("seed record longer than 255 bytes")
	}
	s.b = append(s.b, header, byte(len(payload)))
	s.b = append(s.b, payload...)
	return s
}

func fuzzOpIndex(name string) int {
	for i, op := range fuzzOps {
		if op.name == name {
			return i
		}
	}
	panic("no fuzz op " + name)
}

// Field encoders.
var dflt = []byte{0} // any field's default

func hostileStr(s string) []byte {
	for i, h := range hostile.Strings {
		if h == s {
			return []byte{strHostile, byte(i)}
		}
	}
	panic(fmt.Sprintf("%q is not in hostile.Strings", s))
}

func rawStr(s string) []byte { return append([]byte{strRaw, byte(len(s))}, s...) }

// idValue is an id field set to v.
func idValue(v byte) []byte { return []byte{5, v} }

// forgedSigner is a signer field naming, instead of the signer, the
// hostile string s.
func forgedSigner(s string) []byte { return append([]byte{15, 5}, hostileStr(s)[1]) }

// scaled is m * 10^e as an amount field.
func scaled(m, e byte) []byte { return []byte{amtScaled, m, e} }

// count is a list length field.
func count(n byte) []byte { return []byte{3, n} }

// enumValue is an enum field set to v (0..7).
func enumValue(v byte) []byte { return []byte{2, v} }

// moduleAccount is an address field naming fuzzModuleAccounts[i].
func moduleAccount(i byte) []byte { return []byte{4, i} }

// wallet is an address field naming the i-th agent wallet seen.
func wallet(i byte) []byte { return []byte{3, i} }

func minutes(n byte) []byte { return []byte{2, n - 1} }
func hours(n byte) []byte   { return []byte{3, n - 1} }
func days(n byte) []byte    { return []byte{4, n - 1} }
func months(n byte) []byte  { return []byte{5, n - 1} }

// absent is a block's absent-validator mask after a 5 s advance: bit i
// is validator i of the fuzz accounts.
func absent(mask byte) []byte { return []byte{0, mask} }

const voteNoWithVeto = 4

// fuzzSeeds are the named entries of testdata/fuzz/FuzzApp.
func fuzzSeeds() map[string][]byte {
	seeds := map[string]*seedBuilder{}
	add := func(name string) *seedBuilder {
		s := &seedBuilder{}
		seeds[name] = s
		return s
	}

	// Issue 11: a job whose GPU model holds a NUL byte was accepted, and the
	// next EndBlock failed on the price index key: the chain halted. Then
	// the clock passes its deadline, so expiry handles it too.
	add("nul-job").
		tx("compute/submit-job", user1, dflt, hostileStr("H100\x00")).
		block().block().
		block(days(2)).block()

	// A NUL capability must fail with a registered error, not code 1.
	add("nul-capability").
		tx("agent/register", user2, dflt, dflt, dflt, dflt, dflt, hostileStr("\x00")).
		tx("agent/register", user3, dflt, dflt, dflt, dflt, count(3), dflt, hostileStr("H1\x0000")).
		block()

	// A provider with a NUL GPU model and offers made while its validator is
	// out of the set; the validator leaves (all self-delegation undelegated:
	// jailed), comes back (delegate, unjail) and the bonding hook re-lists
	// its offers in the price index inside the staking EndBlocker.
	add("nul-provider-rebond").
		tx("compute/register-provider", val0, dflt, dflt, dflt, dflt, hostileStr("H100\x00")).
		tx("compute/register-provider", val1, dflt, dflt, dflt, count(2), hostileStr("H100\x00"), dflt, dflt, rawStr("A100\x00\x00")).
		block().
		tx("compute/register-provider", val1). // the fixed chain refused the NUL inventory
		block().
		tx("compute/create-offer", val1, dflt, dflt, dflt, []byte{intSmall, 4}). // 4 of its 8 H100
		block().
		tx("staking/undelegate", val1, dflt, dflt, dflt, scaled(110, 6)).
		block().block().
		tx("compute/create-offer", val1, dflt, hostileStr("H100\x00")).
		tx("compute/create-offer", val1, dflt, rawStr("A100\x00\x00")).
		tx("compute/update-provider", val1, dflt, dflt, dflt, dflt, hostileStr("H1\x0000")).
		tx("compute/create-offer", val1, dflt, dflt, dflt, []byte{intSmall, 4}). // stored while out of the set
		block().
		tx("staking/delegate", val1).
		tx("slashing/unjail", val1).
		block().block().block()

	// The whole compute flow: provider, offer, job matched in EndBlock,
	// result, three attestations settle it, both parties rate, and the
	// consumer tries to rate the same lease again under other spellings of
	// its id (compute/01, compute/001, compute/042).
	add("compute-flow").
		tx("compute/register-provider", val0).
		tx("compute/create-offer", val0).
		block().
		tx("compute/submit-job", user1).
		block().block().
		tx("compute/submit-result", val0).
		block().
		tx("compute/commit-attestation", val1).
		tx("compute/commit-attestation", val2).
		tx("compute/commit-attestation", val3).
		block().
		tx("compute/reveal-attestation", val1).
		tx("compute/reveal-attestation", val2).
		tx("compute/reveal-attestation", val3).
		block().
		tx("reputation/rate", user1).
		tx("reputation/rate", val0).
		tx("reputation/rate", user1, dflt, rawStr("compute/01")).
		tx("reputation/rate", user1, dflt, rawStr("compute/001")).
		tx("reputation/rate", user1, dflt, hostileStr("compute/042")).
		block().
		tx("compute/unbond", val0).
		block(days(22)).block()

	// Lock, fund the treasury, propose a community spend, vote it through
	// challenge, voting and timelock until it executes.
	add("dao-flow").
		tx("dao/lock", user0).tx("dao/lock", user1).tx("dao/lock", user2).
		tx("bank/send", user3, dflt, moduleAccount(0)).
		block().block(minutes(12)). // the locks have vested
		tx("dao/submit-proposal", user0).
		block().block(minutes(2)). // the challenge period is over: voting opens
		tx("dao/vote", user0).tx("dao/vote", user1).tx("dao/vote", user2).
		block().block(minutes(6)). // voting is over: passed, timelocked
		block(minutes(2)).         // executed
		tx("dao/unlock", user1).
		block().block(minutes(31)).block()

	// A proposal vetoed: its bond is burned (the one deliberate burn).
	add("dao-veto").
		tx("dao/lock", user0).tx("dao/lock", user1).
		block().block(minutes(12)).
		tx("dao/submit-proposal", user1).
		block().block(minutes(2)).
		tx("dao/vote", user0, dflt, dflt, enumValue(voteNoWithVeto)).
		tx("dao/vote", user1, dflt, dflt, enumValue(voteNoWithVeto)).
		block().block(minutes(6)).block()

	// An agent: registered, funded, given a policy, spends through MsgExec.
	add("agent-exec").
		tx("agent/register", user0).
		block().
		tx("bank/send", user0, dflt, wallet(0)).
		tx("agent/set-policy", user0).
		tx("agent/set-operator", user0).
		block().
		tx("agent/exec", user0).
		tx("agent/exec", user1).
		block().block()

	// Validator 0 misses blocks until x/slashing jails and slashes it (a
	// burn from the bonded pool); it is a provider with an open offer.
	downtime := add("downtime").
		tx("compute/register-provider", val0).
		tx("compute/create-offer", val0).
		block()
	for range 12 {
		downtime.block(absent(0b0000_0001))
	}
	downtime.block(minutes(11)).tx("slashing/unjail", val0).block()

	// A capability outside ASCII (fullwidth ＨＩＯＯ) is a key part of the
	// capability index.
	add("unicode-capability").
		tx("agent/register", user2, dflt, dflt, dflt, dflt, dflt, hostileStr("ＨＩＯＯ")).
		block()

	// Messages whose signer field is not an address, or another account:
	// the ante handler refuses them (none may be accepted).
	add("forged-signer").
		tx("reputation/rate", user3, forgedSigner("\x1b[31mred")).
		tx("dao/lock", user0, []byte{15, 2, user1}).
		tx("bank/send", user1, []byte{15, 4, 0}).
		block()

	// A GPU model outside ASCII (fullwidth ＨＩＯＯ) on a provider, an offer
	// and a job that EndBlock matches through the price index; a second
	// model that differs only in its continuation bytes (Ｈ vs Ｉ).
	add("unicode-gpu-model").
		tx("compute/register-provider", val0, dflt, dflt, dflt, count(2), hostileStr("ＨＩＯＯ"), dflt, dflt, rawStr("ＩＩＯＯ")).
		block().
		tx("compute/create-offer", val0, dflt, hostileStr("ＨＩＯＯ")).
		tx("compute/create-offer", val0, dflt, rawStr("ＩＩＯＯ")).
		block().
		tx("compute/submit-job", user1, dflt, hostileStr("ＨＩＯＯ")).
		tx("compute/close-offer", val0, dflt, idValue(2)).
		block().block()

	// Everything comes due at once: unlocks, unbondings, a job deadline,
	// the compute bond unbonding, across month- and year-long jumps.
	add("time-jumps").
		tx("dao/lock", user0).
		tx("compute/register-provider", val2).
		tx("compute/submit-job", user1).
		tx("staking/delegate", user2).
		block().
		tx("dao/unlock", user0).
		tx("compute/unbond", val2).
		tx("staking/undelegate", user2).
		block(months(2)).
		block([]byte{7}).
		block()

	out := map[string][]byte{}
	for name, s := range seeds {
		out[name] = s.b
	}
	return out
}

// TestFuzzAppSeedCorpus keeps the named seeds in testdata in step with the
// encoders (run with -update-fuzz-seeds after changing either).
func TestFuzzAppSeedCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzApp")
	for name, data := range fuzzSeeds() {
		want := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		path := filepath.Join(dir, name)
		if *updateFuzzSeeds {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != want {
			t.Errorf("%s is missing or stale; run go test ./app -run TestFuzzAppSeedCorpus -update-fuzz-seeds", path)
		}
	}
}
