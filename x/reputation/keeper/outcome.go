package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/reputation/types"
)

// RecordOutcome adds weight to the success or failure count of a subject's
// record of the given kind (and to its aggregate), decaying the record to
// the block time first. Other modules call it: x/compute for jobs and
// attestations.
func (k Keeper) RecordOutcome(ctx context.Context, subject sdk.AccAddress, kind types.OutcomeKind, success bool, weight math.LegacyDec) error {
	if kind == types.OUTCOME_KIND_ALL || types.OutcomeKind_name[int32(kind)] == "" {
		return errorsmod.Wrapf(types.ErrInvalidKind, "%s", kind)
	}
	if weight.IsNil() || !weight.IsPositive() {
		return errorsmod.Wrapf(types.ErrInvalidWeight, "got %s", weight)
	}
	s, f := math.LegacyZeroDec(), math.LegacyZeroDec()
	if success {
		s = weight
	} else {
		f = weight
	}
	subjectStr, err := k.addressString(subject)
	if err != nil {
		return err
	}
	score, err := k.add(ctx, subject, kind, s, f)
	if err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventOutcome{
		Subject: subjectStr, Kind: kind, Success: success, Weight: weight.String(), Score: score,
	})
}

// add adds success and failure weights to the record of kind and to the
// aggregate, and returns the new overall score.
func (k Keeper) add(ctx context.Context, subject sdk.AccAddress, kind types.OutcomeKind, success, failure math.LegacyDec) (uint32, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	var overall uint32
	for _, kd := range []types.OutcomeKind{kind, types.OUTCOME_KIND_ALL} {
		rec, found, err := k.record(ctx, subject, kd)
		if err != nil {
			return 0, err
		}
		if found {
			if err := k.ScoreIndex.Remove(ctx, indexKey(subject, rec)); err != nil {
				return 0, err
			}
		} else {
			subjectStr, err := k.addressString(subject)
			if err != nil {
				return 0, err
			}
			rec = types.Record{Subject: subjectStr, Kind: kd, Success: math.LegacyZeroDec(), Failure: math.LegacyZeroDec(), Updated: now}
		}
		rec = rec.Decayed(now, params.HalfLife)
		rec.Success = rec.Success.Add(success)
		rec.Failure = rec.Failure.Add(failure)
		rec.Score = types.Score(rec.Success, rec.Failure)
		if err := k.Records.Set(ctx, collections.Join(subject, int32(kd)), rec); err != nil {
			return 0, err
		}
		if err := k.ScoreIndex.Set(ctx, indexKey(subject, rec)); err != nil {
			return 0, err
		}
		overall = rec.Score
	}
	return overall, nil
}

func (k Keeper) record(ctx context.Context, subject sdk.AccAddress, kind types.OutcomeKind) (types.Record, bool, error) {
	rec, err := k.Records.Get(ctx, collections.Join(subject, int32(kind)))
	if errors.Is(err, collections.ErrNotFound) {
		return types.Record{}, false, nil
	}
	return rec, err == nil, err
}

// indexKey is a record's entry in the score index; the subject comes from
// the record's key, never parsed from its stored string.
func indexKey(subject sdk.AccAddress, r types.Record) collections.Triple[int32, uint32, sdk.AccAddress] {
	return collections.Join3(int32(r.Kind), types.MaxScore-min(r.Score, types.MaxScore), subject)
}

// Score returns a subject's overall score (0-1000) at the block time; 500
// for a subject without history.
func (k Keeper) Score(ctx context.Context, subject sdk.AccAddress) (uint32, error) {
	rec, err := k.Current(ctx, subject, types.OUTCOME_KIND_ALL)
	return rec.Score, err
}

// Current returns a subject's record of a kind decayed to the block time.
func (k Keeper) Current(ctx context.Context, subject sdk.AccAddress, kind types.OutcomeKind) (types.Record, error) {
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	rec, found, err := k.record(ctx, subject, kind)
	if err != nil {
		return types.Record{}, err
	}
	if !found {
		subjectStr, err := k.addressString(subject)
		if err != nil {
			return types.Record{}, err
		}
		rec = types.Record{Subject: subjectStr, Kind: kind, Success: math.LegacyZeroDec(), Failure: math.LegacyZeroDec(), Updated: now}
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.Record{}, err
	}
	return rec.Decayed(now, params.HalfLife), nil
}
