package daemon

import (
	"context"
	"fmt"

	"github.com/aitbc/aitbc/provider/artifacts"
	"github.com/aitbc/aitbc/provider/store"
)

// provide runs a lease of this node's own: compute, publish, submit once.
func (d *Daemon) provide(ctx context.Context, k leaseKey, lv LeaseView) error {
	rec, ok, err := d.opts.Store.Get(k.role, k.id)
	if err != nil {
		return err
	}
	if lv.Result != nil {
		// Already on chain (sent by this process, or before a restart).
		if !ok || rec.Step < store.StepResultSubmitted {
			_, err := d.advance(k, store.StepResultSubmitted, nil, "output_hash", lv.Result.OutputHash, "note", "found on chain")
			return err
		}
		return nil
	}
	if lv.Phase != PhaseActive {
		return nil
	}
	if ok && rec.Declining {
		// The decline was written before its broadcast, which failed or
		// (after a restart) did not land: send it again, never the work.
		if !d.wasSent(k, store.StepFailed) {
			if err := d.sendDecline(ctx, k, rec.Reason); err != nil {
				return err
			}
		}
		d.markFailed(k, stageOf(rec.Reason), rec.Reason)
		return nil
	}
	if ok && rec.Step >= store.StepResultSubmitted {
		// The intent was written before a broadcast that is not on chain.
		// In this process that broadcast failed or is still pending; after
		// a restart the chain just said it did not land, so send it again.
		if d.wasSent(k, store.StepResultSubmitted) {
			return nil
		}
		return d.sendResult(ctx, k, rec)
	}
	rec, err = d.compute(ctx, k, lv.Hours, lv.Deadline)
	if err != nil {
		return err
	}
	outDir := d.leaseDir(k.role, k.id, "output")
	if err := d.opts.Artifacts.Add(rec.OutputHash, outDir); err != nil {
		return permanent("publish", err)
	}
	// The synced intent comes before the broadcast: a crash in between is
	// resolved by asking the chain, never by a blind second submission.
	rec, err = d.opts.Store.Advance(k.role, k.id, store.StepResultSubmitted, nil)
	if err != nil {
		return err
	}
	return d.sendResult(ctx, k, rec)
}

func (d *Daemon) sendResult(ctx context.Context, k leaseKey, rec store.Lease) error {
	uri := artifacts.URL(d.opts.PublicBaseURL, rec.OutputHash, "")
	err := d.opts.Chain.SubmitResult(ctx, ResultSubmission{
		LeaseID: k.id, OutputHash: rec.OutputHash, OutputURI: uri, GPUSeconds: rec.GPUSeconds,
	})
	if err != nil {
		d.fail(k, "submit", err)
		return fmt.Errorf("submit result: %w", err)
	}
	d.markSent(k, store.StepResultSubmitted)
	d.log.Info("result submitted", "lease", k.id, "output_hash", rec.OutputHash, "output_uri", uri, "gpu_seconds", rec.GPUSeconds)
	d.updateLeaseGauge()
	return nil
}
