package keeper

import (
	"fmt"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

// Every address x/compute reads or writes goes through the keeper's codecs
// (addressCodec for accounts, valCodec for validator operators), never the
// global bech32 config, so the keeper works with whatever codecs the app
// wires in.

// account parses an account address.
func (k Keeper) account(s string) (sdk.AccAddress, error) {
	bz, err := k.addressCodec.StringToBytes(s)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "account %q: %s", s, err)
	}
	return bz, nil
}

// operator parses a validator operator address.
func (k Keeper) operator(s string) (sdk.ValAddress, error) {
	bz, err := k.valCodec.StringToBytes(s)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "operator %q: %s", s, err)
	}
	return bz, nil
}

// operatorAccount returns the account of a validator operator address: the
// account that is paid and whose reputation is recorded.
func (k Keeper) operatorAccount(s string) (sdk.AccAddress, error) {
	op, err := k.operator(s)
	return sdk.AccAddress(op), err
}

// accountString formats an account address.
func (k Keeper) accountString(a sdk.AccAddress) (string, error) {
	s, err := k.addressCodec.BytesToString(a)
	if err != nil {
		return "", errorsmod.Wrapf(types.ErrInvalidAddress, "account %X: %s", []byte(a), err)
	}
	return s, nil
}

// operatorString formats a validator operator address.
func (k Keeper) operatorString(op sdk.ValAddress) (string, error) {
	s, err := k.valCodec.BytesToString(op)
	if err != nil {
		return "", errorsmod.Wrapf(types.ErrInvalidAddress, "operator %X: %s", []byte(op), err)
	}
	return s, nil
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
