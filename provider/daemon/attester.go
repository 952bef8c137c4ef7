package daemon

import (
	"context"
	"fmt"

	"github.com/aitbc/aitbc/provider/store"
)

// attest re-runs a result this node was drawn to check, commits its
// verdict in the commit phase and reveals it once the commit phase ended.
func (d *Daemon) attest(ctx context.Context, k leaseKey, lv LeaseView) error {
	rec, ok, err := d.opts.Store.Get(k.role, k.id)
	if err != nil {
		return err
	}
	if !ok || rec.Step < store.StepCommitted {
		if lv.Committed {
			// The chain holds a commit this store does not know (the store
			// was lost): without the salt it cannot be revealed.
			d.fail(k, "commit", fmt.Errorf("lease %d: chain has a commit with no local salt", k.id))
			return nil
		}
		if lv.Phase != PhaseCommit {
			if ok {
				d.fail(k, "commit", fmt.Errorf("lease %d: commit phase over before the re-run finished", k.id))
			}
			return nil
		}
		if rec, err = d.compute(ctx, k, lv.Hours, lv.Deadline); err != nil {
			return err
		}
		verdict := VerdictInvalid
		if rec.OutputHash == lv.Result.OutputHash {
			verdict = VerdictValid
		}
		salt, err := store.NewSalt()
		if err != nil {
			return err
		}
		// Salt and verdict are stored, synced, before the commit is sent,
		// so the reveal survives a restart.
		if rec, err = d.opts.Store.Advance(k.role, k.id, store.StepCommitted, func(l *store.Lease) {
			l.Salt, l.Verdict = salt, string(verdict)
		}); err != nil {
			return err
		}
		if err := d.sendCommit(ctx, k, rec); err != nil {
			return err
		}
		// The chain may already be in the reveal phase; fall through.
		if lv, err = d.opts.Chain.Lease(ctx, k.id); err != nil {
			return err
		}
	}

	switch {
	case rec.Step == store.StepCommitted && !lv.Committed && lv.Phase == PhaseCommit && !d.wasSent(k, store.StepCommitted):
		// Restarted after the intent; the chain has no commit: send it.
		return d.sendCommit(ctx, k, rec)
	case rec.Step == store.StepCommitted && lv.Phase == PhaseReveal:
		if lv.Revealed {
			_, err := d.opts.Store.Advance(k.role, k.id, store.StepRevealed, nil)
			return err
		}
		if rec, err = d.opts.Store.Advance(k.role, k.id, store.StepRevealed, nil); err != nil {
			return err
		}
		return d.sendReveal(ctx, k, rec)
	case rec.Step == store.StepRevealed && !lv.Revealed && lv.Phase == PhaseReveal && !d.wasSent(k, store.StepRevealed):
		return d.sendReveal(ctx, k, rec)
	}
	return nil
}

func attestation(k leaseKey, rec store.Lease) Attestation {
	return Attestation{LeaseID: k.id, Verdict: Verdict(rec.Verdict), ObservedHash: rec.OutputHash, Salt: rec.Salt}
}

func (d *Daemon) sendCommit(ctx context.Context, k leaseKey, rec store.Lease) error {
	if err := d.opts.Chain.CommitAttestation(ctx, attestation(k, rec)); err != nil {
		d.fail(k, "commit", err)
		return fmt.Errorf("commit attestation: %w", err)
	}
	d.markSent(k, store.StepCommitted)
	d.log.Info("committed", "lease", k.id, "verdict", rec.Verdict, "observed_hash", rec.OutputHash)
	d.updateLeaseGauge()
	return nil
}

func (d *Daemon) sendReveal(ctx context.Context, k leaseKey, rec store.Lease) error {
	if err := d.opts.Chain.RevealAttestation(ctx, attestation(k, rec)); err != nil {
		d.fail(k, "reveal", err)
		return fmt.Errorf("reveal attestation: %w", err)
	}
	d.markSent(k, store.StepRevealed)
	d.metrics.Attested(rec.Verdict)
	d.log.Info("revealed", "lease", k.id, "verdict", rec.Verdict)
	d.updateLeaseGauge()
	return nil
}
