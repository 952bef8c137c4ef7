package types

import errorsmod "cosmossdk.io/errors"

// x/dao sentinel errors. Codes start at 2: 0 reads as success, 1 as internal.
var (
	ErrInvalidSigner    = errorsmod.Register(ModuleName, 2, "expected dao authority as signer")
	ErrInvalidParams    = errorsmod.Register(ModuleName, 3, "invalid params")
	ErrInvalidAddress   = errorsmod.Register(ModuleName, 4, "invalid address")
	ErrInvalidAmount    = errorsmod.Register(ModuleName, 5, "invalid amount")
	ErrInsufficientLock = errorsmod.Register(ModuleName, 6, "amount exceeds the locked balance")
	ErrUnlockNotFound   = errorsmod.Register(ModuleName, 7, "unlock entry not found")
	ErrTooManyUnlocks   = errorsmod.Register(ModuleName, 8, "too many open unlock entries")
	ErrAlreadyDelegated = errorsmod.Register(ModuleName, 9, "already delegated to this address")
	ErrFutureTime       = errorsmod.Register(ModuleName, 10, "time is after the latest block")
	ErrInvalidTime      = errorsmod.Register(ModuleName, 11, "invalid time")
	ErrInvalidGenesis   = errorsmod.Register(ModuleName, 12, "invalid genesis state")
	ErrBrokenInvariant  = errorsmod.Register(ModuleName, 13, "broken invariant")
)
