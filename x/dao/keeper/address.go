package keeper

import (
	"cosmossdk.io/core/address"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/addrcodec"
	"github.com/aitbc/aitbc/x/dao/types"
)

// Every address x/dao reads or writes goes through the keeper's address
// codec, never the global bech32 config (sdk.AccAddressFromBech32,
// AccAddress.String): the keeper answers to the codec the app gives it.

// address decodes the bech32 account address of a message or query field
// with the error a user sees.
func (k Keeper) address(field, bech32 string) (sdk.AccAddress, error) {
	return addrcodec.New(k.addressCodec, types.ErrInvalidAddress).Decode(field, bech32)
}

// accAddress decodes an address the keeper stored.
func (k Keeper) accAddress(s string) (sdk.AccAddress, error) {
	return accAddressOf(k.addressCodec, s)
}

// accAddressOf decodes with a given codec, for the index functions NewKeeper
// builds before the keeper exists.
func accAddressOf(codec address.Codec, s string) (sdk.AccAddress, error) {
	bz, err := codec.StringToBytes(s)
	if err != nil {
		return nil, err
	}
	return bz, nil
}

// addrString encodes an address for state, events and error texts.
func (k Keeper) addrString(addr sdk.AccAddress) (string, error) {
	return k.addressCodec.BytesToString(addr)
}
