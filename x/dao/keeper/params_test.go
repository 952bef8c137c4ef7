package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/testutil"
	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

func TestUpdateParams(t *testing.T) {
	ta := testutil.NewTestApp(t)
	ctx := ta.Context(ta.LastBlock)
	srv := keeper.NewMsgServerImpl(ta.DaoKeeper)
	authority := ta.DaoKeeper.GetAuthority()

	valid := types.DefaultParams()
	valid.TwasWindow = 12 * time.Hour

	cases := []struct {
		name   string
		msg    types.MsgUpdateParams
		errIs  error
		errMsg string
	}{
		{"wrong authority", types.MsgUpdateParams{Authority: ta.Funded.String(), Params: valid}, types.ErrInvalidSigner, "expected"},
		{"zero unlock period", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) { p.UnlockPeriod = 0 })}, types.ErrInvalidParams, "unlock_period"},
		{"zero window", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) { p.TwasWindow = 0 })}, types.ErrInvalidParams, "twas_window"},
		{"negative vesting", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) { p.Vesting = -time.Second })}, types.ErrInvalidParams, "vesting"},
		{"cap above one", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) { p.MaxPowerFraction = math.LegacyNewDec(2) })}, types.ErrInvalidParams, "max_power_fraction"},
		{"zero cap", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) { p.MaxPowerFraction = math.LegacyZeroDec() })}, types.ErrInvalidParams, "max_power_fraction"},
		{"no unlocks per block", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) { p.MaxUnlocksPerBlock = 0 })}, types.ErrInvalidParams, "max_unlocks_per_block"},
		{"bad denom", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) { p.LockDenom = "1x" })}, types.ErrInvalidParams, "lock_denom"},
		{"denom change", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) { p.LockDenom = "uother" })}, types.ErrInvalidParams, "fixed at genesis"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := srv.UpdateParams(ctx, &tc.msg)
			require.ErrorIs(t, err, tc.errIs)
			require.ErrorContains(t, err, tc.errMsg)
			got, err := ta.DaoKeeper.Params.Get(ctx)
			require.NoError(t, err)
			require.Equal(t, types.DefaultParams(), got, "state untouched")
		})
	}

	_, err := srv.UpdateParams(ctx, &types.MsgUpdateParams{Authority: authority, Params: valid})
	require.NoError(t, err)
	got, err := ta.DaoKeeper.Params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, valid, got)
	require.Contains(t, eventTypes(ctx.EventManager().Events()), "aitbc.dao.v1.EventParamsUpdated")
}

func with(edit func(*types.Params)) types.Params {
	p := types.DefaultParams()
	edit(&p)
	return p
}
