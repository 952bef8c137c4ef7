// Package daemon is the provider daemon's loop: it reconciles from the
// chain, follows lease events, runs the leases this node provides, and
// re-runs and attests (commit, then reveal) the results it is drawn to
// check. The chain is the source of truth; provider/store only makes every
// chain submission happen once, across restarts.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"cosmossdk.io/log"

	"github.com/aitbc/aitbc/provider/artifacts"
	"github.com/aitbc/aitbc/provider/fetch"
	"github.com/aitbc/aitbc/provider/gpu"
	"github.com/aitbc/aitbc/provider/manifest"
	"github.com/aitbc/aitbc/provider/metrics"
	"github.com/aitbc/aitbc/provider/runner"
	"github.com/aitbc/aitbc/provider/store"
)

// Options configure a Daemon; Chain, Store, Inventory, Artifacts and
// WorkDir are required.
type Options struct {
	Chain     Chain
	Store     *store.Store
	Inventory gpu.Inventory
	Artifacts *artifacts.Server
	Metrics   *metrics.Metrics // nil: a private registry
	Logger    log.Logger       // nil: no logs

	// WorkDir holds <role>/<lease>/{input,output,work}.
	WorkDir string
	// PublicBaseURL is the artifact server as others reach it.
	PublicBaseURL string
	// MaxInputBytes bounds a fetched input.
	MaxInputBytes int64
	// RunnerKinds and ContainerRuntimes as in provider.toml.
	RunnerKinds       []string
	ContainerRuntimes []string
	// WrongOutput is the test-only fault switch.
	WrongOutput bool

	// ProgressEvery is how often a running lease logs its progress
	// (default one minute).
	ProgressEvery time.Duration
	// RetryMin and RetryMax bound the backoff of a lease whose pass failed
	// transiently (defaults 5 s and 5 min).
	RetryMin, RetryMax time.Duration
	// AfterPass, when set, is called after every processing pass of a
	// lease with the step it reached; tests wait on it.
	AfterPass func(role store.Role, leaseID uint64, step store.Step)
}

// Daemon runs leases; create it with New and call Run once.
type Daemon struct {
	opts    Options
	log     log.Logger
	metrics *metrics.Metrics
	gpus    *gpuPool
	slots   chan struct{}

	mu       sync.Mutex
	inflight map[leaseKey]bool // true: dispatched again while running
	// sent records submissions this process made, so only a restart (which
	// forgets them) falls back to asking the chain before re-sending.
	sent  map[sentKey]bool
	retry retries
	wg    sync.WaitGroup
}

type leaseKey struct {
	role store.Role
	id   uint64
}

type sentKey struct {
	leaseKey
	step store.Step
}

// New checks opts and builds a daemon. Concurrency is bounded by the GPUs
// in the inventory: at most one lease per GPU is worked on at a time.
func New(opts Options) (*Daemon, error) {
	switch {
	case opts.Chain == nil:
		return nil, errors.New("daemon: no chain client")
	case opts.Store == nil:
		return nil, errors.New("daemon: no store")
	case opts.Artifacts == nil:
		return nil, errors.New("daemon: no artifact server")
	case !filepath.IsAbs(opts.WorkDir):
		return nil, fmt.Errorf("daemon: work dir %q is not absolute", opts.WorkDir)
	case len(opts.Inventory.Devices) == 0:
		return nil, gpu.ErrNoGPUs
	}
	if opts.MaxInputBytes <= 0 {
		opts.MaxInputBytes = 1 << 30
	}
	if len(opts.RunnerKinds) == 0 {
		opts.RunnerKinds = []string{runner.KindCommand, runner.KindContainer}
	}
	if opts.RetryMin <= 0 {
		opts.RetryMin = defaultRetryMin
	}
	if opts.RetryMax < opts.RetryMin {
		opts.RetryMax = max(defaultRetryMax, opts.RetryMin)
	}
	if opts.ProgressEvery <= 0 {
		opts.ProgressEvery = time.Minute
	}
	logger := opts.Logger
	if logger == nil {
		logger = log.NewNopLogger()
	}
	m := opts.Metrics
	if m == nil {
		m = metrics.New()
	}
	return &Daemon{
		opts:     opts,
		log:      logger.With("module", "provider"),
		metrics:  m,
		gpus:     newGPUPool(opts.Inventory),
		slots:    make(chan struct{}, len(opts.Inventory.Devices)),
		inflight: map[leaseKey]bool{},
		sent:     map[sentKey]bool{},
	}, nil
}

// Run subscribes to events, reconciles from the chain and the store, then
// follows events until ctx ends; it returns after every lease worker
// stopped (a running workload is killed with ctx).
func (d *Daemon) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer d.wg.Wait()

	events, err := d.opts.Chain.Events(ctx)
	if err != nil {
		return fmt.Errorf("subscribe to lease events: %w", err)
	}
	if err := d.reconcileWithBackoff(ctx); err != nil {
		return err
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-events:
			if !ok {
				if ctx.Err() != nil {
					return nil
				}
				return errors.New("lease event stream closed")
			}
			d.handleEvent(ctx, ev)
		}
	}
}

func (d *Daemon) handleEvent(ctx context.Context, ev Event) {
	d.log.Debug("lease event", "lease", ev.LeaseID, "event", ev.Kind.String())
	switch ev.Kind {
	case EventLeaseCreated:
		d.dispatch(ctx, store.RoleProvider, ev.LeaseID)
	case EventResultSubmitted, EventCommitPhaseEnded:
		d.dispatch(ctx, store.RoleAttester, ev.LeaseID)
	case EventLeaseEnded:
		// Either role may hold a record; a pass without one does nothing.
		for _, role := range []store.Role{store.RoleProvider, store.RoleAttester} {
			if _, ok, _ := d.opts.Store.Get(role, ev.LeaseID); ok {
				d.dispatch(ctx, role, ev.LeaseID)
			}
		}
	}
}

// reconcile resumes from the chain: every lease it lists is dispatched,
// and every local record it no longer lists is looked up and ended.
func (d *Daemon) reconcile(ctx context.Context) error {
	leases, dues, err := d.opts.Chain.Reconcile(ctx)
	if err != nil {
		return &reconcileChainError{err}
	}
	listed := map[leaseKey]bool{}
	for _, l := range leases {
		listed[leaseKey{store.RoleProvider, l.ID}] = true
	}
	for _, a := range dues {
		listed[leaseKey{store.RoleAttester, a.LeaseID}] = true
	}
	pending, err := d.opts.Store.Pending()
	if err != nil {
		return err
	}
	// Outputs of earlier runs are served again; the consumer may still
	// download them.
	all, err := d.opts.Store.List()
	if err != nil {
		return err
	}
	for _, rec := range all {
		if rec.Role == store.RoleProvider && rec.Step >= store.StepResultReady && rec.OutputHash != "" {
			dir := d.leaseDir(rec.Role, rec.LeaseID, "output")
			if err := d.opts.Artifacts.Add(rec.OutputHash, dir); err != nil {
				d.log.Error("cannot serve an earlier output again", "lease", rec.LeaseID, "err", err)
			}
		}
	}
	d.log.Info("reconciled", "leases", len(leases), "attestations", len(dues), "local_pending", len(pending))
	for _, l := range leases {
		d.dispatch(ctx, store.RoleProvider, l.ID)
	}
	for _, a := range dues {
		d.dispatch(ctx, store.RoleAttester, a.LeaseID)
	}
	for _, rec := range pending {
		if !listed[leaseKey{rec.Role, rec.LeaseID}] {
			d.dispatch(ctx, rec.Role, rec.LeaseID)
		}
	}
	d.updateLeaseGauge()
	return nil
}

// dispatch starts a pass over a lease, or, when one runs, asks it to run
// once more when it ends (events coalesce; passes of a lease never overlap).
func (d *Daemon) dispatch(ctx context.Context, role store.Role, id uint64) {
	k := leaseKey{role, id}
	d.mu.Lock()
	if _, running := d.inflight[k]; running {
		d.inflight[k] = true
		d.mu.Unlock()
		return
	}
	d.inflight[k] = false
	d.mu.Unlock()

	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		for {
			select {
			case d.slots <- struct{}{}:
			case <-ctx.Done():
				d.mu.Lock()
				delete(d.inflight, k)
				d.mu.Unlock()
				return
			}
			step := d.pass(ctx, k)
			<-d.slots
			if d.opts.AfterPass != nil {
				d.opts.AfterPass(role, id, step)
			}
			d.mu.Lock()
			again := d.inflight[k]
			if !again || ctx.Err() != nil {
				delete(d.inflight, k)
				d.mu.Unlock()
				return
			}
			d.inflight[k] = false
			d.mu.Unlock()
		}
	}()
}

// pass moves one lease as far as the chain allows and returns its step.
func (d *Daemon) pass(ctx context.Context, k leaseKey) store.Step {
	if d.failedBefore(k) {
		return store.StepFailed
	}
	lv, err := d.opts.Chain.Lease(ctx, k.id)
	if err != nil {
		d.metrics.Failed("query") // passFailed logs it
		d.passFailed(ctx, k, err)
		return d.step(k)
	}
	if lv.Phase == PhaseEnded {
		d.end(k, lv)
		return d.step(k)
	}
	switch k.role {
	case store.RoleProvider:
		if lv.Mine {
			err = d.provide(ctx, k, lv)
		}
	case store.RoleAttester:
		if lv.OnCommittee && lv.Result != nil {
			err = d.attest(ctx, k, lv)
		}
	}
	if err != nil {
		d.passFailed(ctx, k, err)
	} else {
		d.retry.reset(k)
	}
	d.updateLeaseGauge()
	return d.step(k)
}

func (d *Daemon) step(k leaseKey) store.Step {
	rec, ok, err := d.opts.Store.Get(k.role, k.id)
	if err != nil || !ok {
		return store.StepUnknown
	}
	return rec.Step
}

// end records a final lease; its output stays served.
func (d *Daemon) end(k leaseKey, lv LeaseView) {
	rec, ok, err := d.opts.Store.Get(k.role, k.id)
	if err != nil || !ok || rec.Step.Final() {
		return
	}
	if rec.Declining {
		// Declined (by this node, or before a restart); it ended as failed.
		d.markFailed(k, stageOf(rec.Reason), rec.Reason)
		return
	}
	if _, err := d.opts.Store.Advance(k.role, k.id, store.StepDone, nil); err != nil {
		d.fail(k, "store", err)
		return
	}
	d.log.Info("settled", "lease", k.id, "role", k.role, "status", lv.Status)
	d.updateLeaseGauge()
}

// advance writes a step (synced) and logs it.
func (d *Daemon) advance(k leaseKey, step store.Step, fn func(*store.Lease), kv ...any) (store.Lease, error) {
	rec, err := d.opts.Store.Advance(k.role, k.id, step, fn)
	if err != nil {
		return rec, err
	}
	d.log.Info(stepLog(step), append([]any{"lease", k.id, "role", k.role}, kv...)...)
	d.updateLeaseGauge()
	return rec, nil
}

func stepLog(s store.Step) string {
	switch s {
	case store.StepSeen:
		return "matched"
	case store.StepInputFetched:
		return "input fetched"
	case store.StepRunning:
		return "running"
	case store.StepResultReady:
		return "result ready"
	case store.StepResultSubmitted:
		return "result submitted"
	case store.StepCommitted:
		return "committed"
	case store.StepRevealed:
		return "revealed"
	}
	return s.String()
}

func (d *Daemon) fail(k leaseKey, stage string, err error) {
	d.metrics.Failed(stage)
	d.log.Error("lease step failed", "lease", k.id, "role", k.role, "stage", stage, "err", err)
}

func (d *Daemon) wasSent(k leaseKey, step store.Step) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sent[sentKey{k, step}]
}

func (d *Daemon) markSent(k leaseKey, step store.Step) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.sent[sentKey{k, step}] = true
}

func (d *Daemon) updateLeaseGauge() {
	all, err := d.opts.Store.List()
	if err != nil {
		return
	}
	counts := map[metrics.LeaseKey]int{}
	for _, l := range all {
		counts[metrics.LeaseKey{State: l.Step.String(), Role: string(l.Role)}]++
	}
	d.metrics.SetLeases(counts)
}

func (d *Daemon) leaseDir(role store.Role, id uint64, sub string) string {
	return filepath.Join(d.opts.WorkDir, string(role), strconv.FormatUint(id, 10), sub)
}

// compute runs a lease's job from the store's step up to result_ready:
// fetch the input, take GPUs, run, hash the output. A run interrupted by a
// restart starts again from an empty output.
func (d *Daemon) compute(ctx context.Context, k leaseKey, hours uint32, deadline time.Time) (store.Lease, error) {
	rec, ok, err := d.opts.Store.Get(k.role, k.id)
	if err != nil {
		return rec, err
	}
	if ok && rec.Step >= store.StepResultReady {
		return rec, nil
	}
	if !ok {
		if rec, err = d.advance(k, store.StepSeen, nil); err != nil {
			return rec, err
		}
	}
	jobID, err := d.jobID(ctx, k)
	if err != nil {
		return rec, err
	}
	job, err := d.opts.Chain.Job(ctx, jobID)
	if err != nil {
		d.fail(k, "query", err)
		return rec, err
	}
	inputDir, outputDir, workDir := d.leaseDir(k.role, k.id, "input"), d.leaseDir(k.role, k.id, "output"), d.leaseDir(k.role, k.id, "work")
	if rec.Step < store.StepInputFetched || (job.InputURI != "" && !dirHasFiles(inputDir)) {
		var size int64
		var hash string
		if err := os.RemoveAll(inputDir); err != nil {
			return rec, err
		}
		if job.InputURI != "" {
			f := fetch.Fetcher{MaxBytes: d.opts.MaxInputBytes}
			res, err := f.Fetch(ctx, job.InputURI, job.InputHash, inputDir)
			if err != nil {
				return rec, permanent("fetch", err)
			}
			size, hash = res.Size, res.Hash
		} else if err := os.MkdirAll(inputDir, 0o755); err != nil {
			return rec, err
		}
		if rec.Step < store.StepInputFetched {
			if rec, err = d.advance(k, store.StepInputFetched, nil, "bytes", size, "hash", hash); err != nil {
				return rec, err
			}
		}
	}

	spec := runner.Spec{
		LeaseID: k.id, Image: job.Image, Command: job.Command, Args: append([]string(nil), job.Args...),
		WorkDir: workDir, InputDir: inputDir, OutputDir: outputDir, Deadline: deadline,
	}
	for _, e := range job.Env {
		spec.Env = append(spec.Env, runner.EnvVar{Name: e.Name, Value: e.Value})
	}
	r, err := runner.Select(spec, d.opts.RunnerKinds, d.opts.ContainerRuntimes)
	if err != nil {
		return rec, permanent("run", err)
	}
	if d.opts.WrongOutput && k.role == store.RoleProvider {
		r = runner.WrongOutput{Runner: r}
	}
	gpus, err := d.gpus.acquire(ctx, job.GPUModel, job.MinVRAMMiB, int(job.GPUCount))
	if err != nil {
		return rec, permanent("gpus", err) // only the inventory never fitting; a stop is not counted
	}
	defer d.gpus.release(gpus)
	spec.GPUs = gpus

	// A run that a restart interrupted starts from an empty output.
	if err := os.RemoveAll(outputDir); err != nil {
		return rec, err
	}
	if rec, err = d.advance(k, store.StepRunning, nil, "gpus", gpus, "expected", time.Duration(hours)*time.Hour); err != nil {
		return rec, err
	}
	res, err := d.runWithProgress(ctx, k, r, spec, hours)
	if err != nil {
		return rec, permanent("run", err)
	}
	d.metrics.AddGPUSeconds(string(k.role), res.GPUSeconds)
	hash, _, err := manifest.HashDir(outputDir)
	if err != nil {
		return rec, permanent("hash", err)
	}
	return d.advance(k, store.StepResultReady, func(l *store.Lease) {
		l.OutputHash, l.GPUSeconds = hash, res.GPUSeconds
	}, "output_hash", hash, "gpu_seconds", res.GPUSeconds, "elapsed", res.Wall.Round(time.Millisecond))
}

func (d *Daemon) jobID(ctx context.Context, k leaseKey) (uint64, error) {
	lv, err := d.opts.Chain.Lease(ctx, k.id)
	if err != nil {
		return 0, err
	}
	return lv.JobID, nil
}

// runWithProgress runs the workload and logs elapsed/expected periodically.
func (d *Daemon) runWithProgress(ctx context.Context, k leaseKey, r runner.Runner, spec runner.Spec, hours uint32) (runner.Result, error) {
	done := make(chan struct{})
	defer close(done)
	started := time.Now()
	go func() {
		t := time.NewTicker(d.opts.ProgressEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				d.log.Info("running", "lease", k.id, "role", k.role,
					"elapsed", time.Since(started).Round(time.Second), "expected", time.Duration(hours)*time.Hour)
			}
		}
	}()
	return r.Run(ctx, spec)
}

func dirHasFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	return err == nil && len(entries) > 0
}
