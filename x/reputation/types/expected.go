package types

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// DealParties are the two sides of a finished deal: each may rate the
// other once.
type DealParties struct {
	Consumer sdk.AccAddress
	Provider sdk.AccAddress
}

// DealChecker is registered by a module that owns deals (x/compute for
// leases): it vouches that a deal finished and names its parties. found is
// false for an unknown or unfinished deal.
type DealChecker interface {
	FinishedDeal(ctx context.Context, id string) (parties DealParties, found bool, err error)
}

// OwnerResolver returns the owner of an address (x/agent: an agent wallet's
// owner); an address that is no agent owns itself.
type OwnerResolver func(ctx context.Context, addr sdk.AccAddress) sdk.AccAddress
