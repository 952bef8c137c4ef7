package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// A delegator's history of delegatees is stored by index in DelegateHistory;
// its length and a copy of its last entry live in the state of the
// delegator's VOTES series (delegate_count, last_delegate), the record a
// vote reads anyway for the voter's power.

// recordDelegate appends (block time, delegatee) to the history of the
// delegator whose VOTES series is s; a second change in the same block
// replaces the first. The caller saves s.
func (s *series) recordDelegate(ctx context.Context, delegatee sdk.AccAddress) error {
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	delegator, err := s.delegator()
	if err != nil {
		return err
	}
	n := s.st.DelegateCount
	idx := n
	if n > 0 {
		last, err := s.delegateEntry(ctx, delegator, n-1)
		if err != nil {
			return err
		}
		if last.Time.Equal(now) {
			idx = n - 1
		}
	}
	to, err := s.k.addrString(delegatee)
	if err != nil {
		return err
	}
	cp := types.DelegateCheckpoint{Time: now, Delegatee: to}
	if err := s.k.DelegateHistory.Set(ctx, collections.Join(delegator, idx), cp); err != nil {
		return err
	}
	if idx == n {
		s.st.DelegateCount++
	}
	s.st.LastDelegate = &cp
	s.dirty = true
	return nil
}

// delegator returns the address of a VOTES series.
func (s *series) delegator() (sdk.AccAddress, error) {
	kind, addr := types.SplitSeriesKey(s.key)
	if kind != types.SERIES_KIND_VOTES || len(addr) == 0 {
		return nil, errorsmod.Wrapf(types.ErrBrokenInvariant, "series %x is not a VOTES series", s.key)
	}
	return addr, nil
}

// delegateEntry returns entry i of the delegator's history, the last from
// the copy in the state.
func (s *series) delegateEntry(ctx context.Context, delegator sdk.AccAddress, i uint64) (types.DelegateCheckpoint, error) {
	if i+1 == s.st.DelegateCount && s.st.LastDelegate != nil {
		return *s.st.LastDelegate, nil
	}
	return s.k.DelegateHistory.Get(ctx, collections.Join(delegator, i))
}

// DelegateeAt returns whom delegator delegated to at time t: the last
// recorded choice at or before t, itself when there is none.
func (k Keeper) DelegateeAt(ctx context.Context, delegator sdk.AccAddress, t time.Time) (sdk.AccAddress, error) {
	s, err := k.loadSeries(ctx, types.SeriesKey(types.SERIES_KIND_VOTES, delegator))
	if err != nil {
		return nil, err
	}
	return s.delegateeAt(ctx, delegator, t)
}

// delegateeAt is DelegateeAt on the delegator's loaded VOTES series.
func (s *series) delegateeAt(ctx context.Context, delegator sdk.AccAddress, t time.Time) (sdk.AccAddress, error) {
	idx, found, err := searchLast(s.st.DelegateCount, func(i uint64) (time.Time, error) {
		cp, err := s.delegateEntry(ctx, delegator, i)
		return cp.Time, err
	}, t)
	if err != nil || !found {
		return delegator, err
	}
	cp, err := s.delegateEntry(ctx, delegator, idx)
	if err != nil {
		return nil, err
	}
	return s.k.accAddress(cp.Delegatee)
}
