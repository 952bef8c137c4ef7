package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/addrcodec"
	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// Addresses go through the keeper's address codec (internal/addrcodec),
// never the SDK's global bech32 config.
func (k Keeper) addresses() addrcodec.Codec {
	return addrcodec.New(k.addressCodec, types.ErrInvalidAddress)
}

// address decodes the account address given in field.
func (k Keeper) address(field, s string) (sdk.AccAddress, error) {
	return k.addresses().Decode(field, s)
}

// addressString encodes an account address.
func (k Keeper) addressString(a sdk.AccAddress) (string, error) {
	return k.addresses().Encode("address", a)
}
