package keeper

import "context"

// BeginBlocker records the vested points that came due, so power reads stay
// two binary searches. Bounded by max_vesting_updates_per_block.
func (k Keeper) BeginBlocker(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	return k.processVestingQueue(ctx, params.MaxVestingUpdatesPerBlock, params.Vesting)
}

// EndBlocker pays back matured unlock entries, moves proposals past their
// due deadlines and replaces committee members whose term ended. Bounded by
// max_unlocks_per_block and max_proposals_per_block; leftovers wait for the
// next blocks.
func (k Keeper) EndBlocker(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := k.completeUnlocks(ctx, params.MaxUnlocksPerBlock, params.LockDenom); err != nil {
		return err
	}
	if err := k.processProposalDeadlines(ctx, params); err != nil {
		return err
	}
	return k.expireTerms(ctx, params.CommitteeTerm)
}
