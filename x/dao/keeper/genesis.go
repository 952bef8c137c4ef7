package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
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
	for _, h := range gs.DelegateHistory {
		addr, err := sdk.AccAddressFromBech32(h.Address)
		if err != nil {
			return err
		}
		for i, cp := range h.Checkpoints {
			if err := k.DelegateHistory.Set(ctx, collections.Join(addr, uint64(i)), cp); err != nil {
				return err
			}
		}
		if err := k.DelegateCount.Set(ctx, addr, uint64(len(h.Checkpoints))); err != nil {
			return err
		}
	}
	for i := range gs.Proposals {
		if err := k.saveAndSchedule(ctx, &gs.Proposals[i]); err != nil {
			return err
		}
	}
	for _, v := range gs.Votes {
		voter, err := sdk.AccAddressFromBech32(v.Voter)
		if err != nil {
			return err
		}
		if err := k.Votes.Set(ctx, collections.Join(v.ProposalId, voter), v); err != nil {
			return err
		}
	}
	for _, d := range gs.OverrideDeductions {
		addr, err := sdk.AccAddressFromBech32(d.Delegatee)
		if err != nil {
			return err
		}
		if err := k.Deductions.Set(ctx, collections.Join(d.ProposalId, addr), d.Amount); err != nil {
			return err
		}
	}
	if err := k.ProposalSeq.Set(ctx, gs.NextProposalId); err != nil {
		return err
	}
	if err := k.Committee.Set(ctx, gs.Committee); err != nil {
		return err
	}
	if err := k.Constitution.Set(ctx, gs.Constitution); err != nil {
		return err
	}
	if err := k.CheckVotes(ctx); err != nil {
		return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
	}
	if err := k.CheckBonds(ctx); err != nil {
		return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
	}
	if err := k.CheckTallies(ctx); err != nil {
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
	if err := k.exportGovernance(ctx, gs); err != nil {
		return nil, err
	}
	return gs, nil
}

// exportGovernance exports delegation history, proposals, votes, override
// deductions, the committee and the constitution.
func (k Keeper) exportGovernance(ctx context.Context, gs *types.GenesisState) error {
	err := k.DelegateCount.Walk(ctx, nil, func(addr sdk.AccAddress, n uint64) (bool, error) {
		h := types.GenesisDelegateHistory{Address: addr.String()}
		for i := uint64(0); i < n; i++ {
			cp, err := k.DelegateHistory.Get(ctx, collections.Join(addr, i))
			if err != nil {
				return true, err
			}
			h.Checkpoints = append(h.Checkpoints, cp)
		}
		gs.DelegateHistory = append(gs.DelegateHistory, h)
		return false, nil
	})
	if err != nil {
		return err
	}
	if err := k.Proposals.Walk(ctx, nil, func(_ uint64, p types.Proposal) (bool, error) {
		gs.Proposals = append(gs.Proposals, p)
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.Votes.Walk(ctx, nil, func(_ collectionsPairVote, v types.Vote) (bool, error) {
		gs.Votes = append(gs.Votes, v)
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.Deductions.Walk(ctx, nil, func(key collectionsPairVote, amount math.Int) (bool, error) {
		gs.OverrideDeductions = append(gs.OverrideDeductions, types.OverrideDeduction{ProposalId: key.K1(), Delegatee: key.K2().String(), Amount: amount})
		return false, nil
	}); err != nil {
		return err
	}
	if gs.NextProposalId, err = k.ProposalSeq.Peek(ctx); err != nil {
		return err
	}
	if gs.Committee, err = k.GetCommittee(ctx); err != nil {
		return err
	}
	gs.Constitution, err = k.Constitution.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		err = nil
	}
	return err
}
