package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// CommunitySpend pays coins out of the treasury.
func (k Keeper) CommunitySpend(ctx context.Context, recipient sdk.AccAddress, amount sdk.Coins) error {
	if !amount.IsValid() || amount.IsZero() {
		return errorsmod.Wrapf(types.ErrInvalidAmount, "spend must be a valid, positive amount, got %s", amount)
	}
	to, err := k.addrString(recipient)
	if err != nil {
		return err
	}
	if err := k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.ModuleName, recipient, amount); err != nil {
		return errorsmod.Wrapf(err, "pay %s from the treasury", amount)
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventCommunitySpend{Recipient: to, Amount: amount})
}

// SetConstitution replaces the constitution text.
func (k Keeper) SetConstitution(ctx context.Context, text string) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := types.CheckText("constitution", text); err != nil {
		return err
	}
	if len(text) > int(params.MaxConstitutionLength) {
		return errorsmod.Wrapf(types.ErrProposalTooLarge, "constitution has %d bytes, the limit is %d", len(text), params.MaxConstitutionLength)
	}
	if err := k.Constitution.Set(ctx, text); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventConstitutionUpdated{Length: uint32(len(text))})
}
