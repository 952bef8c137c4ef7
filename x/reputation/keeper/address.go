package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/addrcodec"
	"github.com/aitbc/aitbc/x/reputation/types"
)

// addressString encodes an account address with the keeper's address
// codec (internal/addrcodec), never the SDK's global bech32 config.
func (k Keeper) addressString(a sdk.AccAddress) (string, error) {
	return addrcodec.New(k.addressCodec, types.ErrInvalidAddress).Encode("address", a)
}
