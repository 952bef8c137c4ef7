package reputation

import (
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/aitbc/aitbc/x/reputation/simulation"
	"github.com/aitbc/aitbc/x/reputation/types"
)

var (
	_ module.AppModuleSimulation   = AppModule{}
	_ simsx.HasWeightedOperationsX = AppModule{}
	_ simsx.HasProposalMsgsX       = AppModule{}
	_ module.AppModuleSimulation   = SimulationModule{}
)

// GenerateGenesisState writes random x/reputation params.
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

// WeightedOperationsX registers the operations of x/reputation's messages.
// Without a deal source, ratings name unknown deals; SimulationModule draws
// finished deals from the modules that vouch for them.
func (am AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	simulation.RegisterOperations(weights, reg, am.keeper, nil)
}

// SimulationModule is the module's simulation with the finished deals its
// ratings are about. The app's simulation manager uses it in place of
// AppModule.
type SimulationModule struct {
	AppModule
	deals simulation.DealSource
}

// NewSimulationModule returns the module's simulation rating deals.
func NewSimulationModule(am AppModule, deals simulation.DealSource) SimulationModule {
	return SimulationModule{AppModule: am, deals: deals}
}

// WeightedOperationsX registers the operations of x/reputation's messages.
func (m SimulationModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	simulation.RegisterOperations(weights, reg, m.keeper, m.deals)
}
