package keeper

import (
	"context"
	"fmt"
	"time"

	"cosmossdk.io/collections"
	"github.com/cosmos/cosmos-sdk/telemetry"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/x/compute/types"
)

// RetryDelay is how long a queued item whose handling failed waits before
// EndBlock tries it again. Its tokens stay where they were meanwhile, and
// the retry lands behind the items already due, so a failing item never
// starves the queue.
const RetryDelay = time.Hour

// EndBlocker pays back matured bond unbondings, refunds open jobs past
// their deadline, ends leases past theirs, then matches open jobs to
// offers; each step is bounded per block by a param. With nothing due and
// no open job it reads a few empty ranges.
//
// Every item is handled on its own cache branch under a panic guard
// (internal/isolate): an item that fails is put in a safe state by its
// fallback, reported with the event aitbc.block_item_failed, and the block
// goes on. Only an error reading the params or walking a queue itself is
// returned.
func (k Keeper) EndBlocker(ctx context.Context) error {
	defer telemetry.ModuleMeasureSince(types.ModuleName, telemetry.Now(), telemetry.MetricKeyEndBlocker)
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if err := k.payUnbondings(sdkCtx, params.MaxBondPayoutsPerBlock); err != nil {
		return err
	}
	if err := k.expireJobs(sdkCtx, params.MaxJobExpiriesPerBlock); err != nil {
		return err
	}
	if err := k.processLeaseDeadlines(sdkCtx, params); err != nil {
		return err
	}
	return k.matchJobs(sdkCtx, params)
}

// payUnbondings pays the unbondings due by the block time, at most limit.
// A payout that fails is retried RetryDelay later: the amount stays in
// compute_bonds and in its unbonding record.
func (k Keeper) payUnbondings(ctx sdk.Context, limit uint32) error {
	now := ctx.BlockTime()
	return colls.PopDue(ctx, k.UnbondingQueue, now, limit, func(_ time.Time, id uint64) error {
		isolate.Item(ctx, types.ModuleName, fmt.Sprintf("unbonding payout %d", id),
			func(ctx sdk.Context) error { return k.payUnbonding(ctx, id) },
			&isolate.Fallback{Outcome: "retried later", Do: func(ctx sdk.Context, _ error) error {
				if _, err := k.Unbondings.Get(ctx, id); err != nil {
					return err // nothing left to pay
				}
				return k.UnbondingQueue.Set(ctx, collections.Join(now.Add(RetryDelay), id))
			}})
		return nil
	})
}

// expireJobs refunds the open jobs whose deadline passed, at most limit. A
// job whose refund fails stays open, holding its escrow, and its expiry is
// retried RetryDelay later; matching skips it since its deadline passed.
func (k Keeper) expireJobs(ctx sdk.Context, limit uint32) error {
	now := ctx.BlockTime()
	return colls.PopDue(ctx, k.JobDeadlines, now, limit, func(_ time.Time, id uint64) error {
		isolate.Item(ctx, types.ModuleName, fmt.Sprintf("expire job %d", id),
			func(ctx sdk.Context) error { return k.expireJob(ctx, id) },
			&isolate.Fallback{Outcome: "kept open, retried later", Do: func(ctx sdk.Context, _ error) error {
				job, err := k.Jobs.Get(ctx, id)
				if err != nil || job.Status != types.JOB_STATUS_OPEN {
					return err
				}
				return k.JobDeadlines.Set(ctx, collections.Join(now.Add(RetryDelay), id))
			}})
		return nil
	})
}

// processLeaseDeadlines ends the leases whose deadline passed, at most
// max_lease_deadlines_per_block: an active lease without a result expires,
// a lease still being attested ends without quorum. A lease that cannot be
// ended keeps its status, escrow and GPUs, and is retried RetryDelay later:
// settling it any other way than its rule (say, refunding without the
// slash) would hand out a result the rules do not give.
func (k Keeper) processLeaseDeadlines(ctx sdk.Context, params types.Params) error {
	now := ctx.BlockTime()
	return colls.PopDue(ctx, k.LeaseDeadlines, now, params.MaxLeaseDeadlinesPerBlock, func(_ time.Time, id uint64) error {
		isolate.Item(ctx, types.ModuleName, fmt.Sprintf("lease deadline %d", id),
			func(ctx sdk.Context) error { return k.processLeaseDeadline(ctx, id, params) },
			&isolate.Fallback{Outcome: "kept, retried later", Do: func(ctx sdk.Context, _ error) error {
				lease, err := k.Leases.Get(ctx, id)
				if err != nil || lease.Status.IsFinal() {
					return err
				}
				return k.LeaseDeadlines.Set(ctx, collections.Join(now.Add(RetryDelay), id))
			}})
		return nil
	})
}

// matchJobs tries to lease open jobs, in submission order, to the cheapest
// eligible offer. It looks at max_matches_per_block jobs, resuming from the
// cursor and wrapping around, so jobs no offer can take never starve the
// jobs behind them. A job whose match fails stays open and is skipped for
// this block; the cursor moves past it as past any other.
func (k Keeper) matchJobs(ctx sdk.Context, params types.Params) error {
	ids, cursor, next, err := k.jobsToMatch(ctx, params.MaxMatchesPerBlock)
	if err != nil {
		return err
	}
	for _, id := range ids {
		isolate.Item(ctx, types.ModuleName, fmt.Sprintf("match job %d", id),
			func(ctx sdk.Context) error { return k.matchJob(ctx, id, params) }, nil)
	}
	if next == cursor {
		return nil // an idle block writes nothing
	}
	return k.MatchCursor.Set(ctx, next)
}
