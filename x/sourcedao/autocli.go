package sourcedao

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// AutoCLIOptions describes the CLI built from the x/sourcedao services.
// The governance messages (UpdateParams, AdvanceStage, SetCoreDevelopers,
// RevokeDan, ApproveProject) are signed by the dao authority: they go into
// an x/dao proposal (aitbcd tx dao submit-proposal), so they have no tx
// command of their own.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	id := []*autocliv1.PositionalArgDescriptor{{ProtoField: "project_id"}}
	addr := []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}}
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the x/sourcedao parameters"},
				{RpcMethod: "Stages", Use: "stages", Short: "List the roadmap stages, which are unlocked and what each unlocked"},
				{RpcMethod: "Pool", Use: "pool", Short: "Show the mining pool: total, locked, releasable, reserved, claimable, paid"},
				{
					RpcMethod: "Projects", Use: "projects", Short: "List projects, optionally --state developing and/or --manager addr",
					Example: "aitbcd q sourcedao projects --state accepting",
				},
				{RpcMethod: "Project", Use: "project [project-id]", Short: "Show a project, with the digests its approvals must carry", PositionalArgs: id},
				{RpcMethod: "Contributions", Use: "contributions [project-id]", Short: "List a finished project's rewards", PositionalArgs: id},
				{RpcMethod: "Claimable", Use: "claimable [address]", Short: "List an address's unclaimed rewards and their total", PositionalArgs: addr},
				{
					RpcMethod: "Developers", Use: "developers", Short: "List core developers, or DAN developers with --kind dan",
					Example: "aitbcd q sourcedao developers --kind dan",
				},
				{RpcMethod: "Developer", Use: "developer [address]", Short: "Show an address's developer roles and cumulative contribution", PositionalArgs: addr},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "UpdateParams", Skip: true},
				{RpcMethod: "AdvanceStage", Skip: true},
				{RpcMethod: "SetCoreDevelopers", Skip: true},
				{RpcMethod: "RevokeDan", Skip: true},
				{RpcMethod: "ApproveProject", Skip: true},
				{
					RpcMethod: "CreateProject", Use: "create-project [name] [version] [budget] [start-time] [end-time]",
					Short:   "Create a project as its manager (a core developer); budget in the pool denom, times RFC 3339",
					Example: "aitbcd tx sourcedao create-project indexer 1 50000000000 2026-01-01T00:00:00Z 2026-06-30T00:00:00Z --description-uri https://example.org/indexer.md --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "name"}, {ProtoField: "version"}, {ProtoField: "budget"}, {ProtoField: "start_time"}, {ProtoField: "end_time"},
					},
				},
				{
					RpcMethod: "SubmitAcceptance", Use: "submit-acceptance [project-id] [level] [contribution-json...]",
					Short:   "Submit a developing project's result: level failed|normal|good|excellent and the contributions",
					Example: `aitbcd tx sourcedao submit-acceptance 1 excellent '{"address":"aitbc1...","value":"60"}' '{"address":"aitbc1...","value":"40"}' --from alice`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "project_id"}, {ProtoField: "level"}, {ProtoField: "contributions", Varargs: true},
					},
				},
				{
					RpcMethod: "CancelProject", Use: "cancel-project [project-id]", PositionalArgs: id,
					Short: "Cancel a preparing project, or an accepting one whose acceptance was rejected",
				},
				{
					RpcMethod: "RejectExpired", Use: "reject-expired [project-id]", PositionalArgs: id,
					Short: "Reject a project past its end time with no acceptance pending (anyone)",
				},
				{
					RpcMethod: "ClaimRewards", Use: "claim [project-id...]", Short: "Claim your rewards of finished projects, once each",
					Example:        "aitbcd tx sourcedao claim 1 2 --from bob",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "project_ids", Varargs: true}},
				},
			},
		},
	}
}
