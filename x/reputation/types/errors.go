package types

import (
	errorsmod "cosmossdk.io/errors"
	"google.golang.org/grpc/codes"
)

// x/reputation sentinel errors, from code 2.
var (
	ErrInvalidSigner  = errorsmod.Register(ModuleName, 2, "expected dao authority as signer")
	ErrInvalidParams  = errorsmod.Register(ModuleName, 3, "invalid params")
	ErrInvalidAddress = errorsmod.Register(ModuleName, 4, "invalid address")
	ErrInvalidScore   = errorsmod.Register(ModuleName, 5, "rating score must be 1 to 5")
	ErrUnknownDeal    = errorsmod.Register(ModuleName, 6, "no finished deal vouched for by its module")
	ErrNotParty       = errorsmod.Register(ModuleName, 7, "rater is not a party of the deal")
	ErrAlreadyRated   = errorsmod.Register(ModuleName, 8, "deal already rated by this rater")
	ErrSelfRating     = errorsmod.Register(ModuleName, 9, "cannot rate oneself or a subject of the same owner")
	ErrCommentTooLong = errorsmod.Register(ModuleName, 10, "comment URI over the length limit")
	ErrInvalidKind    = errorsmod.Register(ModuleName, 11, "invalid outcome kind")
	ErrInvalidWeight  = errorsmod.Register(ModuleName, 12, "outcome weight must be positive")
	ErrInvalidGenesis = errorsmod.Register(ModuleName, 13, "invalid genesis state")
	ErrInvalidDealRef = errorsmod.Register(ModuleName, 14, "invalid deal reference")
	ErrRatingNotFound = errorsmod.RegisterWithGRPCCode(ModuleName, 15, codes.NotFound, "rating not found")
	// ErrInvalidText: a stored comment URI is not UTF-8 or holds control
	// characters.
	ErrInvalidText = errorsmod.Register(ModuleName, 16, "invalid text")
	// ErrBrokenInvariant: the state contradicts itself (CheckInvariants).
	ErrBrokenInvariant = errorsmod.Register(ModuleName, 17, "broken invariant")
)
