package keeper

import (
	"context"

	"cosmossdk.io/collections/indexes"

	"github.com/aitbc/aitbc/x/compute/types"
)

// Reads for the node's metrics collector (app/metrics.go), which calls them
// on the last committed state when Prometheus scrapes; never called by the
// state machine.

// CountJobs counts the jobs in status through the status index, reading at
// most limit keys; capped says the count stopped at limit.
func (k Keeper) CountJobs(ctx context.Context, status types.JobStatus, limit uint64) (uint64, bool, error) {
	it, err := k.Jobs.Indexes.Status.MatchExact(ctx, int32(status))
	if err != nil {
		return 0, false, err
	}
	return countKeys(it, limit)
}

// CountLeases counts the leases in status through the status index,
// reading at most limit keys; capped says the count stopped at limit.
func (k Keeper) CountLeases(ctx context.Context, status types.LeaseStatus, limit uint64) (uint64, bool, error) {
	it, err := k.Leases.Indexes.Status.MatchExact(ctx, int32(status))
	if err != nil {
		return 0, false, err
	}
	return countKeys(it, limit)
}

func countKeys(it indexes.MultiIterator[int32, uint64], limit uint64) (n uint64, capped bool, err error) {
	defer it.Close()
	for ; it.Valid(); it.Next() {
		if n == limit {
			return n, true, nil
		}
		n++
	}
	return n, false, nil
}
