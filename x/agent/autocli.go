package agent

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/aitbc/aitbc/x/agent/types"
)

// AutoCLIOptions describes the CLI built from the x/agent services.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	id := []*autocliv1.PositionalArgDescriptor{{ProtoField: "agent_id"}}
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the x/agent parameters"},
				{RpcMethod: "Agent", Use: "agent [agent-id]", Short: "Show an agent", PositionalArgs: id},
				{
					RpcMethod: "Agents", Use: "agents", Short: "List agents, optionally --type provider and/or --capability llm-inference",
					Example: "aitbcd q agent agents --type provider",
				},
				{
					RpcMethod: "AgentsByOwner", Use: "agents-by-owner [owner]", Short: "List an owner's agents",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "owner"}},
				},
				{RpcMethod: "Wallet", Use: "wallet [agent-id]", Short: "Show an agent's wallet address and balances", PositionalArgs: id},
				{RpcMethod: "Policy", Use: "policy [agent-id]", Short: "Show an agent's policy and the operator's spend this period", PositionalArgs: id},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "UpdateParams", Skip: true}, // sent by the dao authority in a proposal
				{
					RpcMethod: "RegisterAgent", Use: "register [type] [name]",
					FlagOptions:    map[string]*autocliv1.FlagOptions{"capabilities": {Usage: "comma-separated capabilities"}},
					Short:          "Register an agent (pays the registration fee); its wallet is derived, keyless",
					Example:        "aitbcd tx agent register provider gpu-bot --endpoint https://bot.example --capabilities llm-inference,h100 --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "type"}, {ProtoField: "name"}},
				},
				{
					RpcMethod: "UpdateAgent", Use: "update [agent-id] [name]", Short: "Replace an agent's description",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agent_id"}, {ProtoField: "name"}},
				},
				{
					RpcMethod: "SetOperator", Use: "set-operator [agent-id] [operator]", Short: "Set the key that acts for the wallet (empty string clears it)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agent_id"}, {ProtoField: "operator"}},
				},
				{
					RpcMethod: "TransferAgent", Use: "transfer [agent-id] [new-owner]", Short: "Give an agent to a new owner; operator and policy are cleared",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agent_id"}, {ProtoField: "new_owner"}},
				},
				{
					RpcMethod: "PauseAgent", Use: "pause [agent-id] [paused]", Short: "Pause (true) or resume (false) an agent",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agent_id"}, {ProtoField: "paused"}},
				},
				{RpcMethod: "RetireAgent", Use: "retire [agent-id]", Short: "Retire an agent for good; its wallet's coins go to the owner", PositionalArgs: id},
				{
					RpcMethod: "SetPolicy", Use: "set-policy [agent-id] [policy-json]",
					Short:          "Set what the operator may do: allowed message types, spend limit per period, allowed recipients",
					Example:        `aitbcd tx agent set-policy 1 '{"allowed_msg_types":["/aitbc.dao.v1.MsgLock"],"spend_limit":[{"denom":"uaitbc","amount":"5000000"}],"period":"86400s"}' --from alice`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agent_id"}, {ProtoField: "policy"}},
				},
				// Exec carries a list of messages: see client/cli (exec [agent-id] [msgs.json]).
				{RpcMethod: "Exec", Skip: true},
			},
		},
	}
}
