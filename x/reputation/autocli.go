package reputation

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/aitbc/aitbc/x/reputation/types"
)

// AutoCLIOptions describes the CLI built from the x/reputation services.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the x/reputation parameters"},
				{
					RpcMethod:      "Score",
					Use:            "score [address]",
					Short:          "Show a subject's score (0-1000) and decayed counts per outcome kind",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
				{
					RpcMethod:      "TopSubjects",
					Use:            "top [kind]",
					Short:          "List subjects by score of a kind (all, job, attestation, feedback), best first",
					Example:        "aitbcd q reputation top job --limit 10",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "kind"}},
				},
				{
					RpcMethod:      "Rating",
					Use:            "rating [rater] [deal-ref]",
					Short:          "Show a rater's rating of a deal",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "rater"}, {ProtoField: "deal_ref"}},
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "UpdateParams", Skip: true}, // sent by the dao authority in a proposal
				{
					RpcMethod:      "Rate",
					Use:            "rate [deal-ref] [score] [comment-uri]",
					Short:          "Rate the counterparty of a finished deal (score 1-5), once per deal",
					Example:        "aitbcd tx reputation rate compute/42 5 ipfs://... --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "deal_ref"}, {ProtoField: "score"}, {ProtoField: "comment_uri", Optional: true}},
				},
			},
		},
	}
}
