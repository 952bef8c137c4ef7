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
// leases): it says how a deal id is spelled and vouches that a deal
// finished.
type DealChecker interface {
	// CanonicalDealID returns the one spelling of a deal id that ratings
	// are keyed on ("42" for lease 42), or an error for a string that is no
	// deal id of the module (for x/compute: signs, spaces, leading zeros,
	// overflow). It reads no state, so genesis import and the invariants
	// can check stored refs too. Without it "compute/042" would be a second
	// rating of lease 42.
	CanonicalDealID(id string) (string, error)
	// FinishedDeal names the parties of the finished deal with the
	// canonical id; found is false for an unknown or unfinished deal.
	FinishedDeal(ctx context.Context, id string) (parties DealParties, found bool, err error)
}

// AgentKeeper is what x/reputation needs from x/agent: an agent and its
// owner count as one party, so neither can rate the other.
type AgentKeeper interface {
	// OwnerOf returns the owner of an agent wallet, or addr itself for an
	// address that is no agent.
	OwnerOf(ctx context.Context, addr sdk.AccAddress) sdk.AccAddress
}
