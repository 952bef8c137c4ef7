package compute

import (
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/aitbc/aitbc/x/compute/simulation"
	"github.com/aitbc/aitbc/x/compute/types"
)

var (
	_ module.AppModuleSimulation   = AppModule{}
	_ simsx.HasWeightedOperationsX = AppModule{}
	_ simsx.HasProposalMsgsX       = AppModule{}
	_ module.AppModuleSimulation   = SimulationModule{}
)

// GenerateGenesisState writes a random x/compute genesis.
func (AppModule) GenerateGenesisState(simState *module.SimulationState) {
	simulation.RandomizedGenState(simState)
}

// RegisterStoreDecoder decodes the module's store for simulation logs.
func (am AppModule) RegisterStoreDecoder(sdr simtypes.StoreDecoderRegistry) {
	sdr[types.StoreKey] = simtypes.NewStoreDecoderFuncFromCollectionsSchema(am.keeper.Schema)
}

// WeightedOperations returns no legacy operations: the module registers
// message factories through WeightedOperationsX, which the simsx runner
// prefers.
func (AppModule) WeightedOperations(module.SimulationState) []simtypes.WeightedOperation {
	return nil
}

// ProposalMsgsX registers MsgUpdateParams for x/dao proposals.
func (am AppModule) ProposalMsgsX(weights simsx.WeightSource, reg simsx.Registry) {
	simulation.ProposalMsgFactories(weights, reg, am.keeper)
}

// WeightedOperationsX registers the operations of every x/compute message.
// Without the staking keeper, providers are registered by random accounts;
// SimulationModule draws them from the bonded validators.
func (am AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	simulation.RegisterOperations(weights, reg, am.keeper, nil)
}

// SimulationModule is the module's simulation with the staking keeper its
// operations read the bonded validators from, so providers are registered
// by the validators that may be ones. The app's simulation manager uses it
// in place of AppModule.
type SimulationModule struct {
	AppModule
	staking simulation.StakingKeeper
}

// NewSimulationModule returns the module's simulation reading validators
// from sk.
func NewSimulationModule(am AppModule, sk simulation.StakingKeeper) SimulationModule {
	return SimulationModule{AppModule: am, staking: sk}
}

// WeightedOperationsX registers the operations of every x/compute message.
func (m SimulationModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	simulation.RegisterOperations(weights, reg, m.keeper, m.staking)
}
