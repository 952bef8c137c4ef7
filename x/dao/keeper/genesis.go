package keeper

import (
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// InitGenesis imports the x/dao state and checks it against the escrow
// balance and the checkpoint series.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, lock := range gs.Locks {
		owner, err := sdk.AccAddressFromBech32(lock.Owner)
		if err != nil {
			return err
		}
		if err := k.Locks.Set(ctx, owner, lock); err != nil {
			return err
		}
	}
	for _, entry := range gs.Unlocks {
		if err := k.Unlocks.Set(ctx, entry.Id, entry); err != nil {
			return err
		}
	}
	if err := k.UnlockSeq.Set(ctx, gs.NextUnlockId); err != nil {
		return err
	}
	for _, s := range gs.Series {
		var addr sdk.AccAddress
		if s.Address != "" {
			a, err := sdk.AccAddressFromBech32(s.Address)
			if err != nil {
				return err
			}
			addr = a
		}
		key := types.SeriesKey(s.Kind, addr)
		for i, cp := range s.Checkpoints {
			if err := k.Checkpoints.Set(ctx, collections.Join(key, uint64(i)), cp); err != nil {
				return err
			}
		}
		for i, p := range s.VestedPoints {
			if err := k.VestedPoints.Set(ctx, collections.Join(key, uint64(i)), p); err != nil {
				return err
			}
		}
		// The queue is derived: one entry per checkpoint not yet vested.
		for i := s.VestCursor; i < uint64(len(s.Checkpoints)); i++ {
			if err := k.VestingQueue.Set(ctx, collections.Join(s.Checkpoints[i].Time.Add(gs.Params.Vesting), key)); err != nil {
				return err
			}
		}
		st := types.SeriesState{Checkpoints: uint64(len(s.Checkpoints)), VestedPoints: uint64(len(s.VestedPoints)), VestCursor: s.VestCursor}
		if err := k.SeriesStates.Set(ctx, key, st); err != nil {
			return err
		}
	}
	if err := k.CheckVotes(ctx); err != nil {
		return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
	}
	if err := k.CheckEscrowBalance(ctx); err != nil {
		return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
	}
	return nil
}

// ExportGenesis exports the x/dao state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	err = k.Locks.Walk(ctx, nil, func(_ sdk.AccAddress, lock types.Lock) (bool, error) {
		gs.Locks = append(gs.Locks, lock)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	err = k.Unlocks.Walk(ctx, nil, func(_ uint64, e types.UnlockEntry) (bool, error) {
		gs.Unlocks = append(gs.Unlocks, e)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	if gs.NextUnlockId, err = k.UnlockSeq.Peek(ctx); err != nil {
		return nil, err
	}
	err = k.SeriesStates.Walk(ctx, nil, func(key []byte, st types.SeriesState) (bool, error) {
		kind, addr := types.SplitSeriesKey(key)
		s := types.GenesisSeries{Kind: kind, VestCursor: st.VestCursor}
		if len(addr) > 0 {
			s.Address = addr.String()
		}
		prefix := collections.NewPrefixedPairRange[[]byte, uint64](key)
		if err := k.Checkpoints.Walk(ctx, prefix, func(_ collections.Pair[[]byte, uint64], cp types.Checkpoint) (bool, error) {
			s.Checkpoints = append(s.Checkpoints, cp)
			return false, nil
		}); err != nil {
			return true, err
		}
		if err := k.VestedPoints.Walk(ctx, prefix, func(_ collections.Pair[[]byte, uint64], p types.VestedPoint) (bool, error) {
			s.VestedPoints = append(s.VestedPoints, p)
			return false, nil
		}); err != nil {
			return true, err
		}
		gs.Series = append(gs.Series, s)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return gs, nil
}
