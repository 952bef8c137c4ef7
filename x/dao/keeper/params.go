package keeper

import (
	"context"

	"github.com/aitbc/aitbc/x/dao/types"
)

// SetParams validates and stores new params, refusing changes to what is
// fixed at genesis.
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
	return k.Params.Set(ctx, params)
}
