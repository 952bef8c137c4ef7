package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

// checkJob checks a job's terms against the params.
func checkJob(msg *types.MsgSubmitJob, p types.Params, now time.Time) error {
	r := msg.Requirements
	if r.Count == 0 {
		return errorsmod.Wrap(types.ErrInvalidJob, "a job needs at least one GPU")
	}
	if r.Model == "" && r.MinVramMib == 0 {
		return errorsmod.Wrap(types.ErrInvalidJob, "name a GPU model or a minimum VRAM")
	}
	if r.Hours < p.MinHours || r.Hours > p.MaxHours {
		return errorsmod.Wrapf(types.ErrInvalidHours, "%d hours; the chain allows %d to %d", r.Hours, p.MinHours, p.MaxHours)
	}
	price := msg.MaxPricePerGpuHour
	if price.Denom != p.MinBond.Denom || price.Amount.IsNil() || !price.Amount.IsPositive() || !price.Amount.IsUint64() {
		return errorsmod.Wrapf(types.ErrInvalidPrice, "max price per GPU-hour must be a positive amount of %s, got %s", p.MinBond.Denom, price)
	}
	w := msg.Workload
	if w.Image == "" && w.Command == "" {
		return errorsmod.Wrap(types.ErrInvalidJob, "the workload needs an image or a command")
	}
	if len(w.Args) > int(p.MaxAttributes) || len(w.Env) > int(p.MaxAttributes) {
		return errorsmod.Wrapf(types.ErrInvalidJob, "at most %d args and %d env vars", p.MaxAttributes, p.MaxAttributes)
	}
	if err := types.ValidateJobStrings(r, w, msg.InputUri, msg.InputHash, p.MaxTextLength); err != nil {
		return err
	}
	if msg.MinProviderReputation > 1000 {
		return errorsmod.Wrapf(types.ErrInvalidJob, "min provider reputation is a score from 0 to 1000, got %d", msg.MinProviderReputation)
	}
	if !msg.Deadline.After(now) || msg.Deadline.After(now.Add(p.MaxJobDuration)) {
		return errorsmod.Wrapf(types.ErrInvalidDeadline, "%s must be after now and within %s", msg.Deadline, p.MaxJobDuration)
	}
	return nil
}

// SubmitJob escrows max price x GPUs x hours from the consumer and opens
// the job until its deadline.
func (k Keeper) SubmitJob(ctx context.Context, consumer sdk.AccAddress, msg *types.MsgSubmitJob) (uint64, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if err := checkJob(msg, params, now); err != nil {
		return 0, err
	}
	consumerStr, err := k.accountString(consumer)
	if err != nil {
		return 0, err
	}
	r := msg.Requirements
	escrow := sdk.NewCoin(msg.MaxPricePerGpuHour.Denom, msg.MaxPricePerGpuHour.Amount.MulRaw(int64(r.Count)).MulRaw(int64(r.Hours)))
	if err := k.bankKeeper.SendCoinsFromAccountToModule(ctx, consumer, types.EscrowName, sdk.NewCoins(escrow)); err != nil {
		return 0, errorsmod.Wrapf(err, "escrow %s", escrow)
	}
	id, err := k.JobSeq.Next(ctx)
	if err != nil {
		return 0, err
	}
	job := types.Job{
		Id: id, Consumer: consumerStr, Requirements: r, MaxPricePerGpuHour: msg.MaxPricePerGpuHour,
		Workload: msg.Workload, InputUri: msg.InputUri, InputHash: msg.InputHash,
		MinProviderReputation: msg.MinProviderReputation, Deadline: msg.Deadline,
		Status: types.JOB_STATUS_OPEN, Escrow: escrow, Submitted: now,
	}
	if err := k.Jobs.Set(ctx, id, job); err != nil {
		return 0, err
	}
	if err := k.JobDeadlines.Set(ctx, collections.Join(job.Deadline, id)); err != nil {
		return 0, err
	}
	return id, emit(ctx, &types.EventJobSubmitted{JobId: id, Consumer: job.Consumer, Escrow: escrow, Deadline: job.Deadline})
}

// GetJob returns a job or ErrJobNotFound.
func (k Keeper) GetJob(ctx context.Context, id uint64) (types.Job, error) {
	j, err := k.Jobs.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return j, errorsmod.Wrapf(types.ErrJobNotFound, "job %d", id)
	}
	return j, err
}

// ownOpenJob returns the consumer's job if it is still open.
func (k Keeper) ownOpenJob(ctx context.Context, consumer sdk.AccAddress, id uint64) (types.Job, error) {
	job, err := k.GetJob(ctx, id)
	if err != nil {
		return job, err
	}
	consumerStr, err := k.accountString(consumer)
	if err != nil {
		return job, err
	}
	if job.Consumer != consumerStr {
		return job, errorsmod.Wrapf(types.ErrNotJobOwner, "job %d is %s's", id, job.Consumer)
	}
	if job.Status != types.JOB_STATUS_OPEN {
		return job, errorsmod.Wrapf(types.ErrJobNotOpen, "job %d is %s", id, job.Status)
	}
	return job, nil
}

// CancelJob cancels an open job and refunds all of its escrow.
func (k Keeper) CancelJob(ctx context.Context, consumer sdk.AccAddress, id uint64) error {
	job, err := k.ownOpenJob(ctx, consumer, id)
	if err != nil {
		return err
	}
	if err := k.JobDeadlines.Remove(ctx, collections.Join(job.Deadline, id)); err != nil {
		return err
	}
	return k.closeJob(ctx, job, types.JOB_STATUS_CANCELLED)
}

// closeJob refunds an open job's escrow to its consumer and records the
// status: cancelled or expired.
func (k Keeper) closeJob(ctx context.Context, job types.Job, status types.JobStatus) error {
	refund := job.Escrow
	consumer, err := k.account(job.Consumer)
	if err != nil {
		return err
	}
	if refund.IsPositive() {
		if err := k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.EscrowName, consumer, sdk.Coins{refund}); err != nil {
			return err
		}
	}
	job.Status = status
	job.Escrow = sdk.Coin{Denom: refund.Denom, Amount: math.ZeroInt()}
	if err := k.Jobs.Set(ctx, job.Id, job); err != nil {
		return err
	}
	if status == types.JOB_STATUS_CANCELLED {
		return emit(ctx, &types.EventJobCancelled{JobId: job.Id, Consumer: job.Consumer, Refund: refund})
	}
	return emit(ctx, &types.EventJobExpired{JobId: job.Id, Consumer: job.Consumer, Refund: refund})
}

// expireJob refunds a job whose deadline passed if it is still open.
func (k Keeper) expireJob(ctx context.Context, id uint64) error {
	job, err := k.GetJob(ctx, id)
	if err != nil || job.Status != types.JOB_STATUS_OPEN {
		return err
	}
	return k.closeJob(ctx, job, types.JOB_STATUS_EXPIRED)
}

// endJob records the final status of a leased job when its lease ends:
// completed when the lease settled, failed otherwise. The job's escrow
// moved to the lease when it was leased, so no money moves here.
func (k Keeper) endJob(ctx context.Context, lease types.Lease) error {
	job, err := k.GetJob(ctx, lease.JobId)
	if err != nil {
		return err
	}
	if job.Status != types.JOB_STATUS_LEASED || job.LeaseId != lease.Id {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "lease %d ends, its job %d is %s with lease %d", lease.Id, job.Id, job.Status, job.LeaseId)
	}
	job.Status = types.JobStatusOfLease(lease.Status)
	return k.Jobs.Set(ctx, job.Id, job)
}
