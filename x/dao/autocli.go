package dao

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/aitbc/aitbc/x/dao/types"
)

// AutoCLIOptions describes the CLI commands autocli builds from the x/dao
// proto services.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the x/dao parameters"},
				{
					RpcMethod:      "Lock",
					Use:            "lock [owner]",
					Short:          "Show an account's locked amount, delegatee, unlocking entries and delegated votes",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "owner"}},
				},
				{
					RpcMethod: "VotingPower",
					Use:       "voting-power [address]",
					Short:     "Show an address's snapshot voting power, now or at --time",
					Long: "Voting power at time T is min(votes(T), average over [T-W, T] of min(votes(t), votes(t-V))),\n" +
						"W = twas_window, V = vesting. --time takes an RFC 3339 time not after the latest block.",
					Example:        "aitbcd q dao voting-power aitbc1... --time 2026-11-23T10:00:00Z",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
				{
					RpcMethod: "TotalPower",
					Use:       "total-power",
					Short:     "Show the snapshot total voting power, now or at --time (RFC 3339)",
				},
				{
					RpcMethod:      "Checkpoints",
					Use:            "checkpoints [address]",
					Short:          "List the vote checkpoints of an address, oldest first",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				// Sent only by the dao authority inside a proposal.
				{RpcMethod: "UpdateParams", Skip: true},
				{
					RpcMethod:      "Lock",
					Use:            "lock [amount]",
					Short:          "Lock tokens for voting power; they count after the vesting delay",
					Example:        "aitbcd tx dao lock 1000000uaitbc --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "amount"}},
				},
				{
					RpcMethod:      "Unlock",
					Use:            "unlock [amount]",
					Short:          "Unlock tokens: voting power drops at once, tokens return after the unlock period",
					Example:        "aitbcd tx dao unlock 500000uaitbc --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "amount"}},
				},
				{
					RpcMethod:      "CancelUnlock",
					Use:            "cancel-unlock [unlock-id]",
					Short:          "Lock an unlocking entry again",
					Example:        "aitbcd tx dao cancel-unlock 3 --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "unlock_id"}},
				},
				{
					RpcMethod:      "Delegate",
					Use:            "delegate [delegatee]",
					Short:          "Delegate the voting power of all your locked tokens (pass your own address to take it back)",
					Example:        "aitbcd tx dao delegate aitbc1... --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "delegatee"}},
				},
			},
		},
	}
}
