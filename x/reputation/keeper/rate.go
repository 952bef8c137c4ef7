package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/reputation/types"
)

// Rate records a counterparty's rating of a finished deal. Only the parties
// of a deal that its owning module vouches for may rate, each once, never
// themselves or a subject with the same owner: fresh accounts without deals
// cannot move anyone's score. Ratings are keyed on the canonical deal ref
// the voucher gives, so no second spelling of a deal rates it again. A
// rating r in 1..5 adds (r-1)/4 of the feedback weight to successes and
// (5-r)/4 to failures.
func (k Keeper) Rate(ctx context.Context, rater sdk.AccAddress, dealRef string, score uint32, commentURI string) (sdk.AccAddress, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateScore(score); err != nil {
		return nil, err
	}
	if err := types.ValidateComment(commentURI, params.MaxCommentUriLength); err != nil {
		return nil, err
	}
	ref, checker, id, err := k.CanonicalDealRef(dealRef)
	if err != nil {
		return nil, err
	}
	parties, found, err := checker.FinishedDeal(ctx, id)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, errorsmod.Wrapf(types.ErrUnknownDeal, "%s is not a finished deal", ref)
	}
	raterStr, err := k.addressString(rater)
	if err != nil {
		return nil, err
	}
	var subject sdk.AccAddress
	switch {
	case rater.Equals(parties.Consumer):
		subject = parties.Provider
	case rater.Equals(parties.Provider):
		subject = parties.Consumer
	default:
		return nil, errorsmod.Wrapf(types.ErrNotParty, "%s in %s", raterStr, ref)
	}
	subjectStr, err := k.addressString(subject)
	if err != nil {
		return nil, err
	}
	if subject.Equals(rater) || k.owner(ctx, subject).Equals(k.owner(ctx, rater)) {
		return nil, errorsmod.Wrapf(types.ErrSelfRating, "%s rating %s", raterStr, subjectStr)
	}
	key := collections.Join(ref, rater)
	if has, err := k.Ratings.Has(ctx, key); err != nil {
		return nil, err
	} else if has {
		return nil, errorsmod.Wrapf(types.ErrAlreadyRated, "%s already rated %s", raterStr, ref)
	}
	rating := types.Rating{
		DealRef: ref, Rater: raterStr, Subject: subjectStr, Score: score, CommentUri: commentURI,
		Time: sdk.UnwrapSDKContext(ctx).BlockTime(),
	}
	if err := k.Ratings.Set(ctx, key, rating); err != nil {
		return nil, err
	}
	w := params.FeedbackWeight.QuoInt64(4)
	if _, err := k.add(ctx, subject, types.OUTCOME_KIND_FEEDBACK, w.MulInt64(int64(score-1)), w.MulInt64(int64(5-score))); err != nil {
		return nil, err
	}
	return subject, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventRating{
		DealRef: ref, Rater: rating.Rater, Subject: rating.Subject, Score: score,
	})
}

// CanonicalDealRef checks a deal ref and returns its canonical spelling
// "<module>/<canonical id>", the module's voucher and the canonical id:
// ErrInvalidDealRef for a ref that is no identifier, not of the form
// <module>/<id> or whose id the voucher refuses (signs, spaces, leading
// zeros, overflow for x/compute); ErrUnknownDeal when no module of that
// name vouches for deals.
func (k Keeper) CanonicalDealRef(dealRef string) (ref string, checker types.DealChecker, id string, err error) {
	module, rawID, err := types.SplitDealRef(dealRef)
	if err != nil {
		return "", nil, "", err
	}
	checker, ok := k.dealCheckers.Get(module)
	if !ok {
		return "", nil, "", errorsmod.Wrapf(types.ErrUnknownDeal, "no module %q vouches for deals", module)
	}
	id, err = checker.CanonicalDealID(rawID)
	if err != nil {
		if !errors.Is(err, types.ErrInvalidDealRef) {
			err = errorsmod.Wrap(types.ErrInvalidDealRef, err.Error())
		}
		return "", nil, "", errorsmod.Wrapf(err, "deal ref %q", dealRef)
	}
	// The voucher's answer is checked like any input: it becomes a key.
	ref = module + "/" + id
	if _, _, err := types.SplitDealRef(ref); err != nil {
		return "", nil, "", errorsmod.Wrapf(err, "voucher %s spelled %q", module, ref)
	}
	return ref, checker, id, nil
}

// owner returns who owns an address: itself unless x/agent says otherwise.
func (k Keeper) owner(ctx context.Context, addr sdk.AccAddress) sdk.AccAddress {
	if o := k.agents.OwnerOf(ctx, addr); len(o) > 0 {
		return o
	}
	return addr
}
