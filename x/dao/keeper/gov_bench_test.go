package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/query"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

// BenchmarkGovProposalsPage reads a 20-proposal page of a rare gov status
// (failed: 1 in 100 of 5,000 proposals) through the status index, against
// the filtered scan of every proposal that x/gov's own query does.
func BenchmarkGovProposalsPage(b *testing.B) {
	f := newFixture(b, 1)
	const n = 5000
	for id := uint64(1); id <= n; id++ {
		st := types.PROPOSAL_STATUS_EXECUTED
		if id%100 == 0 {
			st = types.PROPOSAL_STATUS_EXECUTION_FAILED
		}
		storeProposal(f, id, st, f.addrs[0], types.ClassStandard)
	}
	// Queries read committed state: commit, so iterators walk the saved
	// tree rather than sorting 15,000 unsaved writes each time.
	f.app.NextBlock(b, f.now.Add(time.Second))
	ctx := f.app.Context(f.now.Add(2 * time.Second))
	page := &query.PageRequest{Limit: 20, Reverse: true}
	q := keeper.NewGovQueryServer(f.k)
	b.Run("status_index", func(b *testing.B) {
		for b.Loop() {
			res, err := q.Proposals(ctx, &govv1.QueryProposalsRequest{ProposalStatus: govv1.StatusFailed, Pagination: page})
			require.NoError(b, err)
			require.Len(b, res.Proposals, 20)
		}
	})
	b.Run("filtered_scan", func(b *testing.B) {
		for b.Loop() {
			res, _, err := query.CollectionFilteredPaginate(ctx, f.k.Proposals, page,
				func(_ uint64, p types.Proposal) (bool, error) {
					return keeper.GovStatus(p.Status) == govv1.StatusFailed, nil
				},
				func(_ uint64, p types.Proposal) (types.Proposal, error) { return p, nil })
			require.NoError(b, err)
			require.Len(b, res, 20)
		}
	})
}
