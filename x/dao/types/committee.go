package types

import (
	"slices"
	"time"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Committee size rules: an odd number of members, at least 3, and 1 to 3
// alternates.
const (
	MinCommitteeSize = 3
	MinAlternates    = 1
	MaxAlternates    = 3
)

// IsMember says whether addr is a member.
func (c Committee) IsMember(addr string) bool {
	return slices.ContainsFunc(c.Members, func(m Member) bool { return m.Address == addr })
}

// RemoveMember removes a member; its seat goes to the first alternate, if
// any, with a term ending at termEnd.
func (c *Committee) RemoveMember(addr string, termEnd time.Time) {
	i := slices.IndexFunc(c.Members, func(m Member) bool { return m.Address == addr })
	if i < 0 {
		return
	}
	if len(c.Alternates) == 0 {
		c.Members = slices.Delete(c.Members, i, i+1)
		return
	}
	c.Members[i] = Member{Address: c.Alternates[0], TermEnd: termEnd}
	c.Alternates = c.Alternates[1:]
}

// Validate checks the committee rules. An empty committee (none elected
// yet) is valid: routine proposals and challenges then cannot be decided.
func (c Committee) Validate(maxSize uint32) error {
	if len(c.Members) == 0 && len(c.Alternates) == 0 {
		return nil
	}
	n := len(c.Members)
	if n < MinCommitteeSize || n%2 == 0 || n > int(maxSize) {
		return errorsmod.Wrapf(ErrInvalidCommittee, "the committee needs an odd number of members from %d to %d, got %d", MinCommitteeSize, maxSize, n)
	}
	if len(c.Alternates) < MinAlternates || len(c.Alternates) > MaxAlternates {
		return errorsmod.Wrapf(ErrInvalidCommittee, "the committee needs %d to %d alternates, got %d", MinAlternates, MaxAlternates, len(c.Alternates))
	}
	seen := make(map[string]bool, n+len(c.Alternates))
	for _, m := range c.Members {
		if _, err := sdk.AccAddressFromBech32(m.Address); err != nil {
			return errorsmod.Wrapf(ErrInvalidCommittee, "member %q: %s", m.Address, err)
		}
		if seen[m.Address] {
			return errorsmod.Wrapf(ErrInvalidCommittee, "%s is listed twice", m.Address)
		}
		seen[m.Address] = true
	}
	for _, a := range c.Alternates {
		if _, err := sdk.AccAddressFromBech32(a); err != nil {
			return errorsmod.Wrapf(ErrInvalidCommittee, "alternate %q: %s", a, err)
		}
		if seen[a] {
			return errorsmod.Wrapf(ErrInvalidCommittee, "%s is listed twice or both member and alternate", a)
		}
		seen[a] = true
	}
	return nil
}
