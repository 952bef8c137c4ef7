package keeper

import (
	"context"
	"slices"

	errorsmod "cosmossdk.io/errors"

	"github.com/aitbc/aitbc/x/dao/types"
)

// The committee is frozen per proposal stage: a committee-class proposal is
// voted by the members seated at its submission (Proposal.committee), a
// challenge ruled by the members seated when it was opened
// (Challenge.members). A committee change mid-stage (a proposal, a term
// expiry) can then neither add voters nor move the majority (the x/group
// audit finding, cosmos-sdk #25915). Records from before these fields fall
// back to the current committee.

// seatedMembers returns the current members' addresses.
func (k Keeper) seatedMembers(ctx context.Context) ([]string, error) {
	c, err := k.GetCommittee(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(c.Members))
	for i, m := range c.Members {
		out[i] = m.Address
	}
	return out, nil
}

// frozenMember checks addr against a stage's frozen members (or the current
// committee when none were recorded) and returns how many they are.
func (k Keeper) frozenMember(ctx context.Context, frozen []string, addr string) (int, error) {
	if len(frozen) == 0 {
		current, err := k.seatedMembers(ctx)
		if err != nil {
			return 0, err
		}
		frozen = current
	}
	if !slices.Contains(frozen, addr) {
		return 0, errorsmod.Wrapf(types.ErrNotMember, "%s was not seated when this stage began", addr)
	}
	return len(frozen), nil
}
