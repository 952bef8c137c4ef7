package keeper

import (
	"context"

	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/x/compute/types"
)

// Hooks follow the validator set: a provider whose validator leaves the
// bonded set (unbonds or is jailed) becomes inactive and its offers leave
// the price indexes; when it is bonded again they come back.
type Hooks struct{ k Keeper }

var _ stakingtypes.StakingHooks = Hooks{}

// Hooks returns the staking hooks of x/compute.
func (k Keeper) Hooks() Hooks { return Hooks{k: k} }

// refresh recomputes the status of the validator's provider, if it is one.
// Hooks run inside the staking EndBlocker, so the provider is handled on
// its own (internal/isolate): if it fails, its stored status stays as it
// was, which is safe since matching also checks the validator itself, and
// the staking EndBlocker goes on. Each of its offers is isolated in turn
// (relistOffers).
func (h Hooks) refresh(ctx context.Context, op sdk.ValAddress) error {
	has, err := h.k.Providers.Has(ctx, op)
	if err != nil || !has {
		return err
	}
	isolate.Item(sdk.UnwrapSDKContext(ctx), types.ModuleName, "refresh provider "+h.k.operatorLabel(op), func(ctx sdk.Context) error {
		p, err := h.k.Providers.Get(ctx, op)
		if err != nil {
			return err
		}
		return h.k.saveProvider(ctx, &p)
	}, nil)
	return nil
}

// AfterValidatorBonded makes the validator's provider active again.
func (h Hooks) AfterValidatorBonded(ctx context.Context, _ sdk.ConsAddress, op sdk.ValAddress) error {
	return h.refresh(ctx, op)
}

// AfterValidatorBeginUnbonding makes the validator's provider inactive.
func (h Hooks) AfterValidatorBeginUnbonding(ctx context.Context, _ sdk.ConsAddress, op sdk.ValAddress) error {
	return h.refresh(ctx, op)
}

// AfterValidatorCreated implements StakingHooks.
func (Hooks) AfterValidatorCreated(context.Context, sdk.ValAddress) error { return nil }

// BeforeValidatorModified implements StakingHooks.
func (Hooks) BeforeValidatorModified(context.Context, sdk.ValAddress) error { return nil }

// AfterValidatorRemoved implements StakingHooks.
func (Hooks) AfterValidatorRemoved(context.Context, sdk.ConsAddress, sdk.ValAddress) error {
	return nil
}

// BeforeDelegationCreated implements StakingHooks.
func (Hooks) BeforeDelegationCreated(context.Context, sdk.AccAddress, sdk.ValAddress) error {
	return nil
}

// BeforeDelegationSharesModified implements StakingHooks.
func (Hooks) BeforeDelegationSharesModified(context.Context, sdk.AccAddress, sdk.ValAddress) error {
	return nil
}

// BeforeDelegationRemoved implements StakingHooks.
func (Hooks) BeforeDelegationRemoved(context.Context, sdk.AccAddress, sdk.ValAddress) error {
	return nil
}

// AfterDelegationModified implements StakingHooks.
func (Hooks) AfterDelegationModified(context.Context, sdk.AccAddress, sdk.ValAddress) error {
	return nil
}

// BeforeValidatorSlashed implements StakingHooks.
func (Hooks) BeforeValidatorSlashed(context.Context, sdk.ValAddress, math.LegacyDec) error {
	return nil
}

// AfterUnbondingInitiated implements StakingHooks.
func (Hooks) AfterUnbondingInitiated(context.Context, uint64) error { return nil }
