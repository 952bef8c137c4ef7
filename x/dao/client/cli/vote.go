package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"

	"github.com/aitbc/aitbc/x/dao/types"
)

// NewVoteWeightedCmd splits a vote over several options. autocli cannot
// build it: a weight is a LegacyDec, whose wire form is an 18-decimal
// integer, so the JSON "0.6" autocli would send reaches the chain as an
// undecodable weight. Here the weights are parsed as decimals first.
func NewVoteWeightedCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "vote-weighted [proposal-id] [options]",
		Short: "Split your vote over options, e.g. yes=0.6,no=0.4",
		Long: `Split your voting power over several options. Options are comma-separated
option=weight pairs; the options are yes, abstain, no and no_with_veto (or
their VOTE_OPTION_* names), each at most once, and the weights are decimals
in (0, 1] that add up to exactly 1. Committee-class proposals take a single
option with weight 1 (use 'vote'). --reason stores a short reason with the
vote (at most 280 bytes).`,
		Example: `aitbcd tx dao vote-weighted 4 yes=0.7,no=0.3 --from alice
aitbcd tx dao vote-weighted 4 yes=0.5,abstain=0.5 --reason "split on the budget" --from alice`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil || id == 0 {
				return fmt.Errorf("proposal id %q: want a positive integer", args[0])
			}
			options, err := ParseWeightedVoteOptions(args[1])
			if err != nil {
				return err
			}
			reason, err := cmd.Flags().GetString(flagReason)
			if err != nil {
				return err
			}
			if err := types.ValidateVoteReason(reason); err != nil {
				return err
			}
			msg := &types.MsgVoteWeighted{Voter: clientCtx.GetFromAddress().String(), ProposalId: id, Options: options, Reason: reason}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().String(flagReason, "", "why you vote so, stored with the vote (at most 280 bytes)")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// flagReason is the vote's reason; autocli gives 'vote' the same flag from
// MsgVote's reason field.
const flagReason = "reason"

// voteOptionNames are the short names the CLI accepts besides the enum's.
var voteOptionNames = map[string]types.VoteOption{
	"yes":          types.VOTE_OPTION_YES,
	"abstain":      types.VOTE_OPTION_ABSTAIN,
	"no":           types.VOTE_OPTION_NO,
	"no_with_veto": types.VOTE_OPTION_NO_WITH_VETO,
	"veto":         types.VOTE_OPTION_NO_WITH_VETO,
}

// ParseWeightedVoteOptions parses "yes=0.6,no=0.4" into a split vote and
// checks it as the chain will (types.ValidateVoteOptions).
func ParseWeightedVoteOptions(s string) ([]types.WeightedVoteOption, error) {
	var options []types.WeightedVoteOption
	for _, pair := range strings.Split(s, ",") {
		name, weight, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok {
			return nil, fmt.Errorf("vote option %q: want option=weight, e.g. yes=0.6", pair)
		}
		name = strings.ToLower(strings.TrimSpace(name))
		option, known := voteOptionNames[name]
		if !known {
			v, inEnum := types.VoteOption_value[strings.ToUpper(name)]
			if !inEnum || v == int32(types.VOTE_OPTION_UNSPECIFIED) {
				return nil, fmt.Errorf("vote option %q: want yes, abstain, no or no_with_veto", name)
			}
			option = types.VoteOption(v)
		}
		w, err := math.LegacyNewDecFromStr(strings.TrimSpace(weight))
		if err != nil {
			return nil, fmt.Errorf("weight of %s %q: want a decimal such as 0.6: %w", name, weight, err)
		}
		options = append(options, types.WeightedVoteOption{Option: option, Weight: w})
	}
	if err := types.ValidateVoteOptions(options); err != nil {
		return nil, err
	}
	return options, nil
}
