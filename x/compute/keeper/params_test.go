package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

func TestUpdateParamsEmitsAndKeepsTheBondDenom(t *testing.T) {
	f := newFixture(t)
	params, err := f.k.Params.Get(f.ctx())
	require.NoError(t, err)

	next := params
	next.MinBond = sdk.NewInt64Coin(denom, 2_000_000_000)
	next.MaxMatchesPerBlock = 7
	ctx := f.ctx()
	_, err = f.msgs.UpdateParams(ctx, &types.MsgUpdateParams{Authority: f.k.GetAuthority(), Params: next})
	require.NoError(t, err)
	require.Equal(t, &types.EventParamsUpdated{Params: next}, one[*types.EventParamsUpdated](t, ctx))
	stored, err := f.k.Params.Get(f.ctx())
	require.NoError(t, err)
	require.Equal(t, next, stored)

	refused := []struct {
		name   string
		msg    types.MsgUpdateParams
		err    error
		params types.Params
	}{
		{"another bond denom", types.MsgUpdateParams{Authority: f.k.GetAuthority()}, types.ErrBondDenomFixed, func() types.Params {
			p := next
			p.MinBond = sdk.NewInt64Coin("stake", 1)
			return p
		}()},
		{"a limit over its bound", types.MsgUpdateParams{Authority: f.k.GetAuthority()}, types.ErrInvalidParams, func() types.Params {
			p := next
			p.MaxLeaseDeadlinesPerBlock = types.MaxPerBlockCeiling + 1
			return p
		}()},
		{"not the authority", types.MsgUpdateParams{Authority: f.outsider.String()}, types.ErrInvalidSigner, next},
	}
	for _, tc := range refused {
		tc.msg.Params = tc.params
		ctx := f.ctx()
		_, err := f.msgs.UpdateParams(ctx, &tc.msg)
		require.ErrorIs(t, err, tc.err, tc.name)
		require.Empty(t, typed[*types.EventParamsUpdated](t, ctx), tc.name)
		stored, err := f.k.Params.Get(f.ctx())
		require.NoError(t, err)
		require.Equal(t, next, stored, "%s: params unchanged", tc.name)
	}
}
