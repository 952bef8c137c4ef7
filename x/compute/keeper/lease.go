package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

func hoursDuration(h uint32) time.Duration { return time.Duration(h) * time.Hour }

// GetLease returns a lease or ErrLeaseNotFound.
func (k Keeper) GetLease(ctx context.Context, id uint64) (types.Lease, error) {
	l, err := k.Leases.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return l, errorsmod.Wrapf(types.ErrLeaseNotFound, "lease %d", id)
	}
	return l, err
}

// ResultReport is what a provider reports for a lease.
type ResultReport struct {
	OutputHash, OutputURI string
	GpuSecondsUsed        uint64
}

// SubmitResult records the provider's result of an active lease before its
// deadline and draws the committee that attests it. With no other bonded
// validator to draw (a one-validator chain) the result settles at once.
func (k Keeper) SubmitResult(ctx context.Context, account sdk.AccAddress, id uint64, rep ResultReport) ([]types.CommitteeMember, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	lease, err := k.GetLease(ctx, id)
	if err != nil {
		return nil, err
	}
	operator, err := k.operatorOf(account)
	if err != nil {
		return nil, err
	}
	if lease.Provider != operator {
		return nil, errorsmod.Wrapf(types.ErrNotLeaseProvider, "lease %d is %s's, not %s's", id, lease.Provider, operator)
	}
	if lease.Status != types.LEASE_STATUS_ACTIVE {
		return nil, errorsmod.Wrapf(types.ErrLeaseNotActive, "lease %d is %s", id, lease.Status)
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if now.After(lease.Deadline) {
		return nil, errorsmod.Wrapf(types.ErrDeadlinePassed, "lease %d's result was due by %s", id, lease.Deadline)
	}
	if rep.OutputHash == "" {
		return nil, errorsmod.Wrap(types.ErrInvalidResult, "needs an output hash")
	}
	if err := types.ValidateResultStrings(rep.OutputHash, rep.OutputURI, params.MaxTextLength); err != nil {
		return nil, err
	}
	if leased := uint64(lease.Gpu.Count) * uint64(lease.Hours) * 3600; rep.GpuSecondsUsed > leased {
		return nil, errorsmod.Wrapf(types.ErrInvalidResult, "%d GPU-seconds used, the lease has %d", rep.GpuSecondsUsed, leased)
	}
	if err := k.LeaseDeadlines.Remove(ctx, collections.Join(lease.Deadline, id)); err != nil {
		return nil, err
	}
	committee, err := k.drawCommittee(ctx, lease, params.CommitteeSize)
	if err != nil {
		return nil, err
	}
	lease.Result = &types.Result{OutputHash: rep.OutputHash, OutputUri: rep.OutputURI, GpuSecondsUsed: rep.GpuSecondsUsed, Submitted: now}
	lease.Committee = committee
	lease.Status = types.LEASE_STATUS_ATTESTING
	if len(committee) == 0 {
		if err := emitResult(ctx, lease); err != nil {
			return nil, err
		}
		return nil, k.settleValid(ctx, lease, params, nil)
	}
	due, commitDue := now.Add(params.AttestationPeriod), now.Add(params.CommitPeriod)
	lease.AttestationDeadline, lease.CommitDeadline = &due, &commitDue
	lease.AttestationPhase = types.ATTESTATION_PHASE_COMMIT
	if err := k.Leases.Set(ctx, id, lease); err != nil {
		return nil, err
	}
	if err := k.LeaseDeadlines.Set(ctx, collections.Join(commitDue, id)); err != nil {
		return nil, err
	}
	if err := k.syncDue(ctx, lease); err != nil {
		return nil, err
	}
	return committee, emitResult(ctx, lease)
}

// emitResult announces a lease's result with everything its committee
// needs to re-run and attest it.
func emitResult(ctx context.Context, l types.Lease) error {
	members := make([]string, len(l.Committee))
	for i, m := range l.Committee {
		members[i] = m.Validator
	}
	return emit(ctx, &types.EventResultSubmitted{
		LeaseId: l.Id, JobId: l.JobId, Provider: l.Provider, Consumer: l.Consumer,
		OutputHash: l.Result.OutputHash, OutputUri: l.Result.OutputUri, GpuSecondsUsed: l.Result.GpuSecondsUsed,
		Committee: members, AttestationDeadline: l.AttestationDeadline,
	})
}

func onCommittee(l types.Lease, validator string) bool {
	for _, m := range l.Committee {
		if m.Validator == validator {
			return true
		}
	}
	return false
}

// leaseAttestations returns a lease's attestations (at most committee_size).
func (k Keeper) leaseAttestations(ctx context.Context, id uint64) ([]types.Attestation, error) {
	var atts []types.Attestation
	err := k.Attestations.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.ValAddress](id),
		func(_ collections.Pair[uint64, sdk.ValAddress], a types.Attestation) (bool, error) {
			atts = append(atts, a)
			return false, nil
		})
	return atts, err
}

// processLeaseDeadline handles a lease whose queued deadline passed: an
// active lease without a result expires; an attesting lease in its commit
// phase moves to its reveal phase; one in its reveal phase is decided on
// what was revealed. A lease already final is left alone.
func (k Keeper) processLeaseDeadline(ctx context.Context, id uint64, params types.Params) error {
	lease, err := k.GetLease(ctx, id)
	if err != nil {
		return err
	}
	switch lease.Status {
	case types.LEASE_STATUS_ACTIVE:
		return k.failLease(ctx, lease, params, types.LEASE_STATUS_EXPIRED, nil)
	case types.LEASE_STATUS_ATTESTING:
		atts, err := k.leaseAttestations(ctx, lease.Id)
		if err != nil {
			return err
		}
		if lease.AttestationPhase == types.ATTESTATION_PHASE_COMMIT {
			_, err := k.startReveal(ctx, lease, params, atts)
			return err
		}
		_, err = k.decide(ctx, lease, params, atts)
		return err
	}
	return nil
}
