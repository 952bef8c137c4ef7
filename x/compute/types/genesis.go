package types

import (
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// DefaultGenesis returns the default genesis state.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextOfferId: 1, NextUnbondingId: 1}
}

// Validate checks the genesis state.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.NextOfferId == 0 || gs.NextUnbondingId == 0 {
		return errorsmod.Wrap(ErrInvalidGenesis, "next ids must be at least 1")
	}
	seen := make(map[string]bool, len(gs.Providers))
	for _, p := range gs.Providers {
		if _, err := sdk.ValAddressFromBech32(p.Operator); err != nil || seen[p.Operator] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "provider %q invalid or duplicate", p.Operator)
		}
		seen[p.Operator] = true
	}
	for _, o := range gs.Offers {
		if o.Id == 0 || o.Id >= gs.NextOfferId || !seen[o.Provider] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "offer %d: bad id or unknown provider %s", o.Id, o.Provider)
		}
	}
	for _, u := range gs.Unbondings {
		if u.Id == 0 || u.Id >= gs.NextUnbondingId {
			return errorsmod.Wrapf(ErrInvalidGenesis, "unbonding id %d", u.Id)
		}
	}
	return nil
}
