package keeper

import (
	"bytes"
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/reputation/types"
)

// CheckInvariants runs every invariant of the module; tests, simulation and
// the app-level fuzz target call it after each block.
func (k Keeper) CheckInvariants(ctx context.Context) error {
	for _, check := range []func(context.Context) error{k.CheckScoreIndex, k.CheckRatings} {
		if err := check(ctx); err != nil {
			return err
		}
	}
	return nil
}

// CheckScoreIndex checks the score index against the records: every record
// is stored under its own subject and kind with the score of its counts,
// and has exactly its index entry (kind, 1000 - score, subject); the index
// has no other entry.
func (k Keeper) CheckScoreIndex(ctx context.Context) error {
	records := 0
	err := k.Records.Walk(ctx, nil, func(key collections.Pair[sdk.AccAddress, int32], r types.Record) (bool, error) {
		records++
		subject, kind := key.K1(), key.K2()
		if stored, err := k.addressCodec.StringToBytes(r.Subject); err != nil || !bytes.Equal(stored, subject) || int32(r.Kind) != kind {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "record under (%s, %d) is of %q, kind %d", subject, kind, r.Subject, r.Kind)
		}
		if r.Success.IsNil() || r.Failure.IsNil() || r.Success.IsNegative() || r.Failure.IsNegative() {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "record (%s, %s) has nil or negative counts", subject, r.Kind)
		}
		if want := types.Score(r.Success, r.Failure); r.Score != want {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "record (%s, %s) has score %d, its counts give %d", subject, r.Kind, r.Score, want)
		}
		if ok, err := k.ScoreIndex.Has(ctx, indexKey(subject, r)); err != nil || !ok {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "record (%s, %s) with score %d has no index entry (%v)", subject, r.Kind, r.Score, err)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	entries := 0
	err = k.ScoreIndex.Walk(ctx, nil, func(key collections.Triple[int32, uint32, sdk.AccAddress]) (bool, error) {
		entries++
		kind, inverse, subject := key.K1(), key.K2(), key.K3()
		r, err := k.Records.Get(ctx, collections.Join(subject, kind))
		if err != nil || inverse > types.MaxScore || r.Score != types.MaxScore-inverse {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "stray index entry: kind %d, score %d, subject %s", kind, types.MaxScore-min(inverse, types.MaxScore), subject)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	if entries != records {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "%d index entries for %d records", entries, records)
	}
	return nil
}

// CheckRatings checks that every rating is stored under its own canonical
// deal ref and rater, with a valid score and a subject other than the
// rater.
func (k Keeper) CheckRatings(ctx context.Context) error {
	return k.Ratings.Walk(ctx, nil, func(key collections.Pair[string, sdk.AccAddress], r types.Rating) (bool, error) {
		ref, rater := key.K1(), key.K2()
		canonical, _, _, err := k.CanonicalDealRef(ref)
		if err != nil || canonical != ref || r.DealRef != ref {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "rating under %q (deal ref %q) is not keyed on its canonical ref (%v)", ref, r.DealRef, err)
		}
		if stored, err := k.addressCodec.StringToBytes(r.Rater); err != nil || !bytes.Equal(stored, rater) {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "rating of %s under rater %s is by %q", ref, rater, r.Rater)
		}
		if r.Subject == r.Rater || types.ValidateScore(r.Score) != nil {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "rating of %s by %s: subject %s, score %d", ref, r.Rater, r.Subject, r.Score)
		}
		return false, nil
	})
}
