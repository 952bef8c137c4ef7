package keeper_test

import (
	"encoding/json"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/aitbc/aitbc/testutil"
	"github.com/aitbc/aitbc/x/sourcedao/types"
)

func TestProjectQueries(t *testing.T) {
	f := newFixture(t)
	f.ready()
	var byCore []uint64
	for i := 0; i < 5; i++ {
		byCore = append(byCore, f.create(f.core, "core-"+string(rune('a'+i)), 1, 1_000))
	}
	other := f.create(f.core2, "other", 1, 1_000)
	f.approveCreation(byCore[1])
	f.approveCreation(byCore[3])
	f.approveCreation(other)

	ids := func(res *types.QueryProjectsResponse) []uint64 {
		out := []uint64{}
		for _, p := range res.Projects {
			out = append(out, p.Id)
		}
		return out
	}
	all, err := f.q.Projects(f.ctx(), &types.QueryProjectsRequest{})
	require.NoError(t, err)
	require.Len(t, all.Projects, 6)

	res, err := f.q.Projects(f.ctx(), &types.QueryProjectsRequest{State: types.PROJECT_STATE_DEVELOPING})
	require.NoError(t, err)
	require.Equal(t, []uint64{byCore[1], byCore[3], other}, ids(res))

	res, err = f.q.Projects(f.ctx(), &types.QueryProjectsRequest{Manager: f.core.String(), State: types.PROJECT_STATE_DEVELOPING})
	require.NoError(t, err)
	require.Equal(t, []uint64{byCore[1], byCore[3]}, ids(res))

	// Pages of 2 through the manager index.
	var got []uint64
	var key []byte
	for {
		res, err = f.q.Projects(f.ctx(), &types.QueryProjectsRequest{Manager: f.core.String(), Pagination: &query.PageRequest{Key: key, Limit: 2}})
		require.NoError(t, err)
		require.LessOrEqual(t, len(res.Projects), 2)
		got = append(got, ids(res)...)
		if key = res.Pagination.NextKey; key == nil {
			break
		}
	}
	require.Equal(t, byCore, got)

	res, err = f.q.Projects(f.ctx(), &types.QueryProjectsRequest{State: types.PROJECT_STATE_PREPARING, Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	require.NoError(t, err)
	require.Len(t, res.Projects, 1)
	require.Equal(t, uint64(3), res.Pagination.Total)

	_, err = f.q.Projects(f.ctx(), &types.QueryProjectsRequest{Manager: "nope"})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	one, err := f.q.Project(f.ctx(), &types.QueryProjectRequest{ProjectId: other})
	require.NoError(t, err)
	require.Equal(t, "other", one.Project.Name)
	require.Equal(t, types.CreationDigest(one.Project), one.Project.CreationDigest)
	_, err = f.q.Project(f.ctx(), &types.QueryProjectRequest{ProjectId: 99})
	require.ErrorIs(t, err, types.ErrProjectNotFound)
	_, err = f.q.Contributions(f.ctx(), &types.QueryContributionsRequest{ProjectId: 99})
	require.ErrorIs(t, err, types.ErrProjectNotFound)

	pool, err := f.q.Pool(f.ctx(), &types.QueryPoolRequest{})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(poc).String(), pool.Unlocked.String())
	require.Equal(t, "3000", pool.Pool.Reserved.String())
}

// A state with every kind of record survives export and import into a new
// chain whose bank holds the exported pool balance; InitGenesis checks the
// invariant, and refuses a pool the balance does not match.
func TestGenesisExportImport(t *testing.T) {
	f := newFixture(t)
	f.ready()
	a, b := f.contributors[0], f.contributors[1]
	done := f.create(f.core, "done", 1, 1_000)
	f.approveCreation(done)
	f.accept(done, types.ACCEPTANCE_LEVEL_EXCELLENT, contribs(a, 150, b, 1))
	_, err := f.claim(b, done)
	require.NoError(t, err)
	dev := f.create(f.core, "dev", 1, 2_000)
	f.approveCreation(dev)
	f.create(f.core2, "prep", 3, 3_000)
	require.NoError(t, f.exec(func(ctx sdk.Context) error {
		_, err := f.msgs.RevokeDan(ctx, &types.MsgRevokeDan{Authority: f.authority, Address: a.String()})
		return err
	}))
	f.check()

	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.False(t, exported.IsFresh())
	balance := f.balance(f.k.ModuleAddress())
	cdc := f.app.AppCodec()
	bz := cdc.MustMarshalJSON(exported)

	g := newFixtureWithPool(t, balance, testutil.WithGenesis(func(_ codec.Codec, state map[string]json.RawMessage) {
		state[types.ModuleName] = bz
	}))
	g.check()
	again, err := g.k.ExportGenesis(g.ctx())
	require.NoError(t, err)
	require.JSONEq(t, string(bz), string(cdc.MustMarshalJSON(again)))
	// The imported chain carries on: versions, DAN revocation and rewards.
	_, err = g.tryCreate(g.createMsg(g.core2, "prep", 3, 1))
	require.ErrorIs(t, err, types.ErrVersionNotIncreased)
	d, err := g.k.Developer(g.ctx(), a)
	require.NoError(t, err)
	require.True(t, d.DanRevoked)
	require.Equal(t, uint64(150), d.CumulativeContribution)
	_, err = g.claim(b, done)
	require.ErrorIs(t, err, types.ErrAlreadyClaimed)
	amt, err := g.claim(a, done)
	require.NoError(t, err)
	require.Equal(t, "1192", amt.String(), "floor(1,200 x 150 / 151)")
	g.check()
	require.Equal(t, uint64(4), g.create(g.core, "next", 1, 1), "ids continue")

	// The same state over a different balance is refused.
	h := newFixtureWithPool(t, balance.AddRaw(1))
	err = h.exec(func(ctx sdk.Context) error { return h.k.InitGenesis(ctx, *exported) })
	require.ErrorIs(t, err, types.ErrInvariant)

	bad := *exported
	bad.NextProjectId = 0
	require.ErrorIs(t, bad.Validate(), types.ErrInvalidGenesis)
	bad = *exported
	bad.Pool.StagesUnlocked = 9
	require.ErrorIs(t, bad.Validate(), types.ErrInvalidGenesis)
}
