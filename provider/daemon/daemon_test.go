package daemon_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/provider/artifacts"
	"github.com/aitbc/aitbc/provider/config"
	"github.com/aitbc/aitbc/provider/daemon"
	"github.com/aitbc/aitbc/provider/gpu"
	"github.com/aitbc/aitbc/provider/manifest"
	"github.com/aitbc/aitbc/provider/runner"
	"github.com/aitbc/aitbc/provider/store"
)

const timeout = 60 * time.Second

// fakeChain is a Chain driven by the test: it records every submission and
// reports it on a channel.
type fakeChain struct {
	mu      sync.Mutex
	events  chan daemon.Event
	leases  map[uint64]daemon.LeaseView
	jobs    map[uint64]daemon.JobView
	results []daemon.ResultSubmission
	commits []daemon.Attestation
	reveals []daemon.Attestation
	// declines are the MsgDeclineLease sent, "<lease id>: <reason>".
	declines []string

	submitted, committed, revealed chan daemon.Attestation
}

func newFakeChain() *fakeChain {
	return &fakeChain{
		events: make(chan daemon.Event, 16),
		leases: map[uint64]daemon.LeaseView{}, jobs: map[uint64]daemon.JobView{},
		submitted: make(chan daemon.Attestation, 16), committed: make(chan daemon.Attestation, 16), revealed: make(chan daemon.Attestation, 16),
	}
}

func (c *fakeChain) Events(ctx context.Context) (<-chan daemon.Event, error) { return c.events, nil }

func (c *fakeChain) Reconcile(ctx context.Context) ([]daemon.LeaseView, []daemon.AttestationDue, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var ls []daemon.LeaseView
	var dues []daemon.AttestationDue
	for _, l := range c.leases {
		if l.Mine && l.Phase != daemon.PhaseEnded {
			ls = append(ls, l)
		}
		if l.OnCommittee && (l.Phase == daemon.PhaseCommit || l.Phase == daemon.PhaseReveal) {
			dues = append(dues, daemon.AttestationDue{LeaseID: l.ID, Phase: l.Phase})
		}
	}
	return ls, dues, nil
}

func (c *fakeChain) Lease(ctx context.Context, id uint64) (daemon.LeaseView, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.leases[id], nil
}

func (c *fakeChain) Job(ctx context.Context, id uint64) (daemon.JobView, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.jobs[id], nil
}

func (c *fakeChain) SubmitResult(ctx context.Context, r daemon.ResultSubmission) error {
	c.mu.Lock()
	c.results = append(c.results, r)
	l := c.leases[r.LeaseID]
	l.Result = &daemon.ResultView{OutputHash: r.OutputHash, OutputURI: r.OutputURI, GPUSeconds: r.GPUSeconds}
	c.leases[r.LeaseID] = l
	c.mu.Unlock()
	c.submitted <- daemon.Attestation{LeaseID: r.LeaseID, ObservedHash: r.OutputHash, Salt: r.OutputURI}
	return nil
}

func (c *fakeChain) CommitAttestation(ctx context.Context, a daemon.Attestation) error {
	c.mu.Lock()
	c.commits = append(c.commits, a)
	l := c.leases[a.LeaseID]
	l.Committed = true
	c.leases[a.LeaseID] = l
	c.mu.Unlock()
	c.committed <- a
	return nil
}

func (c *fakeChain) RevealAttestation(ctx context.Context, a daemon.Attestation) error {
	c.mu.Lock()
	c.reveals = append(c.reveals, a)
	l := c.leases[a.LeaseID]
	l.Revealed = true
	c.leases[a.LeaseID] = l
	c.mu.Unlock()
	c.revealed <- a
	return nil
}

// DeclineLease ends the lease as the module does: declined, final.
func (c *fakeChain) DeclineLease(ctx context.Context, id uint64, reason string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.declines = append(c.declines, fmt.Sprintf("%d: %s", id, reason))
	l := c.leases[id]
	l.Phase, l.Status = daemon.PhaseEnded, "LEASE_STATUS_DECLINED"
	c.leases[id] = l
	return nil
}

func (c *fakeChain) declined() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.declines...)
}

func (c *fakeChain) setLease(l daemon.LeaseView) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.leases[l.ID] = l
}

func (c *fakeChain) update(id uint64, fn func(*daemon.LeaseView)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.leases[id]
	fn(&l)
	c.leases[id] = l
}

func (c *fakeChain) count() (results, commits, reveals int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.results), len(c.commits), len(c.reveals)
}

type pass struct {
	role store.Role
	id   uint64
	step store.Step
}

// node is one daemon over a home dir; start it again over the same dir to
// simulate a restart.
type node struct {
	t      *testing.T
	dir    string
	store  *store.Store
	art    *artifacts.Server
	passes chan pass
	cancel context.CancelFunc
	done   chan error
}

func startNode(t *testing.T, dir string, chain daemon.Chain, wrongOutput bool) *node {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, "store"))
	require.NoError(t, err)
	inv, err := gpu.Declared([]config.GPU{{Model: "A100", VRAMMiB: 40960, Count: 2}})
	require.NoError(t, err)
	n := &node{t: t, dir: dir, store: st, art: artifacts.New(), passes: make(chan pass, 256), done: make(chan error, 1)}
	d, err := daemon.New(daemon.Options{
		Chain: chain, Store: st, Inventory: inv, Artifacts: n.art,
		WorkDir: filepath.Join(dir, "work"), PublicBaseURL: "http://provider.example:26680",
		RunnerKinds: []string{runner.KindCommand}, WrongOutput: wrongOutput,
		AfterPass: func(role store.Role, id uint64, step store.Step) {
			select {
			case n.passes <- pass{role, id, step}:
			default:
			}
		},
	})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	n.cancel = cancel
	go func() { n.done <- d.Run(ctx) }()
	t.Cleanup(n.stop)
	return n
}

// stop cancels the daemon, waits for it and closes the store.
func (n *node) stop() {
	if n.cancel == nil {
		return
	}
	n.cancel()
	n.cancel = nil
	select {
	case err := <-n.done:
		require.NoError(n.t, err)
	case <-time.After(timeout):
		n.t.Fatal("daemon did not stop")
	}
	require.NoError(n.t, n.store.Close())
}

// waitPass waits for a pass over (role, id) that reached step.
func (n *node) waitPass(role store.Role, id uint64, step store.Step) {
	n.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case p := <-n.passes:
			if p.role == role && p.id == id && p.step == step {
				return
			}
		case <-deadline:
			n.t.Fatalf("no pass of %s lease %d at %s", role, id, step)
		}
	}
}

func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(timeout):
		t.Fatalf("timed out waiting for %s", what)
		var zero T
		return zero
	}
}

const inputText = "the input\n"

// job writes the input file and returns a job copying it to the output.
func job(t *testing.T, dir string, id uint64, script string, env ...daemon.EnvVar) daemon.JobView {
	in := filepath.Join(dir, "input.txt")
	require.NoError(t, os.WriteFile(in, []byte(inputText), 0o644))
	return daemon.JobView{
		ID: id, Command: "sh", Args: []string{"-c", script}, Env: env,
		InputURI: "file://" + in, InputHash: manifest.HashBytes([]byte(inputText)),
		GPUModel: "A100", GPUCount: 1, Hours: 1,
	}
}

const copyScript = `cat "$AITBC_INPUT_DIR/input.txt" > "$AITBC_OUTPUT_DIR/out.txt"`

// honestHash is the manifest hash of copyScript's output.
func honestHash(t *testing.T) string {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "out.txt"), []byte(inputText), 0o644))
	h, _, err := manifest.HashDir(dir)
	require.NoError(t, err)
	return h
}

func ownLease(id, jobID uint64) daemon.LeaseView {
	return daemon.LeaseView{ID: id, JobID: jobID, Phase: daemon.PhaseActive, Mine: true, Hours: 1, Deadline: time.Now().Add(time.Hour)}
}

func TestHonestRunSubmitsOnce(t *testing.T) {
	dir := t.TempDir()
	chain := newFakeChain()
	chain.jobs[7] = job(t, dir, 7, copyScript)
	chain.setLease(ownLease(1, 7))
	n := startNode(t, dir, chain, false)
	chain.events <- daemon.Event{Kind: daemon.EventLeaseCreated, LeaseID: 1}

	got := recv(t, chain.submitted, "result")
	want := honestHash(t)
	require.Equal(t, want, got.ObservedHash)
	require.Equal(t, "http://provider.example:26680/artifacts/"+want+"/", got.Salt) // the output URI

	// The output is served at its URL.
	srv := httptest.NewServer(n.art)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/artifacts/" + want + "/out.txt")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)

	// A repeated event does not submit again.
	chain.events <- daemon.Event{Kind: daemon.EventLeaseCreated, LeaseID: 1}
	n.waitPass(store.RoleProvider, 1, store.StepResultSubmitted)
	chain.update(1, func(l *daemon.LeaseView) { l.Phase, l.Status = daemon.PhaseEnded, "LEASE_STATUS_SETTLED" })
	chain.events <- daemon.Event{Kind: daemon.EventLeaseEnded, LeaseID: 1}
	n.waitPass(store.RoleProvider, 1, store.StepDone)
	results, _, _ := chain.count()
	require.Equal(t, 1, results)
}

func mkfifo(t *testing.T, p string) string {
	require.NoError(t, syscall.Mkfifo(p, 0o600))
	return p
}

// readFifo waits until the workload writes to the fifo.
func readFifo(t *testing.T, p string) {
	t.Helper()
	ch := make(chan error, 1)
	go func() { _, err := os.ReadFile(p); ch <- err }()
	require.NoError(t, recv(t, ch, "workload start"))
}

func TestRestartMidRunDoesNotSubmitTwice(t *testing.T) {
	dir := t.TempDir()
	ready, hold := mkfifo(t, filepath.Join(dir, "ready")), mkfifo(t, filepath.Join(dir, "hold"))
	chain := newFakeChain()
	// The workload says it started, then waits for the test to release it.
	chain.jobs[7] = job(t, dir, 7, `echo started > "$READY"; cat "$HOLD" > "$AITBC_OUTPUT_DIR/out.txt"`,
		daemon.EnvVar{Name: "READY", Value: ready}, daemon.EnvVar{Name: "HOLD", Value: hold})
	chain.setLease(ownLease(1, 7))

	// First life: killed mid-run.
	n := startNode(t, dir, chain, false)
	readFifo(t, ready)
	n.stop()
	st, err := store.Open(filepath.Join(dir, "store"))
	require.NoError(t, err)
	rec, ok, err := st.Get(store.RoleProvider, 1)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, store.StepRunning, rec.Step)
	require.NoError(t, st.Close())
	results, _, _ := chain.count()
	require.Zero(t, results)

	// Second life: re-runs from an empty output and submits once.
	n = startNode(t, dir, chain, false)
	readFifo(t, ready)
	go func() { _ = os.WriteFile(hold, []byte(inputText), 0o644) }()
	got := recv(t, chain.submitted, "result")
	require.Equal(t, honestHash(t), got.ObservedHash)
	n.stop()

	// Third life: the store says submitted and the chain has the result.
	n = startNode(t, dir, chain, false)
	n.waitPass(store.RoleProvider, 1, store.StepResultSubmitted)
	results, _, _ = chain.count()
	require.Equal(t, 1, results)
}

func TestRestartAfterIntentResendsOnlyWhenChainLacksResult(t *testing.T) {
	dir := t.TempDir()
	chain := newFakeChain()
	chain.jobs[7] = job(t, dir, 7, copyScript)
	chain.setLease(ownLease(1, 7))
	// A crash between the synced intent and the broadcast.
	st, err := store.Open(filepath.Join(dir, "store"))
	require.NoError(t, err)
	_, err = st.Advance(store.RoleProvider, 1, store.StepResultReady, func(l *store.Lease) { l.OutputHash, l.GPUSeconds = honestHash(t), 3 })
	require.NoError(t, err)
	_, err = st.Advance(store.RoleProvider, 1, store.StepResultSubmitted, nil)
	require.NoError(t, err)
	require.NoError(t, st.Close())

	n := startNode(t, dir, chain, false)
	got := recv(t, chain.submitted, "result")
	require.Equal(t, honestHash(t), got.ObservedHash)
	chain.events <- daemon.Event{Kind: daemon.EventLeaseCreated, LeaseID: 1}
	n.waitPass(store.RoleProvider, 1, store.StepResultSubmitted)
	results, _, _ := chain.count()
	require.Equal(t, 1, results)
}

func TestWrongOutputGivesDifferentHash(t *testing.T) {
	dir := t.TempDir()
	chain := newFakeChain()
	chain.jobs[7] = job(t, dir, 7, copyScript)
	chain.setLease(ownLease(1, 7))
	startNode(t, dir, chain, true)
	got := recv(t, chain.submitted, "result")
	require.NotEqual(t, honestHash(t), got.ObservedHash)
	_, err := os.Stat(filepath.Join(dir, "work", "provider", "1", "output", runner.FaultFile))
	require.NoError(t, err)
}

func committeeLease(id, jobID uint64, resultHash string) daemon.LeaseView {
	return daemon.LeaseView{
		ID: id, JobID: jobID, Phase: daemon.PhaseCommit, OnCommittee: true, Hours: 1,
		Result: &daemon.ResultView{OutputHash: resultHash, OutputURI: "http://other/artifacts/" + resultHash + "/"},
	}
}

// attestRun drives one committee lease through commit and reveal.
func attestRun(t *testing.T, resultHash string) (commit, reveal daemon.Attestation) {
	dir := t.TempDir()
	chain := newFakeChain()
	chain.jobs[9] = job(t, dir, 9, copyScript)
	chain.setLease(committeeLease(2, 9, resultHash))
	n := startNode(t, dir, chain, false)
	chain.events <- daemon.Event{Kind: daemon.EventResultSubmitted, LeaseID: 2}

	commit = recv(t, chain.committed, "commit")
	n.waitPass(store.RoleAttester, 2, store.StepCommitted)
	_, _, reveals := chain.count()
	require.Zero(t, reveals, "revealed during the commit phase")

	chain.update(2, func(l *daemon.LeaseView) { l.Phase = daemon.PhaseReveal })
	chain.events <- daemon.Event{Kind: daemon.EventCommitPhaseEnded, LeaseID: 2}
	reveal = recv(t, chain.revealed, "reveal")
	n.waitPass(store.RoleAttester, 2, store.StepRevealed)
	_, commits, reveals := chain.count()
	require.Equal(t, 1, commits)
	require.Equal(t, 1, reveals)
	require.Equal(t, commit, reveal, "the reveal opens the commit")
	require.Len(t, commit.Salt, 64)
	return commit, reveal
}

func TestAttesterCommitsThenRevealsMatchingVerdict(t *testing.T) {
	want := honestHash(t)
	commit, _ := attestRun(t, want)
	require.Equal(t, daemon.VerdictValid, commit.Verdict)
	require.Equal(t, want, commit.ObservedHash)
}

func TestMismatchingResultIsInvalid(t *testing.T) {
	other := "sha256:" + strings.Repeat("0", 64)
	commit, _ := attestRun(t, other)
	require.Equal(t, daemon.VerdictInvalid, commit.Verdict)
	require.Equal(t, honestHash(t), commit.ObservedHash)
}
