package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/x/dao/types"
)

// Bond moves. The bonds account (types.BondsName) holds exactly the bonds of
// proposals in challenge or voting and of open challenges (CheckBonds); each
// function here moves one bond out of it or into it.

// escrowBond takes a bond from its owner into the bonds account.
func (k Keeper) escrowBond(ctx context.Context, from sdk.AccAddress, bond sdk.Coin) error {
	if !bond.IsPositive() {
		return nil
	}
	return k.bankKeeper.SendCoinsFromAccountToModule(ctx, from, types.BondsName, sdk.NewCoins(bond))
}

// refund pays a bond back out of the bonds account.
func (k Keeper) refund(ctx context.Context, to string, bond sdk.Coin) error {
	if !bond.IsPositive() {
		return nil
	}
	addr, err := k.accAddress(to)
	if err != nil {
		return err
	}
	return k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.BondsName, addr, sdk.NewCoins(bond))
}

// returnOrForfeit returns a bond to its owner or, if that fails, moves it
// to the treasury: either way it leaves the bonds account accounted for.
func (k Keeper) returnOrForfeit(ctx sdk.Context, owner string, bond sdk.Coin) error {
	if err := isolate.Run(ctx, func(ctx sdk.Context) error { return k.refund(ctx, owner, bond) }); err == nil {
		return nil
	}
	return k.forfeitToTreasury(ctx, bond)
}

// forfeitToTreasury moves a bond to the treasury.
func (k Keeper) forfeitToTreasury(ctx context.Context, bond sdk.Coin) error {
	if !bond.IsPositive() {
		return nil
	}
	return k.bankKeeper.SendCoinsFromModuleToModule(ctx, types.BondsName, types.ModuleName, sdk.NewCoins(bond))
}

// burnBond destroys a vetoed proposal's bond.
func (k Keeper) burnBond(ctx context.Context, bond sdk.Coin) error {
	if !bond.IsPositive() {
		return nil
	}
	return k.bankKeeper.BurnCoins(ctx, types.BondsName, sdk.NewCoins(bond))
}
