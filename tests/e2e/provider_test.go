package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
)

// countOutputHash is the result hash of examples/jobs/count.json as
// examples/jobs/README.md lists it.
const countOutputHash = "sha256:90433fcbd9e16297e6a7c1dacb1056394743194776e52f78ebf0a44b80b6b14f"

// TestProviderDaemonSettlesJob runs `aitbcd provider start` against a real
// one-validator node, set up the way an operator would: the validator
// registers as a provider and offers an H100, a hot key gets the authz and
// fee grants `provider setup-keys` prints, and provider.toml (from
// `provider init`) names the operator and declares the GPU. alice submits
// examples/jobs/count.json; the daemon runs it, serves the output and
// reports the result, which settles at once (no other validator can attest).
// A daemon killed with SIGKILL and restarted then sends nothing again.
func TestProviderDaemonSettlesJob(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	const (
		bond  = 1_000_000_000 // min_bond
		price = 1_000_000     // the offer, per GPU-hour; the job pays at most 2,000,000
		fee   = 1250          // --fees of the test's own compute txs
	)
	gas := []string{"--gas", "500000", "--fees", strconv.Itoa(fee) + Denom}

	c := NewChain(t, Options{Accounts: []Account{{Name: "alice"}}})
	c.Start()
	validator, alice := c.KeyAddress(c.Validator), c.KeyAddress("alice")

	// 1. The validator registers as a provider and offers one H100.
	c.Tx(c.Validator, "compute", append([]string{"register-provider", strconv.Itoa(bond) + Denom,
		"--gpus", `{"model":"H100","vram_mib":81920,"count":1}`, "--endpoint", "http://127.0.0.1", "--region", "eu"}, gas...)...)
	c.Tx(c.Validator, "compute", append([]string{"create-offer", `{"model":"H100","vram_mib":81920,"count":1}`,
		strconv.Itoa(price) + Denom, "1", "24"}, gas...)...)

	// 2. The hot key, and the one command setup-keys prints (provider
	// authorize), run as printed: every grant in one transaction.
	hot := c.AddKey("provider")
	setup := string(c.CLI("provider", "setup-keys", c.Validator, "provider", "--chain-id", c.ChainID, "--keyring-backend", "test"))
	var commands []string
	for _, line := range strings.Split(setup, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			commands = append(commands, line)
		}
	}
	if len(commands) != 1 || !strings.HasPrefix(commands[0], "aitbcd provider authorize "+hot+" --from "+c.Validator+" ") {
		t.Fatalf("setup-keys printed %q, want one 'aitbcd provider authorize %s --from %s ...'", commands, hot, c.Validator)
	}
	out := c.CLI(append(strings.Fields(commands[0])[1:], "--node", c.RPC, "--keyring-backend", "test", "-b", "sync", "-y", "-o", "json")...)
	var sent TxResponse
	if err := decodeJSON(out, &sent); err != nil || sent.TxHash == "" || sent.Code != 0 {
		t.Fatalf("provider authorize: %v: %s", err, out)
	}
	authorized, err := c.WaitForTxE(sent.TxHash)
	if err != nil {
		t.Fatal(err)
	}
	if authorized.Code != 0 {
		t.Fatalf("provider authorize: code %d: %s", authorized.Code, authorized.RawLog)
	}
	var grants struct {
		Grants []json.RawMessage `json:"grants"`
	}
	c.CLIJSON(&grants, "q", "authz", "grants", validator, hot, "-o", "json")
	if len(grants.Grants) < 3 {
		t.Fatalf("after provider authorize the hot key has %d authz grants, want one per provider message (at least 3)", len(grants.Grants))
	}
	c.CLI("q", "feegrant", "grant", validator, hot) // fails the test when there is no fee grant

	// 3. provider.toml: init, then the operator, node endpoints, ports, GPUs.
	tomlPath := strings.TrimSpace(string(c.CLI("provider", "init")))
	if !strings.HasSuffix(tomlPath, filepath.Join("config", "provider.toml")) {
		t.Fatalf("provider init printed %q, want the path of provider.toml", tomlPath)
	}
	ports, err := FreePorts(2)
	if err != nil {
		t.Fatal(err)
	}
	artifacts := fmt.Sprintf("127.0.0.1:%d", ports[0])
	if err := EditTOML(tomlPath, map[string]map[string]string{
		"node":      {"grpc": strconv.Quote(c.GRPC), "rpc": strconv.Quote(c.RPC)},
		"key":       {"operator": strconv.Quote(validator)},
		"artifacts": {"listen": strconv.Quote(artifacts), "public_base_url": strconv.Quote("http://" + artifacts)},
		"metrics":   {"listen": strconv.Quote(fmt.Sprintf("127.0.0.1:%d", ports[1]))},
		// No container runner: a job with an image is declined (step 10).
		"runner": {"kinds": `["command"]`},
	}); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(tomlPath, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\n[[gpus]]\nmodel = \"H100\"\nvram_mib = 81920\ncount = 1\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	// 4. The daemon.
	daemonLog := filepath.Join(c.Dir, "provider.log")
	startDaemon := func() *process {
		t.Helper()
		logf, err := os.OpenFile(daemonLog, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		// No nvidia-smi on PATH: the declared GPU is the inventory.
		env := append(childEnv(), "PATH=/usr/bin:/bin")
		p, err := startProcess("", logf, env, c.Bin, "provider", "start", "--home", c.Home, "--log_no_color")
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	daemon := startDaemon()
	t.Cleanup(func() {
		_ = daemon.stop(5 * time.Second)
		if t.Failed() {
			t.Logf("last lines of %s:\n%s", daemonLog, tailFile(daemonLog, logTailLines))
		}
	})
	waitLog := func(what string, from int64) {
		t.Helper()
		c.WaitUntil("the daemon to log "+what, 20, func() (bool, string) {
			if daemon.exited() {
				t.Fatalf("the daemon exited: %v\n%s", daemon.exitErr(), tailFile(daemonLog, logTailLines))
			}
			bz, _ := os.ReadFile(daemonLog)
			if int64(len(bz)) < from {
				return false, ""
			}
			return strings.Contains(string(bz[from:]), what), tailString(string(bz[from:]), 5)
		})
	}
	waitLog("INF reconciled ", 0)
	// Bonded at exactly min_bond, one 5 % slash would make the provider
	// inactive: the daemon says so when it starts.
	waitLog("WARNING: one slash (0.05 x 1000000000uaitbc = 50000000uaitbc) would leave the bond at 950000000uaitbc", 0)

	// 5. alice submits examples/jobs/count.json as written (no deadline in
	// the file: the CLI sets it a day away); it writes output.txt into
	// $AITBC_OUTPUT_DIR, the result's only file.
	jobFile := filepath.Join(ModuleRoot(t), "examples", "jobs", "count.json")
	wantOutput, wantResult := countOutput(t)
	alice0, validator0 := c.Balance(alice, Denom), c.Balance(validator, Denom)
	submit := c.Tx("alice", "compute", append([]string{"submit-job", jobFile}, gas...)...)
	jobID := computeAttr(t, submit, "aitbc.compute.v1.EventJobSubmitted", "job_id")
	leased := waitForComputeLease(t, c, jobID)

	// 6. The daemon runs it; the lease settles and the job completes.
	var lease computeLeaseResponse
	c.WaitUntil("lease "+leased.LeaseID+" to settle", 60, func() (bool, string) {
		if daemon.exited() {
			t.Fatalf("the daemon exited: %v\n%s", daemon.exitErr(), tailFile(daemonLog, logTailLines))
		}
		if err := c.REST("/aitbc/compute/v1/leases/"+leased.LeaseID, &lease); err != nil {
			return false, err.Error()
		}
		return lease.Lease.Status == "LEASE_STATUS_SETTLED", lease.Lease.Status
	})
	var jobRes struct {
		Job computeJob `json:"job"`
	}
	mustREST(t, c, "/aitbc/compute/v1/jobs/"+jobID, &jobRes)
	if jobRes.Job.Status != "JOB_STATUS_COMPLETED" {
		t.Fatalf("job %s after its lease settled: %s, want JOB_STATUS_COMPLETED", jobID, jobRes.Job.Status)
	}
	res := lease.Lease.Result
	if res == nil {
		t.Fatalf("settled lease without a result: %+v", lease.Lease)
	}
	if res.OutputHash != wantResult {
		t.Errorf("result hash %s, want %s (the manifest of output.txt, sha256 %s)", res.OutputHash, wantResult, countOutputHash)
	}
	// The artifact URL serves the manifest of that hash and the output.
	wantURI := "http://" + artifacts + "/artifacts/" + res.OutputHash + "/"
	if res.OutputURI != wantURI {
		t.Fatalf("output URI %q, want %q", res.OutputURI, wantURI)
	}
	manifest := httpGet(t, res.OutputURI+"manifest")
	if sum := sha256.Sum256(manifest); "sha256:"+hex.EncodeToString(sum[:]) != res.OutputHash {
		t.Errorf("manifest served at %s hashes to %x, not the result hash", res.OutputURI, sum)
	}
	if output := httpGet(t, res.OutputURI+"output.txt"); string(output) != wantOutput {
		t.Errorf("output.txt served: %d bytes, not the numbers 1 to 1,000,000", len(output))
	}

	// 7. Payments: cost = price x GPU-seconds / 3,600; 5 % of it is the
	// treasury's take (no attesters), the rest the provider's; alice gets
	// back everything else she escrowed.
	gpuSeconds, err := strconv.ParseInt(res.GpuSecondsUsed, 10, 64)
	if err != nil || gpuSeconds <= 0 {
		t.Fatalf("gpu_seconds_used %q", res.GpuSecondsUsed)
	}
	cost := int64(price) * gpuSeconds / 3600
	take := cost * 5 / 100
	providerPay, refund := cost-take, int64(price)-cost
	s := lease.Lease.Settlement
	if s == nil || s.ProviderPayment != (computeCoin{Denom, strconv.FormatInt(providerPay, 10)}) ||
		s.Refund != (computeCoin{Denom, strconv.FormatInt(refund, 10)}) || s.Fee != (computeCoin{Denom, strconv.FormatInt(take, 10)}) {
		t.Fatalf("settlement %+v, want provider %d, refund %d, fee %d for %d GPU-seconds", s, providerPay, refund, take, gpuSeconds)
	}
	if got, want := c.Balance(alice, Denom), alice0.SubRaw(fee+cost); !got.Equal(want) {
		t.Errorf("alice after settlement: %s, want %s (paid %d and the fee)", got, want, cost)
	}
	// The hot key's fees come out of the operator's fee grant.
	hotFees := hotKeyFees(t, c, hot)
	if got, want := c.Balance(validator, Denom), validator0.AddRaw(providerPay).Sub(hotFees); !got.Equal(want) {
		t.Errorf("provider after settlement: %s, want %s (+%d, fees %s)", got, want, providerPay, hotFees)
	}
	seq := accountSequence(t, c, hot)
	if seq == 0 {
		t.Fatalf("the hot key %s has sent nothing", hot)
	}

	// The daemon saw its result land and the lease end.
	waitLog("INF result submitted ", 0)
	waitLog("INF settled lease="+leased.LeaseID+" ", 0)

	// 8. `provider status` while the daemon runs: the chain's view (from
	// node.rpc of provider.toml) joined to the daemon's store.
	checkProviderStatus(t, c, validator, leased.LeaseID, jobID)

	// 9. kill -9 and restart: the daemon reconciles from the chain and
	// sends nothing again.
	if err := syscall.Kill(-daemon.pid(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if !daemon.wait(10 * time.Second) {
		t.Fatal("the daemon did not exit after SIGKILL")
	}
	st, err := os.Stat(daemonLog)
	if err != nil {
		t.Fatal(err)
	}
	daemon = startDaemon()
	waitLog("INF reconciled ", st.Size())
	h := c.Height()
	c.WaitForHeight(h+3, 30*time.Second)
	if daemon.exited() {
		t.Fatalf("the restarted daemon exited: %v", daemon.exitErr())
	}
	if got := accountSequence(t, c, hot); got != seq {
		t.Fatalf("the hot key's sequence went from %d to %d after the restart: the daemon sent again", seq, got)
	}

	// 10. A job with an image, on a daemon without a container runner, is
	// declined at once: the lease ends declined with the reason, alice is
	// refunded in full, the bond is not slashed.
	jobText, err := os.ReadFile(jobFile)
	if err != nil {
		t.Fatal(err)
	}
	imageJob := strings.Replace(string(jobText), `"command": "sh",`, `"image": "ghcr.io/acme/train:1", "command": "sh",`, 1)
	imageFile := filepath.Join(c.Dir, "image.json")
	if err := os.WriteFile(imageFile, []byte(imageJob), 0o644); err != nil {
		t.Fatal(err)
	}
	alice1 := c.Balance(alice, Denom)
	var bond0 struct {
		Provider struct {
			Bond computeCoin `json:"bond"`
		} `json:"provider"`
	}
	mustREST(t, c, "/aitbc/compute/v1/providers/"+providerOperator(t, c, validator), &bond0)
	submit = c.Tx("alice", "compute", append([]string{"submit-job", imageFile}, gas...)...)
	imageJobID := computeAttr(t, submit, "aitbc.compute.v1.EventJobSubmitted", "job_id")
	declined := waitForComputeLease(t, c, imageJobID)
	var dl struct {
		Lease struct {
			Status            string             `json:"status"`
			TerminationReason string             `json:"termination_reason"`
			DeclineReason     string             `json:"decline_reason"`
			Settlement        *computeSettlement `json:"settlement"`
		} `json:"lease"`
	}
	c.WaitUntil("lease "+declined.LeaseID+" to be declined", 30, func() (bool, string) {
		if daemon.exited() {
			t.Fatalf("the daemon exited: %v\n%s", daemon.exitErr(), tailFile(daemonLog, logTailLines))
		}
		if err := c.QueryE(&dl, "compute", "lease", declined.LeaseID); err != nil {
			return false, err.Error()
		}
		return dl.Lease.Status == "LEASE_STATUS_DECLINED", dl.Lease.Status
	})
	if dl.Lease.TerminationReason != "TERMINATION_REASON_DECLINED" || !strings.Contains(dl.Lease.DeclineReason, "run: ") ||
		!strings.Contains(dl.Lease.DeclineReason, "runner kind not accepted") {
		t.Fatalf("declined lease: termination %s, reason %q; want declined with the runner's reason", dl.Lease.TerminationReason, dl.Lease.DeclineReason)
	}
	if s := dl.Lease.Settlement; s == nil || s.Refund != (computeCoin{Denom, strconv.Itoa(price)}) || s.Slashed.Amount != "0" {
		t.Fatalf("declined lease settlement %+v, want a refund of the whole lease escrow %d and no slash", s, price)
	}
	if got, want := c.Balance(alice, Denom), alice1.SubRaw(fee); !got.Equal(want) {
		t.Errorf("alice after the decline: %s, want %s (refunded in full, only the fee spent)", got, want)
	}
	var bond1 = bond0
	mustREST(t, c, "/aitbc/compute/v1/providers/"+providerOperator(t, c, validator), &bond1)
	if bond1.Provider.Bond != bond0.Provider.Bond {
		t.Errorf("bond after the decline: %+v, want %+v (no slash)", bond1.Provider.Bond, bond0.Provider.Bond)
	}
	mustREST(t, c, "/aitbc/compute/v1/jobs/"+imageJobID, &jobRes)
	if jobRes.Job.Status != "JOB_STATUS_FAILED" {
		t.Errorf("job %s after its lease was declined: %s, want JOB_STATUS_FAILED", imageJobID, jobRes.Job.Status)
	}
	waitLog("declined on chain; the consumer is refunded lease="+declined.LeaseID+" ", 0)
	waitLog("lease failed; it is not tried again lease="+declined.LeaseID+" ", 0)
}

// countOutput is output.txt of count.json, checked against the hash
// examples/jobs/README.md lists, and the result hash of an output holding
// only it (the manifest of provider/README.md).
func countOutput(t *testing.T) (output, resultHash string) {
	t.Helper()
	var b strings.Builder
	for i := 1; i <= 1_000_000; i++ {
		b.WriteString(strconv.Itoa(i))
		b.WriteByte('\n')
	}
	output = b.String()
	sum := sha256.Sum256([]byte(output))
	if got := "sha256:" + hex.EncodeToString(sum[:]); got != countOutputHash {
		t.Fatalf("seq 1 1000000 hashes to %s, examples/jobs/README.md says %s", got, countOutputHash)
	}
	manifest := fmt.Sprintf("aitbc-manifest-v1\n%x %d output.txt\n", sum, len(output))
	msum := sha256.Sum256([]byte(manifest))
	return output, "sha256:" + hex.EncodeToString(msum[:])
}

func httpGet(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	bz, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s: %s", url, resp.Status, tailString(string(bz), 5))
	}
	return bz
}

func accountSequence(t *testing.T, c *Chain, addr string) uint64 {
	t.Helper()
	var res struct {
		Account struct {
			Sequence string `json:"sequence"`
		} `json:"account"`
	}
	mustREST(t, c, "/cosmos/auth/v1beta1/accounts/"+addr, &res)
	n, err := strconv.ParseUint(res.Account.Sequence, 10, 64)
	if err != nil {
		t.Fatalf("sequence of %s: %q", addr, res.Account.Sequence)
	}
	return n
}

// hotKeyFees sums the fees of the transactions the hot key signed.
func hotKeyFees(t *testing.T, c *Chain, hot string) sdkmath.Int {
	t.Helper()
	total, n := txFees(t, c, "message.sender='"+hot+"'")
	if n == 0 {
		t.Fatalf("no transactions from the hot key %s", hot)
	}
	return total
}

// txFees sums the fees (in Denom) of the transactions a tx search query
// finds, failed ones included, and counts them.
func txFees(t *testing.T, c *Chain, query string) (sdkmath.Int, int) {
	t.Helper()
	var res struct {
		Txs []struct {
			AuthInfo struct {
				Fee struct {
					Amount []computeCoin `json:"amount"`
				} `json:"fee"`
			} `json:"auth_info"`
		} `json:"txs"`
	}
	mustREST(t, c, "/cosmos/tx/v1beta1/txs?limit=1000&query="+url.QueryEscape(query), &res)
	total := sdkmath.ZeroInt()
	for _, tx := range res.Txs {
		for _, coin := range tx.AuthInfo.Fee.Amount {
			if coin.Denom != Denom {
				t.Fatalf("fee %+v of a transaction of %s", coin, query)
			}
			total = total.Add(mustInt(t, coin.Amount))
		}
	}
	return total, len(res.Txs)
}

// The least top-up after which one slash (5 %, rounded down) of the bond
// leaves min_bond (1,000,000,000): 1,052,631,578 − 52,631,578.
const wantTopUp = "52631578uaitbc"

// checkProviderStatus runs `aitbcd provider status` against the node and the
// running daemon, as text and as JSON, then bonds what its warning says and
// checks the warning is gone.
func checkProviderStatus(t *testing.T, c *Chain, validator, leaseID, jobID string) {
	t.Helper()
	out := string(c.CLI("provider", "status"))
	valoper := providerOperator(t, c, validator)
	for _, re := range []string{
		`(?m)^provider ` + valoper + `$`,
		`(?m)^status\s+PROVIDER_STATUS_ACTIVE$`,
		`(?m)^bond\s+1000000000uaitbc$`,
		`(?m)^min_bond\s+1000000000uaitbc$`,
		`(?m)^one slash\s+50000000uaitbc \(slash_fraction 0\.05\), leaving 950000000uaitbc$`,
		`(?m)^WARNING: one slash .* under min_bond 1000000000uaitbc: .* aitbcd tx compute bond ` + wantTopUp + ` --from ` + validator + `$`,
		// The settled lease among the recently ended, with its local step.
		`(?m)^` + leaseID + `\s+` + jobID + `\s+settled\s+1\s+\S+\s+\S+Z\s+\S+Z\s+done$`,
		`(?m)^ATTESTATIONS DUE\n.*\nnone$`,
		`(?m)^provider\s+done\s+1$`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Fatalf("provider status: no line matching %s in:\n%s", re, out)
		}
	}
	if strings.Contains(out, "unavailable") {
		t.Fatalf("provider status misses a part:\n%s", out)
	}

	// -o json, with the node given by --node.
	var r struct {
		Operator string `json:"operator"`
		Chain    *struct {
			Status string `json:"status"`
			Bond   struct {
				OneSlashInactive bool        `json:"one_slash_inactive"`
				TopUp            computeCoin `json:"top_up"`
			} `json:"bond_health"`
			Leases []struct {
				ID        uint64 `json:"lease_id"`
				State     string `json:"state"`
				LocalStep string `json:"local_step"`
			} `json:"leases"`
		} `json:"chain"`
		Local []struct {
			LeaseID uint64 `json:"lease_id"`
			Step    string `json:"step"`
		} `json:"local"`
	}
	if err := json.Unmarshal(c.CLI("provider", "status", "-o", "json", "--node", c.RPC), &r); err != nil {
		t.Fatal(err)
	}
	if r.Chain == nil || r.Operator != valoper || !r.Chain.Bond.OneSlashInactive || r.Chain.Bond.TopUp != (computeCoin{Denom, strings.TrimSuffix(wantTopUp, Denom)}) {
		t.Fatalf("provider status -o json: %+v", r)
	}
	found := false
	for _, l := range r.Chain.Leases {
		found = found || (strconv.FormatUint(l.ID, 10) == leaseID && l.State == "settled" && l.LocalStep == "done")
	}
	for _, l := range r.Local {
		found = found && !(strconv.FormatUint(l.LeaseID, 10) == leaseID && l.Step != "done")
	}
	if !found || len(r.Local) == 0 {
		t.Fatalf("provider status -o json: lease %s not settled and done: %+v", leaseID, r)
	}

	// The warning's command, run as printed, ends the warning.
	var bondCmd []string
	for _, line := range strings.Split(out, "\n") {
		if i := strings.Index(line, "aitbcd tx compute bond "); i >= 0 {
			bondCmd = strings.Fields(line[i:])
		}
	}
	c.Tx(c.Validator, bondCmd[2], append(bondCmd[3:], "--gas", "500000", "--fees", "1250"+Denom)...)
	out = string(c.CLI("provider", "status"))
	if strings.Contains(out, "WARNING") || !regexp.MustCompile(`(?m)^bond\s+1052631578uaitbc$`).MatchString(out) {
		t.Fatalf("provider status after bonding %s:\n%s", wantTopUp, out)
	}
}

// providerOperator is the validator operator address of an account.
func providerOperator(t *testing.T, c *Chain, account string) string {
	t.Helper()
	var res struct {
		Providers []struct {
			Operator string `json:"operator"`
			Account  string `json:"account"`
		} `json:"providers"`
	}
	mustREST(t, c, "/aitbc/compute/v1/providers", &res)
	for _, p := range res.Providers {
		if p.Account == account {
			return p.Operator
		}
	}
	t.Fatalf("no provider with account %s: %+v", account, res)
	return ""
}
