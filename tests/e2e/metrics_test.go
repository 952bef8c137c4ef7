package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMetricsPrometheus runs a node with telemetry on in app.toml, locks,
// submits and votes on a proposal and submits a job, then scrapes the API
// server's /metrics?format=prometheus: the aitbc counters moved by exactly
// these transitions, the state gauges show the committed state (locked
// supply, live proposal, open job, escrow balance), and the x/dao and
// x/compute Begin/EndBlock timings are there.
func TestMetricsPrometheus(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	const (
		standardIdx = "1"
		aliceLock   = 200_000_000 // above the 100 AITBC min proposer power
		jobPrice    = 1_000_000
		jobCount    = 1
		jobHours    = 2
		jobEscrow   = jobPrice * jobCount * jobHours
	)
	c := NewChain(t, Options{
		Accounts: []Account{{Name: "alice"}},
		EditGenesis: func(_ *Chain, genesis map[string]any) error {
			class := "app_state.dao.params.classes." + standardIdx
			for path, value := range map[string]string{
				"app_state.dao.params.vesting":            "0s",
				"app_state.dao.params.twas_window":        "1s",
				"app_state.dao.params.max_power_fraction": "0.900000000000000000",
				class + ".challenge_period":               "0s",
				class + ".min_voting_period":              "2s",
				class + ".default_voting_period":          "10s",
				class + ".max_voting_period":              maxVotingPeriod,
			} {
				if err := SetPath(genesis, path, value); err != nil {
					return err
				}
			}
			return plainVoting(genesis, class)
		},
	})
	if err := EditTOML(filepath.Join(c.Home, "config", "app.toml"), map[string]map[string]string{
		"telemetry": {
			"enabled": "true",
			// Long enough that no counter expires from the sink during the test.
			"prometheus-retention-time": "3600",
		},
	}); err != nil {
		t.Fatal(err)
	}
	c.Start()
	alice := c.KeyAddress("alice")
	daoAddr := moduleAccountAddress(t, c, "dao")
	gas := []string{"--gas", "800000", "--fees", "2000" + Denom}
	// The proposal pays 1uaitbc from the treasury: the dry run at
	// submission refuses a spend the treasury cannot pay.
	c.Tx(c.Validator, "bank", "send", c.Validator, daoAddr, "1"+Denom)

	before := scrapeMetrics(t, c)
	if _, ok := before[`aitbc_state_height`]; !ok {
		t.Fatalf("no aitbc state gauges before any transition:\n%s", before)
	}

	c.Tx("alice", "dao", append([]string{"lock", strconv.Itoa(aliceLock) + Denom}, gas...)...)
	c.WaitUntil("alice's power to reach her lock", 20, func() (bool, string) {
		var p votingPower
		if err := c.REST("/aitbc/dao/v1/voting_power/"+alice, &p); err != nil {
			return false, err.Error()
		}
		return p.Power == strconv.Itoa(aliceLock), fmt.Sprintf("%+v", p)
	})
	proposal := writeProposalFile(t, c, "proposal.json", map[string]any{
		"class": "standard", "title": "Metrics", "summary": "A proposal the metrics count.",
		"voting_period": maxVotingPeriod, // stays in voting while the test scrapes
		"messages": []any{map[string]any{
			"@type": "/aitbc.dao.v1.MsgCommunitySpend", "authority": daoAddr, "recipient": alice,
			"amount": []any{map[string]any{"denom": Denom, "amount": "1"}},
		}},
	})
	submit := c.Tx("alice", "dao", append([]string{"submit-proposal", proposal}, gas...)...)
	idAttr, _ := submit.Attr("aitbc.dao.v1.EventSubmitProposal", "proposal_id")
	id := strings.Trim(idAttr, `"`)
	c.Tx("alice", "dao", append([]string{"vote", id, "yes"}, gas...)...)
	c.Tx("alice", "compute", append([]string{"submit-job", writeComputeJob(t, c, "job.json", "H100", jobCount, jobHours, jobPrice)}, gas...)...)

	// The listener records a block's events off the FinalizeBlock path, so
	// the counters may trail the committed block by a moment: poll.
	counters := []struct {
		series string
		want   float64
	}{
		{`aitbc_dao_locks_total`, 1},
		{`aitbc_dao_locked_amount_total`, aliceLock},
		{`aitbc_dao_proposals_submitted_total{class="standard"}`, 1},
		{`aitbc_dao_votes_total{option="yes"}`, 1},
		{`aitbc_compute_jobs_submitted_total`, 1},
		{`aitbc_compute_escrowed_amount_total{denom="uaitbc"}`, jobEscrow},
	}
	var after promSeries
	c.WaitUntil("the counters to count the transitions", 5, func() (bool, string) {
		after = scrapeMetrics(t, c)
		var wrong []string
		for _, w := range counters {
			if got := after[w.series] - before[w.series]; got != w.want {
				wrong = append(wrong, fmt.Sprintf("%s moved by %v, want %v", w.series, got, w.want))
			}
		}
		return len(wrong) == 0, strings.Join(wrong, "; ")
	})
	for _, w := range []struct {
		series string
		want   float64
	}{
		{`aitbc_dao_locked{denom="uaitbc"}`, aliceLock},
		{`aitbc_dao_proposals{status="voting"}`, 1},
		{`aitbc_compute_jobs{status="open"}`, 1},
		{`aitbc_module_account_balance{account="compute_escrow",denom="uaitbc"}`, jobEscrow},
		{`aitbc_module_account_balance{account="dao_vote_escrow",denom="uaitbc"}`, aliceLock},
	} {
		if got, ok := after[w.series]; !ok || got != w.want {
			t.Errorf("%s = %v (present %v), want %v", w.series, got, ok, w.want)
		}
	}
	for _, series := range []string{
		`begin_blocker_count{module="dao"}`, `end_blocker_count{module="dao"}`, `end_blocker_count{module="compute"}`,
	} {
		if after[series] <= 0 {
			t.Errorf("no samples of %s", series)
		}
	}
	if height := after[`aitbc_state_height`]; height < float64(submit.Height) {
		t.Errorf("gauges read at height %v, before the proposal's block %d", height, submit.Height)
	}
	if t.Failed() {
		t.Logf("aitbc series scraped:\n%s", after)
	}
}

// promSeries maps each series of a Prometheus text page, as printed
// (name{labels in the server's order}), to its value.
type promSeries map[string]float64

func (s promSeries) String() string {
	var b strings.Builder
	for k, v := range s {
		if strings.HasPrefix(k, "aitbc_") || strings.Contains(k, "_blocker") {
			fmt.Fprintf(&b, "%s %v\n", k, v)
		}
	}
	return b.String()
}

// scrapeMetrics reads the node's /metrics?format=prometheus.
func scrapeMetrics(t *testing.T, c *Chain) promSeries {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	resp, err := client.Get(c.API + "/metrics?format=prometheus")
	if err != nil {
		t.Fatalf("scraping metrics: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET /metrics?format=prometheus: %s %s", resp.Status, body)
	}
	out := promSeries{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading metrics: %v", err)
	}
	return out
}
