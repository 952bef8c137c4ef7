// Package cli holds the x/agent command autocli cannot build: executing a
// list of messages for an agent's wallet from a JSON file.
package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/agent/types"
)

// GetTxCmd returns the agent tx command with exec; autocli adds the rest.
func GetTxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        types.ModuleName,
		Short:                      "Transactions commands for the agent module",
		DisableFlagParsing:         true,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(NewExecCmd())
	return cmd
}

// NewExecCmd runs messages for an agent's wallet.
func NewExecCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "exec [agent-id] [msgs.json]",
		Short: "Run messages with an agent's wallet as signer (as its owner, or as its operator within the policy)",
		Long: `Run messages with an agent's wallet as signer. msgs.json is a JSON array of
messages in the JSON form of cosmos gov proposals, each signed by the wallet
(see 'aitbcd q agent wallet [agent-id]'), for example:

[
  {"@type": "/aitbc.dao.v1.MsgLock", "owner": "aitbc1<wallet>", "amount": {"denom": "uaitbc", "amount": "1000000"}},
  {"@type": "/aitbc.dao.v1.MsgVote", "voter": "aitbc1<wallet>", "proposal_id": "1", "option": "VOTE_OPTION_YES"}
]`,
		Example: "aitbcd tx agent exec 1 msgs.json --from operator --gas 600000 --fees 1500uaitbc",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("agent id %q: %w", args[0], err)
			}
			bz, err := os.ReadFile(args[1])
			if err != nil {
				return fmt.Errorf("read messages file: %w", err)
			}
			var raw []json.RawMessage
			if err := json.Unmarshal(bz, &raw); err != nil {
				return fmt.Errorf("%s must hold a JSON array of messages: %w", args[1], err)
			}
			msg := &types.MsgExec{Sender: clientCtx.GetFromAddress().String(), AgentId: id}
			for i, r := range raw {
				var m sdk.Msg
				if err := clientCtx.Codec.UnmarshalInterfaceJSON(r, &m); err != nil {
					return fmt.Errorf("message %d of %s: %w", i, args[1], err)
				}
				a, err := codectypes.NewAnyWithValue(m)
				if err != nil {
					return err
				}
				msg.Msgs = append(msg.Msgs, a)
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}
