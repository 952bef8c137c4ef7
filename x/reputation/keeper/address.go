package keeper

import (
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/reputation/types"
)

// addressString encodes an account address as bech32 with the keeper's
// address codec, never with the SDK's global bech32 config.
func (k Keeper) addressString(a sdk.AccAddress) (string, error) {
	s, err := k.addressCodec.BytesToString(a)
	if err != nil {
		return "", errorsmod.Wrapf(types.ErrInvalidAddress, "encode %X: %s", []byte(a), err)
	}
	return s, nil
}
