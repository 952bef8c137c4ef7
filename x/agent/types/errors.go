package types

import (
	errorsmod "cosmossdk.io/errors"
	"google.golang.org/grpc/codes"
)

// x/agent sentinel errors, from code 2.
var (
	ErrInvalidSigner    = errorsmod.Register(ModuleName, 2, "expected dao authority as signer")
	ErrInvalidParams    = errorsmod.Register(ModuleName, 3, "invalid params")
	ErrInvalidAddress   = errorsmod.Register(ModuleName, 4, "invalid address")
	ErrAgentNotFound    = errorsmod.RegisterWithGRPCCode(ModuleName, 5, codes.NotFound, "agent not found")
	ErrNotOwner         = errorsmod.Register(ModuleName, 6, "only the agent's owner may do this")
	ErrUnauthorized     = errorsmod.Register(ModuleName, 7, "sender is neither the agent's owner nor its operator")
	ErrAgentInactive    = errorsmod.Register(ModuleName, 8, "agent is paused or retired")
	ErrMsgNotAllowed    = errorsmod.Register(ModuleName, 9, "message type not allowed by the agent's policy")
	ErrSpendLimit       = errorsmod.Register(ModuleName, 10, "spend over the policy's limit for the period")
	ErrNotWalletSigned  = errorsmod.Register(ModuleName, 11, "message must be signed by the agent's wallet alone")
	ErrRecipientBlocked = errorsmod.Register(ModuleName, 12, "recipient not allowed by the agent's policy")
	ErrInvalidAgent     = errorsmod.Register(ModuleName, 13, "invalid agent description")
	ErrInvalidPolicy    = errorsmod.Register(ModuleName, 14, "invalid policy")
	ErrNoPolicy         = errorsmod.RegisterWithGRPCCode(ModuleName, 17, codes.NotFound, "agent has no policy")
	ErrInvalidExec      = errorsmod.Register(ModuleName, 15, "invalid exec")
	ErrInvalidGenesis   = errorsmod.Register(ModuleName, 16, "invalid genesis state")
	// ErrInvalidIdentifier: a string that becomes a key or index part
	// (capability) or names an agent or a message type is empty, too long,
	// not printable UTF-8 or padded with spaces (internal/ident).
	ErrInvalidIdentifier = errorsmod.Register(ModuleName, 18, "invalid identifier")
	// ErrInvalidText: stored free text (endpoint, metadata URI or hash) is
	// not UTF-8 or holds control characters.
	ErrInvalidText = errorsmod.Register(ModuleName, 19, "invalid text")
	// ErrExecPanicked: a message run by MsgExec panicked; nothing of the
	// batch was written.
	ErrExecPanicked = errorsmod.Register(ModuleName, 20, "executed message panicked")
	// ErrBrokenInvariant: the state contradicts itself (CheckInvariants).
	ErrBrokenInvariant = errorsmod.Register(ModuleName, 21, "broken invariant")
)
