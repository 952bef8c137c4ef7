// Package cli holds the x/compute command autocli cannot build: submitting
// a job from a JSON file.
package cli

import (
	"fmt"
	"os"
	"time"

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
  "min_provider_reputation": 400
}

Leave "model" empty and set "min_vram_mib" to accept any GPU with that much
memory.

"deadline" (RFC 3339, e.g. "2030-01-01T00:00:00Z") is optional: without it
the deadline is now + --deadline-in (default 24h), so a job file can be
submitted again as it is. The chain requires a deadline after the block
time and at most max_job_duration (30 days by default) away.`,
		Example: `aitbcd tx compute submit-job examples/jobs/count.json --from alice --gas auto --gas-adjustment 1.5 --gas-prices 0.0025uaitbc
aitbcd tx compute submit-job job.json --deadline-in 2h --from alice --gas auto --gas-adjustment 1.5 --gas-prices 0.0025uaitbc`,
		Args: cobra.ExactArgs(1),
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
			in, err := cmd.Flags().GetDuration(flagDeadlineIn)
			if err != nil {
				return err
			}
			if err := SetDeadline(msg, time.Now(), in, cmd.Flags().Changed(flagDeadlineIn)); err != nil {
				return err
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().Duration(flagDeadlineIn, DefaultDeadlineIn,
		`deadline of a job file without "deadline": now + this (e.g. 2h, 72h)`)
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

const flagDeadlineIn = "deadline-in"

// DefaultDeadlineIn is --deadline-in's default: a job unmatched for a day
// expires and is refunded.
const DefaultDeadlineIn = 24 * time.Hour

// SetDeadline gives a job without a deadline now + in. A job file that sets
// its deadline keeps it; asking for --deadline-in as well is an error, so
// the flag is never silently ignored.
func SetDeadline(msg *types.MsgSubmitJob, now time.Time, in time.Duration, flagSet bool) error {
	if !msg.Deadline.IsZero() {
		if flagSet {
			return fmt.Errorf("the job file sets deadline %s; drop it from the file or drop --%s",
				msg.Deadline.Format(time.RFC3339), flagDeadlineIn)
		}
		return nil
	}
	if in <= 0 {
		return fmt.Errorf("--%s must be positive, got %s", flagDeadlineIn, in)
	}
	// Whole seconds, UTC: the deadline reads the same in the tx and events.
	msg.Deadline = now.Add(in).UTC().Truncate(time.Second)
	return nil
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
