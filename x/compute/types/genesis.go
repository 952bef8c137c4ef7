package types

import (
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// DefaultGenesis returns the default genesis state.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextOfferId: 1, NextUnbondingId: 1, NextJobId: 1}
}

// Validate checks the genesis state.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.NextOfferId == 0 || gs.NextUnbondingId == 0 || gs.NextJobId == 0 {
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
	jobs := make(map[uint64]bool, len(gs.Jobs))
	for _, j := range gs.Jobs {
		if j.Id == 0 || j.Id >= gs.NextJobId || jobs[j.Id] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "job id %d duplicate or not below next_job_id", j.Id)
		}
		jobs[j.Id] = true
		if _, err := sdk.AccAddressFromBech32(j.Consumer); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "job %d consumer: %s", j.Id, err)
		}
	}
	for _, u := range gs.Unbondings {
		if u.Id == 0 || u.Id >= gs.NextUnbondingId {
			return errorsmod.Wrapf(ErrInvalidGenesis, "unbonding id %d", u.Id)
		}
	}
	return nil
}
