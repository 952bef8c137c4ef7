package types

// UnfinishedLeaseStatuses are the statuses of a lease that still holds its
// escrow and its offer's GPUs.
var UnfinishedLeaseStatuses = []LeaseStatus{LEASE_STATUS_ACTIVE, LEASE_STATUS_ATTESTING}

// IsFinal says whether a lease status ends the lease.
func (s LeaseStatus) IsFinal() bool {
	return s != LEASE_STATUS_ACTIVE && s != LEASE_STATUS_ATTESTING
}
