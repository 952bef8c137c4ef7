package types

import (
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// ValidateVoteOptions checks a split vote: known options, each once, positive
// weights adding up to exactly 1.
func ValidateVoteOptions(options []WeightedVoteOption) error {
	if len(options) == 0 {
		return errorsmod.Wrap(ErrInvalidVote, "no option")
	}
	sum := math.LegacyZeroDec()
	seen := map[VoteOption]bool{}
	for _, o := range options {
		if o.Option < VOTE_OPTION_YES || o.Option > VOTE_OPTION_NO_WITH_VETO {
			return errorsmod.Wrapf(ErrInvalidVote, "unknown option %s", o.Option)
		}
		if seen[o.Option] {
			return errorsmod.Wrapf(ErrInvalidVote, "option %s given twice", o.Option)
		}
		seen[o.Option] = true
		if o.Weight.IsNil() || !o.Weight.IsPositive() || o.Weight.GT(math.LegacyOneDec()) {
			return errorsmod.Wrapf(ErrInvalidVote, "weight of %s must be in (0, 1], got %s", o.Option, o.Weight)
		}
		sum = sum.Add(o.Weight)
	}
	if !sum.Equal(math.LegacyOneDec()) {
		return errorsmod.Wrapf(ErrInvalidVote, "weights must add up to 1, got %s", sum)
	}
	return nil
}
