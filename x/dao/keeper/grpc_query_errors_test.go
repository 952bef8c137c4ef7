package keeper_test

import (
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

// TestQueryErrorCodes checks the gRPC code of every query's answer to a
// malformed address, time, enum or page (InvalidArgument: HTTP 400) and to
// an unknown id (NotFound: HTTP 404): never Unknown (HTTP 500).
func TestQueryErrorCodes(t *testing.T) {
	f := newFixture(t, 1)
	q := keeper.NewQueryServerImpl(f.k)
	ctx := f.ctx()
	a := f.addrs[0].String()
	both := &query.PageRequest{Offset: 1, Key: []byte{1}}
	future := f.now.Add(time.Hour).Format(time.RFC3339)

	for _, tc := range []struct {
		name string
		err  func() error
		want codes.Code
	}{
		{"lock: bad owner", func() error { _, err := q.Lock(ctx, &types.QueryLockRequest{Owner: "aitbc1nope"}); return err }, codes.InvalidArgument},
		{"lock: empty owner", func() error { _, err := q.Lock(ctx, &types.QueryLockRequest{}); return err }, codes.InvalidArgument},
		{"voting power: bad address", func() error {
			_, err := q.VotingPower(ctx, &types.QueryVotingPowerRequest{Address: "nope"})
			return err
		}, codes.InvalidArgument},
		{"voting power: bad time", func() error {
			_, err := q.VotingPower(ctx, &types.QueryVotingPowerRequest{Address: a, Time: "yesterday"})
			return err
		}, codes.InvalidArgument},
		{"voting power: future time", func() error {
			_, err := q.VotingPower(ctx, &types.QueryVotingPowerRequest{Address: a, Time: future})
			return err
		}, codes.InvalidArgument},
		{"total power: bad time", func() error {
			_, err := q.TotalPower(ctx, &types.QueryTotalPowerRequest{Time: "2026-13-01T00:00:00Z"})
			return err
		}, codes.InvalidArgument},
		{"total power: future time", func() error {
			_, err := q.TotalPower(ctx, &types.QueryTotalPowerRequest{Time: future})
			return err
		}, codes.InvalidArgument},
		{"checkpoints: bad address", func() error {
			_, err := q.Checkpoints(ctx, &types.QueryCheckpointsRequest{Address: "aitbc1zzz"})
			return err
		}, codes.InvalidArgument},
		{"checkpoints: offset and key", func() error {
			_, err := q.Checkpoints(ctx, &types.QueryCheckpointsRequest{Address: a, Pagination: both})
			return err
		}, codes.InvalidArgument},
		{"proposals: status 99", func() error {
			_, err := q.Proposals(ctx, &types.QueryProposalsRequest{Status: 99})
			return err
		}, codes.InvalidArgument},
		{"proposals: status -1", func() error {
			_, err := q.Proposals(ctx, &types.QueryProposalsRequest{Status: -1})
			return err
		}, codes.InvalidArgument},
		{"proposals: offset and key", func() error {
			_, err := q.Proposals(ctx, &types.QueryProposalsRequest{Pagination: both})
			return err
		}, codes.InvalidArgument},
		{"proposals: a known status", func() error {
			_, err := q.Proposals(ctx, &types.QueryProposalsRequest{Status: types.PROPOSAL_STATUS_VOTING})
			return err
		}, codes.OK},
		{"proposal: unknown id", func() error { _, err := q.Proposal(ctx, &types.QueryProposalRequest{ProposalId: 999}); return err }, codes.NotFound},
		{"tally: unknown id", func() error { _, err := q.Tally(ctx, &types.QueryTallyRequest{ProposalId: 999}); return err }, codes.NotFound},
		{"votes: unknown id", func() error { _, err := q.Votes(ctx, &types.QueryVotesRequest{ProposalId: 999}); return err }, codes.NotFound},
		{"votes: offset and key", func() error {
			_, err := q.Votes(ctx, &types.QueryVotesRequest{ProposalId: 1, Pagination: both})
			return err
		}, codes.InvalidArgument},
		{"vote: bad voter", func() error {
			_, err := q.Vote(ctx, &types.QueryVoteRequest{ProposalId: 1, Voter: "nope"})
			return err
		}, codes.InvalidArgument},
		{"vote: none", func() error {
			_, err := q.Vote(ctx, &types.QueryVoteRequest{ProposalId: 999, Voter: a})
			return err
		}, codes.NotFound},
	} {
		err := tc.err()
		require.Equal(t, tc.want, status.Code(err), "%s: %v", tc.name, err)
	}

	// The module sentinel stays reachable for callers in Go.
	_, err := q.Lock(ctx, &types.QueryLockRequest{Owner: "nope"})
	require.ErrorIs(t, err, types.ErrInvalidAddress)

	// Every query refuses a nil request with InvalidArgument.
	for name, call := range map[string]func() error{
		"params":       func() error { _, err := q.Params(ctx, nil); return err },
		"lock":         func() error { _, err := q.Lock(ctx, nil); return err },
		"voting power": func() error { _, err := q.VotingPower(ctx, nil); return err },
		"total power":  func() error { _, err := q.TotalPower(ctx, nil); return err },
		"checkpoints":  func() error { _, err := q.Checkpoints(ctx, nil); return err },
		"proposals":    func() error { _, err := q.Proposals(ctx, nil); return err },
		"proposal":     func() error { _, err := q.Proposal(ctx, nil); return err },
		"tally":        func() error { _, err := q.Tally(ctx, nil); return err },
		"votes":        func() error { _, err := q.Votes(ctx, nil); return err },
		"vote":         func() error { _, err := q.Vote(ctx, nil); return err },
		"committee":    func() error { _, err := q.Committee(ctx, nil); return err },
		"constitution": func() error { _, err := q.Constitution(ctx, nil); return err },
		"classes":      func() error { _, err := q.Classes(ctx, nil); return err },
	} {
		require.Equal(t, codes.InvalidArgument, status.Code(call()), name)
	}
}

// TestQueryErrorCodesABCI checks the same codes on the ABCI query path the
// CLI uses: baseapp turns InvalidArgument into sdk code 18 and NotFound
// into sdk code 38, which the client turns back into the gRPC codes.
func TestQueryErrorCodesABCI(t *testing.T) {
	f := newFixture(t, 1)
	for _, tc := range []struct {
		path string
		req  interface{ Marshal() ([]byte, error) }
		want uint32
	}{
		{"/aitbc.dao.v1.Query/Lock", &types.QueryLockRequest{Owner: "nope"}, sdkerrors.ErrInvalidRequest.ABCICode()},
		{"/aitbc.dao.v1.Query/Proposals", &types.QueryProposalsRequest{Status: 99}, sdkerrors.ErrInvalidRequest.ABCICode()},
		{"/aitbc.dao.v1.Query/Proposal", &types.QueryProposalRequest{ProposalId: 999}, sdkerrors.ErrKeyNotFound.ABCICode()},
		{"/aitbc.dao.v1.Query/Lock", &types.QueryLockRequest{Owner: f.addrs[0].String()}, 0},
	} {
		bz, err := tc.req.Marshal()
		require.NoError(t, err)
		res, err := f.app.Query(f.ctx(), &abci.RequestQuery{Path: tc.path, Data: bz})
		require.NoError(t, err)
		require.Equal(t, tc.want, res.Code, "%s %+v: %s", tc.path, tc.req, res.Log)
	}
}
