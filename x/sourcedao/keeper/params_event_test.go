package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// paramsEvents decodes the EventParamsUpdated events of ctx.
func paramsEvents(t *testing.T, ctx sdk.Context) []types.Params {
	t.Helper()
	var out []types.Params
	for _, e := range ctx.EventManager().ABCIEvents() {
		if e.Type != "aitbc.sourcedao.v1.EventParamsUpdated" {
			continue
		}
		msg, err := sdk.ParseTypedEvent(e)
		require.NoError(t, err)
		out = append(out, msg.(*types.EventParamsUpdated).Params)
	}
	return out
}

// MsgUpdateParams emits the new params; a refused update emits nothing.
func TestUpdateParamsEmitsEvent(t *testing.T) {
	f := newFixture(t)
	ctx := f.ctx()
	p, err := f.k.Params.Get(ctx)
	require.NoError(t, err)
	p.MaxContributions = 7
	p.DanThreshold = 250

	_, err = f.msgs.UpdateParams(ctx, &types.MsgUpdateParams{Authority: f.stranger.String(), Params: p})
	require.ErrorIs(t, err, types.ErrInvalidSigner)
	bad := p
	bad.Denom = "other"
	_, err = f.msgs.UpdateParams(ctx, &types.MsgUpdateParams{Authority: f.authority, Params: bad})
	require.ErrorIs(t, err, types.ErrInvalidParams)
	require.Empty(t, paramsEvents(t, ctx), "a refused update emits no event")

	_, err = f.msgs.UpdateParams(ctx, &types.MsgUpdateParams{Authority: f.authority, Params: p})
	require.NoError(t, err)
	require.Equal(t, []types.Params{p}, paramsEvents(t, ctx))
	stored, err := f.k.Params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, p, stored)
}
