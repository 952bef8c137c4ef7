package keeper

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// Governance health figures (README "Health figures"). A proposal is
// counted once, by setStatus, when it reaches its final status: from the
// record it ends with (its final tally and group tallies, its snapshot
// total), into the bucket of health_window holding the block time. Nothing
// is counted in a vote and nothing scans proposals or votes; a query sums
// at most health_buckets buckets of at most (classes x (groups + 1)) rows.

type healthKey = collections.Triple[time.Time, string, string]

// recordHealth counts p, which ends with status final; p.Status is the
// status it ends from. Its vote was decided if it ends from passed (the
// vote passed) or ends voting rejected, failed_quorum or vetoed; a
// proposal cancelled in its challenge period or failed by EndBlock before
// its vote was decided counts only by status.
func (k Keeper) recordHealth(ctx context.Context, p types.Proposal, final types.ProposalStatus) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if params.HealthWindow <= 0 {
		return nil
	}
	start, err := k.openHealthBucket(ctx, sdk.UnwrapSDKContext(ctx).BlockTime(), params)
	if err != nil {
		return err
	}
	passed := p.Status == types.PROPOSAL_STATUS_PASSED
	voted := passed || (p.Status == types.PROPOSAL_STATUS_VOTING &&
		(final == types.PROPOSAL_STATUS_REJECTED || final == types.PROPOSAL_STATUS_FAILED_QUORUM || final == types.PROPOSAL_STATUS_VETOED))

	row, err := k.healthRow(ctx, collections.Join3(start, p.Class, ""))
	if err != nil {
		return err
	}
	row.CountEnded(final)
	if voted {
		countVote(&row, passed, p.Tally)
		row.SnapshotTotalPower = row.SnapshotTotalPower.Add(orZero(p.SnapshotTotalPower))
		agentVotes := math.ZeroInt()
		for _, gt := range p.GroupTallies {
			cast := tallyCast(gt.Tally)
			if !cast.IsPositive() {
				continue
			}
			key := collections.Join3(start, p.Class, gt.Group)
			g, err := k.healthRow(ctx, key)
			if err != nil {
				return err
			}
			countVote(&g, passed, gt.Tally)
			if err := k.HealthRows.Set(ctx, key, g); err != nil {
				return err
			}
			// Agent wallets vote in their agent type's group; every other
			// address is human (groupOfVoter).
			if gt.Group != types.GroupHuman {
				agentVotes = agentVotes.Add(cast)
			}
		}
		if agentVotes.IsPositive() {
			row.AgentVoted++
			row.AgentVotes = row.AgentVotes.Add(agentVotes)
		}
	}
	return k.HealthRows.Set(ctx, collections.Join3(start, p.Class, ""), row)
}

// countVote adds one decided proposal and its tally t to a row.
func countVote(row *types.HealthCounts, passed bool, t types.TallyResult) {
	row.Voted++
	if passed {
		row.Passed++
	}
	row.Votes = types.TallyResult{
		Yes: row.Votes.Yes.Add(orZero(t.Yes)), Abstain: row.Votes.Abstain.Add(orZero(t.Abstain)),
		No: row.Votes.No.Add(orZero(t.No)), NoWithVeto: row.Votes.NoWithVeto.Add(orZero(t.NoWithVeto)),
	}
}

// healthRow reads a row, zero when absent.
func (k Keeper) healthRow(ctx context.Context, key healthKey) (types.HealthCounts, error) {
	row, err := k.HealthRows.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return types.ZeroHealthCounts(), nil
	}
	return row, err
}

// openHealthBucket returns the start of the bucket holding now, opening it
// if needed. Opening one deletes the buckets that no longer fall among the
// last health_buckets (at most MaxHealthPrunePerOpen of them, each with
// its rows), so the store keeps a bounded number.
func (k Keeper) openHealthBucket(ctx context.Context, now time.Time, params types.Params) (time.Time, error) {
	start := types.HealthBucketStart(now, params.HealthWindow)
	has, err := k.HealthBuckets.Has(ctx, start)
	if err != nil || has {
		return start, err
	}
	if err := k.HealthBuckets.Set(ctx, start, types.HealthBucket{Start: start, End: start.Add(params.HealthWindow)}); err != nil {
		return start, err
	}
	cutoff := healthWindowStart(start, params.HealthWindow, params.HealthBuckets)
	var stale []time.Time
	rng := new(collections.Range[time.Time]).EndExclusive(cutoff)
	iter, err := k.HealthBuckets.Iterate(ctx, rng)
	if err != nil {
		return start, err
	}
	for ; iter.Valid() && len(stale) < types.MaxHealthPrunePerOpen; iter.Next() {
		old, err := iter.Key()
		if err != nil {
			iter.Close()
			return start, err
		}
		stale = append(stale, old)
	}
	iter.Close()
	for _, old := range stale {
		if err := k.deleteHealthBucket(ctx, old); err != nil {
			return start, err
		}
	}
	return start, nil
}

// deleteHealthBucket removes a bucket and its rows.
func (k Keeper) deleteHealthBucket(ctx context.Context, start time.Time) error {
	keys, err := k.healthRowKeys(ctx, start)
	if err != nil {
		return err
	}
	for _, key := range keys {
		if err := k.HealthRows.Remove(ctx, key); err != nil {
			return err
		}
	}
	return k.HealthBuckets.Remove(ctx, start)
}

func (k Keeper) healthRowKeys(ctx context.Context, start time.Time) ([]healthKey, error) {
	iter, err := k.HealthRows.Iterate(ctx, collections.NewPrefixedTripleRange[time.Time, string, string](start))
	if err != nil {
		return nil, err
	}
	return iter.Keys()
}

// healthWindowStart is the start of the oldest of n buckets of width w
// ending with the one starting at current. Params bound n x w
// (MaxHealthSpan), so the product is a valid duration.
func healthWindowStart(current time.Time, w time.Duration, n uint32) time.Time {
	if n == 0 {
		return current
	}
	return current.Add(-time.Duration(n-1) * w)
}

// HealthFigures sums the rows of the buckets starting at or after from,
// for one class ("" for all) and one group ("" for the class rows and every
// group row), and derives the ratios. Rows are ordered by class, then
// group, the class row first.
func (k Keeper) HealthFigures(ctx context.Context, from time.Time, class, group string) ([]types.HealthFigures, error) {
	type rowID struct{ class, group string }
	var order []rowID
	sums := map[rowID]types.HealthCounts{}
	buckets, err := k.HealthBuckets.Iterate(ctx, new(collections.Range[time.Time]).StartInclusive(from))
	if err != nil {
		return nil, err
	}
	starts, err := buckets.Keys()
	if err != nil {
		return nil, err
	}
	for _, start := range starts {
		var rng collections.Ranger[healthKey] = collections.NewPrefixedTripleRange[time.Time, string, string](start)
		if class != "" {
			rng = collections.NewSuperPrefixedTripleRange[time.Time, string, string](start, class)
		}
		iter, err := k.HealthRows.Iterate(ctx, rng)
		if err != nil {
			return nil, err
		}
		kvs, err := iter.KeyValues()
		if err != nil {
			return nil, err
		}
		for _, kv := range kvs {
			id := rowID{kv.Key.K2(), kv.Key.K3()}
			// The class rows are the denominators of the group rows.
			if group != "" && id.group != "" && id.group != group {
				continue
			}
			sum, ok := sums[id]
			if !ok {
				order = append(order, id)
				sum = types.ZeroHealthCounts()
			}
			sums[id] = sum.Add(kv.Value)
		}
	}
	// Rows come in key order within a bucket; across buckets a row may
	// first appear late, so order them once here.
	slices.SortFunc(order, func(a, b rowID) int {
		if c := cmp.Compare(a.class, b.class); c != 0 {
			return c
		}
		return cmp.Compare(a.group, b.group)
	})

	out := make([]types.HealthFigures, 0, len(order))
	for _, id := range order {
		if group != "" && id.group != group {
			continue
		}
		classRow, ok := sums[rowID{id.class, ""}]
		if !ok {
			classRow = types.ZeroHealthCounts()
		}
		out = append(out, healthFigures(id.class, id.group, sums[id], classRow))
	}
	return out, nil
}

// healthFigures derives a row's ratios (README "Health figures").
func healthFigures(class, group string, c, classRow types.HealthCounts) types.HealthFigures {
	cast := c.VotesCast()
	f := types.HealthFigures{
		Class: class, Group: group, Counts: c, Ended: c.Ended(), VotesCast: cast,
		Turnout:       ratio(cast, classRow.SnapshotTotalPower),
		PassRate:      ratio(math.NewIntFromUint64(c.Passed), math.NewIntFromUint64(c.Voted)),
		VoteShare:     math.LegacyZeroDec(),
		Participation: math.LegacyZeroDec(),
		AgentTurnout:  math.LegacyZeroDec(), AgentShare: math.LegacyZeroDec(), AgentParticipation: math.LegacyZeroDec(),
	}
	if group != "" {
		f.VoteShare = ratio(cast, classRow.VotesCast())
		f.Participation = ratio(math.NewIntFromUint64(c.Voted), math.NewIntFromUint64(classRow.Voted))
		return f
	}
	f.AgentTurnout = ratio(c.AgentVotes, c.SnapshotTotalPower)
	f.AgentShare = ratio(c.AgentVotes, cast)
	f.AgentParticipation = ratio(math.NewIntFromUint64(c.AgentVoted), math.NewIntFromUint64(c.Voted))
	return f
}

// ratio is a / b, 0 when b is 0.
func ratio(a, b math.Int) math.LegacyDec {
	if b.IsNil() || !b.IsPositive() || a.IsNil() {
		return math.LegacyZeroDec()
	}
	return math.LegacyNewDecFromInt(a).QuoInt(b)
}

// exportHealth returns the kept buckets with their rows, oldest first.
func (k Keeper) exportHealth(ctx context.Context) ([]types.HealthBucket, error) {
	iter, err := k.HealthBuckets.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	buckets, err := iter.Values()
	if err != nil {
		return nil, err
	}
	for i := range buckets {
		rows, err := k.HealthRows.Iterate(ctx, collections.NewPrefixedTripleRange[time.Time, string, string](buckets[i].Start))
		if err != nil {
			return nil, err
		}
		kvs, err := rows.KeyValues()
		if err != nil {
			return nil, err
		}
		buckets[i].Rows = nil
		for _, kv := range kvs {
			buckets[i].Rows = append(buckets[i].Rows, types.HealthRow{Class: kv.Key.K2(), Group: kv.Key.K3(), Counts: kv.Value})
		}
	}
	return buckets, nil
}

// importHealth stores genesis buckets (validated by GenesisState.Validate).
func (k Keeper) importHealth(ctx context.Context, buckets []types.HealthBucket) error {
	for _, b := range buckets {
		for _, r := range b.Rows {
			if err := k.HealthRows.Set(ctx, collections.Join3(b.Start, r.Class, r.Group), r.Counts); err != nil {
				return err
			}
		}
		header := types.HealthBucket{Start: b.Start, End: b.End}
		if err := k.HealthBuckets.Set(ctx, b.Start, header); err != nil {
			return err
		}
	}
	return nil
}
