package keeper

import (
	"context"

	"cosmossdk.io/math"

	"github.com/aitbc/aitbc/x/dao/types"
)

// Reads for the node's metrics collector (app/metrics.go), which calls them
// on the last committed state when Prometheus scrapes; never called by the
// state machine.

// TotalLocked is the lock denom locked in the vote escrow, unlocking
// entries not counted: the last checkpoint of the total series, two reads.
func (k Keeper) TotalLocked(ctx context.Context) (math.Int, error) {
	key := types.SeriesKey(types.SERIES_KIND_TOTAL, nil)
	st, err := k.seriesState(ctx, key)
	if err != nil {
		return math.Int{}, err
	}
	return k.currentValue(ctx, key, st)
}

// CountProposals counts the proposals in status through the status index,
// reading at most limit keys; capped says the count stopped at limit.
func (k Keeper) CountProposals(ctx context.Context, status types.ProposalStatus, limit uint64) (n uint64, capped bool, err error) {
	it, err := k.Proposals.Indexes.Status.MatchExact(ctx, int32(status))
	if err != nil {
		return 0, false, err
	}
	defer it.Close()
	for ; it.Valid(); it.Next() {
		if n == limit {
			return n, true, nil
		}
		n++
	}
	return n, false, nil
}
