package keeper

import (
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/agent/types"
)

// Addresses are parsed and formatted with the keeper's address codec,
// never with the SDK's global bech32 config.

// address decodes the bech32 account address of a field.
func (k Keeper) address(field, s string) (sdk.AccAddress, error) {
	bz, err := k.addressCodec.StringToBytes(s)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%s %q: %s", field, s, err)
	}
	return bz, nil
}

// addressString encodes an account address as bech32.
func (k Keeper) addressString(a sdk.AccAddress) (string, error) {
	s, err := k.addressCodec.BytesToString(a)
	if err != nil {
		return "", errorsmod.Wrapf(types.ErrInvalidAddress, "encode %X: %s", []byte(a), err)
	}
	return s, nil
}
