package app

import (
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/auth"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/aitbc/aitbc/x/compute"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

// newSimulationManager builds the simulation manager over every module that
// supports simulation: the cosmos-sdk modules' own and ours. The store
// decoders let a failed import/export comparison print decoded values.
func (app *App) newSimulationManager() *module.SimulationManager {
	overrides := map[string]module.AppModuleSimulation{
		// The chain has no x/auth/vesting: genesis accounts are base accounts.
		authtypes.ModuleName: auth.NewAppModule(app.appCodec, app.AccountKeeper, baseGenesisAccounts, nil),
		// Providers are registered by the bonded validators.
		computetypes.ModuleName: compute.NewSimulationModule(compute.NewAppModule(app.ComputeKeeper), app.StakingKeeper),
	}
	sm := module.NewSimulationManagerFromAppModules(app.ModuleManager.Modules, overrides)
	sm.RegisterStoreDecoders()
	return sm
}

// baseGenesisAccounts makes every simulation account a base account.
func baseGenesisAccounts(simState *module.SimulationState) authtypes.GenesisAccounts {
	accs := make(authtypes.GenesisAccounts, len(simState.Accounts))
	for i, acc := range simState.Accounts {
		accs[i] = authtypes.NewBaseAccountWithAddress(acc.Address)
	}
	return accs
}
