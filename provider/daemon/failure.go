package daemon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aitbc/aitbc/provider/store"
)

// A lease step fails in one of two ways (provider/README.md, "Failures"):
//
//   - permanently, when this node cannot work on the lease however often
//     it tries: the input cannot be fetched or does not match input_hash,
//     no accepted runner or container runtime for the workload, no GPUs in
//     the inventory that fit, the workload failed or ran past its deadline,
//     the output is refused by the manifest or the artifact server. The
//     store records the step `failed` with the reason, the failure is
//     logged and counted once, and the lease is never tried again;
//   - transiently, for everything else (the node unreachable, a broadcast
//     refused or not included in time, a local disk error): the lease is
//     tried again after a backoff, and on its next event.
type permanentError struct {
	stage string
	err   error
}

func (e *permanentError) Error() string { return e.stage + ": " + e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// permanent marks err, from stage, as one no retry can cure.
func permanent(stage string, err error) error { return &permanentError{stage: stage, err: err} }

// Backoff of transient failures: the first retry after RetryMin, doubling
// up to RetryMax.
const (
	defaultRetryMin = 5 * time.Second
	defaultRetryMax = 5 * time.Minute
)

// retries is the backoff state of leases whose last pass failed transiently.
type retries struct {
	mu        sync.Mutex
	attempts  map[leaseKey]int
	scheduled map[leaseKey]bool
}

// next returns the delay before the next try of k, or false when one is
// already scheduled.
func (r *retries) next(k leaseKey, min, max time.Duration) (time.Duration, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.attempts == nil {
		r.attempts, r.scheduled = map[leaseKey]int{}, map[leaseKey]bool{}
	}
	if r.scheduled[k] {
		return 0, false
	}
	n := r.attempts[k]
	r.attempts[k] = n + 1
	r.scheduled[k] = true
	delay := min
	for i := 0; i < n && delay < max; i++ {
		delay *= 2
	}
	if delay > max {
		delay = max
	}
	return delay, true
}

func (r *retries) fired(k leaseKey) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.scheduled, k)
}

// reset forgets k's failures after a pass that succeeded.
func (r *retries) reset(k leaseKey) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.attempts, k)
}

// passFailed handles the error of a pass over k: a permanent one closes
// the lease as failed, a transient one schedules a retry. Errors while the
// daemon stops are neither.
func (d *Daemon) passFailed(ctx context.Context, k leaseKey, err error) {
	if ctx.Err() != nil {
		return
	}
	var perm *permanentError
	if errors.As(err, &perm) {
		// A lease this node provides is declined on chain first, so its
		// consumer is refunded at once and learns why; the final step
		// waits for the decline (a failed broadcast is retried).
		if k.role == store.RoleProvider {
			if err := d.decline(ctx, k, perm.Error()); err != nil {
				d.retryLater(ctx, k, err)
				return
			}
		}
		d.markFailed(k, perm.stage, perm.Error())
		return
	}
	d.retryLater(ctx, k, err)
}

// retryLater schedules another pass over k after its backoff.
func (d *Daemon) retryLater(ctx context.Context, k leaseKey, err error) {
	delay, ok := d.retry.next(k, d.opts.RetryMin, d.opts.RetryMax)
	if !ok {
		d.log.Error("lease step failed", "lease", k.id, "role", k.role, "err", err)
		return
	}
	d.log.Error("lease step failed; trying again", "lease", k.id, "role", k.role, "err", err, "retry_in", delay)
	// The caller is a pass, itself counted in wg, so this Add cannot race
	// with Run's final Wait.
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
			d.retry.fired(k)
			d.dispatch(ctx, k.role, k.id)
		case <-ctx.Done():
		}
	}()
}

// decline records the intent (Declining, with the reason; synced) and then
// sends MsgDeclineLease. After a restart, provide finds the intent and
// sends it again while the lease is active; end closes it as failed once
// the lease ended on chain.
func (d *Daemon) decline(ctx context.Context, k leaseKey, reason string) error {
	if _, err := d.opts.Store.Update(k.role, k.id, func(l *store.Lease) error {
		l.Declining, l.Reason = true, reason
		return nil
	}); err != nil {
		d.fail(k, "store", err)
		return err
	}
	return d.sendDecline(ctx, k, reason)
}

func (d *Daemon) sendDecline(ctx context.Context, k leaseKey, reason string) error {
	if err := d.opts.Chain.DeclineLease(ctx, k.id, reason); err != nil {
		d.fail(k, "decline", err)
		return fmt.Errorf("decline lease: %w", err)
	}
	d.markSent(k, store.StepFailed)
	d.log.Info("declined on chain; the consumer is refunded", "lease", k.id, "reason", reason)
	return nil
}

// stageOf is the stage of a permanent failure's reason, "<stage>: <error>".
func stageOf(reason string) string {
	if stage, _, ok := strings.Cut(reason, ": "); ok && stage != "" {
		return stage
	}
	return "decline"
}

// markFailed records the terminal step failed with its reason, and logs
// and counts it the first time only.
func (d *Daemon) markFailed(k leaseKey, stage, reason string) {
	_, changed, err := d.opts.Store.Fail(k.role, k.id, reason)
	if err != nil {
		d.fail(k, "store", err)
		return
	}
	if !changed {
		return
	}
	d.metrics.Failed(stage)
	d.log.Error("lease failed; it is not tried again", "lease", k.id, "role", k.role, "stage", stage, "reason", reason)
	d.updateLeaseGauge()
}

// failedBefore reports whether k's record is final as failed: such a
// lease is never worked on again.
func (d *Daemon) failedBefore(k leaseKey) bool {
	return d.step(k) == store.StepFailed
}

// reconcileWithBackoff reconciles, trying again with backoff while the
// node cannot answer; events wait meanwhile. Only a local store error is
// returned (and nil once ctx ends).
func (d *Daemon) reconcileWithBackoff(ctx context.Context) error {
	delay := d.opts.RetryMin
	for {
		err := d.reconcile(ctx)
		var chainErr *reconcileChainError
		if err == nil || !errors.As(err, &chainErr) {
			return err
		}
		d.metrics.Failed("query")
		d.log.Error("cannot reconcile from the chain; trying again", "err", err, "retry_in", delay)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		delay = min(2*delay, d.opts.RetryMax)
	}
}

// reconcileChainError is a reconcile that failed asking the chain.
type reconcileChainError struct{ err error }

func (e *reconcileChainError) Error() string { return "reconcile from chain: " + e.err.Error() }
func (e *reconcileChainError) Unwrap() error { return e.err }
