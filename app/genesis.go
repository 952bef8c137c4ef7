package app

import (
	"encoding/json"
	"fmt"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/bank"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/chain"
)

// GenesisState is the app state in genesis: module name to its JSON state.
type GenesisState map[string]json.RawMessage

// bankBasic is x/bank's basic module with AITBC's denom metadata in its
// default genesis. The basic manager builds every genesis we produce from
// it (`aitbcd init`, hence the localnet, the in-process test networks and
// the test app), so that wallets, explorers and SIGN_MODE_TEXTUAL show
// amounts in AITBC (/cosmos/bank/v1beta1/denoms_metadata).
type bankBasic struct {
	bank.AppModuleBasic
}

// DefaultGenesis is x/bank's default genesis with the AITBC metadata.
func (b bankBasic) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	gs := banktypes.DefaultGenesisState()
	gs.DenomMetadata = []banktypes.Metadata{chain.DenomMetadata()}
	return cdc.MustMarshalJSON(gs)
}

// WithDenomMetadata returns bank genesis state bz with the AITBC metadata
// added when it has none for uaitbc; the simulation's random bank genesis
// goes through it.
func WithDenomMetadata(cdc codec.JSONCodec, bz json.RawMessage) (json.RawMessage, error) {
	var gs banktypes.GenesisState
	if err := cdc.UnmarshalJSON(bz, &gs); err != nil {
		return nil, fmt.Errorf("decode bank genesis: %w", err)
	}
	for _, md := range gs.DenomMetadata {
		if md.Base == chain.BaseDenom {
			return bz, nil
		}
	}
	gs.DenomMetadata = append(gs.DenomMetadata, chain.DenomMetadata())
	return cdc.MarshalJSON(&gs)
}

// bankSim is x/bank's simulation module whose random genesis also carries
// the AITBC metadata, so that simulated chains look like real ones.
type bankSim struct {
	bank.AppModule
}

// GenerateGenesisState is x/bank's random genesis with the AITBC metadata.
func (m bankSim) GenerateGenesisState(simState *module.SimulationState) {
	m.AppModule.GenerateGenesisState(simState)
	bz, err := WithDenomMetadata(simState.Cdc, simState.GenState[banktypes.ModuleName])
	if err != nil {
		panic(err) // simulation set-up only: the bank genesis just made is valid
	}
	simState.GenState[banktypes.ModuleName] = bz
}
