package types

import (
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// Default params.
const (
	DefaultHalfLife            = 30 * 24 * time.Hour
	DefaultMaxCommentURILength = 512
)

// DefaultParams returns the default params.
func DefaultParams() Params {
	return Params{HalfLife: DefaultHalfLife, FeedbackWeight: math.LegacyOneDec(), MaxCommentUriLength: DefaultMaxCommentURILength}
}

// Validate checks the params.
func (p Params) Validate() error {
	if p.HalfLife <= 0 {
		return errorsmod.Wrapf(ErrInvalidParams, "half_life must be positive, got %s", p.HalfLife)
	}
	if p.FeedbackWeight.IsNil() || !p.FeedbackWeight.IsPositive() {
		return errorsmod.Wrapf(ErrInvalidParams, "feedback_weight must be positive, got %s", p.FeedbackWeight)
	}
	if p.MaxCommentUriLength == 0 || p.MaxCommentUriLength > MaxTextLength {
		return errorsmod.Wrapf(ErrInvalidParams, "max_comment_uri_length must be 1 to %d, got %d", MaxTextLength, p.MaxCommentUriLength)
	}
	return nil
}
