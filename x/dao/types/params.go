package types

import (
	"fmt"
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Default parameter values, as in DESIGN.md (x/dao).
const (
	DefaultLockDenom          = "uaitbc"
	DefaultUnlockPeriod       = 21 * 24 * time.Hour
	DefaultTWASWindow         = 24 * time.Hour
	DefaultVesting            = 7 * 24 * time.Hour
	DefaultMaxUnlocksPerBlock = 100
)

// DefaultMaxPowerFraction caps a single vote at 5 % of the total power.
var DefaultMaxPowerFraction = math.LegacyNewDecWithPrec(5, 2)

// DefaultParams returns the default x/dao params.
func DefaultParams() Params {
	return Params{
		LockDenom:          DefaultLockDenom,
		UnlockPeriod:       DefaultUnlockPeriod,
		TwasWindow:         DefaultTWASWindow,
		Vesting:            DefaultVesting,
		MaxPowerFraction:   DefaultMaxPowerFraction,
		MaxUnlocksPerBlock: DefaultMaxUnlocksPerBlock,
	}
}

// Validate checks every field of the params.
func (p Params) Validate() error {
	if err := sdk.ValidateDenom(p.LockDenom); err != nil {
		return errorsmod.Wrapf(ErrInvalidParams, "lock_denom: %s", err)
	}
	if err := positiveDuration("unlock_period", p.UnlockPeriod); err != nil {
		return err
	}
	if err := positiveDuration("twas_window", p.TwasWindow); err != nil {
		return err
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
	return nil
}

func positiveDuration(name string, d time.Duration) error {
	if d <= 0 {
		return errorsmod.Wrap(ErrInvalidParams, fmt.Sprintf("%s must be positive, got %s", name, d))
	}
	return nil
}
