// Command aitbcd is the AITBC node: it runs a validator, and its
// subcommands manage keys, genesis, transactions and queries.
package main

import (
	"fmt"
	"os"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"

	"github.com/aitbc/aitbc/app"
	"github.com/aitbc/aitbc/cmd/aitbcd/cmd"
)

func main() {
	rootCmd := cmd.NewRootCmd()
	if err := svrcmd.Execute(rootCmd, "AITBCD", app.DefaultNodeHome); err != nil {
		fmt.Fprintln(rootCmd.OutOrStderr(), err)
		os.Exit(1)
	}
}
