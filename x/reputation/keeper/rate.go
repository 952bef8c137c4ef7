package keeper

import (
	"context"
	"strings"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/reputation/types"
)

// Rate records a counterparty's rating of a finished deal. Only the parties
// of a deal that its owning module vouches for may rate, each once, never
// themselves or a subject with the same owner: fresh accounts without deals
// cannot move anyone's score. A rating r in 1..5 adds (r-1)/4 of the
// feedback weight to successes and (5-r)/4 to failures.
func (k Keeper) Rate(ctx context.Context, rater sdk.AccAddress, dealRef string, score uint32, commentURI string) (sdk.AccAddress, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if score < 1 || score > 5 {
		return nil, errorsmod.Wrapf(types.ErrInvalidScore, "got %d", score)
	}
	if len(commentURI) > int(params.MaxCommentUriLength) {
		return nil, errorsmod.Wrapf(types.ErrCommentTooLong, "%d bytes, the limit is %d", len(commentURI), params.MaxCommentUriLength)
	}
	module, id, ok := strings.Cut(dealRef, "/")
	if !ok || module == "" || id == "" {
		return nil, errorsmod.Wrapf(types.ErrInvalidDealRef, "%q: expected <module>/<id>, e.g. compute/42", dealRef)
	}
	checker, ok := k.hooks.checkers[module]
	if !ok {
		return nil, errorsmod.Wrapf(types.ErrUnknownDeal, "no module %q vouches for deals", module)
	}
	parties, found, err := checker.FinishedDeal(ctx, id)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, errorsmod.Wrapf(types.ErrUnknownDeal, "%s is not a finished deal", dealRef)
	}
	var subject sdk.AccAddress
	switch {
	case rater.Equals(parties.Consumer):
		subject = parties.Provider
	case rater.Equals(parties.Provider):
		subject = parties.Consumer
	default:
		return nil, errorsmod.Wrapf(types.ErrNotParty, "%s in %s", rater, dealRef)
	}
	if subject.Equals(rater) || k.owner(ctx, subject).Equals(k.owner(ctx, rater)) {
		return nil, errorsmod.Wrapf(types.ErrSelfRating, "%s rating %s", rater, subject)
	}
	key := collections.Join(dealRef, rater)
	if has, err := k.Ratings.Has(ctx, key); err != nil {
		return nil, err
	} else if has {
		return nil, errorsmod.Wrapf(types.ErrAlreadyRated, "%s already rated %s", rater, dealRef)
	}
	rating := types.Rating{
		DealRef: dealRef, Rater: rater.String(), Subject: subject.String(), Score: score, CommentUri: commentURI,
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
		DealRef: dealRef, Rater: rating.Rater, Subject: rating.Subject, Score: score,
	})
}

// owner returns who owns an address: itself unless x/agent says otherwise.
func (k Keeper) owner(ctx context.Context, addr sdk.AccAddress) sdk.AccAddress {
	if k.hooks.ownerOf == nil {
		return addr
	}
	if o := k.hooks.ownerOf(ctx, addr); len(o) > 0 {
		return o
	}
	return addr
}
