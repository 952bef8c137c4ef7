package load

import (
	"encoding/hex"
	"math"
	"strings"
	"testing"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

func ok(gas int64) TxResult { return TxResult{GasWanted: 100_000, GasUsed: gas} }

func TestSummarizeFromBlocks(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	in := Input{
		Kind: "bank-send",
		Sent: 10,
		// Two refused by CheckTx: one insufficient fee, one bad sequence.
		Refused: []TxResult{
			{Code: 13, Codespace: "sdk", Log: "insufficient fee"},
			{Code: 32, Codespace: "sdk", Log: "account sequence mismatch"},
		},
		Blocks: []Block{
			{Height: 10, Time: at(0), TotalTxs: 3},    // before the first broadcast: its time starts the window
			{Height: 11, Time: at(1000), TotalTxs: 2}, // none of ours
			{Height: 12, Time: at(2500), TotalTxs: 4, Ours: []TxResult{ok(70_000), ok(80_000), ok(90_000)}},
			{Height: 13, Time: at(3000)}, // empty, inside the window
			{Height: 14, Time: at(4500), TotalTxs: 3, Ours: []TxResult{ok(60_000), {Code: 11, Codespace: "sdk", GasUsed: 99_000, Log: "out of gas"}}},
			{Height: 15, Time: at(6000), TotalTxs: 1}, // after the last: outside
		},
		Broadcast: 2 * time.Second,
	}
	r := Summarize(in)

	if r.Sent != 10 || r.Accepted != 8 || r.Committed != 4 || r.Failed != 1 || r.Missing != 3 {
		t.Fatalf("counts: %+v", r)
	}
	// Blocks 12-14; the window runs from block 11's time to block 14's.
	if r.FirstHeight != 12 || r.LastHeight != 14 || r.Blocks != 3 || !r.LastTime.Equal(at(4500)) {
		t.Fatalf("range: %d-%d (%d) at %s", r.FirstHeight, r.LastHeight, r.Blocks, r.LastTime)
	}
	if r.Seconds != 3.5 {
		t.Fatalf("seconds %v, want 3.5", r.Seconds)
	}
	if want := 4 / 3.5; math.Abs(r.TPS-want) > 1e-9 {
		t.Fatalf("TPS %v, want %v", r.TPS, want)
	}
	if want := 5.0 / 3; math.Abs(r.TxsPerBlock-want) > 1e-9 {
		t.Fatalf("txs per block %v, want %v", r.TxsPerBlock, want)
	}
	// Gas over the committed only: the failed tx's 99k is not in it.
	if r.Gas != (GasStats{Mean: 75_000, Min: 60_000, Max: 90_000, Wanted: 100_000}) {
		t.Fatalf("gas %+v", r.Gas)
	}
	wantFailures := []Failure{
		{Stage: "check_tx", Codespace: "sdk", Code: 13, Count: 1, Example: "insufficient fee"},
		{Stage: "check_tx", Codespace: "sdk", Code: 32, Count: 1, Example: "account sequence mismatch"},
		{Stage: "deliver_tx", Codespace: "sdk", Code: 11, Count: 1, Example: "out of gas"},
	}
	if len(r.Failures) != len(wantFailures) {
		t.Fatalf("failures %+v", r.Failures)
	}
	for i, f := range wantFailures {
		if r.Failures[i] != f {
			t.Fatalf("failure %d: %+v, want %+v", i, r.Failures[i], f)
		}
	}
	wantLines := []BlockLine{{12, 1.5, 3, 4}, {13, 0.5, 0, 0}, {14, 1.5, 2, 3}}
	if len(r.PerBlock) != len(wantLines) {
		t.Fatalf("per block %+v", r.PerBlock)
	}
	for i, l := range wantLines {
		if r.PerBlock[i] != l {
			t.Fatalf("block line %d: %+v, want %+v", i, r.PerBlock[i], l)
		}
	}

	var text strings.Builder
	r.WriteText(&text)
	for _, want := range []string{"committed TPS 1.1", "blocks 12-14 (3): 3.50 s", "failure deliver_tx sdk/11: 1 (out of gas)", "gas used per tx: mean 75000"} {
		if !strings.Contains(text.String(), want) {
			t.Fatalf("text report lacks %q:\n%s", want, text.String())
		}
	}
}

// A run whose transactions all landed in the very first block read has no
// block before it: the window starts at that block itself (zero length, no
// TPS rather than a division by zero).
func TestSummarizeEdgeCases(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := Summarize(Input{Kind: "k", Sent: 1, Blocks: []Block{{Height: 5, Time: t0, TotalTxs: 1, Ours: []TxResult{ok(1)}}}})
	if r.Committed != 1 || r.Seconds != 0 || r.TPS != 0 || r.Blocks != 1 {
		t.Fatalf("single first block: %+v", r)
	}
	r = Summarize(Input{Kind: "k", Sent: 3, Blocks: []Block{{Height: 5, Time: t0}}})
	if r.Committed != 0 || r.Missing != 3 || r.Blocks != 0 || r.TPS != 0 || r.PerBlock != nil {
		t.Fatalf("nothing committed: %+v", r)
	}
}

func TestDeriveAccounts(t *testing.T) {
	a := DeriveAccounts("s1", 3)
	b := DeriveAccounts("s1", 5)
	c := DeriveAccounts("s2", 3)
	seen := map[string]bool{}
	for i := range a {
		if a[i].Index != i || !a[i].Address.Equals(b[i].Address) || !a[i].Priv.Equals(b[i].Priv) {
			t.Fatalf("account %d differs between runs of the same seed", i)
		}
		if !a[i].Address.Equals(sdk.AccAddress(a[i].Priv.PubKey().Address())) {
			t.Fatalf("account %d: address is not its key's", i)
		}
		for _, acc := range []*Account{a[i], c[i]} {
			if seen[acc.Address.String()] {
				t.Fatalf("address %s derived twice", acc.Address)
			}
			seen[acc.Address.String()] = true
		}
	}
	// A fixed vector: the derivation must not change between versions, or
	// chains funded by an older binary would fund new accounts.
	const wantFirst = "767d43ec43264039fc0efe9301806c60addeeb2b"
	if got := hex.EncodeToString(a[0].Address); got != wantFirst {
		t.Fatalf("first account of seed s1: %s, want %s", got, wantFirst)
	}
}

func TestPerAccountSharesAddUp(t *testing.T) {
	for _, tc := range []struct{ accounts, txs int }{{3, 3}, {3, 7}, {5, 2}, {4, 8}} {
		l := &Load{Accounts: DeriveAccounts("x", tc.accounts), Txs: tc.txs}
		sum := 0
		for i := range l.Accounts {
			n := l.perAccount(i)
			// Account i sends the txs j with j mod N == i.
			want := 0
			for j := 0; j < tc.txs; j++ {
				if j%tc.accounts == i {
					want++
				}
			}
			if n != want {
				t.Fatalf("%d accounts, %d txs: account %d sends %d, want %d", tc.accounts, tc.txs, i, n, want)
			}
			sum += n
		}
		if sum != tc.txs {
			t.Fatalf("%d accounts, %d txs: shares add up to %d", tc.accounts, tc.txs, sum)
		}
	}
}

func TestCompareOrderCancelsDrift(t *testing.T) {
	send, vote := Kinds[0], Kinds[1]
	var names []string
	for _, k := range batchOrder(send, vote, 2, 1) {
		names = append(names, k.Name())
	}
	if got := strings.Join(names, " "); got != "bank-send dao-vote bank-send dao-vote dao-vote bank-send dao-vote bank-send bank-send dao-vote" {
		t.Fatalf("order: %s", got)
	}
	names = names[:0]
	for _, k := range batchOrder(send, vote, 4, 0) {
		names = append(names, k.Name()[:1])
	}
	if got := strings.Join(names, ""); got != "bddbdbbddbbdbddb" {
		t.Fatalf("4 rounds: %s, want the Thue-Morse sequence", got)
	}
	// Two kinds that cost the same on a node whose throughput falls fast at
	// first (as a fresh localnet's does) must compare at 1: over 2 rounds
	// with a quadratic drift (ABBA ABBA gives 0.994), over 4 with a cubic one.
	drifts := map[int]func(x float64) float64{
		2: func(x float64) float64 { return 900 - 60*x + 2*x*x },
		4: func(x float64) float64 { return 900 - 60*x + 3*x*x - 0.05*x*x*x },
	}
	for rounds, tps := range drifts {
		var reports []Report
		for i, k := range batchOrder(send, vote, rounds, 1) {
			v := tps(float64(i - 2))
			reports = append(reports, Report{Kind: k.Name(), Sent: 10, Accepted: 10, Committed: 10, TPS: v, Blocks: 2, Seconds: 10 / v})
		}
		c, err := Compare(send.Name(), vote.Name(), 2, reports)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(c.Ratio-1) > 1e-12 {
			t.Fatalf("%d rounds under a drift of degree %d: ratio %v, want 1", rounds, rounds/2+1, c.Ratio)
		}
	}
}

func TestCompare(t *testing.T) {
	batch := func(kind string, tps float64) Report {
		return Report{Kind: kind, Sent: 10, Accepted: 10, Committed: 10, TPS: tps, Blocks: 2, Seconds: 10 / tps}
	}
	// The warm-up pair (900 and 100) is listed but not counted.
	c, err := Compare("bank-send", "dao-vote", 2, []Report{
		batch("bank-send", 900), batch("dao-vote", 100),
		batch("bank-send", 600), batch("dao-vote", 500), batch("dao-vote", 460), batch("bank-send", 520),
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseTPS != 560 || c.KindTPS != 480 || math.Abs(c.Ratio-480.0/560) > 1e-12 || len(c.Batches) != 6 || c.Batches[3].Kind != "dao-vote" {
		t.Fatalf("comparison: %+v", c)
	}
	// Two batches of each kind: sd 56.57 and 28.28; t(1 df) = 12.706
	// makes the interval wide enough to reach below 0, where it stops.
	if math.Abs(c.BaseSD-56.5685) > 1e-3 || math.Abs(c.KindSD-28.2843) > 1e-3 || c.RatioLow != 0 || math.Abs(c.RatioHigh-1.75774) > 1e-4 {
		t.Fatalf("spread: %+v", c)
	}
	for i, b := range c.Batches {
		if b.Warmup != (i < 2) {
			t.Fatalf("batch %d warm-up %v", i+1, b.Warmup)
		}
	}
	var text strings.Builder
	c.WriteText(&text)
	if !strings.Contains(text.String(), "ratio dao-vote / bank-send: 0.86") || strings.Count(text.String(), "(warm-up, not counted)") != 2 {
		t.Fatalf("text:\n%s", text.String())
	}

	// Three of each (sd 40 and 20, t(2 df) = 4.303): 0.857 within
	// 0.681 to 1.033, by hand.
	c, err = Compare("bank-send", "dao-vote", 0, []Report{
		batch("bank-send", 600), batch("dao-vote", 500), batch("dao-vote", 460), batch("bank-send", 520),
		batch("bank-send", 560), batch("dao-vote", 480),
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseSD != 40 || c.KindSD != 20 || math.Abs(c.RatioLow-0.681053) > 1e-5 || math.Abs(c.RatioHigh-1.033232) > 1e-5 {
		t.Fatalf("spread: %+v", c)
	}
	text.Reset()
	c.WriteText(&text)
	if !strings.Contains(text.String(), "ratio dao-vote / bank-send: 0.86 (95% interval 0.68 to 1.03)") || !strings.Contains(text.String(), "bank-send: mean 560.0 tx/s (sd 40.0)") {
		t.Fatalf("text:\n%s", text.String())
	}
	// One batch of each: no spread, no interval.
	c, err = Compare("bank-send", "dao-vote", 0, []Report{batch("bank-send", 600), batch("dao-vote", 500)})
	if err != nil || c.BaseSD != 0 || c.RatioHigh != 0 {
		t.Fatalf("one batch each: %+v, %v", c, err)
	}
	text.Reset()
	c.WriteText(&text)
	if strings.Contains(text.String(), "interval") {
		t.Fatalf("text:\n%s", text.String())
	}

	if _, err := Compare("bank-send", "dao-vote", 0, []Report{batch("bank-send", 600)}); err == nil {
		t.Fatal("a comparison without a batch of dao-vote was accepted")
	}
	if _, err := Compare("bank-send", "dao-vote", 2, []Report{batch("bank-send", 600), batch("dao-vote", 500), batch("bank-send", 600)}); err == nil {
		t.Fatal("a comparison whose only dao-vote batch is a warm-up was accepted")
	}
	if _, err := Compare("bank-send", "dao-vote", 0, []Report{batch("bank-send", 600), batch("other", 1)}); err == nil {
		t.Fatal("a batch of a third kind was accepted")
	}
	if _, err := kindByName("nope"); err == nil || !strings.Contains(err.Error(), "bank-send, dao-vote") {
		t.Fatalf("unknown kind: %v", err)
	}
}
