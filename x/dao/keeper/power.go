package keeper

import (
	"context"
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// Snapshot is the voting power of a series at a time, with its inputs.
type Snapshot struct {
	// Power = min(Votes, VestedAverage).
	Power math.Int
	// Votes is v(T), the series value at the snapshot time.
	Votes math.Int
	// VestedAverage is floor(integral over [T-W, T] of min(v(t), v(t-V)) / W).
	VestedAverage math.Int
	WindowStart   time.Time
}

// PowerAt returns the voting power of a delegatee at time T: the votes
// delegated to it, vested and averaged over the window (see Snapshot).
func (k Keeper) PowerAt(ctx context.Context, delegatee sdk.AccAddress, t time.Time) (Snapshot, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return Snapshot{}, err
	}
	return k.snapshot(ctx, types.SeriesKey(types.SERIES_KIND_VOTES, delegatee), t, params)
}

// OwnPowerAt is the same formula over the tokens the delegator locked itself,
// wherever they are delegated: the share it takes back when it votes itself.
func (k Keeper) OwnPowerAt(ctx context.Context, delegator sdk.AccAddress, t time.Time) (Snapshot, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return Snapshot{}, err
	}
	return k.snapshot(ctx, types.SeriesKey(types.SERIES_KIND_OWN, delegator), t, params)
}

// TotalPowerAt is the same formula over the total locked amount. It is at
// least the sum of every delegatee's PowerAt, and equal when no lock,
// unlock or delegation happened in the V+W before T.
func (k Keeper) TotalPowerAt(ctx context.Context, t time.Time) (Snapshot, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return Snapshot{}, err
	}
	return k.snapshot(ctx, types.SeriesKey(types.SERIES_KIND_TOTAL, nil), t, params)
}

// snapshot computes
//
//	power(T) = min( v(T), floor( (F(T) - F(T-W)) / W ) )
//
// where F is the running integral of f(t) = min(v(t), v(t-V)). The average
// makes votes count only after V and then ramp in over W, so tokens locked
// or delegated after T-V add nothing and a flash loan adds nothing; the cap
// by v(T) makes an unlock or a delegation away take effect at once.
// Rounding is always down. The caller passes the params it has read, so a
// vote reads them once.
func (k Keeper) snapshot(ctx context.Context, key []byte, t time.Time, params types.Params) (Snapshot, error) {
	s, err := k.loadSeries(ctx, key)
	if err != nil {
		return Snapshot{}, err
	}
	return s.snapshot(ctx, t, params)
}

// snapshot is Keeper.snapshot on a loaded series. When nothing changed in
// the series after T-W it reads nothing but the state: each search ends on
// the last entries, copied there.
func (s *series) snapshot(ctx context.Context, t time.Time, params types.Params) (Snapshot, error) {
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if t.After(now) {
		return Snapshot{}, errorsmod.Wrapf(types.ErrFutureTime, "%s is after the latest block time %s", t.UTC().Format(time.RFC3339Nano), now.UTC().Format(time.RFC3339Nano))
	}
	// Normally BeginBlock has recorded every point due; a backlog left by
	// its per-block bound is recorded here.
	if err := s.recordDueVesting(ctx, t, params.Vesting); err != nil {
		return Snapshot{}, err
	}
	if err := s.save(ctx); err != nil {
		return Snapshot{}, err
	}

	start := t.Add(-params.TwasWindow)
	end, err := s.integralAt(ctx, t)
	if err != nil {
		return Snapshot{}, err
	}
	begin, err := s.integralAt(ctx, start)
	if err != nil {
		return Snapshot{}, err
	}
	average := end.Sub(begin).QuoRaw(params.TwasWindow.Nanoseconds())
	votes, err := s.valueAt(ctx, t)
	if err != nil {
		return Snapshot{}, err
	}
	return Snapshot{
		Power:         math.MinInt(votes, average),
		Votes:         votes,
		VestedAverage: average,
		WindowStart:   start,
	}, nil
}

// snapshotVoter fills the powers of a first vote from the snapshot at T.
// The voter's VOTES series state gives its power and, with the copy of its
// last delegate entry, whom it had delegated to: one store read when
// nothing changed for the voter after T-W.
func (k Keeper) snapshotVoter(ctx context.Context, p *types.Proposal, voter sdk.AccAddress, vote *types.Vote, params types.Params) error {
	votes, err := k.loadSeries(ctx, types.SeriesKey(types.SERIES_KIND_VOTES, voter))
	if err != nil {
		return err
	}
	delegated, err := votes.snapshot(ctx, p.SubmitTime, params)
	if err != nil {
		return err
	}
	vote.DelegatedPower = delegated.Power
	delegatee, err := votes.delegateeAt(ctx, voter, p.SubmitTime)
	if err != nil {
		return err
	}
	if !delegatee.Equals(voter) {
		own, err := k.snapshot(ctx, types.SeriesKey(types.SERIES_KIND_OWN, voter), p.SubmitTime, params)
		if err != nil {
			return err
		}
		vote.OwnPower = own.Power
		overrideOf, err := k.addrString(delegatee)
		if err != nil {
			return err
		}
		vote.OverrideOf = overrideOf
	}
	return nil
}
