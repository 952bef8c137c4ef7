package keeper

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/aitbc/aitbc/x/dao/types"
)

// The record (proposal, voter) holds both the voter's vote and what its
// delegators took back from it, so a vote reads one record where it read
// a vote and a deduction. It is stored as a types.VoteRecord
// (vote_store.proto): powers as bytes, weights in 1e-18 units, the counted
// weight instead of the counted tally, and nothing for the usual values;
// the proposal id and voter are in the key. A record with a deduction and
// no vote is a placeholder: every reader of votes skips it. Only this
// file knows the stored form; the rest of the keeper sees voteRecord and
// types.Vote.

// voteRecord is a decoded record (proposal, voter).
type voteRecord struct {
	// vote is the voter's vote, whole (id and voter filled in), when voted.
	vote  types.Vote
	voted bool
	// weight is what the tally counts for the vote: vote.Counted is
	// splitWeight(weight, vote.Options).
	weight math.Int
	// deducted is what the voter's delegators took back from its count.
	deducted math.Int
}

// getRecord reads a record; a missing one is an empty record (no vote, no
// deduction), not an error.
func (k Keeper) getRecord(ctx context.Context, key collectionsPairVote) (voteRecord, error) {
	stored, err := k.Votes.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return voteRecord{weight: math.ZeroInt(), deducted: math.ZeroInt()}, nil
	}
	if err != nil {
		return voteRecord{}, err
	}
	return k.decodeRecord(key, stored)
}

// setRecord stores a record.
func (k Keeper) setRecord(ctx context.Context, key collectionsPairVote, r voteRecord) error {
	stored, err := k.encodeRecord(r)
	if err != nil {
		return err
	}
	return k.Votes.Set(ctx, key, stored)
}

// getVote reads a whole vote; a placeholder is collections.ErrNotFound.
func (k Keeper) getVote(ctx context.Context, key collectionsPairVote) (types.Vote, error) {
	r, err := k.getRecord(ctx, key)
	if err != nil {
		return types.Vote{}, err
	}
	if !r.voted {
		return types.Vote{}, collections.ErrNotFound
	}
	return r.vote, nil
}

// HasVote says whether voter voted on the proposal (a placeholder is no
// vote).
func (k Keeper) HasVote(ctx context.Context, id uint64, voter sdk.AccAddress) (bool, error) {
	stored, err := k.Votes.Get(ctx, collections.Join(id, voter))
	if errors.Is(err, collections.ErrNotFound) {
		return false, nil
	}
	return isVote(stored), err
}

// isVote says whether a stored record holds a vote, not only a deduction.
func isVote(r types.VoteRecord) bool {
	return r.Option != types.VOTE_OPTION_UNSPECIFIED || len(r.Split) > 0
}

// voteWithKey decodes the vote of a stored record, placeholders excluded
// by the caller.
func (k Keeper) voteWithKey(key collectionsPairVote, stored types.VoteRecord) (types.Vote, error) {
	r, err := k.decodeRecord(key, stored)
	return r.vote, err
}

// pageVotes pages the votes of a proposal as query.CollectionPaginate does,
// placeholders left out: the offset and the total count votes only.
func (k Keeper) pageVotes(ctx context.Context, id uint64, page *query.PageRequest) ([]types.Vote, *query.PageResponse, error) {
	var offset uint64
	countTotal := page == nil || page.Limit == 0 || page.CountTotal
	if page != nil && page.Offset > 0 {
		p := *page
		offset, p.Offset = p.Offset, 0
		page = &p
	}
	skipped := uint64(0)
	votes, res, err := query.CollectionFilteredPaginate(ctx, k.Votes, page,
		func(_ collectionsPairVote, stored types.VoteRecord) (bool, error) {
			if !isVote(stored) {
				return false, nil
			}
			if skipped < offset {
				skipped++
				return false, nil
			}
			return true, nil
		},
		k.voteWithKey,
		query.WithCollectionPaginationPairPrefix[uint64, sdk.AccAddress](id),
	)
	if err != nil {
		return nil, nil, err
	}
	if offset > 0 {
		if skipped < offset {
			// Past the end: CollectionPaginate's answer.
			return nil, &query.PageResponse{}, nil
		}
		if countTotal {
			res.Total += offset
		}
	}
	if len(res.NextKey) > 0 {
		// The next key may be a placeholder; with no vote from it on,
		// there is no next page.
		more, err := k.voteFrom(ctx, id, res.NextKey, page != nil && page.Reverse)
		if err != nil {
			return nil, nil, err
		}
		if !more {
			res.NextKey = nil
		}
	}
	return votes, res, nil
}

// voteFrom says whether a proposal has a vote at or after (before, when
// reverse) the voter whose encoded key is next.
func (k Keeper) voteFrom(ctx context.Context, id uint64, next []byte, reverse bool) (bool, error) {
	_, voter, err := sdk.AccAddressKey.Decode(next)
	if err != nil {
		return false, err
	}
	rng := collections.NewPrefixedPairRange[uint64, sdk.AccAddress](id)
	if reverse {
		rng = rng.EndInclusive(voter).Descending()
	} else {
		rng = rng.StartInclusive(voter)
	}
	it, err := k.Votes.Iterate(ctx, rng)
	if err != nil {
		return false, err
	}
	defer it.Close()
	for ; it.Valid(); it.Next() {
		stored, err := it.Value()
		if err != nil {
			return false, err
		}
		if isVote(stored) {
			return true, nil
		}
	}
	return false, nil
}

// walkRecords calls fn with each record of a proposal, in voter order.
func (k Keeper) walkRecords(ctx context.Context, id uint64, fn func(key collectionsPairVote, r voteRecord) (bool, error)) error {
	return k.Votes.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.AccAddress](id), func(key collectionsPairVote, stored types.VoteRecord) (bool, error) {
		r, err := k.decodeRecord(key, stored)
		if err != nil {
			return true, err
		}
		return fn(key, r)
	})
}

// rawWeight is a vote's weight before the power cap.
func rawWeight(v types.Vote, deducted math.Int) math.Int {
	return math.MaxInt(v.DelegatedPower.Sub(deducted), math.ZeroInt()).Add(v.OwnPower)
}

// encodeRecord gives a record's stored form.
func (k Keeper) encodeRecord(r voteRecord) (types.VoteRecord, error) {
	var out types.VoteRecord
	var err error
	if out.Deducted, err = intToBytes("deducted", r.deducted); err != nil {
		return out, err
	}
	if !r.voted {
		if len(out.Deducted) == 0 {
			return out, errorsmod.Wrap(types.ErrBrokenInvariant, "a record with neither vote nor deduction")
		}
		return out, nil
	}
	v := r.vote
	if len(v.Options) == 0 {
		return out, errorsmod.Wrapf(types.ErrInvalidVote, "vote of %s on proposal %d has no option", v.Voter, v.ProposalId)
	}
	if len(v.Options) == 1 && v.Options[0].Option != types.VOTE_OPTION_UNSPECIFIED && v.Options[0].Weight.Equal(math.LegacyOneDec()) {
		out.Option = v.Options[0].Option
	} else {
		out.Split = make([]types.VoteRecordOption, len(v.Options))
		for i, o := range v.Options {
			w, err := weightUnits(o.Weight)
			if err != nil {
				return out, errorsmod.Wrapf(types.ErrInvalidVote, "vote of %s on proposal %d: %s", v.Voter, v.ProposalId, err)
			}
			out.Split[i] = types.VoteRecordOption{Option: o.Option, Weight: w}
		}
	}
	if out.DelegatedPower, err = intToBytes("delegated power", v.DelegatedPower); err != nil {
		return out, err
	}
	if out.OwnPower, err = intToBytes("own power", v.OwnPower); err != nil {
		return out, err
	}
	if v.OverrideOf != "" {
		if out.OverrideOf, err = k.addressCodec.StringToBytes(v.OverrideOf); err != nil {
			return out, errorsmod.Wrapf(types.ErrInvalidAddress, "override_of %q: %s", v.OverrideOf, err)
		}
	}
	if r.weight.IsNil() || !r.weight.Equal(rawWeight(v, r.deducted)) {
		if out.CountedWeight, err = intToBytes("counted weight", r.weight); err != nil {
			return out, err
		}
		if len(out.CountedWeight) == 0 {
			out.CountedWeight = []byte{0} // an explicit zero
		}
	}
	if v.Group != types.GroupHuman {
		out.Group = v.Group
	}
	out.Reason = v.Reason
	return out, nil
}

// decodeRecord gives the record a stored form holds under key.
func (k Keeper) decodeRecord(key collectionsPairVote, s types.VoteRecord) (voteRecord, error) {
	r := voteRecord{voted: isVote(s), weight: math.ZeroInt()}
	var err error
	if r.deducted, err = bytesToInt("deducted", s.Deducted); err != nil {
		return r, err
	}
	if !r.voted {
		return r, nil
	}
	voter, err := k.addrString(key.K2())
	if err != nil {
		return r, err
	}
	v := types.Vote{ProposalId: key.K1(), Voter: voter, Group: s.Group, Reason: s.Reason}
	if v.Group == "" {
		v.Group = types.GroupHuman
	}
	if s.Option != types.VOTE_OPTION_UNSPECIFIED {
		v.Options = []types.WeightedVoteOption{{Option: s.Option, Weight: math.LegacyOneDec()}}
	} else {
		v.Options = make([]types.WeightedVoteOption, len(s.Split))
		for i, o := range s.Split {
			v.Options[i] = types.WeightedVoteOption{Option: o.Option, Weight: math.LegacyNewDecFromBigIntWithPrec(new(big.Int).SetUint64(o.Weight), math.LegacyPrecision)}
		}
	}
	if v.DelegatedPower, err = bytesToInt("delegated power", s.DelegatedPower); err != nil {
		return r, err
	}
	if v.OwnPower, err = bytesToInt("own power", s.OwnPower); err != nil {
		return r, err
	}
	if len(s.OverrideOf) > 0 {
		if v.OverrideOf, err = k.addrString(s.OverrideOf); err != nil {
			return r, err
		}
	}
	r.weight = rawWeight(v, r.deducted)
	if len(s.CountedWeight) > 0 {
		if r.weight, err = bytesToInt("counted weight", s.CountedWeight); err != nil {
			return r, err
		}
	}
	v.Counted = splitWeight(r.weight, v.Options)
	r.vote = v
	return r, nil
}

// weightUnits gives an option weight in 1e-18 units.
func weightUnits(w math.LegacyDec) (uint64, error) {
	if w.IsNil() || w.IsNegative() {
		return 0, fmt.Errorf("option weight %v is not a non-negative number", w)
	}
	units := w.BigInt()
	if !units.IsUint64() {
		return 0, fmt.Errorf("option weight %s is too large", w)
	}
	return units.Uint64(), nil
}

// intToBytes gives a non-negative amount as big-endian bytes, nil for
// zero.
func intToBytes(field string, i math.Int) ([]byte, error) {
	if i.IsNil() || i.IsZero() {
		return nil, nil
	}
	if i.IsNegative() {
		return nil, errorsmod.Wrapf(types.ErrBrokenInvariant, "%s %s is negative", field, i)
	}
	return i.BigIntMut().Bytes(), nil
}

// bytesToInt reads what intToBytes wrote.
func bytesToInt(field string, b []byte) (math.Int, error) {
	n := new(big.Int).SetBytes(b)
	if n.BitLen() > math.MaxBitLen {
		return math.Int{}, errorsmod.Wrapf(types.ErrBrokenInvariant, "stored %s has %d bits", field, n.BitLen())
	}
	return math.NewIntFromBigInt(n), nil
}
