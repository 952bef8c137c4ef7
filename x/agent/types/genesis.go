package types

import (
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// DefaultGenesis returns the default genesis state.
func DefaultGenesis() *GenesisState { return &GenesisState{Params: DefaultParams(), NextAgentId: 1} }

// Validate checks the genesis state.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.NextAgentId == 0 {
		return errorsmod.Wrap(ErrInvalidGenesis, "next_agent_id must be at least 1")
	}
	ids := make(map[uint64]bool, len(gs.Agents))
	for _, a := range gs.Agents {
		if a.Id == 0 || a.Id >= gs.NextAgentId || ids[a.Id] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "agent id %d duplicate or not below next_agent_id", a.Id)
		}
		ids[a.Id] = true
		for _, addr := range []string{a.Owner, a.Wallet} {
			if _, err := sdk.AccAddressFromBech32(addr); err != nil {
				return errorsmod.Wrapf(ErrInvalidGenesis, "agent %d address %q: %s", a.Id, addr, err)
			}
		}
	}
	for _, p := range gs.Policies {
		if !ids[p.AgentId] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "policy of unknown agent %d", p.AgentId)
		}
	}
	return nil
}
