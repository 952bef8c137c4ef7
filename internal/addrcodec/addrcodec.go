// Package addrcodec is how a keeper reads and writes addresses: through the
// address codec the app gives it, never the SDK's global bech32 config
// (sdk.AccAddressFromBech32, AccAddress.String), and with the module's own
// invalid-address error naming the field, so a user sees which input was
// wrong and the ABCI code names the module.
package addrcodec

import (
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"
)

// Codec is an address codec with the module's invalid-address sentinel.
type Codec struct {
	codec   address.Codec
	invalid *errorsmod.Error
}

// New returns the codec of a module: codec is the app's account or
// validator codec, invalid the module's ErrInvalidAddress.
func New(codec address.Codec, invalid *errorsmod.Error) Codec {
	return Codec{codec: codec, invalid: invalid}
}

// Decode parses the address given in field; an empty or malformed one is
// the invalid-address error naming the field and the input.
func (c Codec) Decode(field, s string) ([]byte, error) {
	if s == "" {
		return nil, errorsmod.Wrapf(c.invalid, "%s is empty", field)
	}
	bz, err := c.codec.StringToBytes(s)
	if err != nil {
		return nil, errorsmod.Wrapf(c.invalid, "%s %q: %s", field, s, err)
	}
	if len(bz) == 0 {
		return nil, errorsmod.Wrapf(c.invalid, "%s is empty", field)
	}
	return bz, nil
}

// Encode formats the address bytes of field. No bytes are refused (the
// bech32 codec would give ""), and so are bytes the codec refuses, shown in
// hex.
func (c Codec) Encode(field string, bz []byte) (string, error) {
	if len(bz) == 0 {
		return "", errorsmod.Wrapf(c.invalid, "%s is empty", field)
	}
	s, err := c.codec.BytesToString(bz)
	if err != nil {
		return "", errorsmod.Wrapf(c.invalid, "%s %X: %s", field, bz, err)
	}
	return s, nil
}
