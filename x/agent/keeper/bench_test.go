package keeper_test

import (
	"testing"
	"time"

	storetypes "cosmossdk.io/store/types"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/x/agent/types"
)

// BenchmarkExecOverhead compares a bank send run by an operator through
// MsgExec (policy checks, balance diff, spend bookkeeping) with the same
// send handled directly.
func BenchmarkExecOverhead(b *testing.B) {
	f := newFixture(b)
	res := f.register()
	wallet := sdk.MustAccAddressFromBech32(res.Wallet)
	f.app.Fund(b, f.ctx(), wallet, sdk.NewCoins(sdk.NewInt64Coin(denom, 1_000_000_000_000)))
	if _, err := f.msgs.SetOperator(f.ctx(), &types.MsgSetOperator{Owner: f.owner.String(), AgentId: 1, Operator: f.operator.String()}); err != nil {
		b.Fatal(err)
	}
	if _, err := f.msgs.SetPolicy(f.ctx(), &types.MsgSetPolicy{Owner: f.owner.String(), AgentId: 1, Policy: types.Policy{
		AllowedMsgTypes: []string{"/cosmos.bank.v1beta1.MsgSend"}, SpendLimit: sdk.NewCoins(sdk.NewInt64Coin(denom, 1_000_000_000_000)), Period: time.Hour,
	}}); err != nil {
		b.Fatal(err)
	}
	msg := &banktypes.MsgSend{FromAddress: wallet.String(), ToAddress: f.stranger.String(), Amount: sdk.NewCoins(sdk.NewInt64Coin(denom, 1))}
	anyMsg, err := codectypes.NewAnyWithValue(msg)
	if err != nil {
		b.Fatal(err)
	}
	router := f.app.MsgServiceRouter()

	b.Run("direct", func(b *testing.B) {
		var gas uint64
		for b.Loop() {
			ctx := f.ctx().WithGasMeter(storetypes.NewInfiniteGasMeter())
			if _, err := router.Handler(msg)(ctx, msg); err != nil {
				b.Fatal(err)
			}
			gas = ctx.GasMeter().GasConsumed()
		}
		b.ReportMetric(float64(gas), "gas/op")
	})
	b.Run("exec", func(b *testing.B) {
		var gas uint64
		for b.Loop() {
			ctx := f.ctx().WithGasMeter(storetypes.NewInfiniteGasMeter())
			exec := &types.MsgExec{Sender: f.operator.String(), AgentId: 1, Msgs: []*codectypes.Any{anyMsg}}
			if _, err := f.msgs.Exec(ctx, exec); err != nil {
				b.Fatal(err)
			}
			gas = ctx.GasMeter().GasConsumed()
		}
		b.ReportMetric(float64(gas), "gas/op")
	})
}
