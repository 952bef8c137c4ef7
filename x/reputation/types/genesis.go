package types

import (
	"fmt"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// DefaultGenesis returns the default genesis state.
func DefaultGenesis() *GenesisState { return &GenesisState{Params: DefaultParams()} }

// Validate checks the genesis state.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	seen := make(map[string]bool, len(gs.Records))
	for _, r := range gs.Records {
		if _, err := sdk.AccAddressFromBech32(r.Subject); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "record subject %q: %s", r.Subject, err)
		}
		if _, ok := OutcomeKind_name[int32(r.Kind)]; !ok {
			return errorsmod.Wrapf(ErrInvalidGenesis, "record of %s has kind %d", r.Subject, r.Kind)
		}
		key := fmt.Sprintf("%s/%d", r.Subject, r.Kind)
		if seen[key] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "duplicate %s record of %s", r.Kind, r.Subject)
		}
		seen[key] = true
		if r.Success.IsNil() || r.Failure.IsNil() || r.Success.IsNegative() || r.Failure.IsNegative() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "record of %s has negative counts", r.Subject)
		}
	}
	rated := make(map[string]bool, len(gs.Ratings))
	for _, r := range gs.Ratings {
		if _, err := sdk.AccAddressFromBech32(r.Rater); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "rater %q: %s", r.Rater, err)
		}
		key := r.DealRef + "|" + r.Rater
		if rated[key] || r.Score < 1 || r.Score > 5 {
			return errorsmod.Wrapf(ErrInvalidGenesis, "rating of %s by %s: duplicate or score %d", r.DealRef, r.Rater, r.Score)
		}
		rated[key] = true
	}
	return nil
}
