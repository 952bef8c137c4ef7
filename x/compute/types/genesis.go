package types

import (
	"fmt"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/ident"
)

// DefaultGenesis returns the default genesis state.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextOfferId: 1, NextUnbondingId: 1, NextJobId: 1, NextLeaseId: 1}
}

// Validate checks the genesis state.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.NextOfferId == 0 || gs.NextUnbondingId == 0 || gs.NextJobId == 0 || gs.NextLeaseId == 0 {
		return errorsmod.Wrap(ErrInvalidGenesis, "next ids must be at least 1")
	}
	seen := make(map[string]bool, len(gs.Providers))
	for _, p := range gs.Providers {
		if _, err := sdk.ValAddressFromBech32(p.Operator); err != nil || seen[p.Operator] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "provider %q invalid or duplicate", p.Operator)
		}
		seen[p.Operator] = true
		if _, err := sdk.AccAddressFromBech32(p.Account); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "provider %s account: %s", p.Operator, err)
		}
		if err := ValidateInventoryStrings(p.Endpoint, p.Region, p.Gpus, p.Attributes, ident.MaxLength); err != nil {
			return errorsmod.Wrapf(err, "genesis provider %s", p.Operator)
		}
	}
	offerIDs := make(map[uint64]bool, len(gs.Offers))
	for _, o := range gs.Offers {
		if o.Id == 0 || o.Id >= gs.NextOfferId || offerIDs[o.Id] || !seen[o.Provider] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "offer %d: bad or duplicate id, or unknown provider %s", o.Id, o.Provider)
		}
		offerIDs[o.Id] = true
		if err := ValidateGpuModel("gpu", o.Gpu, ident.MaxLength); err != nil {
			return errorsmod.Wrapf(err, "genesis offer %d", o.Id)
		}
	}
	jobs := make(map[uint64]Job, len(gs.Jobs))
	for _, j := range gs.Jobs {
		if _, dup := jobs[j.Id]; j.Id == 0 || j.Id >= gs.NextJobId || dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "job id %d duplicate or not below next_job_id", j.Id)
		}
		jobs[j.Id] = j
		if _, err := sdk.AccAddressFromBech32(j.Consumer); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "job %d consumer: %s", j.Id, err)
		}
		if err := ValidateJobStrings(j.Requirements, j.Workload, j.InputUri, j.InputHash, ident.MaxLength); err != nil {
			return errorsmod.Wrapf(err, "genesis job %d", j.Id)
		}
	}
	if err := gs.validateLeases(jobs); err != nil {
		return err
	}
	for _, u := range gs.Unbondings {
		if u.Id == 0 || u.Id >= gs.NextUnbondingId {
			return errorsmod.Wrapf(ErrInvalidGenesis, "unbonding id %d", u.Id)
		}
		if _, err := sdk.AccAddressFromBech32(u.Account); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "unbonding %d account: %s", u.Id, err)
		}
	}
	return nil
}

// validateLeases checks leases against their jobs and offers: an offer's
// reserved GPUs are those of its unfinished leases, and attestations belong
// to members of a lease's committee.
func (gs GenesisState) validateLeases(jobs map[uint64]Job) error {
	reserved := make(map[uint64]uint64, len(gs.Offers))
	leases := make(map[uint64]Lease, len(gs.Leases))
	for _, l := range gs.Leases {
		if l.Id == 0 || l.Id >= gs.NextLeaseId {
			return errorsmod.Wrapf(ErrInvalidGenesis, "lease id %d not below next_lease_id", l.Id)
		}
		if _, dup := leases[l.Id]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "duplicate lease %d", l.Id)
		}
		leases[l.Id] = l
		if err := validateLeaseStrings(l); err != nil {
			return err
		}
		job, ok := jobs[l.JobId]
		if !ok {
			return errorsmod.Wrapf(ErrInvalidGenesis, "lease %d: unknown job %d", l.Id, l.JobId)
		}
		// The job's status follows its lease's, which finishing the lease
		// relies on.
		if job.LeaseId == l.Id && job.Status != JobStatusOfLease(l.Status) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "lease %d is %s, its job %d is %s", l.Id, l.Status, job.Id, job.Status)
		}
		if !l.Status.IsFinal() && job.LeaseId != l.Id {
			return errorsmod.Wrapf(ErrInvalidGenesis, "unfinished lease %d: its job %d names lease %d", l.Id, job.Id, job.LeaseId)
		}
		// A running lease has no termination reason; a final one has none
		// (exported before reasons were recorded) or the one of its status.
		if r := l.TerminationReason; r != TERMINATION_REASON_UNSPECIFIED && r != TerminationReasonOf(l.Status) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "lease %d is %s with termination reason %s", l.Id, l.Status, r)
		}
		// Only a declined lease has a decline reason, and it follows the
		// message's rule.
		if l.Status == LEASE_STATUS_DECLINED {
			if err := ValidateDeclineReason(l.DeclineReason); err != nil {
				return errorsmod.Wrapf(ErrInvalidGenesis, "lease %d: %s", l.Id, err)
			}
		} else if l.DeclineReason != "" {
			return errorsmod.Wrapf(ErrInvalidGenesis, "lease %d is %s with a decline reason", l.Id, l.Status)
		}
		if l.Status == LEASE_STATUS_ATTESTING && (l.AttestationDeadline == nil || l.CommitDeadline == nil || l.Result == nil) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "lease %d is attesting without a result and deadlines", l.Id)
		}
		if attesting := l.Status == LEASE_STATUS_ATTESTING; attesting != (l.AttestationPhase == ATTESTATION_PHASE_COMMIT || l.AttestationPhase == ATTESTATION_PHASE_REVEAL) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "lease %d is %s in attestation phase %s", l.Id, l.Status, l.AttestationPhase)
		}
		if !l.Status.IsFinal() {
			reserved[l.OfferId] += uint64(l.Gpu.Count)
		}
	}
	for _, j := range gs.Jobs {
		leased := j.Status == JOB_STATUS_LEASED || j.Status == JOB_STATUS_COMPLETED || j.Status == JOB_STATUS_FAILED
		if l, ok := leases[j.LeaseId]; leased && (!ok || l.JobId != j.Id) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "job %d is %s without a lease of its own", j.Id, j.Status)
		}
	}
	offers := make(map[uint64]bool, len(gs.Offers))
	for _, o := range gs.Offers {
		offers[o.Id] = true
		if uint64(o.Reserved) != reserved[o.Id] || o.Reserved > o.Gpu.Count {
			return errorsmod.Wrapf(ErrInvalidGenesis, "offer %d reserves %d GPUs, its unfinished leases hold %d", o.Id, o.Reserved, reserved[o.Id])
		}
	}
	for _, l := range gs.Leases {
		if !l.Status.IsFinal() && !offers[l.OfferId] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "unfinished lease %d: unknown offer %d", l.Id, l.OfferId)
		}
	}
	seen := make(map[string]bool, len(gs.Attestations))
	for _, a := range gs.Attestations {
		l, ok := leases[a.LeaseId]
		key := fmt.Sprintf("%d/%s", a.LeaseId, a.Validator)
		if !ok || seen[key] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "attestation of %s on lease %d: unknown lease or duplicate", a.Validator, a.LeaseId)
		}
		seen[key] = true
		if err := ValidateCommitment(a.Commitment); err != nil {
			return errorsmod.Wrapf(err, "genesis attestation of %s on lease %d", a.Validator, a.LeaseId)
		}
		if a.Revealed != (a.Verdict != VERDICT_UNSPECIFIED) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "attestation of %s on lease %d: revealed %t with verdict %s", a.Validator, a.LeaseId, a.Revealed, a.Verdict)
		}
		if err := ValidateObservedHash(a.ObservedHash, ident.MaxLength); err != nil {
			return errorsmod.Wrapf(err, "genesis attestation of %s on lease %d", a.Validator, a.LeaseId)
		}
		member := false
		for _, m := range l.Committee {
			member = member || m.Validator == a.Validator
		}
		if !member {
			return errorsmod.Wrapf(ErrInvalidGenesis, "attestation of %s on lease %d: not a committee member", a.Validator, a.LeaseId)
		}
	}
	return nil
}

// validateLeaseStrings checks a lease's addresses and stored strings: they
// become index keys (provider) or are paid (consumer, committee) in EndBlock.
func validateLeaseStrings(l Lease) error {
	if _, err := sdk.ValAddressFromBech32(l.Provider); err != nil {
		return errorsmod.Wrapf(ErrInvalidGenesis, "lease %d provider: %s", l.Id, err)
	}
	if _, err := sdk.AccAddressFromBech32(l.Consumer); err != nil {
		return errorsmod.Wrapf(ErrInvalidGenesis, "lease %d consumer: %s", l.Id, err)
	}
	for _, m := range l.Committee {
		if _, err := sdk.ValAddressFromBech32(m.Validator); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "lease %d committee member: %s", l.Id, err)
		}
	}
	if err := ValidateGpuModel("gpu", l.Gpu, ident.MaxLength); err != nil {
		return errorsmod.Wrapf(err, "genesis lease %d", l.Id)
	}
	if l.Result != nil {
		if err := ValidateResultStrings(l.Result.OutputHash, l.Result.OutputUri, ident.MaxLength); err != nil {
			return errorsmod.Wrapf(err, "genesis lease %d", l.Id)
		}
	}
	return nil
}
