package types

// DefaultGenesis returns the default x/dao genesis state.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams()}
}

// Validate checks the genesis state.
func (gs GenesisState) Validate() error {
	return gs.Params.Validate()
}
