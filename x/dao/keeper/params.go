package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/aitbc/aitbc/x/dao/types"
)

// SetParams validates and stores new params. The lock denomination is fixed
// at genesis: changing it would strand the tokens already locked.
func (k Keeper) SetParams(ctx context.Context, params types.Params) error {
	if err := params.Validate(); err != nil {
		return err
	}
	if current, err := k.Params.Get(ctx); err == nil && current.LockDenom != params.LockDenom {
		return errorsmod.Wrapf(types.ErrInvalidParams, "lock_denom is fixed at genesis (%s), got %s", current.LockDenom, params.LockDenom)
	}
	return k.Params.Set(ctx, params)
}
