package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/aitbc/aitbc/x/reputation/types"
)

// TestQueryErrorCodes checks the gRPC code of every query's answer to a
// malformed address, kind, deal ref or page (InvalidArgument: HTTP 400) and
// to a missing rating (NotFound: HTTP 404): never Unknown (HTTP 500).
func TestQueryErrorCodes(t *testing.T) {
	f := newFixture(t)
	q, ctx := f.q, f.ctx()
	a := f.addrs[0].String()
	both := &query.PageRequest{Offset: 1, Key: []byte{1}}

	for _, tc := range []struct {
		name string
		err  func() error
		want codes.Code
	}{
		{"score: bad address", func() error { _, err := q.Score(ctx, &types.QueryScoreRequest{Address: "nope"}); return err }, codes.InvalidArgument},
		{"score: empty address", func() error { _, err := q.Score(ctx, &types.QueryScoreRequest{}); return err }, codes.InvalidArgument},
		{"top: kind 99", func() error { _, err := q.TopSubjects(ctx, &types.QueryTopSubjectsRequest{Kind: 99}); return err }, codes.InvalidArgument},
		{"top: kind -1", func() error { _, err := q.TopSubjects(ctx, &types.QueryTopSubjectsRequest{Kind: -1}); return err }, codes.InvalidArgument},
		{"top: offset and key", func() error {
			_, err := q.TopSubjects(ctx, &types.QueryTopSubjectsRequest{Kind: types.OUTCOME_KIND_JOB, Pagination: both})
			return err
		}, codes.InvalidArgument},
		{"top: a known kind", func() error {
			_, err := q.TopSubjects(ctx, &types.QueryTopSubjectsRequest{Kind: types.OUTCOME_KIND_JOB})
			return err
		}, codes.OK},
		{"rating: bad rater", func() error {
			_, err := q.Rating(ctx, &types.QueryRatingRequest{Rater: "nope", DealRef: "test/1"})
			return err
		}, codes.InvalidArgument},
		{"rating: NUL deal ref", func() error {
			_, err := q.Rating(ctx, &types.QueryRatingRequest{Rater: a, DealRef: "test/1\x00"})
			return err
		}, codes.InvalidArgument},
		{"rating: empty deal ref", func() error { _, err := q.Rating(ctx, &types.QueryRatingRequest{Rater: a}); return err }, codes.InvalidArgument},
		{"rating: none", func() error {
			_, err := q.Rating(ctx, &types.QueryRatingRequest{Rater: a, DealRef: "test/1"})
			return err
		}, codes.NotFound},
	} {
		err := tc.err()
		require.Equal(t, tc.want, status.Code(err), "%s: %v", tc.name, err)
	}
	_, err := q.Score(ctx, &types.QueryScoreRequest{Address: "nope"})
	require.ErrorIs(t, err, types.ErrInvalidAddress)

	for name, call := range map[string]func() error{
		"params": func() error { _, err := q.Params(ctx, nil); return err },
		"score":  func() error { _, err := q.Score(ctx, nil); return err },
		"top":    func() error { _, err := q.TopSubjects(ctx, nil); return err },
		"rating": func() error { _, err := q.Rating(ctx, nil); return err },
	} {
		require.Equal(t, codes.InvalidArgument, status.Code(call()), name)
	}
}
