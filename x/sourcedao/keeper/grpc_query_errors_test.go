package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// TestQueryErrorCodes checks the gRPC code of every query's answer to a
// malformed address, enum or page (InvalidArgument: HTTP 400) and to an
// unknown id (NotFound: HTTP 404): never Unknown (HTTP 500), and never an
// empty list for a state that does not exist.
func TestQueryErrorCodes(t *testing.T) {
	f := newFixture(t)
	q, ctx := f.q, f.ctx()
	a := f.core.String()
	both := &query.PageRequest{Offset: 1, Key: []byte{1}}

	for _, tc := range []struct {
		name string
		err  func() error
		want codes.Code
	}{
		{"projects: state 99", func() error { _, err := q.Projects(ctx, &types.QueryProjectsRequest{State: 99}); return err }, codes.InvalidArgument},
		{"projects: state 99 of a manager", func() error {
			_, err := q.Projects(ctx, &types.QueryProjectsRequest{State: 99, Manager: a})
			return err
		}, codes.InvalidArgument},
		{"projects: state -1", func() error { _, err := q.Projects(ctx, &types.QueryProjectsRequest{State: -1}); return err }, codes.InvalidArgument},
		{"projects: bad manager", func() error { _, err := q.Projects(ctx, &types.QueryProjectsRequest{Manager: "nope"}); return err }, codes.InvalidArgument},
		{"projects: offset and key", func() error { _, err := q.Projects(ctx, &types.QueryProjectsRequest{Pagination: both}); return err }, codes.InvalidArgument},
		{"projects: a known state", func() error {
			_, err := q.Projects(ctx, &types.QueryProjectsRequest{State: types.PROJECT_STATE_FINISHED, Manager: a})
			return err
		}, codes.OK},
		{"project: unknown id", func() error { _, err := q.Project(ctx, &types.QueryProjectRequest{ProjectId: 999}); return err }, codes.NotFound},
		{"contributions: unknown id", func() error {
			_, err := q.Contributions(ctx, &types.QueryContributionsRequest{ProjectId: 999})
			return err
		}, codes.NotFound},
		{"contributions: offset and key", func() error {
			_, err := q.Contributions(ctx, &types.QueryContributionsRequest{ProjectId: 1, Pagination: both})
			return err
		}, codes.InvalidArgument},
		{"claimable: bad address", func() error { _, err := q.Claimable(ctx, &types.QueryClaimableRequest{Address: "nope"}); return err }, codes.InvalidArgument},
		{"claimable: empty address", func() error { _, err := q.Claimable(ctx, &types.QueryClaimableRequest{}); return err }, codes.InvalidArgument},
		{"claimable: offset and key", func() error {
			_, err := q.Claimable(ctx, &types.QueryClaimableRequest{Address: a, Pagination: both})
			return err
		}, codes.InvalidArgument},
		{"developers: kind 99", func() error { _, err := q.Developers(ctx, &types.QueryDevelopersRequest{Kind: 99}); return err }, codes.InvalidArgument},
		{"developers: kind -1", func() error { _, err := q.Developers(ctx, &types.QueryDevelopersRequest{Kind: -1}); return err }, codes.InvalidArgument},
		{"developers: DAN", func() error {
			_, err := q.Developers(ctx, &types.QueryDevelopersRequest{Kind: types.DEVELOPER_KIND_DAN})
			return err
		}, codes.OK},
		{"developer: bad address", func() error { _, err := q.Developer(ctx, &types.QueryDeveloperRequest{Address: "nope"}); return err }, codes.InvalidArgument},
	} {
		err := tc.err()
		require.Equal(t, tc.want, status.Code(err), "%s: %v", tc.name, err)
	}
	_, err := q.Developer(ctx, &types.QueryDeveloperRequest{Address: "nope"})
	require.ErrorIs(t, err, types.ErrInvalidAddress)

	for name, call := range map[string]func() error{
		"params":        func() error { _, err := q.Params(ctx, nil); return err },
		"stages":        func() error { _, err := q.Stages(ctx, nil); return err },
		"pool":          func() error { _, err := q.Pool(ctx, nil); return err },
		"projects":      func() error { _, err := q.Projects(ctx, nil); return err },
		"project":       func() error { _, err := q.Project(ctx, nil); return err },
		"contributions": func() error { _, err := q.Contributions(ctx, nil); return err },
		"claimable":     func() error { _, err := q.Claimable(ctx, nil); return err },
		"developers":    func() error { _, err := q.Developers(ctx, nil); return err },
		"developer":     func() error { _, err := q.Developer(ctx, nil); return err },
	} {
		require.Equal(t, codes.InvalidArgument, status.Code(call()), name)
	}
}
