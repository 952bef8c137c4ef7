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
	due := now.Add(params.AttestationPeriod)
	lease.AttestationDeadline = &due
	if err := k.Leases.Set(ctx, id, lease); err != nil {
		return nil, err
	}
	if err := k.LeaseDeadlines.Set(ctx, collections.Join(due, id)); err != nil {
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

// Attest records a committee member's verdict and settles the lease once
// the committee's power decides: more than 2/3 "valid" with the result's
// hash settles it; 2/3 "invalid" (a "valid" with another hash counts as
// invalid) refunds and slashes; all members in without either ends it
// without quorum.
func (k Keeper) Attest(ctx context.Context, account sdk.AccAddress, id uint64, verdict types.Verdict, observedHash string) (types.LeaseStatus, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	lease, err := k.GetLease(ctx, id)
	if err != nil {
		return 0, err
	}
	if lease.Status != types.LEASE_STATUS_ATTESTING {
		return 0, errorsmod.Wrapf(types.ErrLeaseNotAttesting, "lease %d is %s", id, lease.Status)
	}
	val := sdk.ValAddress(account)
	valStr, err := k.operatorString(val)
	if err != nil {
		return 0, err
	}
	if !onCommittee(lease, valStr) {
		return 0, errorsmod.Wrapf(types.ErrNotCommitteeMember, "%s is not on lease %d's committee", valStr, id)
	}
	key := collections.Join(id, val)
	if has, err := k.Attestations.Has(ctx, key); err != nil {
		return 0, err
	} else if has {
		return 0, errorsmod.Wrapf(types.ErrAlreadyAttested, "%s on lease %d", valStr, id)
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if now.After(*lease.AttestationDeadline) {
		return 0, errorsmod.Wrapf(types.ErrDeadlinePassed, "lease %d's attestations were due by %s", id, lease.AttestationDeadline)
	}
	if verdict != types.VERDICT_VALID && verdict != types.VERDICT_INVALID {
		return 0, errorsmod.Wrapf(types.ErrInvalidVerdict, "verdict must be valid or invalid, got %s", verdict)
	}
	if verdict == types.VERDICT_VALID && observedHash == "" {
		return 0, errorsmod.Wrap(types.ErrInvalidVerdict, "a valid verdict names the observed hash")
	}
	if err := types.ValidateObservedHash(observedHash, params.MaxTextLength); err != nil {
		return 0, err
	}
	a := types.Attestation{LeaseId: id, Validator: valStr, Verdict: verdict, ObservedHash: observedHash, Time: now}
	if err := k.Attestations.Set(ctx, key, a); err != nil {
		return 0, err
	}
	if err := k.syncDue(ctx, lease); err != nil {
		return 0, err
	}
	if err := emit(ctx, &types.EventAttestation{LeaseId: id, Validator: valStr, Verdict: verdict, ObservedHash: observedHash}); err != nil {
		return 0, err
	}
	atts, err := k.leaseAttestations(ctx, id)
	if err != nil {
		return 0, err
	}
	t := tally(lease, atts)
	switch {
	case 3*t.valid > 2*t.total:
		return types.LEASE_STATUS_SETTLED, k.settleValid(ctx, lease, params, atts)
	case 3*t.invalid >= 2*t.total:
		return types.LEASE_STATUS_INVALID, k.failLease(ctx, lease, params, types.LEASE_STATUS_INVALID, atts)
	case t.valid+t.invalid == t.total:
		return types.LEASE_STATUS_NO_QUORUM, k.endNoQuorum(ctx, lease, atts)
	}
	return lease.Status, nil
}

func onCommittee(l types.Lease, validator string) bool {
	for _, m := range l.Committee {
		if m.Validator == validator {
			return true
		}
	}
	return false
}

// agrees says whether an attestation says the result is valid: verdict
// valid with the result's own hash.
func agrees(l types.Lease, a types.Attestation) bool {
	return a.Verdict == types.VERDICT_VALID && l.Result != nil && a.ObservedHash == l.Result.OutputHash
}

type powerTally struct{ valid, invalid, total int64 }

func tally(l types.Lease, atts []types.Attestation) powerTally {
	var t powerTally
	for _, m := range l.Committee {
		t.total += m.Power
		for _, a := range atts {
			if a.Validator != m.Validator {
				continue
			}
			if agrees(l, a) {
				t.valid += m.Power
			} else {
				t.invalid += m.Power
			}
		}
	}
	return t
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

// processLeaseDeadline ends a lease whose deadline passed: an active lease
// without a result expires, a lease still being attested ends without
// quorum; a lease already final is left alone.
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
		return k.endNoQuorum(ctx, lease, atts)
	}
	return nil
}
