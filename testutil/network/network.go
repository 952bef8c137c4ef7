// Package network starts in-process multi-validator AITBC networks for
// integration tests, on top of cosmos-sdk's testutil/network.
package network

import (
	"testing"

	"cosmossdk.io/log"
	pruningtypes "cosmossdk.io/store/pruning/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/baseapp"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	sdknetwork "github.com/cosmos/cosmos-sdk/testutil/network"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/aitbc/aitbc/app"
)

type (
	Network   = sdknetwork.Network
	Config    = sdknetwork.Config
	Validator = sdknetwork.Validator
)

// ChainID is the chain id of in-process test networks.
const ChainID = "aitbc-test-1"

// DefaultConfig returns a network config running the AITBC app with
// numValidators validators, uaitbc as bond and fee denom.
func DefaultConfig(numValidators int) Config {
	tempApp := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, true, simtestutil.NewAppOptionsWithFlagHome(app.DefaultNodeHome))
	cfg := sdknetwork.DefaultConfig(func() sdknetwork.TestFixture {
		return sdknetwork.TestFixture{
			GenesisState: tempApp.DefaultGenesis(),
			EncodingConfig: moduletestutil.TestEncodingConfig{
				InterfaceRegistry: tempApp.InterfaceRegistry(),
				Codec:             tempApp.AppCodec(),
				TxConfig:          tempApp.TxConfig(),
				Amino:             tempApp.LegacyAmino(),
			},
		}
	})
	cfg.ChainID = ChainID
	cfg.NumValidators = numValidators
	cfg.BondDenom = app.BondDenom
	cfg.MinGasPrices = "0" + app.BondDenom
	cfg.AppConstructor = func(val sdknetwork.ValidatorI) servertypes.Application {
		// CometBFT's stores too live in memory. The SDK starts each node right
		// after this constructor with this same config. On a disk backend,
		// Cleanup closes the block store while the consensus reactor's
		// per-peer goroutines can still wake from their sleep and read it,
		// which panics ("leveldb: closed") and kills the whole test binary.
		// Closing a MemDB is a no-op, so those late reads are harmless.
		val.GetCtx().Config.DBBackend = string(dbm.MemDBBackend)
		return app.New(
			val.GetCtx().Logger, dbm.NewMemDB(), nil, true,
			simtestutil.NewAppOptionsWithFlagHome(val.GetCtx().Config.RootDir),
			baseapp.SetPruning(pruningtypes.NewPruningOptionsFromString(val.GetAppConfig().Pruning)),
			baseapp.SetMinGasPrices(val.GetAppConfig().MinGasPrices),
			baseapp.SetChainID(ChainID),
		)
	}
	return cfg
}

// New starts a network with the config and stops it when the test ends.
func New(t testing.TB, cfg Config) *Network {
	t.Helper()
	net, err := sdknetwork.New(t, t.TempDir(), cfg)
	if err != nil {
		t.Fatalf("start network: %v", err)
	}
	if _, err := net.WaitForHeight(1); err != nil {
		t.Fatalf("network produced no block: %v", err)
	}
	t.Cleanup(net.Cleanup)
	return net
}

// SetGenesisState replaces a module's genesis state in the config.
func SetGenesisState(t testing.TB, cfg *Config, module string, state proto.Message) {
	t.Helper()
	bz, err := cfg.Codec.MarshalJSON(state)
	if err != nil {
		t.Fatalf("marshal %s genesis: %v", module, err)
	}
	cfg.GenesisState[module] = bz
}
