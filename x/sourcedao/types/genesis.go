package types

import (
	"fmt"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/ident"
)

// DefaultGenesis returns the default genesis state: no stage unlocked, the
// pool taken from the module account's balance at InitGenesis.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), Pool: ZeroPool(), NextProjectId: 1}
}

// ZeroPool is an empty pool accounting.
func ZeroPool() Pool {
	z := math.ZeroInt()
	return Pool{Total: z, Locked: z, Releasable: z, Reserved: z, Claimable: z, Paid: z}
}

// Normalized returns the pool with unset amounts as zero.
func (p Pool) Normalized() Pool {
	for _, v := range []*math.Int{&p.Total, &p.Locked, &p.Releasable, &p.Reserved, &p.Claimable, &p.Paid} {
		if v.IsNil() {
			*v = math.ZeroInt()
		}
	}
	return p
}

// IsFresh says whether the genesis describes a new chain: no accounting,
// projects or rewards yet. InitGenesis then takes the pool from the
// module account's balance.
func (gs GenesisState) IsFresh() bool {
	p := gs.Pool.Normalized()
	return p.Total.IsZero() && p.Locked.IsZero() && p.Releasable.IsZero() && p.Reserved.IsZero() &&
		p.Claimable.IsZero() && p.Paid.IsZero() && len(gs.Projects) == 0 && len(gs.Rewards) == 0 && len(gs.StageUnlocks) == 0
}

// Validate checks the genesis state; the pool against the module balance
// is checked by InitGenesis.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.NextProjectId == 0 {
		return errorsmod.Wrap(ErrInvalidGenesis, "next_project_id must be at least 1")
	}
	pool := gs.Pool.Normalized()
	if int(pool.StagesUnlocked) > len(gs.Params.Stages) {
		return errorsmod.Wrapf(ErrInvalidGenesis, "%d stages unlocked of %d", pool.StagesUnlocked, len(gs.Params.Stages))
	}
	for _, v := range []math.Int{pool.Total, pool.Locked, pool.Releasable, pool.Reserved, pool.Claimable, pool.Paid} {
		if v.IsNegative() {
			return errorsmod.Wrap(ErrInvalidGenesis, "pool amounts must be non-negative")
		}
	}
	for _, s := range gs.StageUnlocks {
		if s.Stage >= pool.StagesUnlocked || s.Amount.IsNil() || s.Amount.IsNegative() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "stage unlock %d: not an unlocked stage or bad amount", s.Stage)
		}
	}
	ids := make(map[uint64]bool, len(gs.Projects))
	for _, p := range gs.Projects {
		if p.Id == 0 || p.Id >= gs.NextProjectId || ids[p.Id] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "project id %d duplicate or not below next_project_id", p.Id)
		}
		ids[p.Id] = true
		if _, err := sdk.AccAddressFromBech32(p.Manager); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "project %d manager %q: %s", p.Id, p.Manager, err)
		}
		if err := p.validateStrings(gs.Params); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "project %d: %s", p.Id, err)
		}
		if p.Budget.IsNil() || !p.Budget.IsPositive() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "project %d budget must be positive", p.Id)
		}
		if p.State == PROJECT_STATE_UNSPECIFIED || ProjectState_name[int32(p.State)] == "" {
			return errorsmod.Wrapf(ErrInvalidGenesis, "project %d state %d", p.Id, p.State)
		}
		if (p.State == PROJECT_STATE_ACCEPTING || p.State == PROJECT_STATE_FINISHED) && p.Acceptance == nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "project %d is %s without an acceptance", p.Id, p.State)
		}
	}
	for _, r := range gs.Rewards {
		if !ids[r.ProjectId] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reward of unknown project %d", r.ProjectId)
		}
		if _, err := sdk.AccAddressFromBech32(r.Address); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reward address %q: %s", r.Address, err)
		}
		if r.Amount.IsNil() || r.Amount.IsNegative() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reward of %s in project %d: bad amount", r.Address, r.ProjectId)
		}
	}
	names := make(map[string]bool, len(gs.LatestVersions))
	for i, v := range gs.LatestVersions {
		if err := ident.Check(fmt.Sprintf("latest_versions[%d].name", i), v.Name, gs.Params.MaxNameLength); err != nil {
			return errorsmod.Wrap(ErrInvalidGenesis, err.Error())
		}
		if names[v.Name] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "latest version of %q listed twice", v.Name)
		}
		names[v.Name] = true
	}
	for _, d := range gs.Developers {
		if _, err := sdk.AccAddressFromBech32(d.Address); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "developer %q: %s", d.Address, err)
		}
		if d.Dan && d.DanRevoked {
			return errorsmod.Wrapf(ErrInvalidGenesis, "developer %s is both DAN and revoked", d.Address)
		}
	}
	return nil
}

// validateStrings checks a project's strings by the rules applied when it
// was created: the name is an identifier, the description URI and the
// reason are free text, the digests are hex sha256 (or not yet set).
func (p Project) validateStrings(params Params) error {
	if err := CheckIdentifier("name", p.Name, params.MaxNameLength); err != nil {
		return err
	}
	if err := CheckDescriptionURI(p.DescriptionUri, params.MaxUriLength); err != nil {
		return err
	}
	if err := ident.CheckText("reason", p.Reason, ident.MaxLength); err != nil {
		return errorsmod.Wrap(ErrInvalidProject, err.Error())
	}
	if err := CheckDigest("creation_digest", p.CreationDigest); err != nil {
		return err
	}
	if p.Acceptance != nil {
		if err := CheckDigest("acceptance digest", p.Acceptance.Digest); err != nil {
			return err
		}
	}
	return nil
}
