package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/agent/types"
)

// paramsEvents decodes the EventParamsUpdated events of ctx.
func paramsEvents(t *testing.T, ctx sdk.Context) []types.Params {
	t.Helper()
	var out []types.Params
	for _, e := range ctx.EventManager().ABCIEvents() {
		if e.Type != "aitbc.agent.v1.EventParamsUpdated" {
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
	p := types.DefaultParams()
	p.MaxNameLength = 40
	p.MaxExecMessages = 3

	ctx := f.ctx()
	_, err := f.msgs.UpdateParams(ctx, &types.MsgUpdateParams{Authority: f.stranger.String(), Params: p})
	require.ErrorIs(t, err, types.ErrInvalidSigner)
	bad := p
	bad.MaxNameLength = 0
	_, err = f.msgs.UpdateParams(ctx, &types.MsgUpdateParams{Authority: f.k.GetAuthority(), Params: bad})
	require.Error(t, err)
	require.Empty(t, paramsEvents(t, ctx), "a refused update emits no event")

	_, err = f.msgs.UpdateParams(ctx, &types.MsgUpdateParams{Authority: f.k.GetAuthority(), Params: p})
	require.NoError(t, err)
	require.Equal(t, []types.Params{p}, paramsEvents(t, ctx))
	stored, err := f.k.Params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, p, stored)
}

// Governance may narrow the limits after agents registered under wider
// ones: the export still validates and imports, the agents and policies as
// they are (a simulation found an export refused for "3 capabilities, the
// limit is 1").
func TestExportAfterNarrowedParamsImports(t *testing.T) {
	f := newFixture(t)
	f.register("llm", "vision", "video")
	_, err := f.msgs.SetPolicy(f.ctx(), &types.MsgSetPolicy{Owner: f.owner.String(), AgentId: 1, Policy: types.Policy{
		AllowedMsgTypes:   []string{"/cosmos.bank.v1beta1.MsgSend", "/aitbc.dao.v1.MsgLock"},
		AllowedRecipients: []string{f.stranger.String()},
		Period:            time.Hour,
	}})
	require.NoError(t, err)
	p := types.DefaultParams()
	p.MaxCapabilities, p.MaxPolicyEntries, p.MaxNameLength = 1, 1, 3
	_, err = f.msgs.UpdateParams(f.ctx(), &types.MsgUpdateParams{Authority: f.k.GetAuthority(), Params: p})
	require.NoError(t, err)

	exported := f.requireGenesisRoundTrip()

	// What no params could allow is still refused.
	bad := *exported
	bad.Agents = append([]types.Agent(nil), exported.Agents...)
	bad.Agents[0].Capabilities = []string{"llm", "llm"}
	require.ErrorIs(t, bad.Validate(), types.ErrInvalidGenesis)
}
