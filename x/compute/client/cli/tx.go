// Package cli holds the x/compute command autocli cannot build: submitting
// a job from a JSON file.
package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"

	"github.com/aitbc/aitbc/x/compute/types"
)

// GetTxCmd returns the compute tx command with submit-job; autocli adds the
// other commands to it.
func GetTxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        types.ModuleName,
		Short:                      "Transactions commands for the compute module",
		DisableFlagParsing:         true,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(NewSubmitJobCmd())
	return cmd
}

// NewSubmitJobCmd submits a job from a JSON file.
func NewSubmitJobCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "submit-job [job.json]",
		Short: "Submit a GPU job from a JSON file; max price x GPUs x hours is escrowed",
		Long: `Submit a job. Its maximum cost (max_price_per_gpu_hour x count x hours) is
escrowed from the sender until the job is matched to the cheapest eligible
offer (the difference to the offer's price is refunded then), cancelled, or
reaches its deadline unmatched (all refunded).

Example job.json (the fields of MsgSubmitJob; consumer is the --from key):
{
  "requirements": {"model": "H100", "min_vram_mib": 0, "count": 2, "hours": 4},
  "max_price_per_gpu_hour": {"denom": "uaitbc", "amount": "3000000"},
  "workload": {"image": "ghcr.io/acme/train:1", "args": ["--epochs", "3"],
               "env": [{"name": "SEED", "value": "7"}]},
  "input_uri": "ipfs://bafy...",
  "input_hash": "sha256:9f86d0...",
  "min_provider_reputation": 400,
  "deadline": "2026-12-01T00:00:00Z"
}

Leave "model" empty and set "min_vram_mib" to accept any GPU with that much
memory.`,
		Example: "aitbcd tx compute submit-job job.json --from alice --gas auto --gas-adjustment 1.5 --gas-prices 0.0025uaitbc",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			msg, err := ParseJobFile(clientCtx, args[0])
			if err != nil {
				return err
			}
			from := clientCtx.GetFromAddress().String()
			if msg.Consumer != "" && msg.Consumer != from {
				return fmt.Errorf("job file names consumer %s but --from is %s", msg.Consumer, from)
			}
			msg.Consumer = from
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// ParseJobFile reads a job file (MsgSubmitJob in proto JSON).
func ParseJobFile(clientCtx client.Context, path string) (*types.MsgSubmitJob, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read job file: %w", err)
	}
	var msg types.MsgSubmitJob
	if err := clientCtx.Codec.UnmarshalJSON(bz, &msg); err != nil {
		return nil, fmt.Errorf("job file %s: %w", path, err)
	}
	return &msg, nil
}
