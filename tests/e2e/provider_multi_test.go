package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
)

// countResultHash is the result hash of examples/jobs/count.json that
// examples/jobs/README.md lists.
const countResultHash = "sha256:448408e6eefa8d20bcb59163babc2102f8e79301494014c1e35cdb4e7d061d15"

// The ports of TestProviderNodesMultiValidator: validator v listens on each
// + 10 x v (scripts/localnet.sh), so 31500-31535.
const (
	multiRPCPort      = 31500
	multiP2PPort      = 31501
	multiAPIPort      = 31502
	multiGRPCPort     = 31503
	multiProviderPort = 31504 // artifacts; metrics on +1
)

// multiNode is one validator of the localnet with its provider daemon.
type multiNode struct {
	home     string
	valoper  string
	operator string // the operator's account
	hot      string // the daemon's hot key
	daemon   *process
	pid      int // the running daemon (the script's or the test's), 0 when none
}

// multiLease is the REST view of a lease the scenarios read.
type multiLease struct {
	Lease struct {
		ID       string `json:"id"`
		JobID    string `json:"job_id"`
		Provider string `json:"provider"`
		Status   string `json:"status"`
		Reason   string `json:"termination_reason"`
		// escrow is zero once the lease ended: see leaseEscrow.
		Escrow computeCoin `json:"escrow"`
		Price  computeCoin `json:"price_per_gpu_hour"`
		Gpu    struct {
			Count int64 `json:"count"`
		} `json:"gpu"`
		Hours  int64 `json:"hours"`
		Result *struct {
			OutputHash     string `json:"output_hash"`
			GpuSecondsUsed string `json:"gpu_seconds_used"`
		} `json:"result"`
		Committee []struct {
			Validator string `json:"validator"`
			Power     string `json:"power"`
		} `json:"committee"`
		Settlement *computeSettlement `json:"settlement"`
	} `json:"lease"`
	Attestations []struct {
		Validator    string `json:"validator"`
		Verdict      string `json:"verdict"`
		ObservedHash string `json:"observed_hash"`
		Revealed     bool   `json:"revealed"`
	} `json:"attestations"`
}

// TestProviderNodesMultiValidator runs `scripts/localnet.sh --validators 4`,
// which starts four validators each with its provider daemon and an offer,
// and drives the faults of issue 12 through the daemons, waiting on chain
// state only:
//
//	a. honest: alice submits examples/jobs/count.json as written; it settles
//	   with the exact settlement of x/compute/README.md and no other tx;
//	b. wrong output: validator k's daemon runs with [fault] wrong_output; the
//	   other daemons find the result invalid, k is slashed, alice refunded;
//	c. kill -9 of the leased provider's daemon mid-job, then restart: one
//	   result, the lease settles;
//	d. kill -9 of an attester's daemon before the result: the lease settles
//	   on the revealed power and the absent member gets a failure;
//	e. the consumer ends a lease whose provider's node is down and jailed.
func TestProviderNodesMultiValidator(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not found")
	}
	const (
		validators = 4
		bond       = 1_000_000_000 // each validator's provider bond (localnet.sh)
		offerPrice = 1_000_000     // localnet.sh's offers, per GPU-hour
		cheap      = 500_000       // the price that steers a job to one validator
		txFee      = 1250          // alice's fee per tx
	)
	root := ModuleRoot(t)
	bin := Binary(t)
	dir := t.TempDir()
	home := filepath.Join(dir, "localnet")
	logPath := filepath.Join(dir, "localnet.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	script, err := startProcess("", logf, childEnv(), "bash", filepath.Join(root, "scripts", "localnet.sh"),
		"--home", home, "--binary", bin, "--validators", strconv.Itoa(validators),
		"--rpc-port", strconv.Itoa(multiRPCPort), "--p2p-port", strconv.Itoa(multiP2PPort),
		"--api-port", strconv.Itoa(multiAPIPort), "--grpc-port", strconv.Itoa(multiGRPCPort),
		"--provider-port", strconv.Itoa(multiProviderPort))
	if err != nil {
		t.Fatal(err)
	}
	nodes := make([]*multiNode, validators)
	t.Cleanup(func() {
		for _, n := range nodes {
			if n != nil && n.daemon != nil {
				_ = n.daemon.stop(stopGrace)
			}
		}
		_ = script.stop(30 * time.Second)
		if t.Failed() {
			t.Logf("localnet output:\n%s", tailFile(logPath, logTailLines))
			for v, n := range nodes {
				if n != nil {
					t.Logf("validator %d daemon log:\n%s", v, tailFile(filepath.Join(n.home, "provider.log"), 25))
				}
			}
			for v := 0; v < validators; v++ {
				vh := home
				if v > 0 {
					vh = filepath.Join(home, fmt.Sprintf("val%d", v))
				}
				if _, err := os.Stat(filepath.Join(vh, "provider-setup.log")); err == nil {
					t.Logf("validator %d provider-setup.log:\n%s", v, tailFile(filepath.Join(vh, "provider-setup.log"), 15))
				}
			}
		}
	})

	// The ready line: every provider registered, authorized, offering, and
	// its daemon started.
	err = waitProgress(DefaultStallTimeout, func() (bool, string, string, error) {
		if script.exited() {
			return false, "", "", fmt.Errorf("localnet.sh exited (%v)", script.exitErr())
		}
		bz, _ := os.ReadFile(logPath)
		if strings.Contains(string(bz), "localnet: providers ready\n") {
			return true, "", "", nil
		}
		if i := strings.Index(string(bz), "localnet: error:"); i >= 0 {
			return false, "", "", fmt.Errorf("localnet.sh: %s", tailString(string(bz[i:]), 3))
		}
		fi, _ := os.Stat(filepath.Join(home, "localnet-init.log"))
		var initSize int64
		if fi != nil {
			initSize = fi.Size()
		}
		return false, fmt.Sprint(len(bz), initSize), "no ready line", nil
	})
	if err != nil {
		t.Fatalf("no 'localnet: providers ready': %v\n%s", err, tailFile(logPath, logTailLines))
	}
	t.Logf("figure: localnet.sh --validators %d, fresh home: %.1f s from start to 'providers ready'", validators, time.Since(started).Seconds())

	c := &Chain{
		t: t, Bin: bin, Dir: dir, Home: home, LogFile: logPath, ChainID: DefaultChainID,
		Validator: DefaultValidatorKey, Fees: fmt.Sprintf("%d%s", txFee, Denom),
		RPCPort: multiRPCPort, P2PPort: multiP2PPort, GRPCPort: multiGRPCPort, APIPort: multiAPIPort,
		RPC:          fmt.Sprintf("tcp://127.0.0.1:%d", multiRPCPort),
		API:          fmt.Sprintf("http://127.0.0.1:%d", multiAPIPort),
		GRPC:         fmt.Sprintf("127.0.0.1:%d", multiGRPCPort),
		startTimeout: DefaultStartTimeout, txTimeout: DefaultTxTimeout, stallTimeout: DefaultStallTimeout,
		proc: script, addrs: map[string]string{},
	}
	for v := range nodes {
		vh := home
		if v > 0 {
			vh = filepath.Join(home, fmt.Sprintf("val%d", v))
		}
		keys := func(args ...string) string {
			out, _, err := c.ExecE(append([]string{"keys", "show"}, append(args, "-a", "--keyring-backend", "test", "--home", vh)...)...)
			if err != nil {
				t.Fatal(err)
			}
			return strings.TrimSpace(string(out))
		}
		nodes[v] = &multiNode{home: vh, valoper: keys("validator", "--bech", "val"), operator: keys("validator"), hot: keys("provider")}
		nodes[v].pid = readPid(t, filepath.Join(vh, "provider.pid"))
	}
	byValoper := func(valoper string) int {
		for v, n := range nodes {
			if n.valoper == valoper {
				return v
			}
		}
		t.Fatalf("%s is not a validator of the localnet", valoper)
		return -1
	}
	alice := c.KeyAddress("alice")
	params := computeParams(t, c)

	// Daemon control: stop (SIGTERM or SIGKILL) the one running, start
	// one of the test's own on the same home and log.
	stopDaemon := func(v int, sig syscall.Signal) {
		t.Helper()
		n := nodes[v]
		if n.daemon != nil {
			_ = syscall.Kill(n.daemon.pid(), sig)
			if !n.daemon.wait(30 * time.Second) {
				t.Fatalf("validator %d's daemon did not exit after %v", v, sig)
			}
			n.daemon, n.pid = nil, 0
			return
		}
		if err := syscall.Kill(n.pid, sig); err != nil {
			t.Fatalf("validator %d's daemon (pid %d): %v", v, n.pid, err)
		}
		// The script's daemon: gone once the script reaped it.
		c.WaitUntil(fmt.Sprintf("validator %d's daemon to exit", v), 30, func() (bool, string) {
			return errors.Is(syscall.Kill(n.pid, 0), syscall.ESRCH), "still running"
		})
		n.pid = 0
	}
	startDaemon := func(v int) {
		t.Helper()
		n := nodes[v]
		logFile := filepath.Join(n.home, "provider.log")
		st, err := os.Stat(logFile)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(logFile, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		p, err := startProcess("", f, childEnv(), bin, "provider", "start", "--home", n.home, "--log_no_color")
		if err != nil {
			t.Fatal(err)
		}
		n.daemon, n.pid = p, p.pid()
		c.WaitUntil(fmt.Sprintf("validator %d's daemon to reconcile", v), 30, func() (bool, string) {
			if p.exited() {
				t.Fatalf("validator %d's daemon exited: %v\n%s", v, p.exitErr(), tailFileFrom(logFile, st.Size(), 20))
			}
			bz, _ := os.ReadFile(logFile)
			return strings.Contains(string(bz[st.Size():]), "INF reconciled "), "not reconciled"
		})
	}
	// waitDaemonLog waits for a line of v's daemon log written after offset
	// that matches re.
	waitDaemonLog := func(v int, offset int64, re *regexp.Regexp) {
		t.Helper()
		logFile := filepath.Join(nodes[v].home, "provider.log")
		c.WaitUntil(fmt.Sprintf("validator %d's daemon to log %s", v, re), 60, func() (bool, string) {
			bz, _ := os.ReadFile(logFile)
			return int64(len(bz)) > offset && re.Match(bz[offset:]), tailString(string(bz), 3)
		})
	}
	logSize := func(v int) int64 {
		fi, err := os.Stat(filepath.Join(nodes[v].home, "provider.log"))
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}

	submit := func(file string) (jobID, leaseID string, lease multiLease) {
		t.Helper()
		res := c.Tx("alice", "compute", "submit-job", file, "--gas", "500000")
		jobID = computeAttr(t, res, "aitbc.compute.v1.EventJobSubmitted", "job_id")
		leaseID = waitForComputeLease(t, c, jobID).LeaseID
		mustREST(t, c, "/aitbc/compute/v1/leases/"+leaseID, &lease)
		return jobID, leaseID, lease
	}
	waitFinal := func(leaseID string, blocks int64) multiLease {
		t.Helper()
		var l multiLease
		c.WaitUntil("lease "+leaseID+" to end", blocks, func() (bool, string) {
			if err := c.REST("/aitbc/compute/v1/leases/"+leaseID, &l); err != nil {
				return false, err.Error()
			}
			s := l.Lease.Status
			return s != "LEASE_STATUS_ACTIVE" && s != "LEASE_STATUS_ATTESTING", s
		})
		return l
	}
	jobStatus := func(jobID string) string {
		var j struct {
			Job computeJob `json:"job"`
		}
		mustREST(t, c, "/aitbc/compute/v1/jobs/"+jobID, &j)
		return j.Job.Status
	}
	balances := func() []sdkmath.Int {
		out := make([]sdkmath.Int, validators)
		for v, n := range nodes {
			out[v] = c.Balance(n.operator, Denom)
		}
		return out
	}
	// operatorFees: the fees each operator account paid, its hot key's
	// included (the fee grant), as indexed by validator 0's node; read
	// after waitIndexed.
	operatorFees := func() []sdkmath.Int {
		out := make([]sdkmath.Int, validators)
		for v, n := range nodes {
			out[v] = feesPaidBy(t, c, n.operator)
		}
		return out
	}
	countJob := filepath.Join(root, "examples", "jobs", "count.json")

	// --- a. honest: count.json as written, nothing else sent by the test.
	alice0, ops0, fees0 := c.Balance(alice, Denom), balances(), operatorFees()
	t0 := time.Now()
	jobID, leaseID, _ := submit(countJob)
	l := waitFinal(leaseID, 120)
	t.Logf("figure: (a) honest count.json: %.1f s from submit to %s", time.Since(t0).Seconds(), l.Lease.Status)
	if l.Lease.Status != "LEASE_STATUS_SETTLED" || l.Lease.Reason != "TERMINATION_REASON_COMPLETED" {
		t.Fatalf("(a) lease %s: %s (%s), want settled", leaseID, l.Lease.Status, l.Lease.Reason)
	}
	if s := jobStatus(jobID); s != "JOB_STATUS_COMPLETED" {
		t.Fatalf("(a) job %s: %s, want completed", jobID, s)
	}
	if l.Lease.Result.OutputHash != countResultHash {
		t.Fatalf("(a) result hash %s, want %s (examples/jobs/README.md)", l.Lease.Result.OutputHash, countResultHash)
	}
	if len(l.Lease.Committee) != validators-1 {
		t.Fatalf("(a) committee of %d, want the %d other validators", len(l.Lease.Committee), validators-1)
	}
	// The node indexes a block's transactions after committing it: two
	// more blocks and the last ones are searchable.
	c.WaitForHeight(c.Height()+2, 2*time.Minute)
	provider := byValoper(l.Lease.Provider)
	want := expectSettlement(t, l, params)
	checkSettlement(t, "(a)", l, want)
	if got, w := c.Balance(alice, Denom), alice0.SubRaw(txFee).Sub(want.cost); !got.Equal(w) {
		t.Fatalf("(a) alice: %s, want %s (the fee and the cost %s)", got, w, want.cost)
	}
	checkOperators(t, "(a)", nodes, ops0, fees0, balances(), operatorFees(), map[int]sdkmath.Int{provider: want.provider}, want.shares, byValoper)

	// --- b. wrong output: k's daemon corrupts its output; k's offer is
	// the cheapest, so the job goes to k.
	k := (provider + 1) % validators
	stopDaemon(k, syscall.SIGTERM)
	toml := filepath.Join(nodes[k].home, "config", "provider.toml")
	if err := EditTOML(toml, map[string]map[string]string{"fault": {"wrong_output": "true"}}); err != nil {
		t.Fatal(err)
	}
	startDaemon(k)
	offerOf := func(v int) string {
		var res struct {
			Offers []struct {
				ID       string `json:"id"`
				Provider string `json:"provider"`
			} `json:"offers"`
		}
		mustREST(t, c, "/aitbc/compute/v1/offers?pagination.limit=1000", &res)
		for _, o := range res.Offers {
			if o.Provider == nodes[v].valoper {
				return o.ID
			}
		}
		t.Fatalf("validator %d has no open offer", v)
		return ""
	}
	c.Tx("validator", "compute", "update-offer", offerOf(k), "2", strconv.Itoa(cheap)+Denom, "1", "24",
		"--home", nodes[k].home, "--gas", "500000")
	alice0 = c.Balance(alice, Denom)
	_, leaseID, lb := submit(countJob)
	if lb.Lease.Provider != nodes[k].valoper {
		t.Fatalf("(b) lease %s went to %s, want validator %d (%s), the cheapest", leaseID, lb.Lease.Provider, k, nodes[k].valoper)
	}
	l = waitFinal(leaseID, 120)
	if l.Lease.Status != "LEASE_STATUS_INVALID" || l.Lease.Reason != "TERMINATION_REASON_RESULT_INVALID" {
		t.Fatalf("(b) lease %s: %s (%s), want invalid / result invalid; attestations %+v", leaseID, l.Lease.Status, l.Lease.Reason, l.Attestations)
	}
	slash := params.slashFraction.MulInt64(bond).TruncateInt()
	s := l.Lease.Settlement
	if s == nil || s.Refund != (computeCoin{Denom, leaseEscrow(t, l).String()}) || s.Slashed != (computeCoin{Denom, slash.String()}) {
		t.Fatalf("(b) settlement %+v, want refund %s, slashed %s", s, leaseEscrow(t, l), slash)
	}
	for _, a := range l.Attestations {
		if !a.Revealed || a.Verdict == "VERDICT_VALID" && a.ObservedHash == l.Lease.Result.OutputHash {
			t.Fatalf("(b) attestation %+v: want every member to reveal against the result", a)
		}
	}
	if got, w := c.Balance(alice, Denom), alice0.SubRaw(txFee); !got.Equal(w) {
		t.Fatalf("(b) alice: %s, want %s (refunded in full, less the fee)", got, w)
	}
	if b := providerBond(t, c, nodes[k].valoper); !b.Equal(sdkmath.NewInt(bond).Sub(slash)) {
		t.Fatalf("(b) validator %d's bond %s, want %d - %s", k, b, bond, slash)
	}
	// k is honest again (it still attests; its bond is under min_bond, so
	// it gets no lease).
	stopDaemon(k, syscall.SIGTERM)
	if err := EditTOML(toml, map[string]map[string]string{"fault": {"wrong_output": "false"}}); err != nil {
		t.Fatal(err)
	}
	startDaemon(k)

	// A job that runs long enough to be interrupted: sleeps, then writes.
	slowJob := filepath.Join(dir, "slow.json")
	slow := map[string]any{
		"requirements":           map[string]any{"model": "H100", "count": 1, "hours": 1},
		"max_price_per_gpu_hour": computeCoin{Denom, strconv.Itoa(2 * offerPrice)},
		"workload": map[string]any{"command": "sh", "args": []string{"-c",
			`sleep 8 && seq 1 1000 > "$AITBC_OUTPUT_DIR/output.txt"`}},
	}
	bz, err := json.Marshal(slow)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(slowJob, bz, 0o644); err != nil {
		t.Fatal(err)
	}
	running := func(leaseID, role string) *regexp.Regexp {
		return regexp.MustCompile(`INF running .*lease=` + leaseID + ` .*role=` + role)
	}

	// --- c. kill -9 of the leased provider's daemon while it runs the job.
	sizes := make([]int64, validators)
	for v := range nodes {
		sizes[v] = logSize(v)
	}
	_, leaseID, lc := submit(slowJob)
	p := byValoper(lc.Lease.Provider)
	if p == k {
		t.Fatalf("(c) lease %s went to validator %d, whose bond is under min_bond", leaseID, k)
	}
	waitDaemonLog(p, sizes[p], running(leaseID, "provider"))
	mustREST(t, c, "/aitbc/compute/v1/leases/"+leaseID, &lc)
	if lc.Lease.Status != "LEASE_STATUS_ACTIVE" || lc.Lease.Result != nil {
		t.Fatalf("(c) lease %s before the kill: %s, result %+v; want active without a result", leaseID, lc.Lease.Status, lc.Lease.Result)
	}
	stopDaemon(p, syscall.SIGKILL)
	startDaemon(p)
	l = waitFinal(leaseID, 120)
	if l.Lease.Status != "LEASE_STATUS_SETTLED" {
		t.Fatalf("(c) lease %s after kill -9 and restart of its provider: %s (%s)", leaseID, l.Lease.Status, l.Lease.Reason)
	}
	if n := resultTxs(t, c, leaseID); n != 1 {
		t.Fatalf("(c) %d result transactions for lease %s, want exactly 1", n, leaseID)
	}
	checkSettlement(t, "(c)", l, expectSettlement(t, l, params))

	// --- d. kill -9 of one attester's daemon before the result.
	for v := range nodes {
		sizes[v] = logSize(v)
	}
	alice0 = c.Balance(alice, Denom)
	t0 = time.Now()
	_, leaseID, ld := submit(slowJob)
	p = byValoper(ld.Lease.Provider)
	// Any member but the provider; not k, whose bond is under min_bond,
	// nor validator 0, whose node the test talks to, because (e) leases to
	// this validator and stops its node.
	absent := -1
	for v := range nodes {
		if v != p && v != k && v != 0 {
			absent = v
			break
		}
	}
	waitDaemonLog(p, sizes[p], running(leaseID, "provider"))
	mustREST(t, c, "/aitbc/compute/v1/leases/"+leaseID, &ld)
	if ld.Lease.Status != "LEASE_STATUS_ACTIVE" {
		t.Fatalf("(d) lease %s: %s before the attester's kill, want active (no result yet)", leaseID, ld.Lease.Status)
	}
	rep0 := attestationFailures(t, c, nodes[absent].operator)
	stopDaemon(absent, syscall.SIGKILL)
	l = waitFinal(leaseID, 150)
	t.Logf("figure: (d) one attester killed: %.1f s from submit to %s", time.Since(t0).Seconds(), l.Lease.Status)
	if l.Lease.Status != "LEASE_STATUS_SETTLED" {
		t.Fatalf("(d) lease %s with one attester down: %s (%s), want settled; attestations %+v", leaseID, l.Lease.Status, l.Lease.Reason, l.Attestations)
	}
	for _, a := range l.Attestations {
		if a.Validator == nodes[absent].valoper {
			t.Fatalf("(d) the killed attester has an attestation: %+v", a)
		}
	}
	want = expectSettlement(t, l, params)
	checkSettlement(t, "(d)", l, want)
	if got, w := c.Balance(alice, Denom), alice0.SubRaw(txFee).Sub(want.cost); !got.Equal(w) {
		t.Fatalf("(d) alice: %s, want %s", got, w)
	}
	if rep1 := attestationFailures(t, c, nodes[absent].operator); rep1.Sub(rep0).LT(sdkmath.LegacyMustNewDecFromStr("0.9")) {
		t.Fatalf("(d) the absent member's attestation failures went from %s to %s, want one more", rep0, rep1)
	}

	// --- e. the consumer ends a lease whose provider is jailed: the
	// absent attester of (d) (its daemon is down) gets the next job.
	j := absent
	c.Tx("validator", "compute", "update-offer", offerOf(j), "2", strconv.Itoa(cheap)+Denom, "1", "24",
		"--home", nodes[j].home, "--gas", "500000")
	alice0 = c.Balance(alice, Denom)
	_, leaseID, le := submit(countJob)
	if le.Lease.Provider != nodes[j].valoper {
		t.Fatalf("(e) lease %s went to %s, want validator %d, the cheapest", leaseID, le.Lease.Provider, j)
	}
	nodePid := readPid(t, filepath.Join(nodes[j].home, "node.pid"))
	if err := syscall.Kill(nodePid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	c.WaitUntil(fmt.Sprintf("validator %d to be jailed", j), 100, func() (bool, string) {
		var res struct {
			Validator struct {
				Jailed bool `json:"jailed"`
			} `json:"validator"`
		}
		if err := c.REST("/cosmos/staking/v1beta1/validators/"+nodes[j].valoper, &res); err != nil {
			return false, err.Error()
		}
		return res.Validator.Jailed, "not jailed"
	})
	if out := readFile(t, logPath); !strings.Contains(out, fmt.Sprintf("validator %d's node exited", j)) {
		t.Fatalf("(e) the script did not report validator %d's node:\n%s", j, tailString(out, 20))
	}
	res := c.Tx("alice", "compute", "end-lease", leaseID, "--gas", "500000")
	if why, _ := res.Attr("aitbc.compute.v1.EventLeaseEnded", "why"); why != `"validator jailed"` {
		t.Fatalf("(e) EventLeaseEnded why %q, want validator jailed", why)
	}
	mustREST(t, c, "/aitbc/compute/v1/leases/"+leaseID, &l)
	if l.Lease.Status != "LEASE_STATUS_PROVIDER_GONE" || l.Lease.Reason != "TERMINATION_REASON_PROVIDER_GONE" {
		t.Fatalf("(e) lease %s: %s (%s), want provider gone", leaseID, l.Lease.Status, l.Lease.Reason)
	}
	s = l.Lease.Settlement
	if s == nil || s.Refund != (computeCoin{Denom, leaseEscrow(t, l).String()}) || s.Slashed != (computeCoin{Denom, slash.String()}) {
		t.Fatalf("(e) settlement %+v, want refund %s, slashed %s", s, leaseEscrow(t, l), slash)
	}
	if got, w := c.Balance(alice, Denom), alice0.SubRaw(2*txFee); !got.Equal(w) {
		t.Fatalf("(e) alice: %s, want %s (full refund, two fees)", got, w)
	}
	if b := providerBond(t, c, nodes[j].valoper); !b.Equal(sdkmath.NewInt(bond).Sub(slash)) {
		t.Fatalf("(e) validator %d's bond %s, want %d - %s", j, b, bond, slash)
	}

	for v, n := range nodes {
		if n.pid == 0 {
			continue
		}
		t.Logf("figure: validator %d's daemon (pid %d) %s at the end", v, n.pid, vmRSS(n.pid))
	}
}

// compParams are the x/compute params the settlement formula reads.
type compParams struct {
	takeRate, verifierShare, slashFraction sdkmath.LegacyDec
}

func computeParams(t *testing.T, c *Chain) compParams {
	t.Helper()
	var res struct {
		Params struct {
			TakeRate      string `json:"take_rate"`
			VerifierShare string `json:"verifier_share"`
			SlashFraction string `json:"slash_fraction"`
		} `json:"params"`
	}
	mustREST(t, c, "/aitbc/compute/v1/params", &res)
	return compParams{
		takeRate:      sdkmath.LegacyMustNewDecFromStr(res.Params.TakeRate),
		verifierShare: sdkmath.LegacyMustNewDecFromStr(res.Params.VerifierShare),
		slashFraction: sdkmath.LegacyMustNewDecFromStr(res.Params.SlashFraction),
	}
}

// settled is what x/compute/README.md's settlement formula gives a lease.
type settled struct {
	cost, take, provider, fee, reward, refund sdkmath.Int
	shares                                    map[string]sdkmath.Int // attester valoper -> reward
}

// expectSettlement computes, from the lease's price, escrow, GPU-seconds,
// committee and revealed attestations, the settlement of a valid result
// (amounts rounded down, as x/compute/README.md says).
func expectSettlement(t *testing.T, l multiLease, p compParams) settled {
	t.Helper()
	price, escrow := mustInt(t, l.Lease.Price.Amount), leaseEscrow(t, l)
	secs := mustInt(t, l.Lease.Result.GpuSecondsUsed)
	cost := sdkmath.MinInt(price.Mul(secs).QuoRaw(3600), escrow)
	take := p.takeRate.MulInt(cost).TruncateInt()
	reward := p.verifierShare.MulInt(take).TruncateInt()
	agreeing := map[string]bool{}
	for _, a := range l.Attestations {
		if a.Revealed && a.Verdict == "VERDICT_VALID" && a.ObservedHash == l.Lease.Result.OutputHash {
			agreeing[a.Validator] = true
		}
	}
	var power int64
	for _, m := range l.Lease.Committee {
		if agreeing[m.Validator] {
			pw, _ := strconv.ParseInt(m.Power, 10, 64)
			power += pw
		}
	}
	s := settled{cost: cost, take: take, shares: map[string]sdkmath.Int{}}
	paid := sdkmath.ZeroInt()
	for _, m := range l.Lease.Committee {
		if agreeing[m.Validator] {
			pw, _ := strconv.ParseInt(m.Power, 10, 64)
			share := reward.MulRaw(pw).QuoRaw(power)
			s.shares[m.Validator] = share
			paid = paid.Add(share)
		}
	}
	s.reward, s.fee = paid, take.Sub(paid)
	s.provider, s.refund = cost.Sub(take), escrow.Sub(cost)
	return s
}

// leaseEscrow is what the lease held: price x GPUs x hours (the escrow
// field is zero once the lease ended).
func leaseEscrow(t *testing.T, l multiLease) sdkmath.Int {
	t.Helper()
	return mustInt(t, l.Lease.Price.Amount).MulRaw(l.Lease.Gpu.Count * l.Lease.Hours)
}

func checkSettlement(t *testing.T, what string, l multiLease, w settled) {
	t.Helper()
	s := l.Lease.Settlement
	coin := func(i sdkmath.Int) computeCoin { return computeCoin{Denom, i.String()} }
	if s == nil || s.ProviderPayment != coin(w.provider) || s.Fee != coin(w.fee) ||
		s.VerifierReward != coin(w.reward) || s.Refund != coin(w.refund) {
		t.Fatalf("%s settlement %+v, want provider %s, fee %s, verifier reward %s, refund %s (cost %s for %s GPU-seconds at %s)",
			what, s, w.provider, w.fee, w.reward, w.refund, w.cost, l.Lease.Result.GpuSecondsUsed, l.Lease.Price.Amount)
	}
}

// checkOperators: each operator account moved by exactly its payment (as
// provider or agreeing attester) less the fees it paid, its hot key's
// through the fee grant included.
func checkOperators(t *testing.T, what string, nodes []*multiNode, before, fees0, after, fees1 []sdkmath.Int,
	paid map[int]sdkmath.Int, shares map[string]sdkmath.Int, byValoper func(string) int,
) {
	t.Helper()
	gain := map[int]sdkmath.Int{}
	for v, amt := range paid {
		gain[v] = amt
	}
	for val, amt := range shares {
		v := byValoper(val)
		if g, ok := gain[v]; ok {
			gain[v] = g.Add(amt)
		} else {
			gain[v] = amt
		}
	}
	for v := range nodes {
		g, ok := gain[v]
		if !ok {
			g = sdkmath.ZeroInt()
		}
		fees := fees1[v].Sub(fees0[v])
		if want := before[v].Add(g).Sub(fees); !after[v].Equal(want) {
			t.Fatalf("%s validator %d's operator account: %s, want %s (+%s, fees %s)", what, v, after[v], want, g, fees)
		}
	}
}

// feesPaidBy sums the fees addr paid: its own transactions and those of
// keys it granted fees to (tx.fee_payer is the fee granter), failed ones
// included.
func feesPaidBy(t *testing.T, c *Chain, addr string) sdkmath.Int {
	t.Helper()
	total, _ := txFees(t, c, "tx.fee_payer='"+addr+"'")
	return total
}

// resultTxs counts the transactions that reported a result for leaseID.
func resultTxs(t *testing.T, c *Chain, leaseID string) int {
	t.Helper()
	var res struct {
		TxResponses []TxResponse `json:"tx_responses"`
	}
	q := "aitbc.compute.v1.EventResultSubmitted.lease_id='\"" + leaseID + "\"'"
	mustREST(t, c, "/cosmos/tx/v1beta1/txs?limit=100&query="+url.QueryEscape(q), &res)
	n := 0
	for _, r := range res.TxResponses {
		if r.Code == 0 {
			n += len(r.Attrs("aitbc.compute.v1.EventResultSubmitted", "lease_id"))
		}
	}
	return n
}

func providerBond(t *testing.T, c *Chain, valoper string) sdkmath.Int {
	t.Helper()
	var res struct {
		Provider struct {
			Bond computeCoin `json:"bond"`
		} `json:"provider"`
	}
	mustREST(t, c, "/aitbc/compute/v1/providers/"+valoper, &res)
	return mustInt(t, res.Provider.Bond.Amount)
}

// attestationFailures is the (decayed) attestation failure weight of addr
// in x/reputation.
func attestationFailures(t *testing.T, c *Chain, addr string) sdkmath.LegacyDec {
	t.Helper()
	var res struct {
		Records []struct {
			Kind    string `json:"kind"`
			Failure string `json:"failure"`
		} `json:"records"`
	}
	mustREST(t, c, "/aitbc/reputation/v1/scores/"+addr, &res)
	for _, r := range res.Records {
		if r.Kind == "OUTCOME_KIND_ATTESTATION" {
			return sdkmath.LegacyMustNewDecFromStr(r.Failure)
		}
	}
	return sdkmath.LegacyZeroDec()
}

func readPid(t *testing.T, path string) int {
	t.Helper()
	pid, err := strconv.Atoi(strings.TrimSpace(readFile(t, path)))
	if err != nil || pid <= 0 {
		t.Fatalf("%s: no pid (%v)", path, err)
	}
	return pid
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	bz, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(bz)
}

// vmRSS is the VmRSS line of /proc/<pid>/status ("?" when unreadable).
func vmRSS(pid int) string {
	bz, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "VmRSS ?"
	}
	for _, line := range strings.Split(string(bz), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			return "VmRSS " + strings.TrimSpace(strings.TrimPrefix(line, "VmRSS:"))
		}
	}
	return "VmRSS ?"
}
