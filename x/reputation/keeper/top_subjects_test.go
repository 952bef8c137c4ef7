package keeper_test

import (
	"testing"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/x/reputation/types"
)

// TopSubjects returns records decayed to the block time, as Score does,
// in the order of the index: each subject's score at its last update.
func TestTopSubjectsReturnsRecordsDecayedToNow(t *testing.T) {
	f := newFixture(t)
	params, err := f.k.Params.Get(f.ctx())
	require.NoError(t, err)
	a, b := f.addrs[0], f.addrs[1]
	updated := f.now
	f.outcome(a, types.OUTCOME_KIND_JOB, true, 30) // 1000 * 31/32 = 968
	f.now = f.now.Add(4 * params.HalfLife)         // 30 successes decay to 30/16
	f.outcome(b, types.OUTCOME_KIND_JOB, true, 2)  // 1000 * 3/4 = 750, fresh

	res, err := f.q.TopSubjects(f.ctx(), &types.QueryTopSubjectsRequest{Kind: types.OUTCOME_KIND_JOB})
	require.NoError(t, err)
	require.Len(t, res.Records, 2)
	old := res.Records[0]
	require.Equal(t, a.String(), old.Subject, "the index orders by the score of the last update")
	require.Equal(t, sdkmath.LegacyMustNewDecFromStr("1.875"), old.Success, "four half-lives: 30/16")
	require.True(t, old.Failure.IsZero())
	require.Equal(t, f.now, old.Updated, "decayed to the block time")
	require.Equal(t, uint32(741), old.Score, "1000 * 2.875/3.875 rounded down, not the stored 968")
	require.Equal(t, b.String(), res.Records[1].Subject)
	require.Equal(t, uint32(750), res.Records[1].Score)

	score, err := f.q.Score(f.ctx(), &types.QueryScoreRequest{Address: a.String()})
	require.NoError(t, err)
	require.Equal(t, score.Records[1], old, "the per-address query returns the same decayed job record")

	stored, err := f.k.Records.Get(f.ctx(), collections.Join(a, int32(types.OUTCOME_KIND_JOB)))
	require.NoError(t, err)
	require.Equal(t, sdkmath.LegacyNewDec(30), stored.Success, "the query writes nothing")
	require.Equal(t, updated, stored.Updated)
	require.Equal(t, uint32(968), stored.Score)
}
