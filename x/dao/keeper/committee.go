package keeper

import (
	"context"
	"errors"
	"slices"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// GetCommittee returns the committee; empty before one is set.
func (k Keeper) GetCommittee(ctx context.Context) (types.Committee, error) {
	c, err := k.Committee.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Committee{}, nil
	}
	return c, err
}

// requireMember returns the committee if addr is one of its members.
func (k Keeper) requireMember(ctx context.Context, addr sdk.AccAddress) (types.Committee, error) {
	c, err := k.GetCommittee(ctx)
	if err != nil {
		return c, err
	}
	s, err := k.addrString(addr)
	if err != nil {
		return c, err
	}
	if !c.IsMember(s) {
		return c, errorsmod.Wrapf(types.ErrNotMember, "%s", s)
	}
	return c, nil
}

// Approve records a committee member's approval of a proposal whose class
// needs council approvals.
func (k Keeper) Approve(ctx context.Context, member sdk.AccAddress, id uint64) error {
	if _, err := k.requireMember(ctx, member); err != nil {
		return err
	}
	p, err := k.proposalRecord(ctx, id) // written back: no running tally
	if err != nil {
		return err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	class, ok := params.Class(p.Class)
	if !ok || class.CouncilApprovals == 0 {
		return errorsmod.Wrapf(types.ErrApprovalNotNeeded, "proposal %d is %s", id, p.Class)
	}
	if p.Status.IsFinal() {
		return errorsmod.Wrapf(types.ErrWrongStatus, "proposal %d is %s", id, p.Status)
	}
	m, err := k.addrString(member)
	if err != nil {
		return err
	}
	if slices.Contains(p.Approvals, m) {
		return errorsmod.Wrapf(types.ErrAlreadyRuled, "%s already approved proposal %d", m, id)
	}
	p.Approvals = append(p.Approvals, m)
	if err := k.Proposals.Set(ctx, id, p); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventApprove{ProposalId: id, Member: m})
}

// UpdateCommittee applies a committee change carried by a proposal: new
// alternates (if given), then removals, each seat going to the first
// alternate, then additions.
func (k Keeper) UpdateCommittee(ctx context.Context, msg *types.MsgUpdateCommittee) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	c, err := k.GetCommittee(ctx)
	if err != nil {
		return err
	}
	termEnd := sdk.UnwrapSDKContext(ctx).BlockTime().Add(params.CommitteeTerm)
	if len(msg.Alternates) > 0 {
		c.Alternates = msg.Alternates
	}
	for _, addr := range msg.Remove {
		if !c.IsMember(addr) {
			return errorsmod.Wrapf(types.ErrInvalidCommittee, "%s is not a member", addr)
		}
		c.RemoveMember(addr, termEnd)
	}
	for _, addr := range msg.Add {
		if c.IsMember(addr) {
			return errorsmod.Wrapf(types.ErrInvalidCommittee, "%s is already a member", addr)
		}
		c.Members = append(c.Members, types.Member{Address: addr, TermEnd: termEnd})
		c.Alternates = slices.DeleteFunc(c.Alternates, func(a string) bool { return a == addr })
	}
	if err := c.Validate(params.MaxCommitteeSize); err != nil {
		return err
	}
	if err := k.Committee.Set(ctx, c); err != nil {
		return err
	}
	return k.emitCommittee(ctx, c)
}

// expireTerms replaces members whose term ended with the first alternates.
// A member without an alternate to replace it stays until a proposal
// changes the committee. The committee is bounded by max_committee_size.
func (k Keeper) expireTerms(ctx context.Context, term time.Duration) error {
	c, err := k.GetCommittee(ctx)
	if err != nil {
		return err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	changed := false
	for _, m := range slices.Clone(c.Members) {
		if !m.TermEnd.After(now) && len(c.Alternates) > 0 {
			c.RemoveMember(m.Address, now.Add(term))
			changed = true
		}
	}
	if !changed {
		return nil
	}
	if err := k.Committee.Set(ctx, c); err != nil {
		return err
	}
	return k.emitCommittee(ctx, c)
}

func (k Keeper) emitCommittee(ctx context.Context, c types.Committee) error {
	members := make([]string, len(c.Members))
	for i, m := range c.Members {
		members[i] = m.Address
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventCommitteeUpdated{Members: members, Alternates: c.Alternates})
}
