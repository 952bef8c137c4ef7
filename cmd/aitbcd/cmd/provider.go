package cmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/provider/config"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

// providerMsgTypes are the compute messages the daemon's hot key sends,
// each wrapped in an authz MsgExec signed by the hot key for the operator.
var providerMsgTypes = []string{
	sdk.MsgTypeURL(&computetypes.MsgSubmitResult{}),
	sdk.MsgTypeURL(&computetypes.MsgCommitAttestation{}),
	sdk.MsgTypeURL(&computetypes.MsgRevealAttestation{}),
	sdk.MsgTypeURL(&computetypes.MsgDeclineLease{}),
}

const feegrantAllowedMsg = "/cosmos.authz.v1beta1.MsgExec"

// ProviderCommand is `aitbcd provider`: the GPU provider daemon and its setup.
func ProviderCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "provider",
		Short: "Run the GPU provider daemon and set it up",
		Long: `The provider daemon runs the compute leases this validator provides and
re-runs and attests the results it is drawn to check. It reads
<home>/config/provider.toml and keeps its idempotence state in
<home>/data/provider; the chain is the source of truth.

Setup: provider init, then provider setup-keys (run the one printed command
with the operator key: provider authorize), then provider start.`,
		RunE: client.ValidateCmd,
	}
	cmd.AddCommand(providerInitCmd(), providerSetupKeysCmd(), providerAuthorizeCmd(), providerStatusCmd(), providerStartCmd())
	return cmd
}

// homeFlag is --home (added to the root by svrcmd.Execute), else the client home.
func homeFlag(cmd *cobra.Command) string {
	if h, err := cmd.Flags().GetString(flags.FlagHome); err == nil && h != "" {
		return h
	}
	return client.GetClientContextFromCmd(cmd).HomeDir
}

func providerInitCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Write the default provider.toml under <home>/config and print its path",
		Long: `Write <home>/config/provider.toml with every key, its default and a comment.
An existing file is never overwritten.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := config.WriteDefault(homeFlag(cmd))
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), p)
			return err
		},
	}
}

func providerSetupKeysCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "setup-keys [operator] [hot-key-address]",
		Short: "Print the one command the operator runs to authorize the hot provider key",
		Long: `Print the one command (provider authorize) the validator OPERATOR runs once
to let the hot provider key act for it. It sends a single transaction with:

  - an authz generic grant per compute message the daemon sends (` + strings.Join(providerMsgTypes, ", ") + `),
    so the hot key can send exactly these, for the operator, and nothing else;
  - a fee grant restricted to ` + feegrantAllowedMsg + `, so the hot key pays its
    fees from the operator's account without holding funds.

Why authz and feegrant: they are standard cosmos-sdk modules every wallet and
explorer understands; each grant is revocable at once (tx authz revoke,
tx feegrant revoke) if the provider machine is compromised; and the
operator key, which holds the bond and the validator, stays offline: only
this one transaction ever needs it (sign it offline with --generate-only,
tx sign, tx broadcast if you prefer). The hot key lives in the node's
keyring (key.name, key.keyring_backend in provider.toml) so the daemon runs
unattended.

operator is the operator's key name or address (used with --from);
hot-key-address is the hot key's address or its name in the keyring.`,
		Example: "aitbcd provider setup-keys operator provider --chain-id aitbc-1 --keyring-backend test",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			hot, err := resolveAddress(clientCtx, args[1])
			if err != nil {
				return err
			}
			chainID, _ := cmd.Flags().GetString(flags.FlagChainID)
			if chainID == "" {
				chainID = clientCtx.ChainID
			}
			expiration, _ := cmd.Flags().GetInt64(flagGrantExpiration)
			spendLimit, _ := cmd.Flags().GetString(flagFeeSpendLimit)
			gasPrices, _ := cmd.Flags().GetString(flags.FlagGasPrices)
			return writeSetupKeys(cmd.OutOrStdout(), args[0], hot, chainID, expiration, spendLimit, gasPrices)
		},
	}
	cmd.Flags().String(flags.FlagChainID, "", "chain id to print in the command (default: the client config's)")
	// The keyring in which a hot key given by name is looked up (the Example uses it).
	cmd.Flags().String(flags.FlagKeyringBackend, flags.DefaultKeyringBackend, "keyring of the hot key when it is given by name")
	cmd.Flags().Int64(flagGrantExpiration, 0, "unix time the authz grants expire (0: never)")
	cmd.Flags().String(flagFeeSpendLimit, "", "most the fee grant may spend, e.g. 10000000uaitbc (empty: unlimited)")
	cmd.Flags().String(flags.FlagGasPrices, config.Default().Key.GasPrices, "gas prices to print in the command (at least the node's minimum-gas-prices)")
	return cmd
}

const (
	flagGrantExpiration = "grant-expiration"
	flagFeeSpendLimit   = "fee-spend-limit"
)

// resolveAddress accepts an address or a key name in the keyring.
func resolveAddress(clientCtx client.Context, s string) (string, error) {
	if _, err := sdk.AccAddressFromBech32(s); err == nil {
		return s, nil
	}
	if clientCtx.Keyring == nil {
		return "", fmt.Errorf("%q is not an address and no keyring is open", s)
	}
	rec, err := clientCtx.Keyring.Key(s)
	if err != nil {
		return "", fmt.Errorf("%q is neither an address nor a key: %w", s, err)
	}
	addr, err := rec.GetAddress()
	if err != nil {
		return "", err
	}
	return addr.String(), nil
}

// writeSetupKeys prints the provider authorize command: one transaction
// with every grant, its gas simulated (it holds several messages, more than
// the CLI's default 200k gas covers).
func writeSetupKeys(w io.Writer, operator, hot, chainID string, expiration int64, spendLimit, gasPrices string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Run once with the OPERATOR key (%s): one transaction grants the hot key %s the compute messages and a fee grant.\n", operator, hot)
	line := "aitbcd provider authorize " + hot + " --from " + operator
	if chainID != "" {
		line += " --chain-id " + chainID
	}
	if expiration > 0 {
		line += fmt.Sprintf(" --%s %d", flagGrantExpiration, expiration)
	}
	if spendLimit != "" {
		line += " --" + flagFeeSpendLimit + " " + spendLimit
	}
	line += " --gas auto --gas-adjustment 1.5"
	if gasPrices != "" {
		line += " --gas-prices " + gasPrices
	}
	b.WriteString(line + "\n")
	fmt.Fprintf(&b, "# Revoke with: aitbcd tx authz revoke %s <msg-type> --from %s; aitbcd tx feegrant revoke %s %s --from %s\n",
		hot, operator, operator, hot, operator)
	_, err := io.WriteString(w, b.String())
	return err
}
