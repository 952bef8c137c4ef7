package daemon_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/provider/artifacts"
	"github.com/aitbc/aitbc/provider/config"
	"github.com/aitbc/aitbc/provider/daemon"
	"github.com/aitbc/aitbc/provider/gpu"
	"github.com/aitbc/aitbc/provider/metrics"
	"github.com/aitbc/aitbc/provider/runner"
	"github.com/aitbc/aitbc/provider/store"
)

// flakyChain fails the first submitFails result broadcasts and the first
// leaseFails lease queries, as an unreachable node would, and counts the
// job queries (one per attempt to run the lease).
type flakyChain struct {
	*fakeChain
	submitFails, leaseFails atomic.Int32
	jobQueries              atomic.Int32
}

var errUnreachable = errors.New("rpc error: code = Unavailable desc = connection refused")

func (c *flakyChain) SubmitResult(ctx context.Context, r daemon.ResultSubmission) error {
	if c.submitFails.Add(-1) >= 0 {
		return errUnreachable
	}
	return c.fakeChain.SubmitResult(ctx, r)
}

func (c *flakyChain) Lease(ctx context.Context, id uint64) (daemon.LeaseView, error) {
	if c.leaseFails.Add(-1) >= 0 {
		return daemon.LeaseView{}, errUnreachable
	}
	return c.fakeChain.Lease(ctx, id)
}

func (c *flakyChain) Job(ctx context.Context, id uint64) (daemon.JobView, error) {
	c.jobQueries.Add(1)
	return c.fakeChain.Job(ctx, id)
}

// startFlaky is startNode with a short retry backoff and a metrics
// registry the test reads.
func startFlaky(t *testing.T, dir string, chain daemon.Chain, m *metrics.Metrics) *node {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, "store"))
	require.NoError(t, err)
	inv, err := gpu.Declared([]config.GPU{{Model: "A100", VRAMMiB: 40960, Count: 2}})
	require.NoError(t, err)
	n := &node{t: t, dir: dir, store: st, art: artifacts.New(), passes: make(chan pass, 256), done: make(chan error, 1)}
	d, err := daemon.New(daemon.Options{
		Chain: chain, Store: st, Inventory: inv, Artifacts: n.art, Metrics: m,
		WorkDir: filepath.Join(dir, "work"), PublicBaseURL: "http://provider.example:26680",
		RunnerKinds: []string{runner.KindCommand}, RetryMin: 10 * time.Millisecond, RetryMax: 40 * time.Millisecond,
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

// TestPermanentFailureIsRecordedOnceAndNeverRetried: leases this node
// cannot run end at the step failed with the reason, counted once, and
// later events and restarts do not try them again.
func TestPermanentFailureIsRecordedOnceAndNeverRetried(t *testing.T) {
	for _, c := range []struct {
		name   string
		job    func(t *testing.T, dir string) daemon.JobView
		stage  string
		reason string
	}{
		{"input hash mismatch", func(t *testing.T, dir string) daemon.JobView {
			j := job(t, dir, 7, copyScript)
			j.InputHash = "sha256:" + strings.Repeat("0", 64)
			return j
		}, "fetch", "input does not match input_hash"},
		{"input missing", func(t *testing.T, dir string) daemon.JobView {
			j := job(t, dir, 7, copyScript)
			j.InputURI, j.InputHash = "file://"+filepath.Join(dir, "nope"), ""
			return j
		}, "fetch", "no such file"},
		{"no container runtime accepted", func(t *testing.T, dir string) daemon.JobView {
			j := job(t, dir, 7, copyScript)
			j.Image = "alpine:3"
			return j
		}, "run", "runner kind not accepted"},
		{"no fitting GPU", func(t *testing.T, dir string) daemon.JobView {
			j := job(t, dir, 7, copyScript)
			j.GPUModel = "H100"
			return j
		}, "gpus", "this node has 0"},
		{"workload fails", func(t *testing.T, dir string) daemon.JobView {
			return job(t, dir, 7, "exit 3")
		}, "run", "exit code 3"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			chain := &flakyChain{fakeChain: newFakeChain()}
			chain.jobs[7] = c.job(t, dir)
			chain.setLease(ownLease(1, 7))
			m := metrics.New()
			n := startFlaky(t, dir, chain, m)
			n.waitPass(store.RoleProvider, 1, store.StepFailed)

			rec, ok, err := n.store.Get(store.RoleProvider, 1)
			require.NoError(t, err)
			require.True(t, ok)
			require.Equal(t, store.StepFailed, rec.Step)
			require.Contains(t, rec.Reason, c.stage+": ")
			require.Contains(t, rec.Reason, c.reason)
			require.Equal(t, 1.0, failures(t, m, c.stage))
			// Declined on chain with the same reason, once.
			require.Equal(t, []string{"1: " + rec.Reason}, chain.declined())
			require.False(t, rec.Declining && rec.Step != store.StepFailed)

			// Events about the lease do not run it again.
			tries := chain.jobQueries.Load()
			for i := 0; i < 3; i++ {
				chain.events <- daemon.Event{Kind: daemon.EventLeaseCreated, LeaseID: 1}
				n.waitPass(store.RoleProvider, 1, store.StepFailed)
			}
			require.Equal(t, tries, chain.jobQueries.Load(), "a failed lease was tried again")
			require.Equal(t, 1.0, failures(t, m, c.stage), "a failed lease is counted once")

			// Nor does a restart, though the chain still lists it as active
			// (as if the decline had not ended it).
			n.stop()
			chain.setLease(ownLease(1, 7))
			n = startFlaky(t, dir, chain, metrics.New())
			n.waitPass(store.RoleProvider, 1, store.StepFailed)
			require.Equal(t, tries, chain.jobQueries.Load(), "a failed lease was tried again after a restart")
			results, _, _ := chain.count()
			require.Zero(t, results)
			require.Len(t, chain.declined(), 1, "declined once")
		})
	}
}

// declineChain fails the first declineFails declines, as an unreachable
// node would; with lostReply the decline lands but the daemon sees an
// error (the lease is ended on chain).
type declineChain struct {
	*flakyChain
	declineFails atomic.Int32
	lostReply    bool
}

func (c *declineChain) DeclineLease(ctx context.Context, id uint64, reason string) error {
	if c.declineFails.Add(-1) >= 0 {
		if c.lostReply {
			_ = c.fakeChain.DeclineLease(ctx, id, reason)
		}
		return errUnreachable
	}
	return c.fakeChain.DeclineLease(ctx, id, reason)
}

// TestDeclineIsRetriedNotTheWork: a decline that cannot be broadcast is
// retried with backoff (the workload is not run again), and the lease is
// failed only once the decline is in.
func TestDeclineIsRetriedNotTheWork(t *testing.T) {
	dir := t.TempDir()
	chain := &declineChain{flakyChain: &flakyChain{fakeChain: newFakeChain()}}
	chain.jobs[7] = job(t, dir, 7, "exit 3")
	chain.setLease(ownLease(1, 7))
	chain.declineFails.Store(2)
	m := metrics.New()
	n := startFlaky(t, dir, chain, m)
	n.waitPass(store.RoleProvider, 1, store.StepFailed)

	rec, _, err := n.store.Get(store.RoleProvider, 1)
	require.NoError(t, err)
	require.True(t, rec.Declining)
	require.Contains(t, rec.Reason, "run: ")
	require.Equal(t, []string{"1: " + rec.Reason}, chain.declined())
	require.Equal(t, int32(1), chain.jobQueries.Load(), "the workload ran once; only the decline was retried")
	require.Equal(t, 2.0, failures(t, m, "decline"), "every failed broadcast is counted")
	require.Equal(t, 1.0, failures(t, m, "run"))
}

// TestDeclineResumesAfterRestart: a daemon stopped between the decline's
// intent and its broadcast sends the decline again at its next start,
// without running the lease.
func TestDeclineResumesAfterRestart(t *testing.T) {
	dir := t.TempDir()
	chain := &declineChain{flakyChain: &flakyChain{fakeChain: newFakeChain()}}
	chain.jobs[7] = job(t, dir, 7, "exit 3")
	chain.setLease(ownLease(1, 7))
	chain.declineFails.Store(1 << 20) // the node never takes it
	n := startFlaky(t, dir, chain, metrics.New())
	require.Eventually(t, func() bool {
		rec, _, err := n.store.Get(store.RoleProvider, 1)
		return err == nil && rec.Declining
	}, 30*time.Second, 10*time.Millisecond)
	n.stop()
	st, err := store.Open(filepath.Join(dir, "store"))
	require.NoError(t, err)
	rec, _, err := st.Get(store.RoleProvider, 1)
	require.NoError(t, err)
	require.NoError(t, st.Close())
	require.True(t, rec.Declining)
	require.NotEqual(t, store.StepFailed, rec.Step, "not final before the decline is in")
	require.Empty(t, chain.declined())

	chain.declineFails.Store(0)
	m := metrics.New()
	n = startFlaky(t, dir, chain, m)
	n.waitPass(store.RoleProvider, 1, store.StepFailed)
	require.Equal(t, int32(1), chain.jobQueries.Load(), "the lease is not run again")
	rec, _, err = n.store.Get(store.RoleProvider, 1)
	require.NoError(t, err)
	require.Equal(t, store.StepFailed, rec.Step)
	require.Contains(t, rec.Reason, "exit code 3")
	require.Equal(t, []string{"1: " + rec.Reason}, chain.declined())
	require.Equal(t, 1.0, failures(t, m, "run"), "failed once, at the restart, under its stage")
}

// TestDeclineWithLostReply: a decline that landed though the daemon saw
// an error is not sent again: the next pass finds the lease ended and
// fails it.
func TestDeclineWithLostReply(t *testing.T) {
	dir := t.TempDir()
	chain := &declineChain{flakyChain: &flakyChain{fakeChain: newFakeChain()}, lostReply: true}
	chain.jobs[7] = job(t, dir, 7, "exit 3")
	chain.setLease(ownLease(1, 7))
	chain.declineFails.Store(1)
	n := startFlaky(t, dir, chain, metrics.New())
	n.waitPass(store.RoleProvider, 1, store.StepFailed)
	rec, _, err := n.store.Get(store.RoleProvider, 1)
	require.NoError(t, err)
	require.Equal(t, []string{"1: " + rec.Reason}, chain.declined(), "declined once")
	require.Equal(t, int32(1), chain.jobQueries.Load())
}

// TestTransientFailureIsRetriedWithBackoff: an unreachable node delays the
// lease but does not fail it; the daemon retries without any new event and
// submits exactly once, with the workload run once.
func TestTransientFailureIsRetriedWithBackoff(t *testing.T) {
	dir := t.TempDir()
	chain := &flakyChain{fakeChain: newFakeChain()}
	chain.jobs[7] = job(t, dir, 7, copyScript)
	chain.setLease(ownLease(1, 7))
	chain.leaseFails.Store(2)  // reconcile's first pass cannot read the lease
	chain.submitFails.Store(3) // nor can the result be broadcast, three times
	m := metrics.New()
	n := startFlaky(t, dir, chain, m)

	got := recv(t, chain.submitted, "result after retries")
	require.Equal(t, honestHash(t), got.ObservedHash)
	n.waitPass(store.RoleProvider, 1, store.StepResultSubmitted)
	results, _, _ := chain.count()
	require.Equal(t, 1, results)
	require.Equal(t, int32(1), chain.jobQueries.Load(), "the workload ran once; only the broadcast was retried")
	rec, _, err := n.store.Get(store.RoleProvider, 1)
	require.NoError(t, err)
	require.Equal(t, store.StepResultSubmitted, rec.Step)
	require.Empty(t, rec.Reason)
	require.Equal(t, 3.0, failures(t, m, "submit"), "every failed broadcast is counted")
	require.Equal(t, 2.0, failures(t, m, "query"))
}

// failures reads aitbc_provider_failures_total{stage}.
func failures(t *testing.T, m *metrics.Metrics, stage string) float64 {
	t.Helper()
	mfs, err := m.Registry.Gather()
	require.NoError(t, err)
	for _, mf := range mfs {
		if mf.GetName() != "aitbc_provider_failures_total" {
			continue
		}
		for _, metric := range mf.GetMetric() {
			for _, l := range metric.GetLabel() {
				if l.GetName() == "stage" && l.GetValue() == stage {
					return metric.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}

// unreachableAtStart fails its first reconciles, as a node that is not up yet.
type unreachableAtStart struct {
	*fakeChain
	reconcileFails atomic.Int32
}

func (c *unreachableAtStart) Reconcile(ctx context.Context) ([]daemon.LeaseView, []daemon.AttestationDue, error) {
	if c.reconcileFails.Add(-1) >= 0 {
		return nil, nil, errUnreachable
	}
	return c.fakeChain.Reconcile(ctx)
}

// TestReconcileRetriesUntilTheNodeAnswers: a daemon started before its node
// keeps trying instead of exiting, then runs the lease the chain lists.
func TestReconcileRetriesUntilTheNodeAnswers(t *testing.T) {
	dir := t.TempDir()
	chain := &unreachableAtStart{fakeChain: newFakeChain()}
	chain.jobs[7] = job(t, dir, 7, copyScript)
	chain.setLease(ownLease(1, 7))
	chain.reconcileFails.Store(3)
	m := metrics.New()
	startFlaky(t, dir, chain, m)
	got := recv(t, chain.submitted, "result once the node answers")
	require.Equal(t, honestHash(t), got.ObservedHash)
	require.Equal(t, int32(-1), chain.reconcileFails.Load(), "reconciled after three failures")
	require.Equal(t, 3.0, failures(t, m, "query"))
}
