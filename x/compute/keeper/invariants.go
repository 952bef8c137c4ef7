package keeper

import "context"

// CheckInvariants runs every x/compute invariant; tests, simulation and the
// app-level fuzz target call it after each block.
func (k Keeper) CheckInvariants(ctx context.Context) error {
	for _, check := range []func(context.Context) error{k.CheckEscrowBalance, k.CheckBondsBalance} {
		if err := check(ctx); err != nil {
			return err
		}
	}
	return nil
}
