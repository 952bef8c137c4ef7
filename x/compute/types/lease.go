package types

// UnfinishedLeaseStatuses are the statuses of a lease that still holds its
// escrow and its offer's GPUs.
var UnfinishedLeaseStatuses = []LeaseStatus{LEASE_STATUS_ACTIVE, LEASE_STATUS_ATTESTING}

// IsFinal says whether a lease status ends the lease.
func (s LeaseStatus) IsFinal() bool {
	return s != LEASE_STATUS_ACTIVE && s != LEASE_STATUS_ATTESTING
}

// JobStatusOfLease is the status of a leased job given its lease's status:
// leased while the lease runs, completed once it settled, failed once it
// ended any other way.
func JobStatusOfLease(s LeaseStatus) JobStatus {
	switch {
	case !s.IsFinal():
		return JOB_STATUS_LEASED
	case s == LEASE_STATUS_SETTLED:
		return JOB_STATUS_COMPLETED
	}
	return JOB_STATUS_FAILED
}

// TerminationReasonOf is the reason recorded on a lease that ends with a
// final status; unspecified for a lease still running.
func TerminationReasonOf(s LeaseStatus) TerminationReason {
	switch s {
	case LEASE_STATUS_SETTLED:
		return TERMINATION_REASON_COMPLETED
	case LEASE_STATUS_INVALID:
		return TERMINATION_REASON_RESULT_INVALID
	case LEASE_STATUS_EXPIRED:
		return TERMINATION_REASON_NO_RESULT
	case LEASE_STATUS_PROVIDER_GONE:
		return TERMINATION_REASON_PROVIDER_GONE
	case LEASE_STATUS_NO_QUORUM:
		return TERMINATION_REASON_NO_QUORUM
	case LEASE_STATUS_DECLINED:
		return TERMINATION_REASON_DECLINED
	}
	return TERMINATION_REASON_UNSPECIFIED
}
