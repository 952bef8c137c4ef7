package types

import (
	"fmt"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/ident"
)

// Default parameter values.
const (
	DefaultDenom             = "uaitbc"
	DefaultDanThreshold      = 100
	DefaultMaxContributions  = 100
	DefaultMaxClaimProjects  = 20
	DefaultMaxCoreDevelopers = 100
	DefaultMaxNameLength     = 64
	DefaultMaxURILength      = 512

	// MaxStageNameLength bounds a roadmap stage's name.
	MaxStageNameLength = 64
)

// DefaultStages is the roadmap: PoC 10 %, MVP 15 %, Alpha 20 %, Beta 25 %,
// Release 30 % of the pool.
func DefaultStages() []Stage {
	stage := func(name string, pct int64) Stage {
		return Stage{Name: name, Share: math.LegacyNewDecWithPrec(pct, 2)}
	}
	return []Stage{stage("PoC", 10), stage("MVP", 15), stage("Alpha", 20), stage("Beta", 25), stage("Release", 30)}
}

// DefaultParams returns the default params: a 2.5 % budget cap and
// important votes for budgets over 100,000 AITBC.
func DefaultParams() Params {
	return Params{
		Denom:                    DefaultDenom,
		Stages:                   DefaultStages(),
		MaxBudgetFraction:        math.LegacyNewDecWithPrec(25, 3),
		ImportantBudgetThreshold: math.NewInt(100_000_000_000),
		DanThreshold:             DefaultDanThreshold,
		MaxContributions:         DefaultMaxContributions,
		MaxClaimProjects:         DefaultMaxClaimProjects,
		MaxCoreDevelopers:        DefaultMaxCoreDevelopers,
		MaxNameLength:            DefaultMaxNameLength,
		MaxUriLength:             DefaultMaxURILength,
	}
}

// Validate checks the params.
func (p Params) Validate() error {
	if err := sdk.ValidateDenom(p.Denom); err != nil {
		return errorsmod.Wrapf(ErrInvalidParams, "denom: %s", err)
	}
	if len(p.Stages) == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "at least one stage is needed")
	}
	sum := math.LegacyZeroDec()
	names := make(map[string]bool, len(p.Stages))
	for i, s := range p.Stages {
		if err := ident.Check(fmt.Sprintf("stages[%d].name", i), s.Name, MaxStageNameLength); err != nil {
			return errorsmod.Wrap(ErrInvalidParams, err.Error())
		}
		if names[s.Name] {
			return errorsmod.Wrapf(ErrInvalidParams, "stage %d: name %q repeated", i, s.Name)
		}
		names[s.Name] = true
		if s.Share.IsNil() || s.Share.IsNegative() {
			return errorsmod.Wrapf(ErrInvalidParams, "stage %s: share must be non-negative", s.Name)
		}
		sum = sum.Add(s.Share)
	}
	if sum.GT(math.LegacyOneDec()) {
		return errorsmod.Wrapf(ErrInvalidParams, "stage shares sum to %s, more than 1", sum)
	}
	if p.MaxBudgetFraction.IsNil() || !p.MaxBudgetFraction.IsPositive() || p.MaxBudgetFraction.GT(math.LegacyOneDec()) {
		return errorsmod.Wrapf(ErrInvalidParams, "max_budget_fraction %s must be in (0, 1]", p.MaxBudgetFraction)
	}
	if p.ImportantBudgetThreshold.IsNil() || p.ImportantBudgetThreshold.IsNegative() {
		return errorsmod.Wrap(ErrInvalidParams, "important_budget_threshold must be non-negative")
	}
	for _, b := range []struct {
		name string
		v    uint32
	}{
		{"max_contributions", p.MaxContributions}, {"max_claim_projects", p.MaxClaimProjects},
		{"max_core_developers", p.MaxCoreDevelopers}, {"max_name_length", p.MaxNameLength}, {"max_uri_length", p.MaxUriLength},
	} {
		if b.v == 0 {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must be positive", b.name)
		}
	}
	// A project name is a store key: the identifier rule's bound applies
	// whatever the params say.
	if p.MaxNameLength > ident.MaxLength {
		return errorsmod.Wrapf(ErrInvalidParams, "max_name_length %d is over the identifier limit %d", p.MaxNameLength, ident.MaxLength)
	}
	return nil
}

// Multiplier is a level's share of the budget in tenths: failed 0,
// normal 8, good 10, excellent 12. ok is false for an unknown level.
func (l AcceptanceLevel) Multiplier() (tenths int64, ok bool) {
	switch l {
	case ACCEPTANCE_LEVEL_FAILED:
		return 0, true
	case ACCEPTANCE_LEVEL_NORMAL:
		return 8, true
	case ACCEPTANCE_LEVEL_GOOD:
		return 10, true
	case ACCEPTANCE_LEVEL_EXCELLENT:
		return 12, true
	}
	return 0, false
}

// Payout is budget x multiplier, rounded down, in integer arithmetic.
func Payout(budget math.Int, level AcceptanceLevel) math.Int {
	tenths, _ := level.Multiplier()
	return budget.MulRaw(tenths).QuoRaw(10)
}

// RewardOf is payout x value / total, rounded down.
func RewardOf(payout math.Int, value, total uint64) math.Int {
	if total == 0 {
		return math.ZeroInt()
	}
	return payout.Mul(math.NewIntFromUint64(value)).Quo(math.NewIntFromUint64(total))
}
