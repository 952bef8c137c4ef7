package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// eventAttrs returns the attributes of the last typed event of type typ.
func eventAttrs(t *testing.T, ctx sdk.Context, typ string) map[string]string {
	t.Helper()
	var out map[string]string
	for _, e := range ctx.EventManager().Events() {
		if e.Type != typ {
			continue
		}
		out = map[string]string{}
		for _, a := range e.Attributes {
			out[a.Key] = a.Value
		}
	}
	require.NotNil(t, out, "no %s event", typ)
	return out
}

// Every transition emits its typed event with the figures that changed.
func TestTypedEvents(t *testing.T) {
	f := newFixture(t)
	ctx := f.ctx()
	_, err := f.msgs.AdvanceStage(ctx, &types.MsgAdvanceStage{Authority: f.authority})
	require.NoError(t, err)
	require.Equal(t, `"PoC"`, eventAttrs(t, ctx, "aitbc.sourcedao.v1.EventStageAdvanced")["name"])
	require.Equal(t, `"1000000000000"`, eventAttrs(t, ctx, "aitbc.sourcedao.v1.EventStageAdvanced")["amount"])

	_, err = f.msgs.SetCoreDevelopers(ctx, &types.MsgSetCoreDevelopers{Authority: f.authority, Developers: []string{f.core.String()}})
	require.NoError(t, err)
	eventAttrs(t, ctx, "aitbc.sourcedao.v1.EventCoreDevelopersSet")

	created, err := f.msgs.CreateProject(ctx, f.createMsg(f.core, "ev", 1, 1_000))
	require.NoError(t, err)
	require.Equal(t, `"`+created.CreationDigest+`"`, eventAttrs(t, ctx, "aitbc.sourcedao.v1.EventProjectCreated")["creation_digest"])

	_, err = f.msgs.ApproveProject(ctx, &types.MsgApproveProject{Authority: f.authority, ProjectId: created.ProjectId, Phase: types.APPROVAL_PHASE_CREATION, Approve: true, Digest: created.CreationDigest})
	require.NoError(t, err)
	require.Equal(t, `"PROJECT_STATE_DEVELOPING"`, eventAttrs(t, ctx, "aitbc.sourcedao.v1.EventProjectState")["to"])
	require.Equal(t, `"APPROVAL_PHASE_CREATION"`, eventAttrs(t, ctx, "aitbc.sourcedao.v1.EventProjectApproval")["phase"])

	sub, err := f.msgs.SubmitAcceptance(ctx, &types.MsgSubmitAcceptance{Manager: f.core.String(), ProjectId: created.ProjectId, Level: types.ACCEPTANCE_LEVEL_NORMAL,
		Contributions: contribs(f.contributors[0], 1, f.contributors[1], 2)})
	require.NoError(t, err)
	require.Equal(t, `"3"`, eventAttrs(t, ctx, "aitbc.sourcedao.v1.EventAcceptanceSubmitted")["total_value"])

	_, err = f.msgs.ApproveProject(ctx, &types.MsgApproveProject{Authority: f.authority, ProjectId: created.ProjectId, Phase: types.APPROVAL_PHASE_ACCEPTANCE, Approve: true, Digest: sub.Digest})
	require.NoError(t, err)
	fin := eventAttrs(t, ctx, "aitbc.sourcedao.v1.EventProjectFinished")
	require.Equal(t, `"800"`, fin["payout"])
	require.Equal(t, `"200"`, fin["returned"])
	require.Equal(t, `"0"`, fin["bonus"])
	require.Equal(t, `"1"`, fin["remainder"], "266 + 533 = 799 of 800")

	_, err = f.msgs.ClaimRewards(ctx, &types.MsgClaimRewards{Claimant: f.contributors[1].String(), ProjectIds: []uint64{created.ProjectId}})
	require.NoError(t, err)
	require.Equal(t, `"533"`, eventAttrs(t, ctx, "aitbc.sourcedao.v1.EventRewardsClaimed")["amount"])

	cancel, err := f.msgs.CreateProject(ctx, f.createMsg(f.core, "ev2", 1, 1_000))
	require.NoError(t, err)
	_, err = f.msgs.ApproveProject(ctx, &types.MsgApproveProject{Authority: f.authority, ProjectId: cancel.ProjectId, Phase: types.APPROVAL_PHASE_CREATION, Approve: true, Digest: cancel.CreationDigest})
	require.NoError(t, err)
	f.now = f.project(cancel.ProjectId).EndTime.Add(1)
	ctx = f.ctx()
	_, err = f.msgs.RejectExpired(ctx, &types.MsgRejectExpired{Sender: f.stranger.String(), ProjectId: cancel.ProjectId})
	require.NoError(t, err)
	require.Equal(t, `"1000"`, eventAttrs(t, ctx, "aitbc.sourcedao.v1.EventBudgetReleased")["amount"])
	require.Equal(t, `"expired"`, eventAttrs(t, ctx, "aitbc.sourcedao.v1.EventProjectState")["reason"])
	f.check()
}
