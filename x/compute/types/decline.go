package types

import (
	"strings"
	"unicode"
	"unicode/utf8"

	errorsmod "cosmossdk.io/errors"
)

// MaxDeclineReasonLength bounds a MsgDeclineLease reason in bytes: enough
// for "<stage>: <error>", small enough that a lease record stays small.
const MaxDeclineReasonLength = 256

// ValidateDeclineReason checks a decline reason: non-empty printable UTF-8
// without leading or trailing spaces (the identifier rule), at most
// MaxDeclineReasonLength bytes (ErrDeclineReasonTooLong).
func ValidateDeclineReason(reason string) error {
	if len(reason) > MaxDeclineReasonLength {
		return errorsmod.Wrapf(ErrDeclineReasonTooLong, "reason is %d bytes, at most %d", len(reason), MaxDeclineReasonLength)
	}
	return CheckID("reason", reason, MaxDeclineReasonLength)
}

// DeclineReason turns any error text into a reason ValidateDeclineReason
// accepts: non-printable characters (newlines of a workload's stderr,
// invalid UTF-8) become spaces, the text is cut to MaxDeclineReasonLength
// bytes on a character boundary and trimmed; empty becomes "declined".
func DeclineReason(text string) string {
	s := strings.Map(func(r rune) rune {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(text, " "))
	if len(s) > MaxDeclineReasonLength {
		cut := MaxDeclineReasonLength
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	if s = strings.TrimSpace(s); s == "" {
		return "declined"
	}
	return s
}
