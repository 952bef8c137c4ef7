package load

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"cosmossdk.io/math"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

const (
	flagAccounts      = "accounts"
	flagTxs           = "txs"
	flagSeed          = "seed"
	flagWorkers       = "workers"
	flagFund          = "fund"
	flagLock          = "lock"
	flagClass         = "class"
	flagMaxWait       = "max-wait"
	flagTimeout       = "timeout"
	flagStallBlocks   = "stall-blocks"
	defaultGasPrices  = "0.0025uaitbc"
	feeCapGas         = 1_000_000 // funding provides this much gas per transaction when --gas is not set
	defaultGasAdjust  = 1.5
	defaultMaxWait    = 2 * time.Minute
	defaultRunTimeout = 30 * time.Minute
)

// Command is `aitbcd load`, with one subcommand per kind and compare.
func Command() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Send N signed transactions of a kind into a node and report the committed TPS",
		Long: `Send N transactions of one kind into a node as fast as its mempool takes them,
and report the committed throughput from the blocks.

Each run:
  1. derives --accounts keys from --seed (the same seed gives the same
     accounts, so a chain funds them once) and tops up, from the --from key,
     every account holding less than its transactions need (to at least
     --fund), in a few MsgMultiSend transactions;
  2. prepares the kind (dao-vote: locks, a proposal; see its help);
  3. reads each account's number and sequence once, signs all --txs
     transactions offline (transaction j from account j mod N, sequences in
     order), and broadcasts them (sync, CometBFT RPC --node) on --workers
     connections, waiting out a full mempool;
  4. reads every block from the one before the first broadcast until every
     accepted transaction is in a block (or --stall-blocks pass without one).

The report: transactions sent, accepted by CheckTx, committed (code 0),
failed in blocks, failures by stage and code, gas used per transaction, and
the committed TPS: committed transactions over the time of the blocks from
the first to the last that included one (the last block's time minus the
time of the block before the first), with a line per block. Progress goes
to stderr, the report to stdout (-o json for a machine).

'aitbcd load compare BASE KIND' runs two kinds in alternating batches on
one node and reports the ratio of their TPS (see its help).

Transactions pay --gas-prices times the gas limit: --gas, or one
transaction of the batch simulated times --gas-adjustment (the first from
an account that never signed, whose transaction also stores its public
key, else the first).

The accounts are test keys: anyone who knows the seed can spend from them.
Use a local or test chain.`,
		Example: `  # on 'make localnet' (bank sends; alice funds 2,000 accounts once)
  aitbcd load bank-send --from alice --accounts 2000 --txs 2000 --home build/localnet --keyring-backend test
  # the same accounts vote on a fresh proposal (needs a chain with short dao vesting, see dao-vote --help)
  aitbcd load dao-vote --from alice --accounts 2000 --txs 2000 --home build/localnet --keyring-backend test -o json`,
		RunE: client.ValidateCmd,
	}
	for _, k := range Kinds {
		cmd.AddCommand(kindCommand(k))
	}
	cmd.AddCommand(compareCommand())
	return cmd
}

// kindHelp is the extra help of a kind's command.
var kindHelp = map[string]string{
	"bank-send": `Account i sends 1 base unit of the gas price's denom to account i+1.`,
	"dao-vote": `Every account first locks --lock (what it lacks of it; once per seed), and
the --from key locks what it lacks of the class's min_proposer_power; the
run then waits (at most --max-wait) until those locks have voting power,
which takes the chain's dao vesting + twas_window (8 days on a default
chain: run on a chain whose genesis shortens them, e.g. vesting "0s" and
twas_window "1s", as the e2e test does, or lock and come back). The --from
key then submits a proposal without messages in --class (default: the
token class with the shortest challenge period, emergency on a default
chain) with the class's longest voting period, and each account votes on
it: account i votes yes, no, abstain by i mod 3 (so yes never reaches a
super-quorum that would end the vote early). With --txs above --accounts,
accounts vote again (a changed vote). Each run submits a new proposal,
which escrows the class's bond from --from until it ends.`,
}

func kindCommand(k Kind) *cobra.Command {
	cmd := &cobra.Command{
		Use:   k.Name(),
		Short: k.Short(),
		Long:  k.Short() + ".\n\n" + kindHelp[k.Name()] + "\n\nSee `aitbcd load --help` for the run and its report.",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SilenceUsage = true // a failed run is not a usage error
			return runKind(cmd, k)
		},
	}
	addRunFlags(cmd)
	return cmd
}

// addRunFlags adds the flags of a run: the kinds' commands and compare
// share them.
func addRunFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.String(flags.FlagFrom, "", "key (in the keyring) that funds the accounts and, for dao-vote, submits the proposal")
	f.String(flags.FlagChainID, "", "chain id (default: client.toml)")
	f.String(flags.FlagNode, "", "CometBFT RPC of the node (default: client.toml)")
	f.String(flags.FlagKeyringBackend, "", "keyring backend of --from (default: client.toml)")
	f.String(flags.FlagKeyringDir, "", "keyring directory (default: --home)")
	f.StringP(flags.FlagOutput, "o", "text", "report format: text or json")
	f.Int(flagAccounts, 100, "number of load accounts")
	f.Int(flagTxs, 0, "transactions to send (default: --accounts, one per account)")
	f.String(flagSeed, "aitbc-load", "seed the accounts are derived from")
	f.Int(flagWorkers, 16, "concurrent broadcasters and queries")
	f.Uint64(flags.FlagGas, 0, "gas limit of every transaction (default: simulate one, times --gas-adjustment)")
	f.Float64(flags.FlagGasAdjustment, defaultGasAdjust, "multiplier of the simulated gas")
	f.String(flags.FlagGasPrices, defaultGasPrices, "gas price; its denom is the one sent, funded and locked")
	f.String(flagFund, "10000000uaitbc", "least balance an account is topped up to when it lacks what its transactions need")
	f.String(flagLock, "1000000uaitbc", "dao-vote: what each account locks")
	f.String(flagClass, "", "dao-vote: proposal class (default: the token class with the shortest challenge period)")
	f.Duration(flagMaxWait, defaultMaxWait, "dao-vote: longest wait for locks to vest and the proposal to vote")
	f.Duration(flagTimeout, defaultRunTimeout, "bound of the whole run")
	f.Int(flagStallBlocks, 20, "blocks without one of the accepted transactions after which the rest count as missing")
	_ = cmd.MarkFlagRequired(flags.FlagFrom)
}

func runKind(cmd *cobra.Command, k Kind) error {
	l, output, timeout, err := newLoad(cmd)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
	defer cancel()
	report, err := l.Run(ctx, k)
	if err != nil {
		return err
	}
	return writeOutput(cmd, output, report)
}

// newLoad builds a run from the flags: the load, the report format and the
// bound of the whole command.
func newLoad(cmd *cobra.Command) (*Load, string, time.Duration, error) {
	clientCtx, err := client.GetClientTxContext(cmd)
	if err != nil {
		return nil, "", 0, err
	}
	f := cmd.Flags()
	output, _ := f.GetString(flags.FlagOutput)
	if output != "text" && output != "json" {
		return nil, "", 0, fmt.Errorf("--output %q: want text or json", output)
	}
	nAccounts, _ := f.GetInt(flagAccounts)
	txs, _ := f.GetInt(flagTxs)
	if txs == 0 {
		txs = nAccounts
	}
	if nAccounts <= 0 || txs <= 0 {
		return nil, "", 0, errors.New("--accounts and --txs must be positive")
	}
	seed, _ := f.GetString(flagSeed)
	workers, _ := f.GetInt(flagWorkers)
	gas, _ := f.GetUint64(flags.FlagGas)
	adjust, _ := f.GetFloat64(flags.FlagGasAdjustment)
	priceStr, _ := f.GetString(flags.FlagGasPrices)
	price, err := sdk.ParseDecCoin(priceStr)
	if err != nil {
		return nil, "", 0, fmt.Errorf("--gas-prices: %w", err)
	}
	fund, err := coinOf(f, flagFund, price.Denom)
	if err != nil {
		return nil, "", 0, err
	}
	lock, err := coinOf(f, flagLock, price.Denom)
	if err != nil {
		return nil, "", 0, err
	}
	class, _ := f.GetString(flagClass)
	maxWait, _ := f.GetDuration(flagMaxWait)
	timeout, _ := f.GetDuration(flagTimeout)
	stall, _ := f.GetInt(flagStallBlocks)
	if clientCtx.ChainID == "" {
		return nil, "", 0, errors.New("no chain id: pass --chain-id or set it in client.toml")
	}
	funder, err := newKeyringSigner(clientCtx, clientCtx.FromName)
	if err != nil {
		return nil, "", 0, err
	}

	runner := &Runner{
		Ctx: clientCtx, GasPrice: price, GasAdjustment: adjust, Gas: gas,
		Workers: workers, StallBlocks: stall, Log: cmd.ErrOrStderr(),
	}
	capGas := uint64(feeCapGas)
	if gas > 0 {
		capGas = gas
	}
	l := &Load{
		Runner: runner, Funder: funder, Accounts: DeriveAccounts(seed, nAccounts), Txs: txs, Denom: price.Denom,
		FeeCap: runner.fee(capGas).AmountOf(price.Denom), Fund: fund, Lock: lock, Class: class, MaxWait: maxWait,
	}
	return l, output, timeout, nil
}

// writeOutput writes a report to stdout, as JSON for "-o json", else as
// text.
func writeOutput(cmd *cobra.Command, output string, r interface{ WriteText(io.Writer) }) error {
	if output == "text" {
		r.WriteText(cmd.OutOrStdout())
		return nil
	}
	bz, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(cmd.OutOrStdout(), string(bz))
	return err
}

// coinOf reads a coin flag, which must be in denom.
func coinOf(f interface{ GetString(string) (string, error) }, name, denom string) (math.Int, error) {
	s, _ := f.GetString(name)
	c, err := sdk.ParseCoinNormalized(s)
	if err != nil {
		return math.Int{}, fmt.Errorf("--%s: %w", name, err)
	}
	if c.Denom != denom {
		return math.Int{}, fmt.Errorf("--%s is in %s; the gas price is in %s", name, c.Denom, denom)
	}
	return c.Amount, nil
}
