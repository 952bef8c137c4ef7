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
		if err := gs.validateRating(r); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "rating of %q by %q: %s", r.DealRef, r.Rater, err)
		}
		key := r.DealRef + "|" + r.Rater
		if rated[key] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "rating of %s by %s: duplicate", r.DealRef, r.Rater)
		}
		rated[key] = true
	}
	return nil
}

// validateRating checks what MsgRate would have: the deal ref's form (the
// keeper checks it is canonical with the ref's voucher on import), the
// addresses, the score and the comment.
func (gs GenesisState) validateRating(r Rating) error {
	if _, _, err := SplitDealRef(r.DealRef); err != nil {
		return err
	}
	for _, addr := range []string{r.Rater, r.Subject} {
		if _, err := sdk.AccAddressFromBech32(addr); err != nil {
			return errorsmod.Wrapf(ErrInvalidAddress, "%q: %s", addr, err)
		}
	}
	if r.Rater == r.Subject {
		return errorsmod.Wrap(ErrSelfRating, r.Rater)
	}
	if err := ValidateScore(r.Score); err != nil {
		return err
	}
	return ValidateComment(r.CommentUri, gs.Params.MaxCommentUriLength)
}
