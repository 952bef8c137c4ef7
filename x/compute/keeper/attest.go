package keeper

import (
	"bytes"
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

// CommitAttestation records a committee member's commitment to a hidden
// verdict during the lease's commit phase. The reveal phase starts as soon
// as every member has committed.
func (k Keeper) CommitAttestation(ctx context.Context, account sdk.AccAddress, id uint64, commitment []byte) (types.AttestationPhase, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	if err := types.ValidateCommitment(commitment); err != nil {
		return 0, err
	}
	lease, val, valStr, err := k.attestingMember(ctx, account, id)
	if err != nil {
		return 0, err
	}
	if lease.AttestationPhase != types.ATTESTATION_PHASE_COMMIT {
		return 0, errorsmod.Wrapf(types.ErrWrongAttestationPhase, "lease %d is in its %s; commitments were due by %s", id, lease.AttestationPhase, lease.CommitDeadline)
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if now.After(*lease.CommitDeadline) {
		return 0, errorsmod.Wrapf(types.ErrDeadlinePassed, "lease %d's commitments were due by %s", id, lease.CommitDeadline)
	}
	key := collections.Join(id, val)
	if has, err := k.Attestations.Has(ctx, key); err != nil {
		return 0, err
	} else if has {
		return 0, errorsmod.Wrapf(types.ErrAlreadyAttested, "%s committed on lease %d", valStr, id)
	}
	a := types.Attestation{LeaseId: id, Validator: valStr, Time: now, Commitment: bytes.Clone(commitment)}
	if err := k.Attestations.Set(ctx, key, a); err != nil {
		return 0, err
	}
	if err := k.syncDue(ctx, lease); err != nil {
		return 0, err
	}
	if err := emit(ctx, &types.EventAttestationCommitted{LeaseId: id, Validator: valStr, Commitment: a.Commitment}); err != nil {
		return 0, err
	}
	atts, err := k.leaseAttestations(ctx, id)
	if err != nil {
		return 0, err
	}
	if len(atts) < len(lease.Committee) {
		return lease.AttestationPhase, nil
	}
	// Everyone committed: waiting out the commit period gains nothing.
	if err := k.LeaseDeadlines.Remove(ctx, collections.Join(*lease.CommitDeadline, id)); err != nil {
		return 0, err
	}
	lease.CommitDeadline = &now
	return k.startReveal(ctx, lease, params, atts)
}

// startReveal ends a lease's commit phase. With less committed power than
// the revealed-power floor no reveal can decide the lease, so it ends
// without quorum at once; otherwise the members who committed reveal until
// attestation_deadline. The caller has removed the commit deadline from
// LeaseDeadlines (EndBlock pops it).
func (k Keeper) startReveal(ctx context.Context, lease types.Lease, params types.Params, atts []types.Attestation) (types.AttestationPhase, error) {
	var committed []string
	var power int64
	for _, m := range lease.Committee {
		if _, ok := attestationOf(atts, m.Validator); ok {
			committed = append(committed, m.Validator)
			power += m.Power
		}
	}
	if belowFloor(power, committeePower(lease), params.MinRevealedPowerFraction) {
		// Those who committed are not blamed: they had no reveal phase.
		return types.ATTESTATION_PHASE_UNSPECIFIED, k.endNoQuorum(ctx, lease, atts)
	}
	lease.AttestationPhase = types.ATTESTATION_PHASE_REVEAL
	if err := k.Leases.Set(ctx, lease.Id, lease); err != nil {
		return 0, err
	}
	if err := k.LeaseDeadlines.Set(ctx, collections.Join(*lease.AttestationDeadline, lease.Id)); err != nil {
		return 0, err
	}
	if err := k.syncDue(ctx, lease); err != nil {
		return 0, err
	}
	return lease.AttestationPhase, emit(ctx, &types.EventRevealPhaseStarted{
		LeaseId: lease.Id, Committed: committed, AttestationDeadline: lease.AttestationDeadline,
	})
}

// RevealAttestation opens a member's commitment during the reveal phase. A
// reveal that does not hash to the commitment is refused, so its member
// stays unrevealed (absent). Once every member who committed has revealed,
// the lease is decided.
func (k Keeper) RevealAttestation(ctx context.Context, account sdk.AccAddress, id uint64, verdict types.Verdict, observedHash string, salt []byte) (types.LeaseStatus, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	lease, val, valStr, err := k.attestingMember(ctx, account, id)
	if err != nil {
		return 0, err
	}
	if lease.AttestationPhase != types.ATTESTATION_PHASE_REVEAL {
		return 0, errorsmod.Wrapf(types.ErrWrongAttestationPhase, "lease %d is in its %s; reveals open at %s", id, lease.AttestationPhase, lease.CommitDeadline)
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if now.After(*lease.AttestationDeadline) {
		return 0, errorsmod.Wrapf(types.ErrDeadlinePassed, "lease %d's reveals were due by %s", id, lease.AttestationDeadline)
	}
	if verdict == types.VERDICT_VALID && observedHash == "" {
		return 0, errorsmod.Wrap(types.ErrInvalidVerdict, "a valid verdict names the observed hash")
	}
	if err := types.ValidateObservedHash(observedHash, params.MaxTextLength); err != nil {
		return 0, err
	}
	key := collections.Join(id, val)
	a, err := k.Attestations.Get(ctx, key)
	if errorsmod.IsOf(err, collections.ErrNotFound) {
		return 0, errorsmod.Wrapf(types.ErrNotCommitted, "%s did not commit on lease %d", valStr, id)
	} else if err != nil {
		return 0, err
	}
	if a.Revealed {
		return 0, errorsmod.Wrapf(types.ErrAlreadyAttested, "%s revealed on lease %d", valStr, id)
	}
	want, err := types.AttestationCommitment(verdict, observedHash, salt)
	if err != nil {
		return 0, err
	}
	if !bytes.Equal(want, a.Commitment) {
		return 0, errorsmod.Wrapf(types.ErrCommitmentMismatch, "%s on lease %d", valStr, id)
	}
	a.Verdict, a.ObservedHash, a.Revealed = verdict, observedHash, true
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
	for _, a := range atts {
		if !a.Revealed {
			return lease.Status, nil
		}
	}
	// Every member who committed revealed: nothing more can come.
	if err := k.LeaseDeadlines.Remove(ctx, collections.Join(*lease.AttestationDeadline, id)); err != nil {
		return 0, err
	}
	return k.decide(ctx, lease, params, atts)
}

// attestingMember returns an attesting lease and the account's operator
// address, which must be on its committee.
func (k Keeper) attestingMember(ctx context.Context, account sdk.AccAddress, id uint64) (types.Lease, sdk.ValAddress, string, error) {
	lease, err := k.GetLease(ctx, id)
	if err != nil {
		return lease, nil, "", err
	}
	if lease.Status != types.LEASE_STATUS_ATTESTING {
		return lease, nil, "", errorsmod.Wrapf(types.ErrLeaseNotAttesting, "lease %d is %s", id, lease.Status)
	}
	val := sdk.ValAddress(account)
	valStr, err := k.operatorString(val)
	if err != nil {
		return lease, nil, "", err
	}
	if !onCommittee(lease, valStr) {
		return lease, nil, "", errorsmod.Wrapf(types.ErrNotCommitteeMember, "%s is not on lease %d's committee", valStr, id)
	}
	return lease, val, valStr, nil
}

// decide ends a lease on its revealed attestations (the revealed-power
// rule, see README): under min_revealed_power_fraction of the committee's
// power revealed, no quorum; otherwise a strict majority of the revealed
// power settles ("valid" with the result's hash) or fails (anything else)
// the lease, and a tie is no quorum. Members who did not reveal are absent.
func (k Keeper) decide(ctx context.Context, lease types.Lease, params types.Params, atts []types.Attestation) (types.LeaseStatus, error) {
	revealed := revealedOnly(atts)
	t := tally(lease, revealed)
	switch {
	case belowFloor(t.valid+t.invalid, t.total, params.MinRevealedPowerFraction):
	case t.valid > t.invalid:
		return types.LEASE_STATUS_SETTLED, k.settleValid(ctx, lease, params, revealed)
	case t.invalid > t.valid:
		return types.LEASE_STATUS_INVALID, k.failLease(ctx, lease, params, types.LEASE_STATUS_INVALID, revealed)
	}
	return types.LEASE_STATUS_NO_QUORUM, k.endNoQuorum(ctx, lease, revealed)
}

// belowFloor says whether power is under fraction of total.
func belowFloor(power, total int64, fraction math.LegacyDec) bool {
	return math.LegacyNewDec(power).LT(fraction.MulInt64(total))
}

func revealedOnly(atts []types.Attestation) []types.Attestation {
	var out []types.Attestation
	for _, a := range atts {
		if a.Revealed {
			out = append(out, a)
		}
	}
	return out
}

func committeePower(l types.Lease) int64 {
	var total int64
	for _, m := range l.Committee {
		total += m.Power
	}
	return total
}

// agrees says whether a revealed attestation says the result is valid:
// verdict valid with the result's own hash.
func agrees(l types.Lease, a types.Attestation) bool {
	return a.Revealed && a.Verdict == types.VERDICT_VALID && l.Result != nil && a.ObservedHash == l.Result.OutputHash
}

type powerTally struct{ valid, invalid, total int64 }

// tally sums the committee's power by revealed verdict.
func tally(l types.Lease, atts []types.Attestation) powerTally {
	var t powerTally
	for _, m := range l.Committee {
		t.total += m.Power
		a, ok := attestationOf(atts, m.Validator)
		switch {
		case !ok || !a.Revealed:
		case agrees(l, a):
			t.valid += m.Power
		default:
			t.invalid += m.Power
		}
	}
	return t
}
