package cmd

import (
	"io"

	"cosmossdk.io/log"
	confixcmd "cosmossdk.io/tools/confix/cmd"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/debug"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/keys"
	"github.com/cosmos/cosmos-sdk/client/pruning"
	"github.com/cosmos/cosmos-sdk/client/rpc"
	"github.com/cosmos/cosmos-sdk/client/snapshot"
	"github.com/cosmos/cosmos-sdk/server"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	authcmd "github.com/cosmos/cosmos-sdk/x/auth/client/cli"
	genutilcli "github.com/cosmos/cosmos-sdk/x/genutil/client/cli"

	"github.com/aitbc/aitbc/app"
	"github.com/aitbc/aitbc/cmd/aitbcd/load"
)

func initRootCmd(rootCmd *cobra.Command, tempApp *app.App) {
	rootCmd.AddCommand(
		genutilcli.InitCmd(tempApp.BasicModuleManager, app.DefaultNodeHome),
		debug.Cmd(),
		confixcmd.ConfigCommand(),
		pruning.Cmd(newApp, app.DefaultNodeHome),
		snapshot.Cmd(newApp),
	)

	// start, export, version, rollback, comet ...
	server.AddCommandsWithStartCmdOptions(rootCmd, app.DefaultNodeHome, newApp, appExport, startOptions())

	rootCmd.AddCommand(
		server.StatusCommand(),
		genesisCommand(tempApp),
		queryCommand(),
		txCommand(),
		keys.Commands(),
		ProviderCommand(),
		load.Command(),
	)
}

// startOptions are how `aitbcd start` runs the app: it opens the app's
// database with openAppDB (appdb.go).
func startOptions() server.StartCmdOptions {
	return server.StartCmdOptions{DBOpener: openAppDB}
}

// genesisCommand is cosmos-sdk's genesis command with set-dao-committee
// and fund-sourcedao-pool.
func genesisCommand(tempApp *app.App) *cobra.Command {
	cmd := genutilcli.Commands(tempApp.TxConfig(), tempApp.BasicModuleManager, app.DefaultNodeHome)
	cmd.AddCommand(setDaoCommitteeCmd(app.DefaultNodeHome), fundSourcedaoPoolCmd(app.DefaultNodeHome))
	return cmd
}

// queryCommand is the parent of the query commands; autocli adds one child
// per module.
func queryCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        "query",
		Aliases:                    []string{"q"},
		Short:                      "Querying subcommands",
		DisableFlagParsing:         false,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(
		rpc.QueryEventForTxCmd(),
		rpc.ValidatorCommand(),
		server.QueryBlockCmd(),
		authcmd.QueryTxsByEventsCmd(),
		server.QueryBlocksCmd(),
		authcmd.QueryTxCmd(),
		server.QueryBlockResultsCmd(),
	)
	return cmd
}

// txCommand is the parent of the transaction commands; autocli adds one
// child per module.
func txCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        "tx",
		Short:                      "Transactions subcommands",
		DisableFlagParsing:         false,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(
		authcmd.GetSignCommand(),
		authcmd.GetSignBatchCommand(),
		authcmd.GetMultiSignCommand(),
		authcmd.GetMultiSignBatchCmd(),
		authcmd.GetValidateSignaturesCommand(),
		flags.LineBreak,
		authcmd.GetBroadcastCommand(),
		authcmd.GetEncodeCommand(),
		authcmd.GetDecodeCommand(),
		authcmd.GetSimulateCmd(),
	)
	return cmd
}

// newApp creates the app for `start` and the other server commands.
func newApp(logger log.Logger, db dbm.DB, traceStore io.Writer, appOpts servertypes.AppOptions) servertypes.Application {
	baseappOptions := server.DefaultBaseappOptions(appOpts)
	return app.New(logger, db, traceStore, true, appOpts, baseappOptions...)
}

// appExport exports the state for `aitbcd export`, at the latest height or at
// a given one.
func appExport(
	logger log.Logger, db dbm.DB, traceStore io.Writer, height int64, forZeroHeight bool,
	jailAllowedAddrs []string, appOpts servertypes.AppOptions, modulesToExport []string,
) (servertypes.ExportedApp, error) {
	var aitbcApp *app.App
	if height != -1 {
		aitbcApp = app.New(logger, db, traceStore, false, appOpts)
		if err := aitbcApp.LoadHeight(height); err != nil {
			return servertypes.ExportedApp{}, err
		}
	} else {
		aitbcApp = app.New(logger, db, traceStore, true, appOpts)
	}
	return aitbcApp.ExportAppStateAndValidators(forZeroHeight, jailAllowedAddrs, modulesToExport)
}
