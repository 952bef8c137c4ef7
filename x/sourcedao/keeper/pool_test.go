package keeper_test

import (
	"encoding/json"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/aitbc/aitbc/testutil"
	"github.com/aitbc/aitbc/x/sourcedao/types"
)

const poc = 1_000_000_000_000 // 10 % of the pool

func TestGenesisTakesThePoolFromTheModuleBalance(t *testing.T) {
	f := newFixture(t)
	p := f.pool()
	require.Equal(t, poolSupply.String(), p.Total.String())
	require.Equal(t, uint32(0), p.StagesUnlocked)
	f.requirePool(poolSupply.Int64(), 0, 0, 0, 0)

	res, err := f.q.Pool(f.ctx(), &types.QueryPoolRequest{})
	require.NoError(t, err)
	require.Equal(t, poolSupply.String(), res.Balance.String())
	require.True(t, res.Unlocked.IsZero())
	require.True(t, res.Spent.IsZero())
	stages, err := f.q.Stages(f.ctx(), &types.QueryStagesRequest{})
	require.NoError(t, err)
	require.Len(t, stages.Stages, 5)
	for _, s := range stages.Stages {
		require.False(t, s.Unlocked, s.Name)
	}
}

func TestGenesisCanStartAtAStage(t *testing.T) {
	f := newFixture(t, testutil.WithGenesis(func(cdc codec.Codec, state map[string]json.RawMessage) {
		gs := types.DefaultGenesis()
		gs.Pool.StagesUnlocked = 2 // PoC and MVP
		state[types.ModuleName] = cdc.MustMarshalJSON(gs)
	}))
	f.requirePool(7_500_000_000_000, 2_500_000_000_000, 0, 0, 0)
	res, err := f.advanceStage()
	require.NoError(t, err)
	require.Equal(t, uint32(2), res.Stage, "the next stage is Alpha")
}

func TestAdvanceStageUnlocksEachShareOnce(t *testing.T) {
	f := newFixture(t)
	want := []int64{1_000_000_000_000, 1_500_000_000_000, 2_000_000_000_000, 2_500_000_000_000, 3_000_000_000_000}
	released := int64(0)
	for i, amt := range want {
		res, err := f.advanceStage()
		require.NoError(t, err)
		require.Equal(t, uint32(i), res.Stage)
		require.Equal(t, math.NewInt(amt).String(), res.Amount.String())
		released += amt
		f.requirePool(poolSupply.Int64()-released, released, 0, 0, 0)
	}
	_, err := f.advanceStage()
	require.ErrorIs(t, err, types.ErrAllStagesUnlocked)

	_, err = f.msgs.AdvanceStage(f.ctx(), &types.MsgAdvanceStage{Authority: f.stranger.String()})
	require.ErrorIs(t, err, types.ErrInvalidSigner)

	stages, err := f.q.Stages(f.ctx(), &types.QueryStagesRequest{})
	require.NoError(t, err)
	require.Equal(t, uint32(5), stages.StagesUnlocked)
	for i, s := range stages.Stages {
		require.True(t, s.Unlocked)
		require.Equal(t, math.NewInt(want[i]).String(), s.Amount.String(), s.Name)
	}
}

// With a pool that does not divide evenly, each stage unlocks its share
// rounded down and the last stage takes the rest: nothing is stranded.
func TestLastStageTakesTheRoundingRest(t *testing.T) {
	odd := math.NewInt(999_999_999)
	ta := newFixtureWithPool(t, odd)
	total := odd
	sum := math.ZeroInt()
	for i, share := range []int64{10, 15, 20, 25} {
		res, err := ta.advanceStage()
		require.NoError(t, err)
		want := math.LegacyNewDecWithPrec(share, 2).MulInt(total).TruncateInt()
		require.Equal(t, want.String(), res.Amount.String(), "stage %d", i)
		sum = sum.Add(res.Amount)
	}
	res, err := ta.advanceStage()
	require.NoError(t, err)
	require.Equal(t, total.Sub(sum).String(), res.Amount.String(), "Release takes what is still locked")
	require.True(t, ta.pool().Locked.IsZero())
	require.Equal(t, total.String(), ta.pool().Releasable.String())
	ta.check()
}

func TestUpdateParams(t *testing.T) {
	f := newFixture(t)
	p := types.DefaultParams()
	_, err := f.msgs.UpdateParams(f.ctx(), &types.MsgUpdateParams{Authority: f.stranger.String(), Params: p})
	require.ErrorIs(t, err, types.ErrInvalidSigner)

	bad := types.DefaultParams()
	bad.Stages[0].Share = math.LegacyNewDecWithPrec(20, 2) // sum 1.1
	_, err = f.msgs.UpdateParams(f.ctx(), &types.MsgUpdateParams{Authority: f.authority, Params: bad})
	require.ErrorIs(t, err, types.ErrInvalidParams)

	bad = types.DefaultParams()
	bad.Denom = "stake"
	_, err = f.msgs.UpdateParams(f.ctx(), &types.MsgUpdateParams{Authority: f.authority, Params: bad})
	require.ErrorIs(t, err, types.ErrInvalidParams, "the pool denom is fixed")

	_, err = f.advanceStage()
	require.NoError(t, err)
	_, err = f.advanceStage()
	require.NoError(t, err)
	bad = types.DefaultParams()
	bad.Stages = bad.Stages[:1]
	_, err = f.msgs.UpdateParams(f.ctx(), &types.MsgUpdateParams{Authority: f.authority, Params: bad})
	require.ErrorIs(t, err, types.ErrInvalidParams, "two stages are unlocked")

	f.setParams(func(p *types.Params) { p.DanThreshold = 7 })
	got, err := f.q.Params(f.ctx(), &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, uint64(7), got.Params.DanThreshold)
}

func TestCoreDevelopers(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.setCore(f.core, f.core2))
	list := func(kind types.DeveloperKind) []string {
		res, err := f.q.Developers(f.ctx(), &types.QueryDevelopersRequest{Kind: kind})
		require.NoError(t, err)
		out := []string{}
		for _, d := range res.Developers {
			out = append(out, d.Address)
		}
		return out
	}
	require.ElementsMatch(t, []string{f.core.String(), f.core2.String()}, list(types.DEVELOPER_KIND_CORE))
	require.NoError(t, f.setCore(f.core2))
	require.Equal(t, []string{f.core2.String()}, list(types.DEVELOPER_KIND_UNSPECIFIED), "the set is replaced")
	require.Empty(t, list(types.DEVELOPER_KIND_DAN))

	_, err := f.msgs.SetCoreDevelopers(f.ctx(), &types.MsgSetCoreDevelopers{Authority: f.stranger.String(), Developers: []string{f.core.String()}})
	require.ErrorIs(t, err, types.ErrInvalidSigner)
	require.ErrorIs(t, f.setCore(f.core, f.core), types.ErrInvalidAddress)
	_, err = f.msgs.SetCoreDevelopers(f.ctx(), &types.MsgSetCoreDevelopers{Authority: f.authority, Developers: []string{"nope"}})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	f.setParams(func(p *types.Params) { p.MaxCoreDevelopers = 1 })
	require.ErrorIs(t, f.setCore(f.core, f.core2), types.ErrInvalidParams)

	d, err := f.q.Developer(f.ctx(), &types.QueryDeveloperRequest{Address: f.core2.String()})
	require.NoError(t, err)
	require.True(t, d.Developer.Core)
	require.False(t, d.Developer.Dan)
}
