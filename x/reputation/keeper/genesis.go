package keeper

import (
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/x/reputation/types"
)

// InitGenesis imports the state; the score index is rebuilt from the
// records. Besides the stateless checks, every rating's deal ref must be
// the canonical spelling its module's voucher gives (the vouchers are
// registered at app wiring, before any genesis import).
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, r := range gs.Records {
		subject, err := k.addressCodec.StringToBytes(r.Subject)
		if err != nil {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "record subject %q: %s", r.Subject, err)
		}
		r.Score = types.Score(r.Success, r.Failure)
		if err := k.Records.Set(ctx, collections.Join(sdk.AccAddress(subject), int32(r.Kind)), r); err != nil {
			return err
		}
		if err := k.ScoreIndex.Set(ctx, indexKey(subject, r)); err != nil {
			return err
		}
	}
	for _, r := range gs.Ratings {
		ref, _, _, err := k.CanonicalDealRef(r.DealRef)
		if err != nil {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "rating by %s: %s", r.Rater, err)
		}
		if ref != r.DealRef {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "rating by %s: deal ref %q is not canonical, %q is", r.Rater, r.DealRef, ref)
		}
		rater, err := k.addressCodec.StringToBytes(r.Rater)
		if err != nil {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "rater %q: %s", r.Rater, err)
		}
		if err := k.Ratings.Set(ctx, collections.Join(ref, sdk.AccAddress(rater)), r); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis exports the state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	if gs.Records, err = colls.Values(ctx, k.Records); err != nil {
		return nil, err
	}
	if gs.Ratings, err = colls.Values(ctx, k.Ratings); err != nil {
		return nil, err
	}
	return gs, nil
}
