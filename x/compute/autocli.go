package compute

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/aitbc/aitbc/x/compute/types"
)

// AutoCLIOptions describes the CLI built from the x/compute services.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the x/compute parameters"},
				{RpcMethod: "Providers", Use: "providers", Short: "List GPU providers"},
				{
					RpcMethod: "Provider", Use: "provider [operator]", Short: "Show a provider by validator operator address",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "operator"}},
				},
				{
					RpcMethod: "Offers", Use: "offers", Short: "List open offers; with --model, cheapest first",
					Example: "aitbcd q compute offers --model H100",
				},
				{
					RpcMethod: "Offer", Use: "offer [offer-id]", Short: "Show an offer",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "offer_id"}},
				},
				{RpcMethod: "Jobs", Use: "jobs", Short: "List jobs, optionally --consumer and/or --status open"},
				{
					RpcMethod: "Job", Use: "job [job-id]", Short: "Show a job",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "job_id"}},
				},
				{RpcMethod: "Escrow", Use: "escrow", Short: "Show the escrow held for open jobs and leases, and the provider bonds"},
				{
					RpcMethod: "Leases", Use: "leases", Short: "List leases, optionally --provider and/or --status active",
					Example: "aitbcd q compute leases --provider aitbcvaloper1... --status attesting",
				},
				{
					RpcMethod: "Lease", Use: "lease [lease-id]", Short: "Show a lease with its committee, result, attestations and settlement",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "lease_id"}},
				},
				{
					RpcMethod: "AttestationsDue", Use: "attestations-due [validator]",
					Short:          "List the leases a validator still has to attest in their current phase",
					Example:        "aitbcd q compute attestations-due aitbcvaloper1...",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "validator"}},
				},
				{RpcMethod: "MarketStats", Use: "market-stats", Short: "Count open jobs and leases; median offer price and free GPUs per model"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			// submit-job (a JSON file) comes from client/cli; autocli adds
			// the rest to that command.
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "UpdateParams", Skip: true}, // sent by the dao authority in a proposal
				{
					RpcMethod: "RegisterProvider", Use: "register-provider [bond]",
					Short:          "Register your bonded validator as a GPU provider, bonding at least min_bond",
					Example:        `aitbcd tx compute register-provider 1000000000uaitbc --gpus '{"model":"H100","vram_mib":81920,"count":8}' --endpoint https://gpu.example --region eu --from validator`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "bond"}},
				},
				{RpcMethod: "UpdateProvider", Use: "update-provider", Short: "Replace your provider's endpoint, region, GPUs and attributes"},
				{
					RpcMethod: "Bond", Use: "bond [amount]", Short: "Add to your provider bond",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "amount"}},
				},
				{
					RpcMethod: "Unbond", Use: "unbond [amount]", Short: "Take part of your bond back after the unbonding period",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "amount"}},
				},
				{
					RpcMethod: "CreateOffer", Use: "create-offer [gpu-json] [price-per-gpu-hour] [min-hours] [max-hours]",
					Short:   "Offer GPUs of one kind at a price per GPU-hour",
					Example: `aitbcd tx compute create-offer '{"model":"H100","vram_mib":81920,"count":4}' 2000000uaitbc 1 72 --from validator`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "gpu"}, {ProtoField: "price_per_gpu_hour"}, {ProtoField: "min_hours"}, {ProtoField: "max_hours"},
					},
				},
				{
					RpcMethod: "UpdateOffer", Use: "update-offer [offer-id] [count] [price-per-gpu-hour] [min-hours] [max-hours]",
					Short: "Change an open offer",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "offer_id"}, {ProtoField: "count"}, {ProtoField: "price_per_gpu_hour"}, {ProtoField: "min_hours"}, {ProtoField: "max_hours"},
					},
				},
				{
					RpcMethod: "CloseOffer", Use: "close-offer [offer-id]", Short: "Close an offer to new leases",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "offer_id"}},
				},
				{RpcMethod: "SubmitJob", Skip: true}, // submit-job job.json, from client/cli
				{
					RpcMethod: "CancelJob", Use: "cancel-job [job-id]", Short: "Cancel an open job; the escrow is refunded",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "job_id"}},
				},
				{
					RpcMethod: "AcceptOffer", Use: "accept-offer [job-id] [offer-id]",
					Short:          "Lease a specific offer for your open job instead of waiting for the EndBlock match",
					Example:        "aitbcd tx compute accept-offer 7 3 --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "job_id"}, {ProtoField: "offer_id"}},
				},
				{
					RpcMethod: "SubmitResult", Use: "submit-result [lease-id] [output-hash] [gpu-seconds-used]",
					Short:          "Report a lease's result as its provider; a committee of other validators is drawn to attest it",
					Example:        "aitbcd tx compute submit-result 12 sha256:ab12... 28800 --output-uri ipfs://... --from validator",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "lease_id"}, {ProtoField: "output_hash"}, {ProtoField: "gpu_seconds_used"}},
				},
				{
					RpcMethod: "CommitAttestation", Use: "commit-attestation [lease-id] [commitment-hex]",
					Short:          "Commit, as a member of a lease's committee, to a hidden verdict: sha256(verdict || len(hash) || hash || salt), see the x/compute README",
					Example:        "aitbcd tx compute commit-attestation 12 $(printf ... | sha256sum) --from validator2 --gas 200000",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "lease_id"}, {ProtoField: "commitment"}},
				},
				{
					RpcMethod: "RevealAttestation", Use: "reveal-attestation [lease-id] [valid|invalid] [salt-hex] [observed-hash]",
					Short:          "Reveal, in the reveal phase, the verdict, observed hash and salt committed to",
					Example:        "aitbcd tx compute reveal-attestation 12 valid 9f3c...(32 bytes hex) sha256:ab12... --from validator2 --gas 400000",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "lease_id"}, {ProtoField: "verdict"}, {ProtoField: "salt"}, {ProtoField: "observed_hash", Optional: true}},
				},
				{
					RpcMethod: "EndLease", Use: "end-lease [lease-id]",
					Short:          "End your active lease early, with a full refund, when its provider is gone (validator jailed or unbonded, or provider inactive)",
					Example:        "aitbcd tx compute end-lease 12 --from alice --gas 300000",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "lease_id"}},
				},
				{
					RpcMethod: "DeclineLease", Use: "decline-lease [lease-id] [reason]",
					Short:          "Decline, as its provider, an active lease you cannot run: the consumer is refunded in full at once and sees the reason (printable, at most 256 bytes); no slash, a job failure in x/reputation",
					Example:        "aitbcd tx compute decline-lease 12 \"run: no container runtime (docker, podman) for image ghcr.io/acme/train:1\" --from validator --gas 300000",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "lease_id"}, {ProtoField: "reason"}},
				},
			},
		},
	}
}
