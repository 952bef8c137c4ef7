package cmd

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/server"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	sourcedaotypes "github.com/aitbc/aitbc/x/sourcedao/types"
)

const flagStagesUnlocked = "stages-unlocked"

// fundSourcedaoPoolCmd puts the development supply into the sourcedao
// module account in genesis.json (a bank balance of the module address,
// added to the supply) and sets how many roadmap stages start unlocked.
// The module account itself is created by x/sourcedao's InitGenesis, so it
// must not be added as a plain account (add-genesis-account).
func fundSourcedaoPoolCmd(defaultNodeHome string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "fund-sourcedao-pool [coins]",
		Short: "Fund the x/sourcedao mining pool (development supply) in genesis.json",
		Long: `Add coins to the balance of the sourcedao module account in genesis.json and to
the total supply. At InitGenesis x/sourcedao takes that balance as its pool
total, locked until stages unlock it; --stages-unlocked N starts the chain
with the first N roadmap stages unlocked.`,
		Example: "aitbcd genesis fund-sourcedao-pool 10000000000000uaitbc --stages-unlocked 1",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			config := server.GetServerContextFromCmd(cmd).Config
			config.SetRoot(clientCtx.HomeDir)
			coins, err := sdk.ParseCoinsNormalized(args[0])
			if err != nil {
				return fmt.Errorf("coins %q: %w", args[0], err)
			}
			stages, _ := cmd.Flags().GetUint32(flagStagesUnlocked)

			genFile := config.GenesisFile()
			appGenesis, err := genutiltypes.AppGenesisFromFile(genFile)
			if err != nil {
				return fmt.Errorf("read %s: %w", genFile, err)
			}
			appState, err := genutiltypes.GenesisStateFromAppGenesis(appGenesis)
			if err != nil {
				return err
			}
			bankGenesis := banktypes.GetGenesisStateFromAppState(clientCtx.Codec, appState)
			pool := authtypes.NewModuleAddress(sourcedaotypes.ModuleName).String()
			found := false
			for i, b := range bankGenesis.Balances {
				if b.Address == pool {
					bankGenesis.Balances[i].Coins = b.Coins.Add(coins...)
					found = true
				}
			}
			if !found {
				bankGenesis.Balances = append(bankGenesis.Balances, banktypes.Balance{Address: pool, Coins: coins})
			}
			bankGenesis.Balances = banktypes.SanitizeGenesisBalances(bankGenesis.Balances)
			bankGenesis.Supply = bankGenesis.Supply.Add(coins...)
			bz, err := clientCtx.Codec.MarshalJSON(bankGenesis)
			if err != nil {
				return err
			}
			appState[banktypes.ModuleName] = bz

			var sdGenesis sourcedaotypes.GenesisState
			if err := clientCtx.Codec.UnmarshalJSON(appState[sourcedaotypes.ModuleName], &sdGenesis); err != nil {
				return fmt.Errorf("decode sourcedao genesis: %w", err)
			}
			sdGenesis.Pool.StagesUnlocked = stages
			if err := sdGenesis.Validate(); err != nil {
				return err
			}
			if !sdGenesis.IsFresh() {
				return fmt.Errorf("the sourcedao genesis already has pool accounting or projects; edit it by hand")
			}
			if bz, err = clientCtx.Codec.MarshalJSON(&sdGenesis); err != nil {
				return err
			}
			appState[sourcedaotypes.ModuleName] = bz
			appGenesis.AppState, err = json.MarshalIndent(appState, "", "  ")
			if err != nil {
				return err
			}
			return genutil.ExportGenesisFile(appGenesis, genFile)
		},
	}
	cmd.Flags().Uint32(flagStagesUnlocked, 0, "how many roadmap stages start unlocked")
	cmd.Flags().String(flags.FlagHome, defaultNodeHome, "The application home directory")
	return cmd
}
