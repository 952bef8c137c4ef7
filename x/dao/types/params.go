package types

import (
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Default parameter values, as in DESIGN.md (x/dao).
const (
	DefaultLockDenom                 = "uaitbc"
	DefaultUnlockPeriod              = 21 * 24 * time.Hour
	DefaultTWASWindow                = 24 * time.Hour
	DefaultVesting                   = 7 * 24 * time.Hour
	DefaultMaxUnlocksPerBlock        = 100
	DefaultMaxVestingUpdatesPerBlock = 1000
	DefaultMaxUnlockEntries          = 16
)

// DefaultMaxPowerFraction caps a single vote at 5 % of the total power.
var DefaultMaxPowerFraction = math.LegacyNewDecWithPrec(5, 2)

// DefaultParams returns the default x/dao params.
func DefaultParams() Params {
	return Params{
		LockDenom:                 DefaultLockDenom,
		UnlockPeriod:              DefaultUnlockPeriod,
		TwasWindow:                DefaultTWASWindow,
		Vesting:                   DefaultVesting,
		MaxPowerFraction:          DefaultMaxPowerFraction,
		MaxUnlocksPerBlock:        DefaultMaxUnlocksPerBlock,
		MaxVestingUpdatesPerBlock: DefaultMaxVestingUpdatesPerBlock,
		MaxUnlockEntries:          DefaultMaxUnlockEntries,
	}
}

// Validate checks every field of the params.
func (p Params) Validate() error {
	if err := sdk.ValidateDenom(p.LockDenom); err != nil {
		return errorsmod.Wrapf(ErrInvalidParams, "lock_denom: %s", err)
	}
	if p.UnlockPeriod <= 0 {
		return errorsmod.Wrapf(ErrInvalidParams, "unlock_period must be positive, got %s", p.UnlockPeriod)
	}
	if p.TwasWindow <= 0 {
		return errorsmod.Wrapf(ErrInvalidParams, "twas_window must be positive, got %s", p.TwasWindow)
	}
	if p.Vesting < 0 {
		return errorsmod.Wrapf(ErrInvalidParams, "vesting must not be negative, got %s", p.Vesting)
	}
	if p.MaxPowerFraction.IsNil() || !p.MaxPowerFraction.IsPositive() || p.MaxPowerFraction.GT(math.LegacyOneDec()) {
		return errorsmod.Wrapf(ErrInvalidParams, "max_power_fraction must be in (0, 1], got %s", p.MaxPowerFraction)
	}
	if p.MaxUnlocksPerBlock == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "max_unlocks_per_block must be positive")
	}
	if p.MaxVestingUpdatesPerBlock == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "max_vesting_updates_per_block must be positive")
	}
	if p.MaxUnlockEntries == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "max_unlock_entries must be positive")
	}
	return nil
}

// ValidateChange checks what may not change after genesis: the lock denom
// (locked tokens would be stranded) and the vesting delay (the recorded
// vested points are computed with it).
func (p Params) ValidateChange(next Params) error {
	if p.LockDenom != next.LockDenom {
		return errorsmod.Wrapf(ErrInvalidParams, "lock_denom is fixed at genesis (%s), got %s", p.LockDenom, next.LockDenom)
	}
	if p.Vesting != next.Vesting {
		return errorsmod.Wrapf(ErrInvalidParams, "vesting is fixed at genesis (%s), got %s", p.Vesting, next.Vesting)
	}
	return nil
}
