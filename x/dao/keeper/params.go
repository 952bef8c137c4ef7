package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

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

// ClassRank returns the rank of a proposal class, for modules that compare
// the class of the proposal executing them with the one they require.
func (k Keeper) ClassRank(ctx context.Context, name string) (uint32, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	c, ok := params.Class(name)
	if !ok {
		return 0, errorsmod.Wrapf(types.ErrUnknownClass, "%q", name)
	}
	return c.Rank, nil
}
