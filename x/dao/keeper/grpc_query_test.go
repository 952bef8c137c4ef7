package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

func TestQueries(t *testing.T) {
	f := newFixture(t, 2)
	a, b := f.addrs[0], f.addrs[1]
	q := keeper.NewQueryServerImpl(f.k)
	locked := f.now
	f.lock(a, amount)
	f.advance(time.Hour)
	f.lock(b, amount)
	f.delegate(b, a)
	f.advance(time.Hour)
	entry := f.unlock(a, amount/2)
	f.advance(vest + window)

	lock, err := q.Lock(f.ctx(), &types.QueryLockRequest{Owner: a.String()})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(amount/2), lock.Lock.Amount)
	require.Equal(t, a.String(), lock.Lock.Delegatee)
	require.Len(t, lock.Unlocking, 1)
	require.Equal(t, entry.UnlockId, lock.Unlocking[0].Id)
	require.Equal(t, math.NewInt(amount/2+amount), lock.Votes)

	never, err := q.Lock(f.ctx(), &types.QueryLockRequest{Owner: f.app.Funded.String()})
	require.NoError(t, err)
	require.True(t, never.Lock.Amount.IsZero())
	require.Equal(t, f.app.Funded.String(), never.Lock.Delegatee)

	vp, err := q.VotingPower(f.ctx(), &types.QueryVotingPowerRequest{Address: a.String()})
	require.NoError(t, err)
	require.Equal(t, f.now, vp.Time)
	require.Equal(t, math.NewInt(amount/2+amount), vp.Power)
	require.Equal(t, math.NewInt(amount/2), vp.OwnPower)
	require.Equal(t, f.now.Add(-window), vp.WindowStart)
	require.Equal(t, window, vp.TwasWindow)
	require.Equal(t, vest, vp.Vesting)

	at := locked.Add(vest + window/2).UTC().Format(time.RFC3339Nano)
	vp, err = q.VotingPower(f.ctx(), &types.QueryVotingPowerRequest{Address: a.String(), Time: at})
	require.NoError(t, err)
	require.Equal(t, f.power(a, locked.Add(vest+window/2)), vp.Power)

	total, err := q.TotalPower(f.ctx(), &types.QueryTotalPowerRequest{})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(amount/2+amount), total.Power)
	require.Equal(t, math.NewInt(amount/2+amount), total.Locked)

	page, err := q.Checkpoints(f.ctx(), &types.QueryCheckpointsRequest{Address: a.String(), Pagination: &query.PageRequest{Limit: 2, CountTotal: true}})
	require.NoError(t, err)
	require.Len(t, page.Checkpoints, 2)
	require.Equal(t, uint64(3), page.Pagination.Total)
	require.Equal(t, math.NewInt(amount), page.Checkpoints[0].Votes)
	require.Equal(t, math.NewInt(2*amount), page.Checkpoints[1].Votes)
	next, err := q.Checkpoints(f.ctx(), &types.QueryCheckpointsRequest{Address: a.String(), Pagination: &query.PageRequest{Key: page.Pagination.NextKey}})
	require.NoError(t, err)
	require.Len(t, next.Checkpoints, 1)
	require.Equal(t, math.NewInt(amount/2+amount), next.Checkpoints[0].Votes)
	// another address's series is not mixed in
	other, err := q.Checkpoints(f.ctx(), &types.QueryCheckpointsRequest{Address: b.String()})
	require.NoError(t, err)
	require.Len(t, other.Checkpoints, 1, "b locked and delegated away in one block: one checkpoint")
	require.True(t, other.Checkpoints[0].Votes.IsZero())
}

func TestQueriesBadInput(t *testing.T) {
	f := newFixture(t, 1)
	q := keeper.NewQueryServerImpl(f.k)
	a := f.addrs[0].String()

	_, err := q.VotingPower(f.ctx(), &types.QueryVotingPowerRequest{Address: a, Time: f.now.Add(time.Second).Format(time.RFC3339)})
	require.ErrorIs(t, err, types.ErrFutureTime)
	_, err = q.VotingPower(f.ctx(), &types.QueryVotingPowerRequest{Address: a, Time: "yesterday"})
	require.ErrorIs(t, err, types.ErrInvalidTime)
	_, err = q.TotalPower(f.ctx(), &types.QueryTotalPowerRequest{Time: "2026-13-01T00:00:00Z"})
	require.ErrorIs(t, err, types.ErrInvalidTime)
	_, err = q.VotingPower(f.ctx(), &types.QueryVotingPowerRequest{Address: "nope"})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	_, err = q.Lock(f.ctx(), &types.QueryLockRequest{Owner: ""})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	_, err = q.Checkpoints(f.ctx(), &types.QueryCheckpointsRequest{Address: "aitbc1zzz"})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	_, err = q.Lock(f.ctx(), nil)
	require.Error(t, err)
}
