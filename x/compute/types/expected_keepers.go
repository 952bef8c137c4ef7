package types

import (
	"context"

	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
)

// StakingKeeper is what x/compute needs from x/staking: providers are
// bonded validators, and committees are drawn from the bonded set by power.
type StakingKeeper interface {
	GetValidator(ctx context.Context, addr sdk.ValAddress) (stakingtypes.Validator, error)
	GetBondedValidatorsByPower(ctx context.Context) ([]stakingtypes.Validator, error)
	PowerReduction(ctx context.Context) math.Int
}

// BankKeeper is what x/compute needs from x/bank.
type BankKeeper interface {
	GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
	SendCoinsFromAccountToModule(ctx context.Context, sender sdk.AccAddress, module string, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, module string, recipient sdk.AccAddress, amt sdk.Coins) error
	SendCoinsFromModuleToModule(ctx context.Context, sender, recipient string, amt sdk.Coins) error
}

// ReputationKeeper is what x/compute needs from x/reputation: provider
// scores for matching, and outcomes of jobs and attestations.
type ReputationKeeper interface {
	Score(ctx context.Context, subject sdk.AccAddress) (uint32, error)
	RecordOutcome(ctx context.Context, subject sdk.AccAddress, kind reputationtypes.OutcomeKind, success bool, weight math.LegacyDec) error
}
