package types

import (
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/ident"
)

// Upper bounds of the params that bound per-block work, so no params
// change can make a block's work unbounded.
const (
	// MaxPerBlockCeiling bounds the items each EndBlock queue step handles
	// (max_bond_payouts_per_block, max_job_expiries_per_block,
	// max_lease_deadlines_per_block) and max_offers_per_provider (a staking
	// hook relists all of a provider's offers).
	MaxPerBlockCeiling uint32 = 10_000
	// MaxMatchCeiling bounds max_matches_per_block and max_offers_per_match:
	// a block looks at up to their product of offers.
	MaxMatchCeiling uint32 = 1_000
	// MaxCommitteeSize bounds committee_size: each attestation tallies the
	// committee against the lease's attestations.
	MaxCommitteeSize uint32 = 100
)

// DefaultParams returns the default params: a 1,000 AITBC minimum bond
// returned 21 days after unbonding; committees of 3; a 5 % take of which a
// fifth rewards the attesters; 5 % of the bond slashed for a bad result.
func DefaultParams() Params {
	return Params{
		MinBond:                   sdk.NewCoin("uaitbc", math.NewInt(1_000_000_000)),
		BondUnbondingPeriod:       21 * 24 * time.Hour,
		MaxOffersPerProvider:      32,
		MaxGpuKinds:               16,
		MaxAttributes:             16,
		MaxTextLength:             256,
		MinHours:                  1,
		MaxHours:                  24 * 30,
		MaxBondPayoutsPerBlock:    100,
		MaxJobExpiriesPerBlock:    100,
		MaxJobDuration:            30 * 24 * time.Hour,
		MaxMatchesPerBlock:        50,
		MaxOffersPerMatch:         16,
		ResultGracePeriod:         time.Hour,
		AttestationPeriod:         time.Hour,
		CommitteeSize:             3,
		TakeRate:                  math.LegacyNewDecWithPrec(5, 2),
		VerifierShare:             math.LegacyNewDecWithPrec(20, 2),
		SlashFraction:             math.LegacyNewDecWithPrec(5, 2),
		MaxLeaseDeadlinesPerBlock: 100,
		CommitPeriod:              30 * time.Minute,
		MinRevealedPowerFraction:  math.LegacyNewDecWithPrec(5, 1),
	}
}

// Validate checks the params.
func (p Params) Validate() error {
	if err := p.MinBond.Validate(); err != nil || !p.MinBond.IsPositive() {
		return errorsmod.Wrapf(ErrInvalidParams, "min_bond must be a positive coin, got %s", p.MinBond)
	}
	if p.BondUnbondingPeriod <= 0 {
		return errorsmod.Wrapf(ErrInvalidParams, "bond_unbonding_period must be positive, got %s", p.BondUnbondingPeriod)
	}
	if p.MaxJobDuration <= 0 {
		return errorsmod.Wrapf(ErrInvalidParams, "max_job_duration must be positive, got %s", p.MaxJobDuration)
	}
	if p.ResultGracePeriod < 0 || p.AttestationPeriod <= 0 {
		return errorsmod.Wrapf(ErrInvalidParams, "result_grace_period must not be negative and attestation_period must be positive, got %s, %s",
			p.ResultGracePeriod, p.AttestationPeriod)
	}
	if p.CommitPeriod <= 0 || p.CommitPeriod >= p.AttestationPeriod {
		return errorsmod.Wrapf(ErrInvalidParams, "commit_period must satisfy 0 < commit_period < attestation_period, got %s, %s",
			p.CommitPeriod, p.AttestationPeriod)
	}
	if f := p.MinRevealedPowerFraction; f.IsNil() || !f.IsPositive() || f.GT(math.LegacyOneDec()) {
		return errorsmod.Wrapf(ErrInvalidParams, "min_revealed_power_fraction must be in (0, 1], got %s", f)
	}
	for _, d := range []struct {
		name string
		v    math.LegacyDec
	}{{"take_rate", p.TakeRate}, {"verifier_share", p.VerifierShare}, {"slash_fraction", p.SlashFraction}} {
		if d.v.IsNil() || d.v.IsNegative() || d.v.GT(math.LegacyOneDec()) {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must be between 0 and 1, got %s", d.name, d.v)
		}
	}
	if p.MinHours == 0 || p.MaxHours < p.MinHours {
		return errorsmod.Wrapf(ErrInvalidParams, "hours must satisfy 0 < min_hours <= max_hours, got %d, %d", p.MinHours, p.MaxHours)
	}
	// Strings are identifiers or text of at most ident.MaxLength bytes, so
	// what the keeper admits always passes genesis validation.
	if p.MaxTextLength > ident.MaxLength {
		return errorsmod.Wrapf(ErrInvalidParams, "max_text_length is at most %d, got %d", ident.MaxLength, p.MaxTextLength)
	}
	for _, b := range []struct {
		name string
		v    uint32
	}{
		{"max_offers_per_provider", p.MaxOffersPerProvider}, {"max_gpu_kinds", p.MaxGpuKinds}, {"max_attributes", p.MaxAttributes},
		{"max_text_length", p.MaxTextLength}, {"max_bond_payouts_per_block", p.MaxBondPayoutsPerBlock},
		{"max_job_expiries_per_block", p.MaxJobExpiriesPerBlock}, {"max_matches_per_block", p.MaxMatchesPerBlock},
		{"max_offers_per_match", p.MaxOffersPerMatch}, {"committee_size", p.CommitteeSize},
		{"max_lease_deadlines_per_block", p.MaxLeaseDeadlinesPerBlock},
	} {
		if b.v == 0 {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must be positive", b.name)
		}
	}
	for _, b := range []struct {
		name     string
		v, limit uint32
	}{
		{"max_bond_payouts_per_block", p.MaxBondPayoutsPerBlock, MaxPerBlockCeiling},
		{"max_job_expiries_per_block", p.MaxJobExpiriesPerBlock, MaxPerBlockCeiling},
		{"max_lease_deadlines_per_block", p.MaxLeaseDeadlinesPerBlock, MaxPerBlockCeiling},
		{"max_offers_per_provider", p.MaxOffersPerProvider, MaxPerBlockCeiling},
		{"max_matches_per_block", p.MaxMatchesPerBlock, MaxMatchCeiling},
		{"max_offers_per_match", p.MaxOffersPerMatch, MaxMatchCeiling},
		{"committee_size", p.CommitteeSize, MaxCommitteeSize},
	} {
		if b.v > b.limit {
			return errorsmod.Wrapf(ErrInvalidParams, "%s is at most %d, got %d", b.name, b.limit, b.v)
		}
	}
	return nil
}

// ValidateChange checks a params change against the current params: the
// denom of min_bond is fixed at genesis, because prices, escrows and bonds
// are all in it and the module accounts already hold it.
func (p Params) ValidateChange(next Params) error {
	if p.MinBond.Denom != next.MinBond.Denom {
		return errorsmod.Wrapf(ErrBondDenomFixed, "min_bond is in %s, got %s", p.MinBond.Denom, next.MinBond.Denom)
	}
	return nil
}
