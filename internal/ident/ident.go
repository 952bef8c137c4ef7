// Package ident holds the one rule for strings that become store keys or
// index parts (GPU models, agent types and capabilities, deal refs, names).
//
// collections refuses a NUL byte inside a non-terminal string key, and that
// error raised in EndBlock is a consensus failure; control and format
// characters also make look-alike keys and break logs and terminals. So an
// identifier is non-empty, valid UTF-8, made of printable characters only
// (unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the
// ASCII space), without leading or trailing spaces, and at most MaxLength
// bytes — or less, where a module's params say so.
package ident

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxLength is the absolute bound of an identifier in bytes, whatever the
// params allow; stateless checks (ValidateBasic, genesis) use it.
const MaxLength = 256

// ErrInvalid is the cause wrapped by every identifier error, ErrInvalidText
// by every free-text error; modules wrap them in their own sentinel so the
// ABCI code names the module.
var (
	ErrInvalid     = errors.New("invalid identifier")
	ErrInvalidText = errors.New("invalid text")
)

// Check returns nil when s is a valid identifier of at most maxLen bytes
// (MaxLength when maxLen is 0 or larger). The error names the field and the
// first offending character by position, never echoing control bytes.
func Check(field, s string, maxLen uint32) error {
	limit := MaxLength
	if maxLen > 0 && maxLen < MaxLength {
		limit = int(maxLen)
	}
	switch {
	case s == "":
		return fmt.Errorf("%w: %s is empty", ErrInvalid, field)
	case len(s) > limit:
		return fmt.Errorf("%w: %s is %d bytes, at most %d", ErrInvalid, field, len(s), limit)
	case !utf8.ValidString(s):
		return fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalid, field)
	case strings.TrimSpace(s) != s:
		return fmt.Errorf("%w: %s has leading or trailing spaces", ErrInvalid, field)
	}
	for i, r := range s {
		if !unicode.IsPrint(r) {
			return fmt.Errorf("%w: %s has the non-printable character %U at byte %d", ErrInvalid, field, r, i)
		}
	}
	return nil
}

// CheckOptional is Check for a field that may be left empty.
func CheckOptional(field, s string, maxLen uint32) error {
	if s == "" {
		return nil
	}
	return Check(field, s, maxLen)
}

// CheckText is the rule for free text that is stored but never a key part
// (descriptions, URIs, endpoints): valid UTF-8 without control characters
// other than tab and newline, at most maxLen bytes. Empty is allowed.
func CheckText(field, s string, maxLen uint32) error {
	if maxLen > 0 && len(s) > int(maxLen) {
		return fmt.Errorf("%w: %s is %d bytes, at most %d", ErrInvalidText, field, len(s), maxLen)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalidText, field)
	}
	for i, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return fmt.Errorf("%w: %s has the control character %U at byte %d", ErrInvalidText, field, r, i)
		}
	}
	return nil
}
