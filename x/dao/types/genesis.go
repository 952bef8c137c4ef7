package types

import (
	"fmt"
	"time"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/ident"
)

// DefaultGenesis returns the default x/dao genesis state.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextUnlockId: 1, NextProposalId: 1}
}

// Validate checks the genesis state on its own; InitGenesis also checks it
// against the escrow balance and the series values.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	owners := make(map[string]bool, len(gs.Locks))
	for _, lock := range gs.Locks {
		if _, err := sdk.AccAddressFromBech32(lock.Owner); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "lock owner %q: %s", lock.Owner, err)
		}
		if _, err := sdk.AccAddressFromBech32(lock.Delegatee); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "lock delegatee %q: %s", lock.Delegatee, err)
		}
		if owners[lock.Owner] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "duplicate lock of %s", lock.Owner)
		}
		owners[lock.Owner] = true
		if lock.Amount.IsNil() || lock.Amount.IsNegative() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "lock of %s has amount %s", lock.Owner, lock.Amount)
		}
	}
	ids := make(map[uint64]bool, len(gs.Unlocks))
	for _, e := range gs.Unlocks {
		if _, err := sdk.AccAddressFromBech32(e.Owner); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "unlock %d owner %q: %s", e.Id, e.Owner, err)
		}
		if e.Id == 0 || e.Id >= gs.NextUnlockId || ids[e.Id] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "unlock id %d duplicate or not below next_unlock_id %d", e.Id, gs.NextUnlockId)
		}
		ids[e.Id] = true
		if e.Amount.IsNil() || !e.Amount.IsPositive() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "unlock %d amount %s", e.Id, e.Amount)
		}
	}
	if gs.NextUnlockId == 0 {
		return errorsmod.Wrap(ErrInvalidGenesis, "next_unlock_id must be at least 1")
	}
	series := make(map[string]bool, len(gs.Series))
	for _, s := range gs.Series {
		if err := s.validate(); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "%s series of %q: %s", s.Kind, s.Address, err)
		}
		id := fmt.Sprintf("%d/%s", s.Kind, s.Address)
		if series[id] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "duplicate %s series of %q", s.Kind, s.Address)
		}
		series[id] = true
	}
	return gs.validateGovernance()
}

// validateGovernance checks proposals, votes, delegation history and the
// committee on their own.
func (gs GenesisState) validateGovernance() error {
	if gs.NextProposalId == 0 {
		return errorsmod.Wrap(ErrInvalidGenesis, "next_proposal_id must be at least 1")
	}
	ids := make(map[uint64]bool, len(gs.Proposals))
	for _, p := range gs.Proposals {
		if p.Id == 0 || p.Id >= gs.NextProposalId || ids[p.Id] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "proposal id %d duplicate or not below next_proposal_id %d", p.Id, gs.NextProposalId)
		}
		ids[p.Id] = true
		if _, ok := gs.Params.Class(p.Class); !ok {
			return errorsmod.Wrapf(ErrInvalidGenesis, "proposal %d has unknown class %q", p.Id, p.Class)
		}
		if (p.Status == PROPOSAL_STATUS_VOTING && p.VotingEndTime == nil) || (p.Status == PROPOSAL_STATUS_PASSED && p.ExecutionTime == nil) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "proposal %d is %s without its deadline", p.Id, p.Status)
		}
		if p.VotesPruneTime != nil && !p.Status.IsFinal() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "proposal %d is %s and has a votes prune time; only an ended proposal has one", p.Id, p.Status)
		}
		if err := p.validateStrings(); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "proposal %d: %s", p.Id, err)
		}
		if err := p.validateSnapshotRules(gs.Params.Vesting); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "proposal %d: %s", p.Id, err)
		}
	}
	voters := make(map[string]bool, len(gs.Votes))
	for _, v := range gs.Votes {
		key := fmt.Sprintf("%d/%s", v.ProposalId, v.Voter)
		if !ids[v.ProposalId] || voters[key] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "vote of %s on proposal %d: unknown proposal or duplicate", v.Voter, v.ProposalId)
		}
		if err := ident.Check("group", v.Group, MaxGroupNameLength); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "vote of %s on proposal %d: %s", v.Voter, v.ProposalId, err)
		}
		if err := ValidateVoteReason(v.Reason); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "vote of %s on proposal %d: %s", v.Voter, v.ProposalId, err)
		}
		voters[key] = true
	}
	for _, h := range gs.DelegateHistory {
		if _, err := sdk.AccAddressFromBech32(h.Address); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "delegate history of %q: %s", h.Address, err)
		}
		for i, cp := range h.Checkpoints {
			if i > 0 && !cp.Time.After(h.Checkpoints[i-1].Time) {
				return errorsmod.Wrapf(ErrInvalidGenesis, "delegate history of %s is not in time order", h.Address)
			}
		}
	}
	if err := gs.Committee.Validate(gs.Params.MaxCommitteeSize); err != nil {
		return errorsmod.Wrapf(ErrInvalidGenesis, "committee: %s", err)
	}
	if err := ident.CheckText("constitution", gs.Constitution, 0); err != nil {
		return errorsmod.Wrap(ErrInvalidGenesis, err.Error())
	}
	return validateHealthBuckets(gs.HealthBuckets)
}

// validateStrings checks a proposal's addresses and strings by the rules
// applied when it was submitted: the class is a params class (checked by
// the caller), groups are identifiers, the text is free text. Lengths are
// not held to today's params: governance may have lowered a limit since the
// text was accepted, and an export must still import. The result is the
// chain's own text and is not checked.
func (p Proposal) validateStrings() error {
	if _, err := sdk.AccAddressFromBech32(p.Proposer); err != nil {
		return fmt.Errorf("proposer %q: %w", p.Proposer, err)
	}
	for _, f := range []struct{ name, value string }{
		{"title", p.Title}, {"summary", p.Summary}, {"metadata", p.Metadata},
	} {
		if err := ident.CheckText(f.name, f.value, 0); err != nil {
			return err
		}
	}
	for _, g := range p.GroupTallies {
		if err := ident.Check("group tally group", g.Group, MaxGroupNameLength); err != nil {
			return err
		}
	}
	if err := validateSeated("committee", p.Committee); err != nil {
		return err
	}
	if c := p.Challenge; c != nil {
		if _, err := sdk.AccAddressFromBech32(c.Challenger); err != nil {
			return fmt.Errorf("challenger %q: %w", c.Challenger, err)
		}
		if err := ident.CheckText("challenge reason", c.Reason, 0); err != nil {
			return err
		}
		if err := validateSeated("challenge members", c.Members); err != nil {
			return err
		}
	}
	return nil
}

// validateSeated checks a member list frozen on a proposal or challenge:
// distinct addresses. Its size is not held to today's max_committee_size,
// which governance may have lowered since it was seated.
func validateSeated(name string, members []string) error {
	seen := make(map[string]bool, len(members))
	for _, m := range members {
		if _, err := sdk.AccAddressFromBech32(m); err != nil {
			return fmt.Errorf("%s: member %q: %w", name, m, err)
		}
		if seen[m] {
			return fmt.Errorf("%s: duplicate member %s", name, m)
		}
		seen[m] = true
	}
	return nil
}

func (s GenesisSeries) validate() error {
	switch s.Kind {
	case SERIES_KIND_TOTAL, SERIES_KIND_DELEGATED:
		if s.Address != "" {
			return fmt.Errorf("the %s series has no address", s.Kind)
		}
	case SERIES_KIND_VOTES, SERIES_KIND_OWN:
		if _, err := sdk.AccAddressFromBech32(s.Address); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown kind %d", s.Kind)
	}
	for i, cp := range s.Checkpoints {
		if cp.Votes.IsNil() || cp.Votes.IsNegative() {
			return fmt.Errorf("checkpoint %d has votes %s", i, cp.Votes)
		}
		if i > 0 && !cp.Time.After(s.Checkpoints[i-1].Time) {
			return fmt.Errorf("checkpoint %d is not after checkpoint %d", i, i-1)
		}
	}
	for i, p := range s.VestedPoints {
		if p.Vested.IsNil() || p.Vested.IsNegative() || p.Cumulative.IsNil() || p.Cumulative.IsNegative() {
			return fmt.Errorf("vested point %d has negative values", i)
		}
		if i == 0 {
			continue
		}
		prev := s.VestedPoints[i-1]
		if !p.Time.After(prev.Time) {
			return fmt.Errorf("vested point %d is not after vested point %d", i, i-1)
		}
		want := prev.Cumulative.Add(prev.Vested.MulRaw(p.Time.Sub(prev.Time).Nanoseconds()))
		if !p.Cumulative.Equal(want) {
			return fmt.Errorf("vested point %d has cumulative %s, expected %s", i, p.Cumulative, want)
		}
	}
	if s.VestCursor > uint64(len(s.Checkpoints)) {
		return fmt.Errorf("vest_cursor %d beyond %d checkpoints", s.VestCursor, len(s.Checkpoints))
	}
	return nil
}

// validateSnapshotRules checks the snapshot rules a proposal was submitted
// with, when it has them (older proposals do not). Its vesting must be the
// chain's, fixed at genesis: a vote records the series' due vested points
// with it.
func (p Proposal) validateSnapshotRules(vesting time.Duration) error {
	if _, ok := Electorate_name[int32(p.Electorate)]; !ok {
		return fmt.Errorf("unknown electorate %d", p.Electorate)
	}
	if p.SnapshotVesting != nil && *p.SnapshotVesting != vesting {
		return fmt.Errorf("snapshot vesting %s is not the chain's vesting %s", *p.SnapshotVesting, vesting)
	}
	if p.SnapshotTwasWindow != nil && *p.SnapshotTwasWindow <= 0 {
		return fmt.Errorf("snapshot window %s is not positive", *p.SnapshotTwasWindow)
	}
	return nil
}
