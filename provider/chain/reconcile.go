package chain

import (
	"context"
	"fmt"

	query "github.com/cosmos/cosmos-sdk/types/query"

	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

// pageLimit bounds each list query; Reconcile pages through all.
const pageLimit = 100

// Work is what the chain says a provider has to do: its leases that await
// a result (active) or attestations (attesting), with their jobs.
type Work struct {
	Active    []computetypes.Lease
	Attesting []computetypes.Lease
	// Jobs holds the job of every lease above, by job id.
	Jobs map[uint64]computetypes.Job
}

// Reconcile lists from the chain (gRPC queries) the provider's active and
// attesting leases and their jobs. The daemon runs it at start and after
// any gap in the event stream, and trusts it over what it remembers.
func Reconcile(ctx context.Context, q computetypes.QueryClient, operator string) (Work, error) {
	w := Work{Jobs: map[uint64]computetypes.Job{}}
	var err error
	if w.Active, err = listLeases(ctx, q, operator, computetypes.LEASE_STATUS_ACTIVE); err != nil {
		return Work{}, err
	}
	if w.Attesting, err = listLeases(ctx, q, operator, computetypes.LEASE_STATUS_ATTESTING); err != nil {
		return Work{}, err
	}
	for _, leases := range [][]computetypes.Lease{w.Active, w.Attesting} {
		for _, l := range leases {
			if _, ok := w.Jobs[l.JobId]; ok {
				continue
			}
			res, err := q.Job(ctx, &computetypes.QueryJobRequest{JobId: l.JobId})
			if err != nil {
				return Work{}, fmt.Errorf("job %d of lease %d: %w", l.JobId, l.Id, err)
			}
			w.Jobs[l.JobId] = res.Job
		}
	}
	return w, nil
}

// listLeases pages through the provider's leases of one status.
func listLeases(ctx context.Context, q computetypes.QueryClient, operator string, status computetypes.LeaseStatus) ([]computetypes.Lease, error) {
	var out []computetypes.Lease
	var key []byte
	for {
		res, err := q.Leases(ctx, &computetypes.QueryLeasesRequest{
			Provider: operator, Status: status,
			Pagination: &query.PageRequest{Key: key, Limit: pageLimit},
		})
		if err != nil {
			return nil, fmt.Errorf("%s leases of %s: %w", status, operator, err)
		}
		for _, l := range res.Leases {
			if l.Provider != operator || l.Status != status {
				return nil, fmt.Errorf("leases query for %s %s returned lease %d of %s, %s", operator, status, l.Id, l.Provider, l.Status)
			}
		}
		out = append(out, res.Leases...)
		if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
			return out, nil
		}
		key = res.Pagination.NextKey
	}
}
