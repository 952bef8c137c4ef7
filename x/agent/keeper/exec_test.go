package keeper_test

import (
	"testing"
	"time"

	storetypes "cosmossdk.io/store/types"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/baseapp"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/runtime"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/testutil"
	"github.com/aitbc/aitbc/x/agent/keeper"
	"github.com/aitbc/aitbc/x/agent/types"
)

// trapRouter routes like the app but, after a bank send to one of its
// trap addresses has been handled (its writes made), panics or burns gas.
type trapRouter struct {
	baseapp.MessageRouter
	panicTo, hungryTo sdk.AccAddress
}

func (r trapRouter) Handler(msg sdk.Msg) baseapp.MsgServiceHandler {
	next := r.MessageRouter.Handler(msg)
	if next == nil {
		return nil
	}
	return func(ctx sdk.Context, msg sdk.Msg) (*sdk.Result, error) {
		res, err := next(ctx, msg)
		if send, ok := msg.(*banktypes.MsgSend); ok {
			switch send.ToAddress {
			case r.panicTo.String():
				panic("handler bug")
			case r.hungryTo.String():
				ctx.GasMeter().ConsumeGas(10_000_000, "hungry handler")
			}
		}
		return res, err
	}
}

// A panic or running out of gas inside MsgExec fails the message cleanly:
// no panic escapes, no balance moves, no spend is booked.
func TestExecPanicAndOutOfGasWriteNothing(t *testing.T) {
	f := newFixture(t)
	traps := testutil.Addrs(5)[3:]
	router := trapRouter{MessageRouter: f.app.MsgServiceRouter(), panicTo: traps[0], hungryTo: traps[1]}
	k := keeper.NewKeeper(f.app.AppCodec(), runtime.NewKVStoreService(f.app.GetKey(types.StoreKey)),
		f.app.AccountKeeper.AddressCodec(), f.app.AccountKeeper, f.app.BankKeeper, router, f.k.GetAuthority())
	msgs := keeper.NewMsgServerImpl(k)
	f.msgs = msgs

	res := f.register()
	wallet := sdk.MustAccAddressFromBech32(res.Wallet)
	f.app.Fund(t, f.ctx(), wallet, sdk.NewCoins(sdk.NewInt64Coin(denom, 1_000)))
	_, err := msgs.SetOperator(f.ctx(), &types.MsgSetOperator{Owner: f.owner.String(), AgentId: 1, Operator: f.operator.String()})
	require.NoError(t, err)
	_, err = msgs.SetPolicy(f.ctx(), &types.MsgSetPolicy{Owner: f.owner.String(), AgentId: 1, Policy: types.Policy{
		AllowedMsgTypes: []string{"/cosmos.bank.v1beta1.MsgSend"}, SpendLimit: sdk.NewCoins(sdk.NewInt64Coin(denom, 500)), Period: time.Hour,
	}})
	require.NoError(t, err)

	balances := func() []string {
		var out []string
		for _, a := range []sdk.AccAddress{wallet, f.stranger, traps[0], traps[1]} {
			out = append(out, f.balance(a).String())
		}
		return out
	}
	before := balances()
	spendBefore, err := k.Spends.Get(f.ctx(), 1)
	require.NoError(t, err)

	// The first send is handled and written to the batch's cache before the
	// second one panics: the whole batch is dropped.
	require.NotPanics(t, func() {
		err = f.exec(f.owner, 1, send(wallet, f.stranger, 10), send(wallet, traps[0], 5))
	})
	require.ErrorIs(t, err, types.ErrExecPanicked)
	require.ErrorContains(t, err, "message 1")
	require.Equal(t, before, balances(), "nothing written")

	ctx := f.ctx().WithGasMeter(storetypes.NewGasMeter(1_000_000))
	require.NotPanics(t, func() {
		_, err = msgs.Exec(ctx, execMsg(t, f.operator, 1, send(wallet, traps[1], 5)))
	})
	require.ErrorIs(t, err, sdkerrors.ErrOutOfGas)
	require.Equal(t, before, balances(), "nothing written")
	spendAfter, err := k.Spends.Get(f.ctx(), 1)
	require.NoError(t, err)
	require.Equal(t, spendBefore, spendAfter, "no spend booked")
	require.NoError(t, k.CheckInvariants(f.ctx()))

	// The same keeper still runs a healthy batch, and books its spend.
	require.NoError(t, f.exec(f.operator, 1, send(wallet, f.stranger, 10)))
	require.Equal(t, int64(990), f.balance(wallet).Int64())
}

// The executor's signer check and the executed messages' own
// ValidateBasic run before anything does.
func TestExecChecksMessagesFirst(t *testing.T) {
	f := newFixture(t)
	res := f.register()
	wallet := sdk.MustAccAddressFromBech32(res.Wallet)
	f.app.Fund(t, f.ctx(), wallet, sdk.NewCoins(sdk.NewInt64Coin(denom, 1_000)))
	nested := &types.MsgRegisterAgent{Owner: wallet.String(), Type: types.AGENT_TYPE_BUILDER, Name: "child", Capabilities: []string{"x\x00"}}
	err := f.exec(f.owner, 1, send(wallet, f.stranger, 10), nested)
	require.ErrorIs(t, err, types.ErrInvalidIdentifier, "a nested message is held to its ValidateBasic")
	require.ErrorContains(t, err, "message 1")
	require.ErrorIs(t, f.exec(f.owner, 1, send(f.owner, f.stranger, 1)), types.ErrNotWalletSigned)
	require.Equal(t, int64(1_000), f.balance(wallet).Int64(), "nothing ran")
	_, err = f.msgs.Exec(f.ctx(), &types.MsgExec{Sender: f.owner.String(), AgentId: 1})
	require.ErrorIs(t, err, types.ErrInvalidExec)
	require.ErrorIs(t, (&types.MsgExec{Sender: f.owner.String(), AgentId: 1}).ValidateBasic(), types.ErrInvalidExec)
}

func execMsg(t testing.TB, sender sdk.AccAddress, id uint64, msgs ...sdk.Msg) *types.MsgExec {
	t.Helper()
	anys := make([]*codectypes.Any, len(msgs))
	for i, m := range msgs {
		a, err := codectypes.NewAnyWithValue(m)
		require.NoError(t, err)
		anys[i] = a
	}
	return &types.MsgExec{Sender: sender.String(), AgentId: id, Msgs: anys}
}
