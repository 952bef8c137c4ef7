package types

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// AccountKeeper is what x/sourcedao needs from x/auth.
type AccountKeeper interface {
	GetModuleAddress(name string) sdk.AccAddress
	GetModuleAccount(ctx context.Context, name string) sdk.ModuleAccountI
}

// BankKeeper is what x/sourcedao needs from x/bank.
type BankKeeper interface {
	GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
	GetSupply(ctx context.Context, denom string) sdk.Coin
	SendCoinsFromModuleToAccount(ctx context.Context, senderModule string, recipient sdk.AccAddress, amt sdk.Coins) error
}

// DaoKeeper is what x/sourcedao needs from x/dao: the rank of a proposal
// class, to compare with the class of the proposal executing an approval.
type DaoKeeper interface {
	ClassRank(ctx context.Context, name string) (uint32, error)
}
