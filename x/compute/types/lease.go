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
