package types

// HoldsReservation says whether the project's budget is reserved from the
// pool: from creation approval until it finishes or is rejected.
func (p Project) HoldsReservation() bool {
	return p.State == PROJECT_STATE_DEVELOPING || p.State == PROJECT_STATE_ACCEPTING
}

// AwaitsResubmission says whether the project waits on its manager after
// its acceptance was rejected: to resubmit, or to cancel.
func (p Project) AwaitsResubmission() bool {
	return p.State == PROJECT_STATE_ACCEPTING && p.AcceptanceRejected
}
