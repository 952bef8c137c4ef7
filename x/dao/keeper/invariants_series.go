package keeper

import (
	"bytes"
	"context"
	"fmt"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	gogoproto "github.com/cosmos/gogoproto/proto"

	"github.com/aitbc/aitbc/x/dao/types"
)

// CheckSeries checks the copies a series state keeps: its last checkpoint,
// last vested point and (VOTES series only) last delegate entry are the
// indexed entries at the last index, none is past it, the vest cursor is
// within the checkpoints, and every delegate history entry belongs to a
// history whose count covers it.
func (k Keeper) CheckSeries(ctx context.Context) error {
	err := k.SeriesStates.Walk(ctx, nil, func(key []byte, st types.SeriesState) (bool, error) {
		if err := k.checkSeriesState(ctx, key, st); err != nil {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "series %x: %s", key, err)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	return k.DelegateHistory.Walk(ctx, nil, func(key collections.Pair[sdk.AccAddress, uint64], _ types.DelegateCheckpoint) (bool, error) {
		st, err := k.seriesState(ctx, types.SeriesKey(types.SERIES_KIND_VOTES, key.K1()))
		if err != nil {
			return true, err
		}
		if key.K2() >= st.DelegateCount {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "delegate entry %d of %s beyond its count %d", key.K2(), key.K1(), st.DelegateCount)
		}
		return false, nil
	})
}

func (k Keeper) checkSeriesState(ctx context.Context, key []byte, st types.SeriesState) error {
	if st.VestCursor > st.Checkpoints {
		return fmt.Errorf("vest cursor %d past %d checkpoints", st.VestCursor, st.Checkpoints)
	}
	if err := checkLastCopy(ctx, k.cdc, k.Checkpoints, key, st.Checkpoints, st.LastCheckpoint, "checkpoint"); err != nil {
		return err
	}
	if err := checkLastCopy(ctx, k.cdc, k.VestedPoints, key, st.VestedPoints, st.LastVested, "vested point"); err != nil {
		return err
	}
	kind, addr := types.SplitSeriesKey(key)
	if kind != types.SERIES_KIND_VOTES {
		if st.DelegateCount != 0 || st.LastDelegate != nil {
			return fmt.Errorf("a %s series holds a delegate history", kind)
		}
		return nil
	}
	return checkLastCopy(ctx, k.cdc, k.DelegateHistory, addr, st.DelegateCount, st.LastDelegate, "delegate entry")
}

// checkLastCopy checks that entry n-1 of the index under prefix has the
// bytes of last (absent when n is 0) and that there is no entry n.
func checkLastCopy[P, V any, PV interface {
	*V
	gogoproto.Message
}](ctx context.Context, cdc codec.BinaryCodec, m collections.Map[collections.Pair[P, uint64], V], prefix P, n uint64, last PV, what string) error {
	if n == 0 {
		if last != nil {
			return fmt.Errorf("a %s copy without any %s", what, what)
		}
	} else {
		if last == nil {
			return fmt.Errorf("no copy of %s %d", what, n-1)
		}
		stored, err := m.Get(ctx, collections.Join(prefix, n-1))
		if err != nil {
			return fmt.Errorf("%s %d: %w", what, n-1, err)
		}
		want, err := cdc.Marshal(PV(&stored))
		if err != nil {
			return err
		}
		got, err := cdc.Marshal(last)
		if err != nil {
			return err
		}
		if !bytes.Equal(want, got) {
			return fmt.Errorf("the copy of %s %d differs from the stored one", what, n-1)
		}
	}
	has, err := m.Has(ctx, collections.Join(prefix, n))
	if err != nil {
		return err
	}
	if has {
		return fmt.Errorf("%s %d stored past the count", what, n)
	}
	return nil
}
