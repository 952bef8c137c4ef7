package keeper

import (
	"context"

	"github.com/aitbc/aitbc/x/compute/types"
)

// SetParams validates and stores new params, refusing a change of what is
// fixed at genesis (the denom of min_bond, which is also the price and
// escrow denom), and emits EventParamsUpdated.
func (k Keeper) SetParams(ctx context.Context, params types.Params) error {
	if err := params.Validate(); err != nil {
		return err
	}
	current, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := current.ValidateChange(params); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, params); err != nil {
		return err
	}
	return emit(ctx, &types.EventParamsUpdated{Params: params})
}
