package keeper_test

import (
	"testing"

	"cosmossdk.io/collections"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/reputation/types"
)

// Each corruption of the score index or the ratings is caught by
// CheckInvariants; the healthy state passes.
func TestInvariantsCatchCorruptIndexAndRatings(t *testing.T) {
	f := newFixture(t)
	a, b := f.addrs[0], f.addrs[1]
	f.outcome(a, types.OUTCOME_KIND_JOB, true, 3)
	f.outcome(b, types.OUTCOME_KIND_ATTESTATION, false, 1)
	f.deals["1"] = types.DealParties{Consumer: a, Provider: b}
	require.NoError(t, f.rate(a, "test/1", 5))
	require.NoError(t, f.k.CheckInvariants(f.ctx()))
	require.NoError(t, f.app.CheckInvariants(f.ctx()))

	jobOfA := collections.Join(a, int32(types.OUTCOME_KIND_JOB))
	rec, err := f.k.Records.Get(f.ctx(), jobOfA)
	require.NoError(t, err)
	entry := collections.Join3(int32(types.OUTCOME_KIND_JOB), types.MaxScore-rec.Score, a)
	rating, err := f.k.Ratings.Get(f.ctx(), collections.Join("test/1", a))
	require.NoError(t, err)

	for _, tc := range []struct {
		name, want string
		corrupt    func(ctx sdk.Context) error
	}{
		{"index entry removed", "has no index entry", func(ctx sdk.Context) error { return f.k.ScoreIndex.Remove(ctx, entry) }},
		{"stray index entry", "stray index entry", func(ctx sdk.Context) error {
			return f.k.ScoreIndex.Set(ctx, collections.Join3(int32(types.OUTCOME_KIND_JOB), uint32(10), f.addrs[4]))
		}},
		{"second entry of a record", "stray index entry", func(ctx sdk.Context) error {
			return f.k.ScoreIndex.Set(ctx, collections.Join3(int32(types.OUTCOME_KIND_JOB), uint32(999), a))
		}},
		{"record's score changed, index not", "has no index entry", func(ctx sdk.Context) error {
			r := rec
			r.Success = r.Success.MulInt64(10)
			r.Score = types.Score(r.Success, r.Failure)
			return f.k.Records.Set(ctx, jobOfA, r)
		}},
		{"stored score not that of the counts", "its counts give", func(ctx sdk.Context) error {
			r := rec
			r.Score = 1
			return f.k.Records.Set(ctx, jobOfA, r)
		}},
		{"record under another subject", "is of", func(ctx sdk.Context) error {
			return f.k.Records.Set(ctx, collections.Join(f.addrs[4], int32(types.OUTCOME_KIND_JOB)), rec)
		}},
		{"record under another kind", "is of", func(ctx sdk.Context) error {
			return f.k.Records.Set(ctx, collections.Join(a, int32(types.OUTCOME_KIND_FEEDBACK)), rec)
		}},
		{"rating under a non-canonical ref", "canonical", func(ctx sdk.Context) error {
			r := rating
			r.DealRef = "test/01"
			return f.k.Ratings.Set(ctx, collections.Join("test/01", a), r)
		}},
		{"rating under a ref no module vouches for", "canonical", func(ctx sdk.Context) error {
			r := rating
			r.DealRef = "gone/1"
			return f.k.Ratings.Set(ctx, collections.Join("gone/1", a), r)
		}},
		{"rating under another rater", "under rater", func(ctx sdk.Context) error {
			return f.k.Ratings.Set(ctx, collections.Join("test/1", b), rating)
		}},
		{"self rating", "subject", func(ctx sdk.Context) error {
			r := rating
			r.Subject = r.Rater
			return f.k.Ratings.Set(ctx, collections.Join("test/1", a), r)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, _ := f.ctx().CacheContext()
			require.NoError(t, tc.corrupt(ctx))
			err := f.k.CheckInvariants(ctx)
			require.ErrorIs(t, err, types.ErrBrokenInvariant)
			require.ErrorContains(t, err, tc.want)
			require.Error(t, f.app.CheckInvariants(ctx), "the app-level check runs it")
		})
	}
	require.NoError(t, f.k.CheckInvariants(f.ctx()), "the corruptions stayed in their cache")
}
