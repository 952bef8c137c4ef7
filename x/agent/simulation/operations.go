package simulation

import (
	"context"
	"fmt"
	"math/rand"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/agent/keeper"
	"github.com/aitbc/aitbc/x/agent/types"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
)

// Default operation weights; a params file overrides each as
// "op_weight_agent_<name>".
const (
	weightRegister      = 30
	weightUpdate        = 10
	weightSetOperator   = 10
	weightTransfer      = 5
	weightPause         = 6
	weightRetire        = 2
	weightSetPolicy     = 10
	weightExec          = 30
	weightFundWallet    = 10
	weightAuthorityOnly = 2
	weightHostile       = 3
	weightMutated       = 5
)

// RegisterOperations adds an operation for every x/agent message: the
// plausible ones, hostile and mutated variants, UpdateParams from an
// account that is not the authority, and bank sends that fund agent wallets
// so their operators have something to spend.
func RegisterOperations(weights simsx.WeightSource, reg simsx.Registry, k keeper.Keeper) {
	w := func(name string, def uint32) uint32 { return weights.Get("agent_"+name, def) }
	reg.Add(w("msg_register_agent", weightRegister), MsgRegisterAgentFactory(k))
	reg.Add(w("msg_update_agent", weightUpdate), MsgUpdateAgentFactory(k))
	reg.Add(w("msg_set_operator", weightSetOperator), MsgSetOperatorFactory(k))
	reg.Add(w("msg_transfer_agent", weightTransfer), MsgTransferAgentFactory(k))
	reg.Add(w("msg_pause_agent", weightPause), MsgPauseAgentFactory(k))
	reg.Add(w("msg_retire_agent", weightRetire), MsgRetireAgentFactory(k))
	reg.Add(w("msg_set_policy", weightSetPolicy), MsgSetPolicyFactory(k))
	reg.Add(w("msg_exec", weightExec), MsgExecFactory(k))
	reg.Add(w("fund_wallet", weightFundWallet), FundWalletFactory(k))
	reg.Add(w("msg_update_params_unauthorized", weightAuthorityOnly), MsgUpdateParamsUnauthorizedFactory())
	registerHostile(w, reg, k)
}

func params(ctx context.Context, k keeper.Keeper) types.Params {
	p, err := k.Params.Get(ctx)
	if err != nil {
		panic(err)
	}
	return p
}

// description is a valid description within the params.
type description struct {
	name, endpoint, uri, hash string
	capabilities              []string
}

func randomDescription(r *rand.Rand, p types.Params) description {
	d := description{
		name: fmt.Sprintf("agent-%d", r.Intn(100_000)), endpoint: fmt.Sprintf("https://agent-%d.example.org", r.Intn(1000)),
		uri: "ipfs://bafy" + fmt.Sprint(r.Intn(1_000_000)), hash: fmt.Sprintf("sha256:%016x", r.Uint64()),
	}
	for _, i := range r.Perm(len(capabilities))[:r.Intn(int(min(p.MaxCapabilities, 4))+1)] {
		d.capabilities = append(d.capabilities, capabilities[i])
	}
	return d
}

func agentType(r *rand.Rand) types.AgentType { return types.AgentType(1 + r.Intn(4)) }

// MsgRegisterAgentFactory registers an agent, paying the registration fee.
func MsgRegisterAgentFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRegisterAgent, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		p := params(rctx, k)
		owner := simops.AnyAccount(data)
		d := randomDescription(r, p)
		msg := &types.MsgRegisterAgent{
			Owner: owner.AddressBech32, Type: agentType(r), Name: d.name, Endpoint: d.endpoint,
			Capabilities: d.capabilities, MetadataUri: d.uri, MetadataHash: d.hash,
		}
		for _, c := range p.RegistrationFee {
			owner.LiquidBalance().BlockAmount(c)
		}
		return simops.Signers(owner), msg, simops.Tolerate(sdkerrors.ErrInsufficientFunds)
	})
}

// pickAgent picks an agent that is not retired.
func pickAgent(ctx context.Context, k keeper.Keeper, data *simsx.ChainDataSource) (agent, bool) {
	return simops.Pick(data.Rand().Rand, agents(ctx, k, data, false))
}

// MsgUpdateAgentFactory redescribes an agent.
func MsgUpdateAgentFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateAgent, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		d := randomDescription(r, params(rctx, k))
		msg := &types.MsgUpdateAgent{Name: d.name, Endpoint: d.endpoint, Capabilities: d.capabilities, MetadataUri: d.uri, MetadataHash: d.hash}
		a, ok := pickAgent(rctx, k, data)
		if !ok {
			from := simops.AnyAccount(data)
			msg.Owner, msg.AgentId = from.AddressBech32, unknownAgentID(rctx, k)
			return simops.Signers(from), msg, simops.MustFail(types.ErrAgentNotFound)
		}
		msg.Owner, msg.AgentId = a.Owner, a.Id
		return simops.Signers(a.owner), msg, simops.Tolerate()
	})
}

// MsgSetOperatorFactory sets an agent's operator, or clears it.
func MsgSetOperatorFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetOperator, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		operator := simops.AnyAccount(data).AddressBech32
		if r.Intn(5) == 0 {
			operator = ""
		}
		a, ok := pickAgent(rctx, k, data)
		if !ok {
			from := simops.AnyAccount(data)
			msg := &types.MsgSetOperator{Owner: from.AddressBech32, AgentId: unknownAgentID(rctx, k), Operator: operator}
			return simops.Signers(from), msg, simops.MustFail(types.ErrAgentNotFound)
		}
		return simops.Signers(a.owner), &types.MsgSetOperator{Owner: a.Owner, AgentId: a.Id, Operator: operator}, simops.Tolerate()
	})
}

// MsgTransferAgentFactory gives an agent to another account.
func MsgTransferAgentFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgTransferAgent, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		to := simops.AnyAccount(data).AddressBech32
		a, ok := pickAgent(rctx, k, data)
		if !ok {
			from := simops.AnyAccount(data)
			msg := &types.MsgTransferAgent{Owner: from.AddressBech32, AgentId: unknownAgentID(rctx, k), NewOwner: to}
			return simops.Signers(from), msg, simops.MustFail(types.ErrAgentNotFound)
		}
		return simops.Signers(a.owner), &types.MsgTransferAgent{Owner: a.Owner, AgentId: a.Id, NewOwner: to}, simops.Tolerate()
	})
}

// MsgPauseAgentFactory pauses or resumes an agent.
func MsgPauseAgentFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgPauseAgent, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		a, ok := pickAgent(rctx, k, data)
		if !ok {
			from := simops.AnyAccount(data)
			msg := &types.MsgPauseAgent{Owner: from.AddressBech32, AgentId: unknownAgentID(rctx, k), Paused: true}
			return simops.Signers(from), msg, simops.MustFail(types.ErrAgentNotFound)
		}
		msg := &types.MsgPauseAgent{Owner: a.Owner, AgentId: a.Id, Paused: a.Status == types.AGENT_STATUS_ACTIVE}
		return simops.Signers(a.owner), msg, simops.Tolerate()
	})
}

// MsgRetireAgentFactory retires an agent; a retired one must refuse it.
func MsgRetireAgentFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRetireAgent, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		if retired, ok := simops.Pick(r, agents(rctx, k, data, true)); ok && r.Intn(4) == 0 {
			return simops.Signers(retired.owner), &types.MsgRetireAgent{Owner: retired.Owner, AgentId: retired.Id}, simops.MustFail(types.ErrAgentInactive)
		}
		a, ok := pickAgent(rctx, k, data)
		if !ok {
			from := simops.AnyAccount(data)
			return simops.Signers(from), &types.MsgRetireAgent{Owner: from.AddressBech32, AgentId: unknownAgentID(rctx, k)}, simops.MustFail(types.ErrAgentNotFound)
		}
		return simops.Signers(a.owner), &types.MsgRetireAgent{Owner: a.Owner, AgentId: a.Id}, simops.Tolerate()
	})
}

// execTypes are the messages operators are allowed and agents execute.
var execTypes = []string{
	sdk.MsgTypeURL(&banktypes.MsgSend{}), sdk.MsgTypeURL(&daotypes.MsgDelegate{}), sdk.MsgTypeURL(&daotypes.MsgLock{}),
}

// MsgSetPolicyFactory sets what an agent's operator may do.
func MsgSetPolicyFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetPolicy, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		p := params(rctx, k)
		policy := types.Policy{
			SpendLimit: sdk.NewCoins(sdk.NewCoin(daotypes.DefaultLockDenom, math.NewInt(1+r.Int63n(10_000_000)))),
			Period:     simops.Hours(r, 1, 48),
		}
		for _, i := range r.Perm(len(execTypes))[:1+r.Intn(len(execTypes))] {
			if len(policy.AllowedMsgTypes) < int(p.MaxPolicyEntries) {
				policy.AllowedMsgTypes = append(policy.AllowedMsgTypes, execTypes[i])
			}
		}
		if len(policy.AllowedMsgTypes) < int(p.MaxPolicyEntries) && r.Intn(2) == 0 {
			policy.AllowedRecipients = []string{simops.AnyAccount(data).AddressBech32}
		}
		a, ok := pickAgent(rctx, k, data)
		if !ok {
			from := simops.AnyAccount(data)
			msg := &types.MsgSetPolicy{Owner: from.AddressBech32, AgentId: unknownAgentID(rctx, k), Policy: policy}
			return simops.Signers(from), msg, simops.MustFail(types.ErrAgentNotFound)
		}
		return simops.Signers(a.owner), &types.MsgSetPolicy{Owner: a.Owner, AgentId: a.Id, Policy: policy}, simops.Tolerate()
	})
}

// walletMsgs returns one or two messages signed by the wallet: a dao
// delegation (needs no funds), a bank send or a lock of a small amount.
func walletMsgs(r *rand.Rand, data *simsx.ChainDataSource, wallet string) []*codectypes.Any {
	var out []*codectypes.Any
	for range 1 + r.Intn(2) {
		var m sdk.Msg
		coin := sdk.NewCoin(daotypes.DefaultLockDenom, math.NewInt(1+r.Int63n(1_000_000)))
		switch r.Intn(3) {
		case 0:
			m = &daotypes.MsgDelegate{Delegator: wallet, Delegatee: simops.AnyAccount(data).AddressBech32}
		case 1:
			m = &banktypes.MsgSend{FromAddress: wallet, ToAddress: simops.AnyAccount(data).AddressBech32, Amount: sdk.NewCoins(coin)}
		default:
			m = &daotypes.MsgLock{Owner: wallet, Amount: coin}
		}
		a, err := codectypes.NewAnyWithValue(m)
		if err != nil {
			panic(err)
		}
		out = append(out, a)
	}
	return out
}

// execRefusals are what an exec of plausible messages may meet: the
// policy, the wallet's balance, a delegation that is already in place, a
// bank that does not send the denom.
var execRefusals = []*errorsmod.Error{
	types.ErrMsgNotAllowed, types.ErrSpendLimit, types.ErrRecipientBlocked,
	daotypes.ErrAlreadyDelegated, sdkerrors.ErrInsufficientFunds, banktypes.ErrSendDisabled,
}

// MsgExecFactory runs wallet messages as the owner of an active agent or
// as its operator.
func MsgExecFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgExec, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		var active []agent
		for _, a := range agents(rctx, k, data, false) {
			if a.Status == types.AGENT_STATUS_ACTIVE {
				active = append(active, a)
			}
		}
		a, ok := simops.Pick(r, active)
		if !ok {
			from := simops.AnyAccount(data)
			msg := &types.MsgExec{Sender: from.AddressBech32, AgentId: unknownAgentID(rctx, k), Msgs: walletMsgs(r, data, from.AddressBech32)}
			return simops.Signers(from), msg, simops.MustFail(types.ErrAgentNotFound)
		}
		sender := a.owner
		if op, ok := simops.Account(data, a.Operator); ok && r.Intn(2) == 0 {
			sender = op
		}
		msg := &types.MsgExec{Sender: sender.AddressBech32, AgentId: a.Id, Msgs: walletMsgs(r, data, a.Wallet)}
		if len(msg.Msgs) > int(params(rctx, k).MaxExecMessages) {
			msg.Msgs = msg.Msgs[:1]
		}
		return simops.Signers(sender), msg, simops.Tolerate(execRefusals...)
	})
}

// FundWalletFactory sends coins to an agent's wallet.
func FundWalletFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *banktypes.MsgSend, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		from := simops.AnyAccount(data)
		to := simops.AnyAccount(data).AddressBech32
		if a, ok := pickAgent(rctx, k, data); ok {
			to = a.Wallet
		}
		coin := sdk.NewCoin(daotypes.DefaultLockDenom, simops.Amount(r, from.LiquidBalance().AmountOf(daotypes.DefaultLockDenom).QuoRaw(20)))
		if !coin.IsPositive() {
			coin.Amount = math.OneInt()
		}
		from.LiquidBalance().BlockAmount(coin)
		msg := &banktypes.MsgSend{FromAddress: from.AddressBech32, ToAddress: to, Amount: sdk.NewCoins(coin)}
		return simops.Signers(from), msg, simops.Tolerate(sdkerrors.ErrInsufficientFunds, banktypes.ErrSendDisabled)
	})
}
