package keeper_test

import (
	"strings"
	"testing"
	"time"

	"cosmossdk.io/math"
	storetypes "cosmossdk.io/store/types"
	"github.com/stretchr/testify/require"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/testutil"
	"github.com/aitbc/aitbc/x/agent/keeper"
	"github.com/aitbc/aitbc/x/agent/types"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
)

const denom = "uaitbc"

type fixture struct {
	t                         testing.TB
	app                       *testutil.TestApp
	k                         keeper.Keeper
	msgs                      types.MsgServer
	q                         types.QueryServer
	now                       time.Time
	owner, operator, stranger sdk.AccAddress
}

func newFixture(t testing.TB) *fixture {
	ta := testutil.NewTestApp(t)
	addrs := testutil.Addrs(3)
	f := &fixture{t: t, app: ta, k: ta.AgentKeeper, now: ta.LastBlock, owner: addrs[0], operator: addrs[1], stranger: addrs[2]}
	f.msgs = keeper.NewMsgServerImpl(f.k)
	f.q = keeper.NewQueryServerImpl(f.k)
	for _, a := range addrs {
		ta.Fund(t, f.ctx(), a, sdk.NewCoins(sdk.NewInt64Coin(denom, 1_000_000_000_000)))
	}
	return f
}

func (f *fixture) ctx() sdk.Context { return f.app.Context(f.now) }

func (f *fixture) balance(a sdk.AccAddress) math.Int {
	return f.app.BankKeeper.GetBalance(f.ctx(), a, denom).Amount
}

func (f *fixture) register(caps ...string) *types.MsgRegisterAgentResponse {
	f.t.Helper()
	res, err := f.msgs.RegisterAgent(f.ctx(), &types.MsgRegisterAgent{
		Owner: f.owner.String(), Type: types.AGENT_TYPE_PROVIDER, Name: "gpu-bot", Endpoint: "https://bot.example", Capabilities: caps,
	})
	require.NoError(f.t, err)
	return res
}

func (f *fixture) exec(sender sdk.AccAddress, id uint64, msgs ...sdk.Msg) error {
	anys := make([]*codectypes.Any, len(msgs))
	for i, m := range msgs {
		a, err := codectypes.NewAnyWithValue(m)
		require.NoError(f.t, err)
		anys[i] = a
	}
	_, err := f.msgs.Exec(f.ctx(), &types.MsgExec{Sender: sender.String(), AgentId: id, Msgs: anys})
	return err
}

func send(from, to sdk.AccAddress, amount int64) sdk.Msg {
	return &banktypes.MsgSend{FromAddress: from.String(), ToAddress: to.String(), Amount: sdk.NewCoins(sdk.NewInt64Coin(denom, amount))}
}

func TestRegisterAgentDerivesKeylessWalletAndChargesFee(t *testing.T) {
	f := newFixture(t)
	treasury := authtypes.NewModuleAddress(daotypes.ModuleName)
	tBefore, oBefore := f.balance(treasury), f.balance(f.owner)
	res := f.register("llm-inference", "h100")
	require.Equal(t, uint64(1), res.AgentId)
	fee := types.DefaultParams().RegistrationFee.AmountOf(denom)
	require.Equal(t, tBefore.Add(fee), f.balance(treasury), "fee to the treasury")
	require.Equal(t, oBefore.Sub(fee), f.balance(f.owner))

	cred, err := keeper.WalletAddress(1)
	require.NoError(t, err)
	require.Equal(t, sdk.AccAddress(cred.Address()).String(), res.Wallet)
	acc := f.app.AccountKeeper.GetAccount(f.ctx(), sdk.MustAccAddressFromBech32(res.Wallet))
	require.NotNil(t, acc)
	require.IsType(t, &authtypes.ModuleCredential{}, acc.GetPubKey(), "a module credential, no private key")

	second := f.register()
	require.NotEqual(t, res.Wallet, second.Wallet)
	a, err := f.q.Agent(f.ctx(), &types.QueryAgentRequest{AgentId: 1})
	require.NoError(t, err)
	require.Equal(t, types.AGENT_STATUS_ACTIVE, a.Agent.Status)
	require.Equal(t, f.owner.String(), a.Agent.Owner)
	require.Equal(t, "provider", f.k.AgentTypeOf(f.ctx(), sdk.MustAccAddressFromBech32(res.Wallet)), "the dao electorate group")
	require.Equal(t, "", f.k.AgentTypeOf(f.ctx(), f.owner))
	require.Equal(t, f.owner, f.k.OwnerOf(f.ctx(), sdk.MustAccAddressFromBech32(res.Wallet)))
}

// Every wallet is WalletAddressLength bytes, so an address of another length
// is answered without a store read: x/dao asks for every voter.
func TestAgentOfWalletReadsOnlyWalletLengths(t *testing.T) {
	f := newFixture(t)
	for _, id := range []uint64{0, 1, 1 << 32, ^uint64(0)} {
		cred, err := keeper.WalletAddress(id)
		require.NoError(t, err)
		require.Len(t, cred.Address(), types.WalletAddressLength, "wallet of agent %d", id)
	}
	wallet := sdk.MustAccAddressFromBech32(f.register().Wallet)

	lookup := func(addr sdk.AccAddress) (bool, storetypes.Gas) {
		ctx := f.ctx().WithGasMeter(storetypes.NewInfiniteGasMeter())
		_, found, err := f.k.AgentOfWallet(ctx, addr)
		require.NoError(t, err)
		return found, ctx.GasMeter().GasConsumed()
	}
	found, gas := lookup(wallet)
	require.True(t, found)
	require.Positive(t, gas)
	found, gas = lookup(sdk.AccAddress(make([]byte, types.WalletAddressLength)))
	require.False(t, found)
	require.Positive(t, gas, "a 32-byte address may be a wallet: read")
	for _, addr := range []sdk.AccAddress{f.owner, wallet[:20], append(append(sdk.AccAddress{}, wallet...), 0)} {
		found, gas = lookup(addr)
		require.False(t, found, "%d bytes", len(addr))
		require.Zero(t, gas, "%d bytes: no read", len(addr))
	}
	require.Len(t, f.owner, 20)
}

func TestRegisterAgentBadInput(t *testing.T) {
	f := newFixture(t)
	long := strings.Repeat("x", 1000)
	cases := []struct {
		name string
		msg  types.MsgRegisterAgent
		err  error
	}{
		{"no type", types.MsgRegisterAgent{Owner: f.owner.String(), Name: "a"}, types.ErrInvalidAgent},
		{"no name", types.MsgRegisterAgent{Owner: f.owner.String(), Type: types.AGENT_TYPE_BUILDER}, types.ErrInvalidAgent},
		{"long name", types.MsgRegisterAgent{Owner: f.owner.String(), Type: types.AGENT_TYPE_BUILDER, Name: long}, types.ErrInvalidAgent},
		{"long endpoint", types.MsgRegisterAgent{Owner: f.owner.String(), Type: types.AGENT_TYPE_BUILDER, Name: "a", Endpoint: long}, types.ErrInvalidAgent},
		{"long uri", types.MsgRegisterAgent{Owner: f.owner.String(), Type: types.AGENT_TYPE_BUILDER, Name: "a", MetadataUri: long}, types.ErrInvalidAgent},
		{"repeated capability", types.MsgRegisterAgent{Owner: f.owner.String(), Type: types.AGENT_TYPE_BUILDER, Name: "a", Capabilities: []string{"x", "x"}}, types.ErrInvalidAgent},
		{"bad owner", types.MsgRegisterAgent{Owner: "nope", Type: types.AGENT_TYPE_BUILDER, Name: "a"}, types.ErrInvalidAddress},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.msgs.RegisterAgent(f.ctx(), &tc.msg)
			require.ErrorIs(t, err, tc.err)
		})
	}
	broke := sdk.AccAddress([]byte("no-coins-at-all"))
	_, err := f.msgs.RegisterAgent(f.ctx(), &types.MsgRegisterAgent{Owner: broke.String(), Type: types.AGENT_TYPE_BUILDER, Name: "a"})
	require.ErrorContains(t, err, "registration fee")
	seq, err := f.k.AgentSeq.Peek(f.ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(1), seq, "nothing registered: the next id is still the first")
}

func TestOperatorExecWithinPolicy(t *testing.T) {
	f := newFixture(t)
	res := f.register()
	wallet := sdk.MustAccAddressFromBech32(res.Wallet)
	require.NoError(t, f.app.BankKeeper.SendCoins(f.ctx(), f.stranger, wallet, sdk.NewCoins(sdk.NewInt64Coin(denom, 1_000_000))), "anyone funds a wallet")
	_, err := f.msgs.SetOperator(f.ctx(), &types.MsgSetOperator{Owner: f.owner.String(), AgentId: 1, Operator: f.operator.String()})
	require.NoError(t, err)

	require.ErrorIs(t, f.exec(f.operator, 1, send(wallet, f.stranger, 10)), types.ErrMsgNotAllowed, "no policy: nothing allowed")
	_, err = f.msgs.SetPolicy(f.ctx(), &types.MsgSetPolicy{Owner: f.owner.String(), AgentId: 1, Policy: types.Policy{
		AllowedMsgTypes:   []string{"/cosmos.bank.v1beta1.MsgSend", "/aitbc.dao.v1.MsgLock"},
		SpendLimit:        sdk.NewCoins(sdk.NewInt64Coin(denom, 500)),
		Period:            24 * time.Hour,
		AllowedRecipients: []string{f.stranger.String()},
	}})
	require.NoError(t, err)

	require.NoError(t, f.exec(f.operator, 1, send(wallet, f.stranger, 300)))
	require.NoError(t, f.exec(f.operator, 1, &daotypes.MsgLock{Owner: wallet.String(), Amount: sdk.NewInt64Coin(denom, 100)}), "a dao lock counts as spend")
	pol, err := f.q.Policy(f.ctx(), &types.QueryPolicyRequest{AgentId: 1})
	require.NoError(t, err)
	require.Equal(t, sdk.NewCoins(sdk.NewInt64Coin(denom, 400)), pol.Spent.Spent)

	walletBefore := f.balance(wallet)
	require.ErrorIs(t, f.exec(f.operator, 1, send(wallet, f.stranger, 101)), types.ErrSpendLimit, "over the limit")
	require.ErrorIs(t, f.exec(f.operator, 1, send(wallet, f.owner, 1)), types.ErrRecipientBlocked)
	require.ErrorIs(t, f.exec(f.operator, 1, &daotypes.MsgDelegate{Delegator: wallet.String(), Delegatee: f.operator.String()}), types.ErrMsgNotAllowed)
	require.ErrorIs(t, f.exec(f.operator, 1, send(f.operator, f.stranger, 1)), types.ErrNotWalletSigned, "signer is not the wallet")
	require.ErrorIs(t, f.exec(f.stranger, 1, send(wallet, f.stranger, 1)), types.ErrUnauthorized)
	require.Equal(t, walletBefore, f.balance(wallet), "nothing moved")

	// a new period resets the spend
	f.now = f.now.Add(24 * time.Hour)
	require.NoError(t, f.exec(f.operator, 1, send(wallet, f.stranger, 500)))

	// the owner is not bound by the policy
	require.NoError(t, f.exec(f.owner, 1, send(wallet, f.owner, 1000)))
}

func TestPauseTransferRetire(t *testing.T) {
	f := newFixture(t)
	res := f.register("llm")
	wallet := sdk.MustAccAddressFromBech32(res.Wallet)
	f.app.Fund(t, f.ctx(), wallet, sdk.NewCoins(sdk.NewInt64Coin(denom, 5_000)))
	_, err := f.msgs.SetOperator(f.ctx(), &types.MsgSetOperator{Owner: f.owner.String(), AgentId: 1, Operator: f.operator.String()})
	require.NoError(t, err)
	_, err = f.msgs.SetPolicy(f.ctx(), &types.MsgSetPolicy{Owner: f.owner.String(), AgentId: 1, Policy: types.Policy{
		AllowedMsgTypes: []string{"/cosmos.bank.v1beta1.MsgSend"}, SpendLimit: sdk.NewCoins(sdk.NewInt64Coin(denom, 100)), Period: time.Hour,
	}})
	require.NoError(t, err)

	_, err = f.msgs.PauseAgent(f.ctx(), &types.MsgPauseAgent{Owner: f.operator.String(), AgentId: 1, Paused: true})
	require.ErrorIs(t, err, types.ErrNotOwner)
	_, err = f.msgs.PauseAgent(f.ctx(), &types.MsgPauseAgent{Owner: f.owner.String(), AgentId: 1, Paused: true})
	require.NoError(t, err)
	require.ErrorIs(t, f.exec(f.operator, 1, send(wallet, f.stranger, 1)), types.ErrAgentInactive)
	require.ErrorIs(t, f.exec(f.owner, 1, send(wallet, f.stranger, 1)), types.ErrAgentInactive, "resume first")
	_, err = f.msgs.PauseAgent(f.ctx(), &types.MsgPauseAgent{Owner: f.owner.String(), AgentId: 1, Paused: false})
	require.NoError(t, err)
	require.NoError(t, f.exec(f.operator, 1, send(wallet, f.stranger, 1)))

	// transfer clears operator and policy
	_, err = f.msgs.TransferAgent(f.ctx(), &types.MsgTransferAgent{Owner: f.owner.String(), AgentId: 1, NewOwner: f.stranger.String()})
	require.NoError(t, err)
	require.ErrorIs(t, f.exec(f.operator, 1, send(wallet, f.stranger, 1)), types.ErrUnauthorized)
	_, err = f.q.Policy(f.ctx(), &types.QueryPolicyRequest{AgentId: 1})
	require.ErrorIs(t, err, types.ErrNoPolicy)
	byOwner, err := f.q.AgentsByOwner(f.ctx(), &types.QueryAgentsByOwnerRequest{Owner: f.stranger.String()})
	require.NoError(t, err)
	require.Len(t, byOwner.Agents, 1)

	// retire returns the wallet's coins to the (new) owner
	before := f.balance(f.stranger)
	walletCoins := f.balance(wallet)
	_, err = f.msgs.RetireAgent(f.ctx(), &types.MsgRetireAgent{Owner: f.stranger.String(), AgentId: 1})
	require.NoError(t, err)
	require.True(t, f.balance(wallet).IsZero())
	require.Equal(t, before.Add(walletCoins), f.balance(f.stranger))
	_, err = f.msgs.UpdateAgent(f.ctx(), &types.MsgUpdateAgent{Owner: f.stranger.String(), AgentId: 1, Name: "again"})
	require.ErrorIs(t, err, types.ErrAgentInactive)
	require.Equal(t, "", f.k.AgentTypeOf(f.ctx(), wallet), "a retired agent has no electorate group")
}

func TestAgentQueriesByTypeAndCapability(t *testing.T) {
	f := newFixture(t)
	f.register("llm", "h100")
	f.register("h100")
	_, err := f.msgs.RegisterAgent(f.ctx(), &types.MsgRegisterAgent{Owner: f.stranger.String(), Type: types.AGENT_TYPE_CONSUMER, Name: "buyer", Capabilities: []string{"llm"}})
	require.NoError(t, err)
	byType, err := f.q.Agents(f.ctx(), &types.QueryAgentsRequest{Type: types.AGENT_TYPE_PROVIDER})
	require.NoError(t, err)
	require.Len(t, byType.Agents, 2)
	byCap, err := f.q.Agents(f.ctx(), &types.QueryAgentsRequest{Capability: "llm"})
	require.NoError(t, err)
	require.Len(t, byCap.Agents, 2)
	both, err := f.q.Agents(f.ctx(), &types.QueryAgentsRequest{Capability: "llm", Type: types.AGENT_TYPE_CONSUMER})
	require.NoError(t, err)
	require.Len(t, both.Agents, 1)
	// updating capabilities moves the index
	_, err = f.msgs.UpdateAgent(f.ctx(), &types.MsgUpdateAgent{Owner: f.owner.String(), AgentId: 1, Name: "gpu-bot", Capabilities: []string{"video"}})
	require.NoError(t, err)
	byCap, err = f.q.Agents(f.ctx(), &types.QueryAgentsRequest{Capability: "llm"})
	require.NoError(t, err)
	require.Len(t, byCap.Agents, 1)
	all, err := f.q.Agents(f.ctx(), &types.QueryAgentsRequest{})
	require.NoError(t, err)
	require.Len(t, all.Agents, 3)
	_, err = f.q.Agent(f.ctx(), &types.QueryAgentRequest{AgentId: 9})
	require.ErrorIs(t, err, types.ErrAgentNotFound)

	f.requireGenesisRoundTrip()
}

// requireGenesisRoundTrip exports f's state, validates it, imports it
// into a fresh app and requires the same export from there; it returns
// the export.
func (f *fixture) requireGenesisRoundTrip() *types.GenesisState {
	f.t.Helper()
	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(f.t, err)
	require.NoError(f.t, exported.Validate())
	g := newFixture(f.t)
	require.NoError(f.t, g.k.InitGenesis(g.ctx(), *exported))
	again, err := g.k.ExportGenesis(g.ctx())
	require.NoError(f.t, err)
	require.Equal(f.t, exported, again)
	return exported
}
