package app

import (
	"context"
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/auth"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/bank"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/x/compute"
	computekeeper "github.com/aitbc/aitbc/x/compute/keeper"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
	"github.com/aitbc/aitbc/x/reputation"
	reputationsim "github.com/aitbc/aitbc/x/reputation/simulation"
	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
)

// newSimulationManager builds the simulation manager over every module that
// supports simulation: the cosmos-sdk modules' own and ours. The store
// decoders let a failed import/export comparison print decoded values.
func (app *App) newSimulationManager() *module.SimulationManager {
	overrides := map[string]module.AppModuleSimulation{
		// The chain has no x/auth/vesting: genesis accounts are base accounts.
		authtypes.ModuleName: auth.NewAppModule(app.appCodec, app.AccountKeeper, baseGenesisAccounts, nil),
		// Simulated chains carry the AITBC denom metadata too (genesis.go).
		banktypes.ModuleName: bankSim{app.ModuleManager.Modules[banktypes.ModuleName].(bank.AppModule)},
		// Providers are registered by the bonded validators.
		computetypes.ModuleName: compute.NewSimulationModule(compute.NewAppModule(app.ComputeKeeper), app.StakingKeeper),
		// Ratings are about the leases x/compute vouches for.
		reputationtypes.ModuleName: reputation.NewSimulationModule(reputation.NewAppModule(app.ReputationKeeper), finishedLeases(app.ComputeKeeper)),
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

// finishedLeases lists finished leases as the deals their consumer and
// provider may rate, "compute/<lease id>".
func finishedLeases(k computekeeper.Keeper) reputationsim.DealSource {
	return func(ctx context.Context, limit int) []reputationsim.Deal {
		var deals []reputationsim.Deal
		for _, status := range []computetypes.LeaseStatus{
			computetypes.LEASE_STATUS_SETTLED, computetypes.LEASE_STATUS_INVALID,
			computetypes.LEASE_STATUS_EXPIRED, computetypes.LEASE_STATUS_NO_QUORUM,
			computetypes.LEASE_STATUS_PROVIDER_GONE, computetypes.LEASE_STATUS_DECLINED,
		} {
			iter, err := k.Leases.Indexes.Status.MatchExact(ctx, int32(status))
			if err != nil {
				continue
			}
			for ; iter.Valid() && len(deals) < limit; iter.Next() {
				id, err := iter.PrimaryKey()
				if err != nil {
					break
				}
				l, err := k.Leases.Get(ctx, id)
				if err != nil {
					continue
				}
				consumer, err1 := sdk.AccAddressFromBech32(l.Consumer)
				provider, err2 := sdk.ValAddressFromBech32(l.Provider)
				if err1 == nil && err2 == nil {
					deals = append(deals, reputationsim.Deal{Ref: fmt.Sprintf("compute/%d", id), Consumer: consumer, Provider: sdk.AccAddress(provider)})
				}
			}
			iter.Close()
		}
		return deals
	}
}
