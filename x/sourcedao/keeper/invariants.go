package keeper

import "context"

// CheckInvariants runs every x/sourcedao invariant; tests, simulation and
// the app-level fuzz target call it after each block.
func (k Keeper) CheckInvariants(ctx context.Context) error {
	return k.CheckInvariant(ctx)
}
