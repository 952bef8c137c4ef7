package cmd

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/server"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	daotypes "github.com/aitbc/aitbc/x/dao/types"
)

const flagAlternates = "alternates"

// setDaoCommitteeCmd seats the first dao committee in genesis.json: after
// genesis it changes only through major proposals.
func setDaoCommitteeCmd(defaultNodeHome string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "set-dao-committee [member1,member2,member3,...]",
		Short: "Seat the first x/dao committee (council) in genesis.json",
		Long: `Seat the first x/dao committee in genesis.json. Members: an odd number, at
least 3; alternates: 1 to 3, in priority order. Addresses or key names of the
keyring may be given. Terms end committee_term (12 months) after genesis.`,
		Example: "aitbcd genesis set-dao-committee validator,alice,bob --alternates carol --keyring-backend test",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			config := server.GetServerContextFromCmd(cmd).Config
			config.SetRoot(clientCtx.HomeDir)
			resolve := func(list string) ([]string, error) {
				var out []string
				for _, s := range strings.Split(list, ",") {
					if s = strings.TrimSpace(s); s == "" {
						continue
					}
					if _, err := sdk.AccAddressFromBech32(s); err == nil {
						out = append(out, s)
						continue
					}
					if clientCtx.Keyring == nil {
						return nil, fmt.Errorf("%q is not an address and no keyring is open", s)
					}
					rec, err := clientCtx.Keyring.Key(s)
					if err != nil {
						return nil, fmt.Errorf("%q is neither an address nor a key: %w", s, err)
					}
					addr, err := rec.GetAddress()
					if err != nil {
						return nil, err
					}
					out = append(out, addr.String())
				}
				return out, nil
			}
			members, err := resolve(args[0])
			if err != nil {
				return err
			}
			altFlag, _ := cmd.Flags().GetString(flagAlternates)
			alternates, err := resolve(altFlag)
			if err != nil {
				return err
			}

			genFile := config.GenesisFile()
			appGenesis, err := genutiltypes.AppGenesisFromFile(genFile)
			if err != nil {
				return fmt.Errorf("read %s: %w", genFile, err)
			}
			appState, err := genutiltypes.GenesisStateFromAppGenesis(appGenesis)
			if err != nil {
				return err
			}
			var daoGenesis daotypes.GenesisState
			if err := clientCtx.Codec.UnmarshalJSON(appState[daotypes.ModuleName], &daoGenesis); err != nil {
				return fmt.Errorf("decode dao genesis: %w", err)
			}
			termEnd := appGenesis.GenesisTime.Add(daoGenesis.Params.CommitteeTerm)
			committee := daotypes.Committee{Alternates: alternates}
			for _, m := range members {
				committee.Members = append(committee.Members, daotypes.Member{Address: m, TermEnd: termEnd})
			}
			if err := committee.Validate(daoGenesis.Params.MaxCommitteeSize); err != nil {
				return err
			}
			daoGenesis.Committee = committee
			bz, err := clientCtx.Codec.MarshalJSON(&daoGenesis)
			if err != nil {
				return err
			}
			appState[daotypes.ModuleName] = bz
			appGenesis.AppState, err = json.MarshalIndent(appState, "", "  ")
			if err != nil {
				return err
			}
			return genutil.ExportGenesisFile(appGenesis, genFile)
		},
	}
	cmd.Flags().String(flagAlternates, "", "comma-separated alternates, first first (1 to 3)")
	cmd.Flags().String(flags.FlagHome, defaultNodeHome, "The application home directory")
	cmd.Flags().String(flags.FlagKeyringBackend, flags.DefaultKeyringBackend, "Select keyring's backend (os|file|test)")
	return cmd
}
