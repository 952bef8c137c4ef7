package app_test

import (
	"testing"

	"cosmossdk.io/log"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/app"
	"github.com/aitbc/aitbc/chain"
)

// TestChainMetadataMatchesApp: chain/chain.go, the source of the
// chain-registry files, names the denoms and prefixes the app uses.
func TestChainMetadataMatchesApp(t *testing.T) {
	require.Equal(t, app.BondDenom, chain.BaseDenom)
	require.Equal(t, app.DisplayDenom, chain.DisplayDenom)
	require.Equal(t, app.AccountAddressPrefix, chain.Bech32Prefix)
	require.Equal(t, app.ValidatorAddressPrefix, chain.Bech32Prefix+"valoper")
	require.Equal(t, app.ConsNodeAddressPrefix, chain.Bech32Prefix+"valcons")
}

// TestDefaultGenesisHasDenomMetadata: the default bank genesis (what
// `aitbcd init` and the test networks start from) carries the AITBC
// metadata and passes x/bank's genesis validation.
func TestDefaultGenesisHasDenomMetadata(t *testing.T) {
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, true, simtestutil.NewAppOptionsWithFlagHome(t.TempDir()))
	gen := a.DefaultGenesis()
	var bank banktypes.GenesisState
	require.NoError(t, a.AppCodec().UnmarshalJSON(gen[banktypes.ModuleName], &bank))
	require.Equal(t, []banktypes.Metadata{chain.DenomMetadata()}, bank.DenomMetadata)
	require.NoError(t, a.BasicModuleManager.ValidateGenesis(a.AppCodec(), a.TxConfig(), gen))

	// WithDenomMetadata adds it once: to a genesis without it, not twice.
	empty := a.AppCodec().MustMarshalJSON(banktypes.DefaultGenesisState())
	added, err := app.WithDenomMetadata(a.AppCodec(), empty)
	require.NoError(t, err)
	again, err := app.WithDenomMetadata(a.AppCodec(), added)
	require.NoError(t, err)
	require.JSONEq(t, string(gen[banktypes.ModuleName]), string(again))
}
