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
				{
					RpcMethod: "Proposals",
					Use:       "proposals",
					Short:     "List proposals, optionally --status voting and --class standard",
				},
				{
					RpcMethod:      "Proposal",
					Use:            "proposal [proposal-id]",
					Short:          "Show a proposal",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "proposal_id"}},
				},
				{
					RpcMethod:      "Tally",
					Use:            "tally [proposal-id]",
					Short:          "Show a proposal's running tally, its quorum and the status it would get now",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "proposal_id"}},
				},
				{
					RpcMethod:      "Votes",
					Use:            "votes [proposal-id]",
					Short:          "List the votes on a proposal",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "proposal_id"}},
				},
				{
					RpcMethod:      "Vote",
					Use:            "vote [proposal-id] [voter]",
					Short:          "Show one voter's vote on a proposal",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "proposal_id"}, {ProtoField: "voter"}},
				},
				{RpcMethod: "Committee", Use: "committee", Short: "Show the committee members and alternates"},
				{RpcMethod: "Constitution", Use: "constitution", Short: "Show the constitution"},
				{RpcMethod: "Classes", Use: "classes", Short: "Show the proposal classes and which messages need which class"},
				{
					RpcMethod: "Health",
					Use:       "health",
					Short:     "Show governance health figures per class and electorate group over the latest buckets",
					Long: "Sums the health buckets (health_window each) of the latest --buckets (0: all kept, health_buckets):\n" +
						"proposals by final status, turnout = votes cast / snapshot total power, pass rate = passed / voted,\n" +
						"agent participation (votes of the agent groups). --class and --group filter the rows.",
					Example: "aitbcd q dao health --class standard --buckets 4",
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"class":   {Usage: "only this proposal class's rows"},
						"group":   {Usage: "only this electorate group's rows (human, provider, consumer, builder, coordinator)"},
						"buckets": {Usage: "how many of the latest buckets to sum, the current one included (0: all kept)"},
					},
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			// submit-proposal (a JSON file with messages) comes from
			// client/cli; autocli adds the rest to that command.
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				// Sent only by the dao authority inside a proposal.
				{RpcMethod: "UpdateParams", Skip: true},
				{RpcMethod: "UpdateCommittee", Skip: true},
				{RpcMethod: "CommunitySpend", Skip: true},
				{RpcMethod: "SetConstitution", Skip: true},
				{RpcMethod: "SubmitProposal", Skip: true},
				{RpcMethod: "VoteWeighted", Skip: true},
				{
					RpcMethod:      "CancelProposal",
					Use:            "cancel-proposal [proposal-id]",
					Short:          "Withdraw your proposal before voting starts; the bond is returned",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "proposal_id"}},
				},
				{
					RpcMethod:      "Challenge",
					Use:            "challenge [proposal-id] [reason]",
					Short:          "Challenge a proposal as invalid during its challenge period (escrows the challenge bond)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "proposal_id"}, {ProtoField: "reason"}},
				},
				{
					RpcMethod:      "RuleChallenge",
					Use:            "rule-challenge [proposal-id] [uphold]",
					Short:          "Committee: rule on a challenge (true upholds it and cancels the proposal, false dismisses it)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "proposal_id"}, {ProtoField: "uphold"}},
				},
				{
					RpcMethod:      "Vote",
					Use:            "vote [proposal-id] [option]",
					Short:          "Vote yes, no, abstain or no-with-veto; vote again to change it until voting ends",
					Example:        "aitbcd tx dao vote 1 yes --from alice\naitbcd tx dao vote 1 no --reason \"the budget is too high\" --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "proposal_id"}, {ProtoField: "option"}},
					FlagOptions:    map[string]*autocliv1.FlagOptions{"reason": {Usage: "why you vote so, stored with the vote (at most 280 bytes)"}},
				},
				{
					RpcMethod:      "Approve",
					Use:            "approve [proposal-id]",
					Short:          "Committee: approve a proposal that needs council approvals (emergency)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "proposal_id"}},
				},
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
