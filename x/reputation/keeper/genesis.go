package keeper

import (
	"context"

	"cosmossdk.io/collections"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/reputation/types"
)

// InitGenesis imports the state; the score index is rebuilt from the records.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, r := range gs.Records {
		subject := sdk.MustAccAddressFromBech32(r.Subject)
		r.Score = types.Score(r.Success, r.Failure)
		if err := k.Records.Set(ctx, collections.Join(subject, int32(r.Kind)), r); err != nil {
			return err
		}
		if err := k.ScoreIndex.Set(ctx, indexKey(r)); err != nil {
			return err
		}
	}
	for _, r := range gs.Ratings {
		if err := k.Ratings.Set(ctx, collections.Join(r.DealRef, sdk.MustAccAddressFromBech32(r.Rater)), r); err != nil {
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
	if err := k.Records.Walk(ctx, nil, func(_ collections.Pair[sdk.AccAddress, int32], r types.Record) (bool, error) {
		gs.Records = append(gs.Records, r)
		return false, nil
	}); err != nil {
		return nil, err
	}
	err = k.Ratings.Walk(ctx, nil, func(_ collections.Pair[string, sdk.AccAddress], r types.Rating) (bool, error) {
		gs.Ratings = append(gs.Ratings, r)
		return false, nil
	})
	return gs, err
}
