package e2e

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"
)

// loadReport is the part of `aitbcd load ... -o json` the test reads.
type loadReport struct {
	Kind        string  `json:"kind"`
	Sent        int     `json:"sent"`
	Accepted    int     `json:"accepted"`
	Committed   int     `json:"committed"`
	Failed      int     `json:"failed"`
	Missing     int     `json:"missing"`
	FirstHeight int64   `json:"first_height"`
	LastHeight  int64   `json:"last_height"`
	Blocks      int     `json:"blocks"`
	Seconds     float64 `json:"seconds"`
	TPS         float64 `json:"tps"`
	Gas         struct {
		Mean, Min, Max int64
	} `json:"gas_used"`
	Failures []map[string]any `json:"failures"`
	PerBlock []struct {
		Height int64 `json:"height"`
		Ours   int   `json:"txs_ours"`
	} `json:"per_block"`
}

// TestLoadBankSendAndDaoVote runs `aitbcd load` for both kinds against a
// real node with small N: 50 bank sends from 50 derived accounts (funded by
// validator in a multi-send), then the same accounts lock, validator
// submits a proposal and each account votes. Every transaction must commit
// and the report's counts must add up; the proposal's tally must hold
// exactly the votes the tool cast (options cycle yes, no, abstain by
// account). Genesis removes vesting so that locks count at once.
func TestLoadBankSendAndDaoVote(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	const (
		n    = 50
		lock = 1_000_000
	)
	c := NewChain(t, Options{
		EditGenesis: func(_ *Chain, genesis map[string]any) error {
			for path, value := range map[string]string{
				"app_state.dao.params.vesting":     "0s",
				"app_state.dao.params.twas_window": "1s",
			} {
				if err := SetPath(genesis, path, value); err != nil {
					return err
				}
			}
			return nil
		},
	})
	c.Start()

	run := func(kind string) loadReport {
		t.Helper()
		out, err := c.CLIE("load", kind, "--from", c.Validator, "--accounts", strconv.Itoa(n),
			"--lock", strconv.Itoa(lock)+Denom, "-o", "json")
		if err != nil {
			t.Fatalf("aitbcd load %s: %v", kind, err)
		}
		var r loadReport
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("report of %s: %v\n%s", kind, err, out)
		}
		t.Logf("%s: %d committed in blocks %d-%d, %.1f TPS, gas %d", kind, r.Committed, r.FirstHeight, r.LastHeight, r.TPS, r.Gas.Mean)
		if r.Kind != kind || r.Sent != n || r.Accepted != n || r.Committed != n || r.Failed != 0 || r.Missing != 0 || len(r.Failures) != 0 {
			t.Fatalf("%s report: %+v", kind, r)
		}
		ours := 0
		for _, b := range r.PerBlock {
			ours += b.Ours
		}
		if ours != n || r.Blocks != len(r.PerBlock) || r.LastHeight-r.FirstHeight+1 != int64(r.Blocks) {
			t.Fatalf("%s: per-block lines %+v do not add up to %d txs over blocks %d-%d", kind, r.PerBlock, n, r.FirstHeight, r.LastHeight)
		}
		if r.Seconds <= 0 || r.TPS <= 0 || r.Gas.Min <= 0 || r.Gas.Min > r.Gas.Mean || r.Gas.Mean > r.Gas.Max {
			t.Fatalf("%s: figures %+v", kind, r)
		}
		return r
	}

	run("bank-send")
	vote := run("dao-vote")

	// The tool's proposal is the chain's first; its tally is exactly the
	// 50 full locks: accounts 0, 3, ... voted yes (17), 1, 4, ... no (17),
	// the rest abstain (16).
	var tally struct {
		Tally struct {
			Yes, No, Abstain string
			NoWithVeto       string `json:"no_with_veto"`
		} `json:"tally"`
	}
	mustRESTAt(t, c, "/aitbc/dao/v1/proposals/1/tally", vote.LastHeight, &tally)
	want := func(k int) string { return strconv.Itoa(k * lock) }
	if tally.Tally.Yes != want(17) || tally.Tally.No != want(17) || tally.Tally.Abstain != want(16) || tally.Tally.NoWithVeto != "0" {
		t.Fatalf("tally after the votes: %+v", tally.Tally)
	}

	// compare: a warm-up pair, bank-send and dao-vote, then one round of
	// four batches, bank-send, dao-vote, dao-vote, bank-send (each vote
	// batch on a proposal of its own), each whole, and the ratio of the
	// means of the counted batches.
	out, err := c.CLIE("load", "compare", "bank-send", "dao-vote", "--rounds", "1", "--warmup", "1", "--from", c.Validator,
		"--accounts", strconv.Itoa(n), "--lock", strconv.Itoa(lock)+Denom, "-o", "json")
	if err != nil {
		t.Fatalf("aitbcd load compare: %v", err)
	}
	var cmp struct {
		Base    string `json:"base"`
		Kind    string `json:"kind"`
		Batches []struct {
			Kind      string  `json:"kind"`
			TPS       float64 `json:"tps"`
			Committed int     `json:"committed"`
			Warmup    bool    `json:"warmup"`
		} `json:"batches"`
		BaseTPS float64 `json:"base_tps"`
		KindTPS float64 `json:"kind_tps"`
		Ratio   float64 `json:"ratio"`
		Low     float64 `json:"ratio_low"`
		High    float64 `json:"ratio_high"`
	}
	if err := json.Unmarshal(out, &cmp); err != nil {
		t.Fatalf("compare report: %v\n%s", err, out)
	}
	t.Logf("compare: %+v", cmp)
	order := []string{"bank-send", "dao-vote", "bank-send", "dao-vote", "dao-vote", "bank-send"}
	if cmp.Base != "bank-send" || cmp.Kind != "dao-vote" || len(cmp.Batches) != len(order) {
		t.Fatalf("compare report: %+v", cmp)
	}
	for i, b := range cmp.Batches {
		if b.Kind != order[i] || b.Committed != n || b.TPS <= 0 || b.Warmup != (i < 2) {
			t.Fatalf("compare batch %d: %+v, want %s with %d committed, warm-up %v", i+1, b, order[i], n, i < 2)
		}
	}
	mean := func(a, b float64) float64 { return (a + b) / 2 }
	wantBase, wantKind := mean(cmp.Batches[2].TPS, cmp.Batches[5].TPS), mean(cmp.Batches[3].TPS, cmp.Batches[4].TPS)
	if !near(cmp.BaseTPS, wantBase) || !near(cmp.KindTPS, wantKind) || !near(cmp.Ratio, wantKind/wantBase) {
		t.Fatalf("compare means %.3f %.3f ratio %.4f, want %.3f %.3f %.4f", cmp.BaseTPS, cmp.KindTPS, cmp.Ratio, wantBase, wantKind, wantKind/wantBase)
	}
	// Two counted batches of each kind: an interval around the ratio.
	if cmp.Low < 0 || cmp.Low > cmp.Ratio || cmp.High < cmp.Ratio {
		t.Fatalf("compare interval %.3f to %.3f around %.3f", cmp.Low, cmp.High, cmp.Ratio)
	}
	if _, err := c.CLIE("load", "compare", "bank-send", "bank-send", "--from", c.Validator); err == nil {
		t.Fatal("compare of a kind with itself was accepted")
	}
}

// near says whether two figures from a JSON report agree to 1e-9.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
