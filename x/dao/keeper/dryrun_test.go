package keeper_test

import (
	"testing"

	storetypes "cosmossdk.io/store/types"
	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/x/dao/types"
)

// A proposal whose message fails when run now is refused at submission,
// with the failing message's index and error, before the bond is taken;
// nothing of the dry run stays. A good one is accepted, and nothing of its
// dry run stays either; the dry run's gas is charged to the submitter.
func TestSubmitDryRun(t *testing.T) {
	f := newGovFixture(t, 4)
	a := f.addrs[0]
	f.fundTreasury(1_000)
	bad := f.params
	bad.Vesting++ // valid params, but vesting is fixed at genesis: only the handler knows
	good := f.params
	good.MaxTitleLength = 99
	paramsBefore := f.params
	before, seq := f.balance(a), f.nextID()

	msg := f.submitMsg(a, types.ClassMajor, f.spend(a, 1), &types.MsgUpdateParams{Authority: f.authority(), Params: bad})
	require.NoError(t, msg.ValidateBasic(), "the message is well formed; only running it fails")
	ctx := f.ctx()
	_, err := f.msgs.SubmitProposal(ctx, msg)
	require.ErrorIs(t, err, types.ErrDryRunFailed)
	require.ErrorContains(t, err, "message 1 (/aitbc.dao.v1.MsgUpdateParams)")
	require.ErrorContains(t, err, "vesting is fixed at genesis")
	require.Equal(t, before, f.balance(a), "no bond taken")
	require.Equal(t, seq, f.nextID(), "no proposal stored")
	require.Equal(t, int64(1_000), f.moduleBalance(types.ModuleName).Int64(), "the spend of message 0 was discarded")
	for _, e := range ctx.EventManager().Events() {
		require.NotEqual(t, "transfer", e.Type, "no event of the dry run reaches the block")
	}

	// The same proposal with valid params is accepted; its dry run changed
	// nothing: params and treasury as before, until it executes.
	ctx = f.ctx().WithGasMeter(storetypes.NewInfiniteGasMeter())
	res, err := f.msgs.SubmitProposal(ctx, f.submitMsg(a, types.ClassMajor, f.spend(a, 1), &types.MsgUpdateParams{Authority: f.authority(), Params: good}))
	require.NoError(t, err)
	withRun := ctx.GasMeter().GasConsumed()
	got, err := f.k.Params.Get(f.ctx())
	require.NoError(t, err)
	require.Equal(t, paramsBefore, got, "the dry run's params change was discarded")
	require.Equal(t, int64(1_000), f.moduleBalance(types.ModuleName).Int64())
	require.Equal(t, before.Sub(f.class(types.ClassMajor).Bond.Amount), f.balance(a), "bond taken")
	require.False(t, transferredTo(ctx, a), "the spend's transfer event is not forwarded")

	// The dry run's gas is charged: a proposal without messages costs less.
	ctx = f.ctx().WithGasMeter(storetypes.NewInfiniteGasMeter())
	_, err = f.msgs.SubmitProposal(ctx, f.submitMsg(a, types.ClassMajor))
	require.NoError(t, err)
	require.Greater(t, withRun, ctx.GasMeter().GasConsumed()+10_000, "the dry run's gas is on the submitter's meter")

	// Execution still checks: the accepted proposal runs for real.
	id := res.ProposalId
	f.toVoting(id)
	for _, v := range f.addrs[:3] { // 75 % yes: super-quorum ends it
		f.mustVote(v, id, types.VOTE_OPTION_YES)
	}
	f.toEnd(id)
	require.Equal(t, types.PROPOSAL_STATUS_EXECUTED, f.toExecution(id).Status)
	got, err = f.k.Params.Get(f.ctx())
	require.NoError(t, err)
	require.Equal(t, uint32(99), got.MaxTitleLength)
	f.checkGov()
}

// The dry run is bounded by max_execution_gas: a proposal needing more is
// refused at submission as out of gas, its bond untouched.
func TestSubmitDryRunGasBound(t *testing.T) {
	f := newGovFixture(t, 4)
	a := f.addrs[0]
	f.fundTreasury(1_000)
	params := f.params
	params.MaxExecutionGas = 5_000 // far below a bank send
	f.setParams(params)
	before := f.balance(a)
	ctx := f.ctx().WithGasMeter(storetypes.NewInfiniteGasMeter())
	_, err := f.msgs.SubmitProposal(ctx, f.submitMsg(a, types.ClassStandard, f.spend(a, 1)))
	require.ErrorIs(t, err, types.ErrDryRunFailed)
	require.ErrorContains(t, err, "out of gas")
	require.Equal(t, before, f.balance(a))
	require.LessOrEqual(t, ctx.GasMeter().GasConsumed(), uint64(200_000), "the run stopped at its limit")
}

func (f *fixture) nextID() uint64 {
	f.t.Helper()
	id, err := f.k.ProposalSeq.Peek(f.ctx())
	require.NoError(f.t, err)
	return id
}
