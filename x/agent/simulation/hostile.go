package simulation

import (
	"context"
	"math/rand"

	"cosmossdk.io/math"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/testutil/hostile"
	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/agent/keeper"
	"github.com/aitbc/aitbc/x/agent/types"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
)

// Hostile and mutated variants. Mutated ones start from a plausible message
// and spoil one or two fields: capabilities become index keys, so a NUL in
// one reaches collections; names, endpoints and URIs carry control bytes;
// types are out of range; operators and owners are not addresses, or the
// agent's own wallet; policies have bad type URLs, negative limits and
// periods; execs nest execs, carry unknown types and messages the wallet
// does not sign. A refusal with a registered error is the expected outcome.

var maxAmount = math.NewInt(1_000_000_000_000)

func hostileType(r *rand.Rand) types.AgentType { return types.AgentType(int32(hostile.Uint64(r, 6))) }

func spoilCapabilities(r *rand.Rand, caps []string) []string {
	caps = append([]string(nil), caps...)
	switch r.Intn(4) {
	case 0:
		return append(caps, simops.KeyText(r, capabilities[r.Intn(len(capabilities))]))
	case 1:
		if len(caps) > 0 {
			return append(caps, caps[0]) // repeated
		}
		return []string{""}
	case 2:
		for range 20 {
			caps = append(caps, simops.Text(r, "c"))
		}
		return caps
	}
	return append(caps, "H100\x00")
}

var registerMutations = []simops.Mutation[*types.MsgRegisterAgent]{
	func(r *rand.Rand, m *types.MsgRegisterAgent) { m.Type = hostileType(r) },
	func(r *rand.Rand, m *types.MsgRegisterAgent) { m.Name = simops.BadText(r, m.Name) },
	func(r *rand.Rand, m *types.MsgRegisterAgent) { m.Endpoint = simops.BadText(r, m.Endpoint) },
	func(r *rand.Rand, m *types.MsgRegisterAgent) { m.Capabilities = spoilCapabilities(r, m.Capabilities) },
	func(r *rand.Rand, m *types.MsgRegisterAgent) { m.Capabilities = spoilCapabilities(r, m.Capabilities) },
	func(r *rand.Rand, m *types.MsgRegisterAgent) { m.MetadataUri = simops.BadText(r, m.MetadataUri) },
	func(r *rand.Rand, m *types.MsgRegisterAgent) { m.MetadataHash = simops.BadText(r, m.MetadataHash) },
}

var updateMutations = []simops.Mutation[*types.MsgUpdateAgent]{
	func(r *rand.Rand, m *types.MsgUpdateAgent) { m.AgentId = hostile.Uint64(r, 100) },
	func(r *rand.Rand, m *types.MsgUpdateAgent) { m.Name = simops.BadText(r, m.Name) },
	func(r *rand.Rand, m *types.MsgUpdateAgent) { m.Endpoint = simops.BadText(r, m.Endpoint) },
	func(r *rand.Rand, m *types.MsgUpdateAgent) { m.Capabilities = spoilCapabilities(r, m.Capabilities) },
	func(r *rand.Rand, m *types.MsgUpdateAgent) { m.Capabilities = spoilCapabilities(r, m.Capabilities) },
	func(r *rand.Rand, m *types.MsgUpdateAgent) { m.MetadataUri = simops.BadText(r, m.MetadataUri) },
}

var setOperatorMutations = []simops.Mutation[*types.MsgSetOperator]{
	func(r *rand.Rand, m *types.MsgSetOperator) { m.AgentId = hostile.Uint64(r, 100) },
	func(r *rand.Rand, m *types.MsgSetOperator) { m.Operator = simops.BadText(r, m.Operator) },
}

var transferMutations = []simops.Mutation[*types.MsgTransferAgent]{
	func(r *rand.Rand, m *types.MsgTransferAgent) { m.AgentId = hostile.Uint64(r, 100) },
	func(r *rand.Rand, m *types.MsgTransferAgent) { m.NewOwner = simops.BadText(r, m.NewOwner) },
}

func spoilPolicy(r *rand.Rand, p types.Policy) types.Policy {
	switch r.Intn(5) {
	case 0:
		p.AllowedMsgTypes = append(p.AllowedMsgTypes, simops.BadText(r, "/cosmos.bank.v1beta1.MsgSend"))
	case 1:
		p.SpendLimit = simops.Coins(r, daotypes.DefaultLockDenom, maxAmount)
	case 2:
		p.Period = simops.Duration(r)
	case 3:
		p.AllowedRecipients = append(p.AllowedRecipients, simops.BadText(r, "aitbc1"))
	default:
		for range 40 {
			p.AllowedMsgTypes = append(p.AllowedMsgTypes, "/x")
		}
	}
	return p
}

var setPolicyMutations = []simops.Mutation[*types.MsgSetPolicy]{
	func(r *rand.Rand, m *types.MsgSetPolicy) { m.AgentId = hostile.Uint64(r, 100) },
	func(r *rand.Rand, m *types.MsgSetPolicy) { m.Policy = spoilPolicy(r, m.Policy) },
	func(r *rand.Rand, m *types.MsgSetPolicy) { m.Policy = spoilPolicy(r, m.Policy) },
}

// spoilExec adds a hostile message: an exec nested in the exec, an unknown
// type, a message the wallet does not sign, a send of a hostile amount, or
// more messages than allowed.
func spoilExec(r *rand.Rand, m *types.MsgExec) {
	pack := func(msg sdk.Msg) *codectypes.Any {
		a, err := codectypes.NewAnyWithValue(msg)
		if err != nil {
			panic(err)
		}
		return a
	}
	wallet := m.Sender
	if cred, err := keeper.WalletAddress(m.AgentId); err == nil {
		wallet = sdk.AccAddress(cred.Address()).String()
	}
	switch r.Intn(5) {
	case 0:
		inner := &types.MsgExec{Sender: wallet, AgentId: m.AgentId, Msgs: m.Msgs}
		m.Msgs = append(m.Msgs, pack(inner))
	case 1:
		m.Msgs = append(m.Msgs, &codectypes.Any{TypeUrl: simops.Text(r, "/aitbc.agent.v1.MsgUnknown"), Value: []byte(hostile.RandomRunes(r, 8))})
	case 2:
		m.Msgs = append(m.Msgs, pack(&daotypes.MsgDelegate{Delegator: m.Sender, Delegatee: wallet}))
	case 3:
		m.Msgs = append(m.Msgs, pack(&banktypes.MsgSend{FromAddress: wallet, ToAddress: authtypes.NewModuleAddress(daotypes.VoteEscrowName).String(),
			Amount: simops.Coins(r, daotypes.DefaultLockDenom, maxAmount)}))
	default:
		for range 10 {
			m.Msgs = append(m.Msgs, m.Msgs...)
			if len(m.Msgs) > 16 {
				break
			}
		}
	}
}

var execMutations = []simops.Mutation[*types.MsgExec]{
	func(r *rand.Rand, m *types.MsgExec) { m.AgentId = hostile.Uint64(r, 100) },
	func(r *rand.Rand, m *types.MsgExec) { spoilExec(r, m) },
	func(r *rand.Rand, m *types.MsgExec) { spoilExec(r, m) },
	func(_ *rand.Rand, m *types.MsgExec) { m.Msgs = nil },
}

// MsgSetOperatorSelfFactory makes an agent's wallet its own operator: an
// exec by the owner may then carry an exec by the wallet, which must not
// loop or escape the policy.
func MsgSetOperatorSelfFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetOperator, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		a, ok := pickAgent(rctx, k, data)
		if !ok {
			from := simops.AnyAccount(data)
			return simops.Signers(from), &types.MsgSetOperator{Owner: from.AddressBech32, AgentId: hostile.Uint64(data.Rand().Rand, 100)}, simops.Hostile
		}
		return simops.Signers(a.owner), &types.MsgSetOperator{Owner: a.Owner, AgentId: a.Id, Operator: a.Wallet}, simops.Hostile
	})
}

// MsgPauseAgentHostileFactory and MsgRetireAgentHostileFactory act on
// extreme agent ids.
func MsgPauseAgentHostileFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgPauseAgent, simsx.SimDeliveryResultHandler) {
		r := data.Rand().Rand
		from := simops.AnyAccount(data)
		return simops.Signers(from), &types.MsgPauseAgent{Owner: from.AddressBech32, AgentId: hostile.Uint64(r, 100), Paused: r.Intn(2) == 0}, simops.Hostile
	})
}

// MsgRetireAgentHostileFactory retires an extreme agent id.
func MsgRetireAgentHostileFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRetireAgent, simsx.SimDeliveryResultHandler) {
		from := simops.AnyAccount(data)
		return simops.Signers(from), &types.MsgRetireAgent{Owner: from.AddressBech32, AgentId: hostile.Uint64(data.Rand().Rand, 100)}, simops.Hostile
	})
}

// MsgRegisterAgentHostileFactory registers an agent whose every field is
// hostile.
func MsgRegisterAgentHostileFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRegisterAgent, simsx.SimDeliveryResultHandler) {
		r := data.Rand().Rand
		from := simops.AnyAccount(data)
		caps := make([]string, r.Intn(20))
		for i := range caps {
			caps[i] = simops.Text(r, capabilities[r.Intn(len(capabilities))])
		}
		msg := &types.MsgRegisterAgent{
			Owner: from.AddressBech32, Type: hostileType(r), Name: simops.Text(r, "agent"), Endpoint: simops.Text(r, ""),
			Capabilities: caps, MetadataUri: simops.Text(r, ""), MetadataHash: simops.Text(r, ""),
		}
		return simops.Signers(from), msg, simops.Hostile
	})
}

func registerHostile(w func(string, uint32) uint32, reg simsx.Registry, k keeper.Keeper) {
	reg.Add(w("msg_register_agent_hostile", weightHostile), MsgRegisterAgentHostileFactory())
	reg.Add(w("msg_pause_agent_hostile", weightHostile), MsgPauseAgentHostileFactory())
	reg.Add(w("msg_retire_agent_hostile", weightHostile), MsgRetireAgentHostileFactory())
	reg.Add(w("msg_set_operator_self", weightHostile), MsgSetOperatorSelfFactory(k))
	reg.Add(w("msg_register_agent_mutated", weightMutated), simops.Mutated(MsgRegisterAgentFactory(k), registerMutations...))
	reg.Add(w("msg_update_agent_mutated", weightMutated), simops.Mutated(MsgUpdateAgentFactory(k), updateMutations...))
	reg.Add(w("msg_set_operator_mutated", weightMutated), simops.Mutated(MsgSetOperatorFactory(k), setOperatorMutations...))
	reg.Add(w("msg_transfer_agent_mutated", weightMutated), simops.Mutated(MsgTransferAgentFactory(k), transferMutations...))
	reg.Add(w("msg_set_policy_mutated", weightMutated), simops.Mutated(MsgSetPolicyFactory(k), setPolicyMutations...))
	reg.Add(w("msg_exec_mutated", weightMutated), simops.Mutated(MsgExecFactory(k), execMutations...))
}
