package keeper

import (
	"context"

	"github.com/cosmos/cosmos-sdk/telemetry"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/x/dao/types"
)

// BeginBlocker records the vested points that came due, so power reads stay
// two binary searches, bounded by max_vesting_updates_per_block, and leaves
// the block's bound on proposals with pending tallies for votes.
//
// Block hooks follow the error policy of internal/isolate: every item (a
// queue entry, the committee's terms) is handled in its own cache context
// and a failing one is re-queued, marked failed or skipped, with an event,
// while the block goes on. Only an error reading the params or walking a
// queue itself (a broken store) is returned.
func (k Keeper) BeginBlocker(ctx context.Context) error {
	defer telemetry.ModuleMeasureSince(types.ModuleName, telemetry.Now(), telemetry.MetricKeyBeginBlocker)
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := k.setPendingLimit(ctx, params); err != nil {
		return err
	}
	return k.processVestingQueue(ctx, params.MaxVestingUpdatesPerBlock, params.Vesting)
}

// EndBlocker pays back matured unlock entries, folds the block's votes into
// the running tallies, moves proposals past their
// due deadlines, replaces committee members whose term ended and prunes
// the votes of proposals past their vote_retention (prune.go). Bounded by
// max_unlocks_per_block, max_proposals_per_block (deadlines, and proposals
// voted in the block) and max_prunes_per_block;
// leftovers wait for the next blocks.
func (k Keeper) EndBlocker(ctx context.Context) error {
	defer telemetry.ModuleMeasureSince(types.ModuleName, telemetry.Now(), telemetry.MetricKeyEndBlocker)
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := k.completeUnlocks(ctx, params.MaxUnlocksPerBlock, params.LockDenom); err != nil {
		return err
	}
	// The block's votes first, so a deadline or a super-quorum of this
	// block closes on every vote of it (pending_tally.go).
	if err := k.foldPendingTallies(ctx, params); err != nil {
		return err
	}
	if err := k.processProposalDeadlines(ctx, params); err != nil {
		return err
	}
	// One item: nothing changes when it fails, so the next block retries.
	isolate.Item(sdk.UnwrapSDKContext(ctx), types.ModuleName, "committee terms",
		func(ctx sdk.Context) error { return k.expireTerms(ctx, params.CommitteeTerm) }, nil)
	return k.pruneVotes(ctx, params.MaxPrunesPerBlock)
}
