package types

import (
	"strings"

	errorsmod "cosmossdk.io/errors"

	"github.com/aitbc/aitbc/internal/ident"
)

// SplitDealRef checks the form of a deal reference and returns its parts:
// an identifier (internal/ident: printable UTF-8, no control bytes, no
// surrounding spaces) of at most MaxDealRefLength bytes, "<module>/<id>"
// with both parts non-empty. Whether id is the canonical spelling of a
// deal is the voucher's call (DealChecker.CanonicalDealID).
func SplitDealRef(ref string) (module, id string, err error) {
	if err := ident.Check("deal_ref", ref, MaxDealRefLength); err != nil {
		return "", "", errorsmod.Wrap(ErrInvalidDealRef, err.Error())
	}
	module, id, ok := strings.Cut(ref, "/")
	if !ok || module == "" || id == "" {
		return "", "", errorsmod.Wrapf(ErrInvalidDealRef, "%q: expected <module>/<id>, e.g. compute/42", ref)
	}
	return module, id, nil
}

// ValidateComment checks a comment URI: at most maxLen bytes
// (ErrCommentTooLong), valid UTF-8 without control characters
// (ErrInvalidText).
func ValidateComment(uri string, maxLen uint32) error {
	if len(uri) > int(maxLen) {
		return errorsmod.Wrapf(ErrCommentTooLong, "%d bytes, the limit is %d", len(uri), maxLen)
	}
	if err := ident.CheckText("comment_uri", uri, maxLen); err != nil {
		return errorsmod.Wrap(ErrInvalidText, err.Error())
	}
	return nil
}

// ValidateScore checks a rating score.
func ValidateScore(score uint32) error {
	if score < 1 || score > 5 {
		return errorsmod.Wrapf(ErrInvalidScore, "got %d", score)
	}
	return nil
}
