package types

import (
	errorsmod "cosmossdk.io/errors"
	"google.golang.org/grpc/codes"
)

// x/dao sentinel errors. Codes start at 2: 0 reads as success, 1 as internal.
var (
	ErrInvalidSigner    = errorsmod.Register(ModuleName, 2, "expected dao authority as signer")
	ErrInvalidParams    = errorsmod.Register(ModuleName, 3, "invalid params")
	ErrInvalidAddress   = errorsmod.Register(ModuleName, 4, "invalid address")
	ErrInvalidAmount    = errorsmod.Register(ModuleName, 5, "invalid amount")
	ErrInsufficientLock = errorsmod.Register(ModuleName, 6, "amount exceeds the locked balance")
	ErrUnlockNotFound   = errorsmod.RegisterWithGRPCCode(ModuleName, 7, codes.NotFound, "unlock entry not found")
	ErrTooManyUnlocks   = errorsmod.Register(ModuleName, 8, "too many open unlock entries")
	ErrAlreadyDelegated = errorsmod.Register(ModuleName, 9, "already delegated to this address")
	ErrFutureTime       = errorsmod.Register(ModuleName, 10, "time is after the latest block")
	ErrInvalidTime      = errorsmod.Register(ModuleName, 11, "invalid time")
	ErrInvalidGenesis   = errorsmod.Register(ModuleName, 12, "invalid genesis state")
	ErrBrokenInvariant  = errorsmod.Register(ModuleName, 13, "broken invariant")
)

// Proposal errors.
var (
	ErrUnknownClass        = errorsmod.Register(ModuleName, 20, "unknown proposal class")
	ErrMessageNotAllowed   = errorsmod.Register(ModuleName, 21, "message not allowed in this proposal class")
	ErrInvalidProposalMsg  = errorsmod.Register(ModuleName, 22, "invalid proposal message")
	ErrProposalTooLarge    = errorsmod.Register(ModuleName, 23, "proposal over the size limits")
	ErrInsufficientPower   = errorsmod.Register(ModuleName, 24, "voting power below the class minimum")
	ErrInvalidVotingPeriod = errorsmod.Register(ModuleName, 25, "voting period outside the class bounds")
	ErrProposalNotFound    = errorsmod.RegisterWithGRPCCode(ModuleName, 26, codes.NotFound, "proposal not found")
	ErrWrongStatus         = errorsmod.Register(ModuleName, 27, "proposal is not in a status that allows this")
	ErrNoVotingPower       = errorsmod.Register(ModuleName, 28, "no voting power at the proposal's snapshot")
	ErrInvalidVote         = errorsmod.Register(ModuleName, 29, "invalid vote")
	ErrNotMember           = errorsmod.Register(ModuleName, 30, "not a committee member")
	ErrAlreadyChallenged   = errorsmod.Register(ModuleName, 31, "proposal already challenged")
	ErrNoOpenChallenge     = errorsmod.Register(ModuleName, 32, "no open challenge")
	ErrAlreadyRuled        = errorsmod.Register(ModuleName, 33, "member already ruled or approved")
	ErrNotProposer         = errorsmod.Register(ModuleName, 34, "only the proposer may do this")
	ErrInvalidCommittee    = errorsmod.Register(ModuleName, 35, "invalid committee")
	ErrApprovalNotNeeded   = errorsmod.Register(ModuleName, 36, "the proposal's class needs no council approvals")
	ErrInvalidProposalText = errorsmod.Register(ModuleName, 37, "invalid proposal text")
	// ErrInvalidIdentifier: a message's string that becomes a store key or
	// index part (a proposal's class) breaks the identifier rule of
	// internal/ident. In params and genesis the same rule answers
	// ErrInvalidParams and ErrInvalidGenesis, naming the field.
	ErrInvalidIdentifier = errorsmod.Register(ModuleName, 38, "invalid identifier")
	// ErrInvalidVoteReason: a vote's reason is longer than
	// MaxVoteReasonLength, not UTF-8 or has control characters. The code
	// leaves room for codes registered meanwhile on other branches.
	ErrInvalidVoteReason = errorsmod.Register(ModuleName, 50, "invalid vote reason")
)

// Proposal lifecycle errors (codes from 45, clear of the vote errors).
var (
	// ErrDryRunFailed: a submitted proposal's messages failed when run on
	// a throw-away branch of the state; the wrapped text names the failing
	// message's index, type and error.
	ErrDryRunFailed = errorsmod.Register(ModuleName, 45, "proposal messages fail when run now")
)

// Bounded state errors (codes 51-52).
var (
	// ErrVotesPruned: the votes of a proposal were pruned after its
	// vote_retention; its final tally stays on the proposal.
	ErrVotesPruned = errorsmod.RegisterWithGRPCCode(ModuleName, 51, codes.NotFound, "votes pruned")
)

// Health figure errors (codes 53-54).
var (
	// ErrInvalidHealthQuery: a Health query asks more buckets than are kept.
	ErrInvalidHealthQuery = errorsmod.Register(ModuleName, 53, "invalid health query")
)
