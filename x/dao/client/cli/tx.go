// Package cli holds the x/dao commands autocli cannot build: submitting a
// proposal whose messages come from a JSON file, and a split vote with
// decimal weights.
package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// ProposalFile is the JSON a proposal is submitted from. Messages are in
// the JSON form of cosmos gov: {"@type": "/pkg.Msg", ...fields}.
type ProposalFile struct {
	Class        string            `json:"class"`
	Title        string            `json:"title"`
	Summary      string            `json:"summary"`
	Metadata     string            `json:"metadata"`
	Messages     []json.RawMessage `json:"messages"`
	VotingPeriod string            `json:"voting_period,omitempty"`
}

// GetTxCmd returns the dao tx command with submit-proposal and
// vote-weighted; autocli adds the other commands to it.
func GetTxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        types.ModuleName,
		Short:                      "Transactions commands for the dao module",
		DisableFlagParsing:         true,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(NewSubmitProposalCmd(), NewVoteWeightedCmd())
	return cmd
}

// NewSubmitProposalCmd submits a proposal from a JSON file.
func NewSubmitProposalCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "submit-proposal [proposal.json]",
		Short: "Submit a proposal from a JSON file",
		Long: `Submit a proposal. The bond of its class is escrowed from the proposer and
the proposer's voting power must reach the class minimum. Every message must
have the dao module account as its signer (see 'aitbcd q auth module-account dao').

Example proposal.json:
{
  "class": "standard",
  "title": "Raise the staking max validators",
  "summary": "Why and how ...",
  "metadata": "ipfs://...",
  "voting_period": "168h",
  "messages": [
    {
      "@type": "/cosmos.staking.v1beta1.MsgUpdateParams",
      "authority": "aitbc1vwr8z00ty7mqnk4dtchr9mn9j96nuh6wwkc2yg",
      "params": { ... }
    }
  ]
}

voting_period is optional (the class default); "aitbcd q dao classes" lists
the classes with their bonds, quorums and periods.`,
		Example: "aitbcd tx dao submit-proposal proposal.json --from alice --gas auto --gas-adjustment 1.5 --gas-prices 0.0025uaitbc",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			msg, err := ParseProposalFile(clientCtx, args[0])
			if err != nil {
				return err
			}
			msg.Proposer = clientCtx.GetFromAddress().String()
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// ParseProposalFile reads a proposal file into a MsgSubmitProposal without
// a proposer.
func ParseProposalFile(clientCtx client.Context, path string) (*types.MsgSubmitProposal, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read proposal file: %w", err)
	}
	var file ProposalFile
	if err := json.Unmarshal(bz, &file); err != nil {
		return nil, fmt.Errorf("proposal file %s: %w", path, err)
	}
	msg := &types.MsgSubmitProposal{Class: file.Class, Title: file.Title, Summary: file.Summary, Metadata: file.Metadata}
	if file.VotingPeriod != "" {
		d, err := time.ParseDuration(file.VotingPeriod)
		if err != nil {
			return nil, fmt.Errorf("voting_period %q: %w (use e.g. 168h)", file.VotingPeriod, err)
		}
		msg.VotingPeriod = d
	}
	for i, raw := range file.Messages {
		var m sdk.Msg
		if err := clientCtx.Codec.UnmarshalInterfaceJSON(raw, &m); err != nil {
			return nil, fmt.Errorf("message %d of %s: %w", i, path, err)
		}
		anyMsg, err := codectypes.NewAnyWithValue(m)
		if err != nil {
			return nil, err
		}
		msg.Messages = append(msg.Messages, anyMsg)
	}
	return msg, nil
}
