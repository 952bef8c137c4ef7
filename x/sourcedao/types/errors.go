package types

import (
	errorsmod "cosmossdk.io/errors"
	"google.golang.org/grpc/codes"
)

// x/sourcedao sentinel errors, from code 2.
var (
	ErrInvalidSigner        = errorsmod.Register(ModuleName, 2, "expected dao authority as signer")
	ErrInvalidParams        = errorsmod.Register(ModuleName, 3, "invalid params")
	ErrInvalidAddress       = errorsmod.Register(ModuleName, 4, "invalid address")
	ErrProjectNotFound      = errorsmod.RegisterWithGRPCCode(ModuleName, 5, codes.NotFound, "project not found")
	ErrAllStagesUnlocked    = errorsmod.Register(ModuleName, 6, "every stage is already unlocked")
	ErrNotCoreDeveloper     = errorsmod.Register(ModuleName, 7, "manager is not a core developer")
	ErrInvalidProject       = errorsmod.Register(ModuleName, 8, "invalid project")
	ErrBudgetOverCap        = errorsmod.Register(ModuleName, 9, "budget over the cap of max_budget_fraction of the total supply")
	ErrInsufficientBudget   = errorsmod.Register(ModuleName, 10, "not enough releasable (unlocked, unreserved) budget")
	ErrVersionNotIncreased  = errorsmod.Register(ModuleName, 11, "version must be greater than the name's latest version")
	ErrInvalidState         = errorsmod.Register(ModuleName, 12, "not allowed in the project's state")
	ErrNotManager           = errorsmod.Register(ModuleName, 13, "only the project's manager may do this")
	ErrInvalidAcceptance    = errorsmod.Register(ModuleName, 14, "invalid acceptance")
	ErrDuplicateContributor = errorsmod.Register(ModuleName, 15, "contributor listed twice")
	ErrZeroContribution     = errorsmod.Register(ModuleName, 16, "contribution value must be positive")
	ErrTooManyContributions = errorsmod.Register(ModuleName, 17, "too many contributions")
	ErrDigestMismatch       = errorsmod.Register(ModuleName, 18, "digest does not match what the project now holds; a new approval is needed")
	ErrClassTooLow          = errorsmod.Register(ModuleName, 19, "approval needs an important or higher x/dao proposal")
	ErrProjectExpired       = errorsmod.Register(ModuleName, 20, "project is past its end time")
	ErrNotExpired           = errorsmod.Register(ModuleName, 21, "project is not past its end time")
	ErrNoContribution       = errorsmod.RegisterWithGRPCCode(ModuleName, 22, codes.NotFound, "no reward of the claimant in the project")
	ErrAlreadyClaimed       = errorsmod.Register(ModuleName, 23, "reward already claimed")
	ErrInvalidClaim         = errorsmod.Register(ModuleName, 24, "invalid claim")
	ErrNotDan               = errorsmod.Register(ModuleName, 25, "address is not a DAN developer")
	ErrInvalidGenesis       = errorsmod.Register(ModuleName, 26, "invalid genesis state")
	ErrInvariant            = errorsmod.Register(ModuleName, 27, "pool accounting invariant broken")
	ErrInvalidApproval      = errorsmod.Register(ModuleName, 28, "invalid approval")
	// ErrInvalidIdentifier: a message's string that becomes a store key
	// (a project name) or must have a fixed form (a digest) breaks the
	// identifier rule of internal/ident. In params and genesis the same rule
	// answers ErrInvalidParams and ErrInvalidGenesis, naming the field.
	ErrInvalidIdentifier = errorsmod.Register(ModuleName, 29, "invalid identifier")
)
