package keeper_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/ident"
	"github.com/aitbc/aitbc/testutil/hostile"
	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

// transferredTo says whether ctx carries a bank transfer event to addr.
func transferredTo(ctx sdk.Context, addr sdk.AccAddress) bool {
	for _, e := range ctx.EventManager().Events() {
		if e.Type != "transfer" {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == "recipient" && a.Value == addr.String() {
				return true
			}
		}
	}
	return false
}

// passed submits a standard proposal carrying msgs and votes it through.
func (f *fixture) passed(msgs ...sdk.Msg) types.Proposal {
	f.t.Helper()
	a := f.addrs[0]
	id := f.submit(a, types.ClassStandard, msgs...)
	f.toVoting(id)
	f.mustVote(a, id, types.VOTE_OPTION_YES)
	p := f.toEnd(id)
	require.Equal(f.t, types.PROPOSAL_STATUS_PASSED, p.Status)
	return p
}

// A proposal whose messages need more than max_execution_gas ends
// execution_failed with the reason; nothing of it runs and none of its
// events reach the block. With enough gas the same messages execute and
// their events are forwarded.
func TestExecutionGasLimit(t *testing.T) {
	f := newGovFixture(t, 4)
	r := f.addrs[3]
	f.fundTreasury(10_000)
	starved := f.passed(f.spend(r, 1_000))
	params := f.params
	params.MaxExecutionGas = 5_000 // far below a bank send; lowered after the dry run at submission
	f.setParams(params)
	rBefore, treasury := f.balance(r), f.moduleBalance(types.ModuleName)
	ctx := f.block(*starved.ExecutionTime)
	got := f.proposal(starved.Id)
	require.Equal(t, types.PROPOSAL_STATUS_EXECUTION_FAILED, got.Status)
	require.Contains(t, got.Result, "out of gas")
	require.Equal(t, rBefore, f.balance(r))
	require.Equal(t, treasury, f.moduleBalance(types.ModuleName))
	require.False(t, transferredTo(ctx, r), "no event of a failed execution is forwarded")
	require.Empty(t, failedItems(ctx), "a failed execution is an outcome, not a failed item")
	f.checkGov()

	params.MaxExecutionGas = types.DefaultMaxExecutionGas
	f.setParams(params)
	fed := f.passed(f.spend(r, 1_000))
	ctx = f.block(*fed.ExecutionTime)
	require.Equal(t, types.PROPOSAL_STATUS_EXECUTED, f.proposal(fed.Id).Status)
	require.Equal(t, rBefore.AddRaw(1_000), f.balance(r))
	require.True(t, transferredTo(ctx, r), "the executed message's events are forwarded")
	f.checkGov()
}

// max_execution_gas is validated: positive and at most the ceiling.
func TestMaxExecutionGasParam(t *testing.T) {
	for _, gas := range []uint64{0, types.MaxExecutionGasCeiling + 1} {
		p := types.DefaultParams()
		p.MaxExecutionGas = gas
		require.ErrorIs(t, p.Validate(), types.ErrInvalidParams, "max_execution_gas %d", gas)
		require.ErrorContains(t, p.Validate(), "max_execution_gas")
	}
	p := types.DefaultParams()
	require.Equal(t, uint64(20_000_000), p.MaxExecutionGas)
	p.MaxExecutionGas = types.MaxExecutionGasCeiling
	require.NoError(t, p.Validate())
}

// A proposal's result is bounded, valid UTF-8 and free of control
// characters whatever error text produced it.
func TestBoundResult(t *testing.T) {
	require.Equal(t, "message 0 failed", keeper.BoundResult("message 0 failed"))
	require.Equal(t, "a b ?c", keeper.BoundResult("a\nb\x00\xffc"))
	long := keeper.BoundResult(strings.Repeat("é", 2*keeper.MaxResultLength))
	require.LessOrEqual(t, len(long), keeper.MaxResultLength)
	require.True(t, utf8.ValidString(long), "cut on a rune boundary")
	require.True(t, strings.HasSuffix(long, "..."))
	for _, s := range hostile.Strings {
		got := keeper.BoundResult(s)
		require.NoError(t, ident.CheckText("result", got, keeper.MaxResultLength), "%q", s)
		require.NotContains(t, got, "\n")
	}
}
