package types

import (
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/aitbc/aitbc/internal/ident"
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

// MaxVoteReasonLength bounds the reason stored with a vote, in bytes: a
// sentence or a link, not a document (that goes in a proposal's metadata).
const MaxVoteReasonLength = 280

// ValidateVoteReason checks a vote's reason by the free-text rule.
func ValidateVoteReason(reason string) error {
	if err := ident.CheckText("vote reason", reason, MaxVoteReasonLength); err != nil {
		return errorsmod.Wrap(ErrInvalidVoteReason, err.Error())
	}
	return nil
}
