package cmd

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"cosmossdk.io/x/feegrant"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
)

const flagFeeGrant = "fee-grant"

// providerAuthorizeCmd is `provider authorize`: every grant the hot key needs,
// in one transaction the operator signs, so setup is one command and one block.
func providerAuthorizeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "authorize [hot-key-address]",
		Short: "Authorize the hot provider key in one transaction signed by the operator (--from)",
		Long: `Send one transaction, signed by the validator OPERATOR (--from), holding
every grant the provider daemon's hot key needs:

  - an authz generic grant per compute message the daemon sends, for the
    operator (see 'aitbcd provider setup-keys --help' for the list and why);
  - a fee grant restricted to ` + feegrantAllowedMsg + `, so the hot key pays its fees
    from the operator's account without holding funds.

All grants land in the same block or none does. hot-key-address is the hot
key's address or its name in the keyring. With --fee-grant=false the fee
grant is left out (e.g. to add a grant for a new message type when the fee
grant exists already: a second fee grant to the same key is refused).
--generate-only prints the unsigned transaction instead, to sign offline.`,
		Example: "aitbcd provider authorize provider --from validator --chain-id aitbc-1 --keyring-backend test --gas auto --gas-adjustment 1.5 --gas-prices 0.0025uaitbc",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			hotStr, err := resolveAddress(clientCtx, args[0])
			if err != nil {
				return err
			}
			hot, err := sdk.AccAddressFromBech32(hotStr)
			if err != nil {
				return err
			}
			expiration, _ := cmd.Flags().GetInt64(flagGrantExpiration)
			spendLimit, _ := cmd.Flags().GetString(flagFeeSpendLimit)
			withFeeGrant, _ := cmd.Flags().GetBool(flagFeeGrant)
			msgs, err := authorizeMsgs(clientCtx.GetFromAddress(), hot, expiration, spendLimit, withFeeGrant)
			if err != nil {
				return err
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msgs...)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	cmd.Flags().Int64(flagGrantExpiration, 0, "unix time the authz grants expire (0: never)")
	cmd.Flags().String(flagFeeSpendLimit, "", "most the fee grant may spend, e.g. 10000000uaitbc (empty: unlimited)")
	cmd.Flags().Bool(flagFeeGrant, true, "include the fee grant")
	return cmd
}

// authorizeMsgs are the messages of `provider authorize`: one authz generic
// grant per providerMsgTypes entry, then (withFeeGrant) the fee grant
// restricted to MsgExec, the only message the hot key sends.
func authorizeMsgs(operator, hot sdk.AccAddress, expiration int64, spendLimit string, withFeeGrant bool) ([]sdk.Msg, error) {
	if operator.Empty() {
		return nil, fmt.Errorf("no operator: pass --from")
	}
	if operator.Equals(hot) {
		return nil, fmt.Errorf("the hot key %s is the operator itself; authorize a separate key", hot)
	}
	var exp *time.Time
	if expiration > 0 {
		t := time.Unix(expiration, 0).UTC()
		exp = &t
	}
	msgs := make([]sdk.Msg, 0, len(providerMsgTypes)+1)
	for _, m := range providerMsgTypes {
		g, err := authz.NewMsgGrant(operator, hot, authz.NewGenericAuthorization(m), exp)
		if err != nil {
			return nil, fmt.Errorf("authz grant of %s: %w", m, err)
		}
		msgs = append(msgs, g)
	}
	if !withFeeGrant {
		return msgs, nil
	}
	basic := &feegrant.BasicAllowance{}
	if spendLimit != "" {
		limit, err := sdk.ParseCoinsNormalized(spendLimit)
		if err != nil {
			return nil, fmt.Errorf("--%s %q: %w", flagFeeSpendLimit, spendLimit, err)
		}
		basic.SpendLimit = limit
	}
	allowance, err := feegrant.NewAllowedMsgAllowance(basic, []string{feegrantAllowedMsg})
	if err != nil {
		return nil, err
	}
	fg, err := feegrant.NewMsgGrantAllowance(allowance, operator, hot)
	if err != nil {
		return nil, err
	}
	return append(msgs, fg), nil
}
