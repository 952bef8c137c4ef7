package keeper

import (
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/addrcodec"
	"github.com/aitbc/aitbc/x/compute/types"
)

// Every address x/compute reads or writes goes through the keeper's codecs
// (addressCodec for accounts, valCodec for validator operators), never the
// global bech32 config, so the keeper works with whatever codecs the app
// wires in.

func (k Keeper) accounts() addrcodec.Codec {
	return addrcodec.New(k.addressCodec, types.ErrInvalidAddress)
}

func (k Keeper) operators() addrcodec.Codec {
	return addrcodec.New(k.valCodec, types.ErrInvalidAddress)
}

// account parses an account address.
func (k Keeper) account(s string) (sdk.AccAddress, error) {
	return k.accounts().Decode("account", s)
}

// operator parses a validator operator address.
func (k Keeper) operator(s string) (sdk.ValAddress, error) {
	return k.operators().Decode("operator", s)
}

// operatorAccount returns the account of a validator operator address: the
// account that is paid and whose reputation is recorded.
func (k Keeper) operatorAccount(s string) (sdk.AccAddress, error) {
	op, err := k.operator(s)
	return sdk.AccAddress(op), err
}

// accountString formats an account address.
func (k Keeper) accountString(a sdk.AccAddress) (string, error) {
	return k.accounts().Encode("account", a)
}

// operatorString formats a validator operator address.
func (k Keeper) operatorString(op sdk.ValAddress) (string, error) {
	return k.operators().Encode("operator", op)
}

// operatorOf formats the operator address of a validator's account: a
// provider registers, bonds and reports through the account of its
// operator address.
func (k Keeper) operatorOf(account sdk.AccAddress) (string, error) {
	return k.operatorString(sdk.ValAddress(account))
}

// operatorLabel formats an operator address for a message or a log label;
// bytes the codec refuses are shown in hex rather than failing.
func (k Keeper) operatorLabel(op sdk.ValAddress) string {
	if s, err := k.valCodec.BytesToString(op); err == nil {
		return s
	}
	return fmt.Sprintf("%X", []byte(op))
}
