package types

import (
	errorsmod "cosmossdk.io/errors"
	"google.golang.org/grpc/codes"
)

// x/compute sentinel errors, from code 2.
var (
	ErrInvalidSigner      = errorsmod.Register(ModuleName, 2, "expected dao authority as signer")
	ErrInvalidParams      = errorsmod.Register(ModuleName, 3, "invalid params")
	ErrInvalidAddress     = errorsmod.Register(ModuleName, 4, "invalid address")
	ErrNotBondedValidator = errorsmod.Register(ModuleName, 5, "not a bonded validator")
	ErrProviderExists     = errorsmod.Register(ModuleName, 6, "provider already registered")
	ErrProviderNotFound   = errorsmod.RegisterWithGRPCCode(ModuleName, 7, codes.NotFound, "provider not found")
	ErrInvalidBond        = errorsmod.Register(ModuleName, 8, "invalid bond")
	ErrInvalidGpus        = errorsmod.Register(ModuleName, 9, "invalid GPU inventory")
	ErrInvalidText        = errorsmod.Register(ModuleName, 10, "text over the length limit")
	ErrNoCapacity         = errorsmod.Register(ModuleName, 11, "not enough GPUs of that kind for the offer")
	ErrInvalidPrice       = errorsmod.Register(ModuleName, 12, "invalid price")
	ErrInvalidHours       = errorsmod.Register(ModuleName, 13, "hours out of range")
	ErrOfferNotFound      = errorsmod.RegisterWithGRPCCode(ModuleName, 14, codes.NotFound, "offer not found")
	ErrNotOfferOwner      = errorsmod.Register(ModuleName, 15, "offer belongs to another provider")
	ErrOfferClosed        = errorsmod.Register(ModuleName, 16, "offer is closed")
	ErrTooManyOffers      = errorsmod.Register(ModuleName, 17, "too many open offers")
	ErrInvalidGenesis     = errorsmod.Register(ModuleName, 18, "invalid genesis state")
	ErrBrokenInvariant    = errorsmod.Register(ModuleName, 19, "broken invariant")
)

// Job errors.
var (
	ErrInvalidJob      = errorsmod.Register(ModuleName, 20, "invalid job")
	ErrJobNotFound     = errorsmod.RegisterWithGRPCCode(ModuleName, 21, codes.NotFound, "job not found")
	ErrNotJobOwner     = errorsmod.Register(ModuleName, 22, "job belongs to another consumer")
	ErrJobNotOpen      = errorsmod.Register(ModuleName, 23, "job is no longer open")
	ErrInvalidDeadline = errorsmod.Register(ModuleName, 24, "invalid deadline")
)

// Lease errors.
var (
	ErrOfferIneligible    = errorsmod.Register(ModuleName, 25, "offer cannot take the job")
	ErrLeaseNotFound      = errorsmod.RegisterWithGRPCCode(ModuleName, 26, codes.NotFound, "lease not found")
	ErrNotLeaseProvider   = errorsmod.Register(ModuleName, 27, "lease belongs to another provider")
	ErrLeaseNotActive     = errorsmod.Register(ModuleName, 28, "lease takes no result")
	ErrDeadlinePassed     = errorsmod.Register(ModuleName, 29, "deadline passed")
	ErrInvalidResult      = errorsmod.Register(ModuleName, 30, "invalid result")
	ErrLeaseNotAttesting  = errorsmod.Register(ModuleName, 31, "lease is not being attested")
	ErrNotCommitteeMember = errorsmod.Register(ModuleName, 32, "not on the lease's committee")
	ErrAlreadyAttested    = errorsmod.Register(ModuleName, 33, "already attested")
	ErrInvalidVerdict     = errorsmod.Register(ModuleName, 34, "invalid verdict")
	ErrActiveLeases       = errorsmod.Register(ModuleName, 35, "provider has unfinished leases")
)

// Input errors.
var (
	// ErrInvalidIdentifier refuses a string that breaks the identifier
	// rule (internal/ident) or the free-text rule; the message names the
	// field.
	ErrInvalidIdentifier = errorsmod.Register(ModuleName, 36, "invalid identifier or text")
)

// Params errors.
var (
	// ErrBondDenomFixed refuses a params change of min_bond's denom: it is
	// also the denom of prices and escrows, so changing it would strand
	// the bonds and escrows already held.
	ErrBondDenomFixed = errorsmod.Register(ModuleName, 37, "min_bond denom is fixed at genesis")
)

// Consumer protection errors.
var (
	// ErrNotLeaseConsumer refuses MsgEndLease from anyone but the lease's consumer.
	ErrNotLeaseConsumer = errorsmod.Register(ModuleName, 38, "lease belongs to another consumer")
	// ErrProviderNotGone refuses MsgEndLease while the provider can still
	// deliver: its validator is bonded and unjailed and the provider active.
	ErrProviderNotGone = errorsmod.Register(ModuleName, 39, "provider is not gone; the lease runs to its deadline")
)

// Commit-reveal errors.
var (
	// ErrInvalidCommitment refuses a commitment that is not 32 bytes.
	ErrInvalidCommitment = errorsmod.Register(ModuleName, 40, "invalid attestation commitment")
	// ErrWrongAttestationPhase refuses a commit in the reveal phase or a
	// reveal in the commit phase.
	ErrWrongAttestationPhase = errorsmod.Register(ModuleName, 41, "wrong attestation phase")
	// ErrNotCommitted refuses a reveal from a member that did not commit.
	ErrNotCommitted = errorsmod.Register(ModuleName, 42, "no commitment to reveal")
	// ErrCommitmentMismatch refuses a reveal whose verdict, observed hash
	// and salt do not hash to the member's commitment.
	ErrCommitmentMismatch = errorsmod.Register(ModuleName, 43, "reveal does not match the commitment")
)

// Decline errors.
var (
	// ErrDeclineReasonTooLong refuses a MsgDeclineLease reason over
	// MaxDeclineReasonLength bytes; the daemon truncates to the bound.
	ErrDeclineReasonTooLong = errorsmod.Register(ModuleName, 44, "decline reason too long")
)
