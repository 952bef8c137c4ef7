package app_test

import (
	"encoding/json"
	"testing"
	"time"

	"cosmossdk.io/log"
	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/baseapp"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	minttypes "github.com/cosmos/cosmos-sdk/x/mint/types"

	"github.com/aitbc/aitbc/app"
	"github.com/aitbc/aitbc/testutil"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
	sourcedaotypes "github.com/aitbc/aitbc/x/sourcedao/types"
)

func TestAppBootsAndProducesBlocks(t *testing.T) {
	ta := testutil.NewTestApp(t)
	for i := 1; i <= 5; i++ {
		ta.NextBlock(t, testutil.GenesisTime.Add(time.Duration(i)*5*time.Second))
	}
	require.Equal(t, int64(6), ta.LastBlockHeight())

	ctx := ta.Context(ta.LastBlock)
	// Every module's authority is the dao module account.
	daoAddr := authtypes.NewModuleAddress(daotypes.ModuleName).String()
	require.Equal(t, daoAddr, ta.DaoKeeper.GetAuthority())
	require.Equal(t, daoAddr, ta.BankKeeper.GetAuthority())
	require.Equal(t, daoAddr, ta.StakingKeeper.GetAuthority())

	params, err := ta.DaoKeeper.Params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, daotypes.DefaultParams(), params)

	// Fees and inflation are in uaitbc.
	mintParams, err := ta.MintKeeper.Params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, app.BondDenom, mintParams.MintDenom)
	stakingParams, err := ta.StakingKeeper.GetParams(ctx)
	require.NoError(t, err)
	require.Equal(t, app.BondDenom, stakingParams.BondDenom)
}

func TestAppTreasuryReceivesButEscrowIsBlocked(t *testing.T) {
	blocked := app.BlockedAddresses()
	require.False(t, blocked[authtypes.NewModuleAddress(daotypes.ModuleName).String()], "the treasury must accept funds")
	require.True(t, blocked[authtypes.NewModuleAddress(daotypes.VoteEscrowName).String()], "direct sends would break the escrow invariant")
	require.True(t, blocked[authtypes.NewModuleAddress(authtypes.FeeCollectorName).String()])
	require.True(t, blocked[authtypes.NewModuleAddress(sourcedaotypes.ModuleName).String()], "direct sends would break the mining pool invariant")
}

// Exporting genesis and importing it into a fresh app gives the same state.
func TestAppExportImportGenesis(t *testing.T) {
	ta := testutil.NewTestApp(t)
	for i := 1; i <= 3; i++ {
		ta.NextBlock(t, testutil.GenesisTime.Add(time.Duration(i)*5*time.Second))
	}
	exported, err := ta.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	require.Equal(t, ta.LastBlockHeight()+1, exported.Height)
	require.Len(t, exported.Validators, 1)

	first := decodeAppState(t, exported.AppState)
	// Without inflation the first block of the new chain changes no balance,
	// so bank state must come back byte for byte.
	first[minttypes.ModuleName] = zeroInflation(t, ta.App, first[minttypes.ModuleName])
	appState, err := json.Marshal(first)
	require.NoError(t, err)

	imported := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, true, simtestutil.NewAppOptionsWithFlagHome(t.TempDir()), baseapp.SetChainID(testutil.ChainID))
	_, err = imported.InitChain(&abci.RequestInitChain{
		ChainId:         testutil.ChainID,
		Time:            ta.LastBlock,
		ConsensusParams: &exported.ConsensusParams,
		AppStateBytes:   appState,
		InitialHeight:   exported.Height,
	})
	require.NoError(t, err)
	_, err = imported.FinalizeBlock(&abci.RequestFinalizeBlock{
		Height: exported.Height, Time: ta.LastBlock.Add(5 * time.Second), NextValidatorsHash: ta.ValSet.Hash(),
	})
	require.NoError(t, err)
	_, err = imported.Commit()
	require.NoError(t, err)

	reexported, err := imported.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	second := decodeAppState(t, reexported.AppState)
	// distribution, mint and slashing record per-block bookkeeping; every
	// other module must round-trip unchanged.
	for _, module := range []string{"auth", "bank", "staking", "dao", "reputation", "agent", "compute", "sourcedao", "authz", "feegrant", "evidence", "upgrade"} {
		require.JSONEq(t, string(first[module]), string(second[module]), "module %s changed across export/import", module)
	}
	require.Equal(t, exported.Validators, reexported.Validators)
}

func TestAppExportForZeroHeight(t *testing.T) {
	ta := testutil.NewTestApp(t)
	for i := 1; i <= 3; i++ {
		ta.NextBlock(t, testutil.GenesisTime.Add(time.Duration(i)*5*time.Second))
	}
	exported, err := ta.ExportAppStateAndValidators(true, nil, nil)
	require.NoError(t, err)
	require.Equal(t, int64(0), exported.Height)

	imported := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, true, simtestutil.NewAppOptionsWithFlagHome(t.TempDir()), baseapp.SetChainID(testutil.ChainID))
	_, err = imported.InitChain(&abci.RequestInitChain{
		ChainId:         testutil.ChainID,
		Time:            ta.LastBlock,
		ConsensusParams: &exported.ConsensusParams,
		AppStateBytes:   exported.AppState,
	})
	require.NoError(t, err)
	_, err = imported.FinalizeBlock(&abci.RequestFinalizeBlock{
		Height: 1, Time: ta.LastBlock.Add(5 * time.Second), NextValidatorsHash: ta.ValSet.Hash(),
	})
	require.NoError(t, err)
	_, err = imported.Commit()
	require.NoError(t, err)
}

func decodeAppState(t *testing.T, bz json.RawMessage) map[string]json.RawMessage {
	t.Helper()
	var state map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(bz, &state))
	return state
}

func zeroInflation(t *testing.T, a *app.App, bz json.RawMessage) json.RawMessage {
	t.Helper()
	var gs minttypes.GenesisState
	require.NoError(t, a.AppCodec().UnmarshalJSON(bz, &gs))
	gs.Minter.Inflation = gs.Minter.Inflation.MulInt64(0)
	gs.Params.InflationMin = gs.Minter.Inflation
	gs.Params.InflationMax = gs.Minter.Inflation
	out, err := a.AppCodec().MarshalJSON(&gs)
	require.NoError(t, err)
	return out
}

// The two edges that run against the keeper build order are registered as
// hooks at wiring, on registries every keeper copy shares: registering
// them again on the app's keepers is refused.
func TestAppRegistersRuntimeHooks(t *testing.T) {
	ta := testutil.NewTestApp(t)
	require.PanicsWithValue(t, `deal checker for "compute" registered twice`, func() {
		ta.ReputationKeeper.RegisterDealChecker(computetypes.ModuleName, nil)
	})
	approve := sdk.MsgTypeURL(&sourcedaotypes.MsgApproveProject{})
	require.PanicsWithValue(t, `message class resolver for "`+approve+`" registered twice`, func() {
		ta.DaoKeeper.RegisterMessageClassResolver(approve, nil)
	})
}
