package types

import errorsmod "cosmossdk.io/errors"

// x/dao sentinel errors. Codes start at 2: 0 reads as success, 1 as internal.
var (
	ErrInvalidSigner = errorsmod.Register(ModuleName, 2, "expected dao authority as signer")
	ErrInvalidParams = errorsmod.Register(ModuleName, 3, "invalid params")
)
