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
		{"denom change", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) {
			p.LockDenom = "uother"
			p.ChallengeBond.Denom = "uother"
			for i := range p.Classes {
				p.Classes[i].Bond.Denom = "uother"
			}
		})}, types.ErrInvalidParams, "lock_denom is fixed at genesis"},
		{"vesting change", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) { p.Vesting = time.Hour })}, types.ErrInvalidParams, "vesting is fixed at genesis"},
		{"bond in another denom", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) { p.Classes[1].Bond.Denom = "uother" })}, types.ErrInvalidParams, "bond"},
		{"unlock shorter than voting", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) { p.UnlockPeriod = 20 * 24 * time.Hour })}, types.ErrInvalidParams, "shorter than the max voting period"},
		{"duplicate class", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) { p.Classes = append(p.Classes, p.Classes[0]) })}, types.ErrInvalidParams, "unique"},
		{"message to unknown class", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) {
			p.MessageClasses = append(p.MessageClasses, types.MessageClass{TypeUrl: "/x.Msg", Class: "nope"})
		})}, types.ErrInvalidParams, "unknown class"},
		{"quorum above one", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) { p.Classes[1].Quorum = math.LegacyNewDec(2) })}, types.ErrInvalidParams, "quorum"},
		{"voting periods out of order", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) { p.Classes[1].MinVotingPeriod = 30 * 24 * time.Hour })}, types.ErrInvalidParams, "voting periods"},
		{"group shares not one", types.MsgUpdateParams{Authority: authority, Params: with(func(p *types.Params) {
			p.ElectorateGroupsEnabled = true
			p.GroupShares[0].Share = math.LegacyNewDecWithPrec(10, 2)
		})}, types.ErrInvalidParams, "add up to 1"},
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
