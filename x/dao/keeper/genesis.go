package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
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
		owner, err := k.address("lock owner", lock.Owner)
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
			a, err := k.address("series address", s.Address)
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
		if n := len(s.Checkpoints); n > 0 {
			st.LastCheckpoint = &s.Checkpoints[n-1]
		}
		if n := len(s.VestedPoints); n > 0 {
			st.LastVested = &s.VestedPoints[n-1]
		}
		if err := k.SeriesStates.Set(ctx, key, st); err != nil {
			return err
		}
	}
	for _, h := range gs.DelegateHistory {
		if err := k.importDelegateHistory(ctx, h); err != nil {
			return err
		}
	}
	for i := range gs.Proposals {
		if err := k.importProposal(ctx, gs.Proposals[i]); err != nil {
			return err
		}
	}
	if err := k.importVoteRecords(ctx, gs.Votes, gs.OverrideDeductions); err != nil {
		return err
	}
	if err := k.restorePruneQueue(ctx, gs.Proposals); err != nil {
		return err
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
	if err := k.importHealth(ctx, gs.HealthBuckets); err != nil {
		return err
	}
	if err := k.CheckVotes(ctx); err != nil {
		return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
	}
	if err := k.CheckSeries(ctx); err != nil {
		return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
	}
	if err := k.CheckBonds(ctx); err != nil {
		return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
	}
	if err := k.CheckTallies(ctx); err != nil {
		return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
	}
	if err := k.CheckVoteRecords(ctx); err != nil {
		return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
	}
	if err := k.CheckEscrowBalance(ctx); err != nil {
		return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
	}
	if err := k.CheckPruneQueue(ctx); err != nil {
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
	if gs.Locks, err = colls.Values(ctx, k.Locks); err != nil {
		return nil, err
	}
	if gs.Unlocks, err = colls.IndexedValues(ctx, k.Unlocks); err != nil {
		return nil, err
	}
	if gs.NextUnlockId, err = k.UnlockSeq.Peek(ctx); err != nil {
		return nil, err
	}
	// A state with no checkpoint holds only a delegate history (exported
	// with the delegation histories).
	if err := k.SeriesStates.Walk(ctx, nil, func(key []byte, st types.SeriesState) (bool, error) {
		if st.Checkpoints == 0 && st.VestedPoints == 0 && st.VestCursor == 0 {
			return false, nil
		}
		s, err := k.exportSeries(ctx, key, st)
		gs.Series = append(gs.Series, s)
		return err != nil, err
	}); err != nil {
		return nil, err
	}
	if err := k.exportGovernance(ctx, gs); err != nil {
		return nil, err
	}
	if gs.HealthBuckets, err = k.exportHealth(ctx); err != nil {
		return nil, err
	}
	return gs, nil
}

// exportSeries exports one checkpoint series: its checkpoints and vested
// points, stored under the series key.
func (k Keeper) exportSeries(ctx context.Context, key []byte, st types.SeriesState) (types.GenesisSeries, error) {
	kind, addr := types.SplitSeriesKey(key)
	s := types.GenesisSeries{Kind: kind, VestCursor: st.VestCursor}
	var err error
	if len(addr) > 0 {
		if s.Address, err = k.addressCodec.BytesToString(addr); err != nil {
			return s, err
		}
	}
	prefix := collections.NewPrefixedPairRange[[]byte, uint64](key)
	if s.Checkpoints, err = colls.ValuesIn(ctx, k.Checkpoints, prefix); err != nil {
		return s, err
	}
	s.VestedPoints, err = colls.ValuesIn(ctx, k.VestedPoints, prefix)
	return s, err
}

// exportGovernance exports delegation history, proposals, votes, override
// deductions, the committee and the constitution.
func (k Keeper) exportGovernance(ctx context.Context, gs *types.GenesisState) error {
	var err error
	// The counts are in the VOTES series states, walked in address order.
	votes := []byte{byte(types.SERIES_KIND_VOTES)}
	if err := k.SeriesStates.Walk(ctx, new(collections.Range[[]byte]).Prefix(votes), func(key []byte, st types.SeriesState) (bool, error) {
		if st.DelegateCount == 0 {
			return false, nil
		}
		_, addr := types.SplitSeriesKey(key)
		h, err := k.exportDelegateHistory(ctx, addr, st.DelegateCount)
		gs.DelegateHistory = append(gs.DelegateHistory, h)
		return err != nil, err
	}); err != nil {
		return err
	}
	if gs.Proposals, err = colls.IndexedValues(ctx, k.Proposals); err != nil {
		return err
	}
	// Genesis carries each proposal with its current tally; InitGenesis
	// stores it in the proposal record, the base of later votes.
	for i := range gs.Proposals {
		if err := k.withLiveTally(ctx, &gs.Proposals[i]); err != nil {
			return err
		}
	}
	if gs.Votes, gs.OverrideDeductions, err = k.exportVoteRecords(ctx); err != nil {
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

// exportDelegateHistory exports the n delegate checkpoints of addr.
func (k Keeper) exportDelegateHistory(ctx context.Context, addr sdk.AccAddress, n uint64) (types.GenesisDelegateHistory, error) {
	var h types.GenesisDelegateHistory
	var err error
	if h.Address, err = k.addressCodec.BytesToString(addr); err != nil {
		return h, err
	}
	for i := uint64(0); i < n; i++ {
		cp, err := k.DelegateHistory.Get(ctx, collections.Join(addr, i))
		if err != nil {
			return h, err
		}
		h.Checkpoints = append(h.Checkpoints, cp)
	}
	return h, nil
}

// importDelegateHistory stores a delegate history, its count and last
// entry in the state of the account's VOTES series.
func (k Keeper) importDelegateHistory(ctx context.Context, h types.GenesisDelegateHistory) error {
	addr, err := k.address("delegate history address", h.Address)
	if err != nil {
		return err
	}
	for i, cp := range h.Checkpoints {
		if err := k.DelegateHistory.Set(ctx, collections.Join(addr, uint64(i)), cp); err != nil {
			return err
		}
	}
	if len(h.Checkpoints) == 0 {
		return nil
	}
	s, err := k.loadSeries(ctx, types.SeriesKey(types.SERIES_KIND_VOTES, addr))
	if err != nil {
		return err
	}
	s.st.DelegateCount = uint64(len(h.Checkpoints))
	s.st.LastDelegate = &h.Checkpoints[len(h.Checkpoints)-1]
	return k.SeriesStates.Set(ctx, s.key, s.st)
}
