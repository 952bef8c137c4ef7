package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/aitbc/aitbc/x/dao/types"
)

// Outcome decides a proposal from its running tally, in O(1):
//
//   - quorum: votes cast >= quorum x snapshot total (token), or more than
//     quorum x members (committee);
//   - veto: no_with_veto > veto_threshold x votes cast: vetoed, bond burned;
//   - threshold: yes / (yes + no) > threshold (>= when inclusive) for token
//     classes, yes > threshold x members for committee classes; with
//     electorate groups the yes ratio is the share-weighted average of the
//     groups' ratios, over the groups that voted yes or no.
func Outcome(p types.Proposal, class types.ProposalClass, params types.Params) types.ProposalStatus {
	t := p.Tally
	castDec := math.LegacyNewDecFromInt(tallyCast(t))
	committee := class.Electorate == types.ELECTORATE_COMMITTEE
	if !quorumReached(t, p.SnapshotTotalPower, class) {
		return types.PROPOSAL_STATUS_FAILED_QUORUM
	}
	if math.LegacyNewDecFromInt(t.NoWithVeto).GT(class.VetoThreshold.Mul(castDec)) {
		return types.PROPOSAL_STATUS_VETOED
	}
	var ratio math.LegacyDec
	switch {
	case committee:
		ratio = math.LegacyNewDecFromInt(t.Yes).QuoInt(p.SnapshotTotalPower)
	case params.ElectorateGroupsEnabled:
		ratio = groupRatio(p, params)
	default:
		ratio = yesRatio(t)
	}
	if ratio.GT(class.Threshold) || (class.ThresholdInclusive && ratio.Equal(class.Threshold)) {
		return types.PROPOSAL_STATUS_PASSED
	}
	return types.PROPOSAL_STATUS_REJECTED
}

// tallyCast is the power cast in t, whatever the option.
func tallyCast(t types.TallyResult) math.Int {
	return orZero(t.Yes).Add(orZero(t.Abstain)).Add(orZero(t.No)).Add(orZero(t.NoWithVeto))
}

// orZero reads an amount of a stored record that may be unset (a record
// imported without it) as zero, so counting never panics.
func orZero(n math.Int) math.Int {
	if n.IsNil() {
		return math.ZeroInt()
	}
	return n
}

// yesRatio is yes / (yes + no), zero when nobody voted either.
func yesRatio(t types.TallyResult) math.LegacyDec {
	decided := t.Yes.Add(t.No)
	if decided.IsZero() {
		return math.LegacyZeroDec()
	}
	return math.LegacyNewDecFromInt(t.Yes).QuoInt(decided)
}

// groupRatio weights each group's yes ratio by its share, renormalised over
// the groups that voted yes or no.
func groupRatio(p types.Proposal, params types.Params) math.LegacyDec {
	weighted, shares := math.LegacyZeroDec(), math.LegacyZeroDec()
	for _, gs := range params.GroupShares {
		for _, gt := range p.GroupTallies {
			if gt.Group != gs.Group || gt.Tally.Yes.Add(gt.Tally.No).IsZero() {
				continue
			}
			weighted = weighted.Add(gs.Share.Mul(yesRatio(gt.Tally)))
			shares = shares.Add(gs.Share)
		}
	}
	if shares.IsZero() {
		return math.LegacyZeroDec()
	}
	return weighted.Quo(shares)
}

// withLiveTally puts the running tally of a proposal in voting into p: the
// stored one with this block's pending changes (pending_tally.go). A vote
// writes neither the proposal record nor its status and class indexes;
// setStatus folds the running tally back into the record when voting ends.
func (k Keeper) withLiveTally(ctx context.Context, p *types.Proposal) error {
	if err := k.withStoredLiveTally(ctx, p); err != nil || p.Status != types.PROPOSAL_STATUS_VOTING {
		return err
	}
	pending, err := k.PendingTallies.Get(ctx, p.Id)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	live := addLiveTally(types.LiveTally{Tally: p.Tally, GroupTallies: p.GroupTallies}, pending)
	p.Tally, p.GroupTallies = live.Tally, live.GroupTallies
	return nil
}

// withStoredLiveTally puts the stored running tally of a proposal in voting
// into p, without this block's pending changes. Without an entry (no vote
// folded since voting started or since genesis) the proposal's own tally
// is the stored one.
func (k Keeper) withStoredLiveTally(ctx context.Context, p *types.Proposal) error {
	if p.Status != types.PROPOSAL_STATUS_VOTING {
		return nil
	}
	t, err := k.LiveTallies.Get(ctx, p.Id)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	p.Tally, p.GroupTallies = t.Tally, t.GroupTallies
	return nil
}

// saveLiveTally stores the running tally of a proposal in voting.
func (k Keeper) saveLiveTally(ctx context.Context, p types.Proposal) error {
	return k.LiveTallies.Set(ctx, p.Id, types.LiveTally{Tally: p.Tally, GroupTallies: p.GroupTallies})
}

// importProposal stores a genesis proposal as votes leave it: in voting,
// the record keeps the zero tally voting started with and the tally,
// once a vote has been cast (a group entry exists), is the running one.
// So an exported and re-imported store is the same store.
func (k Keeper) importProposal(ctx context.Context, p types.Proposal) error {
	if p.Status == types.PROPOSAL_STATUS_VOTING {
		if len(p.GroupTallies) > 0 || !isZeroTally(p.Tally) {
			if err := k.saveLiveTally(ctx, p); err != nil {
				return err
			}
		}
		p.Tally, p.GroupTallies = zeroTally(), nil
	}
	return k.saveAndSchedule(ctx, &p)
}

func isZeroTally(t types.TallyResult) bool {
	for _, n := range []math.Int{t.Yes, t.Abstain, t.No, t.NoWithVeto} {
		if !n.IsNil() && !n.IsZero() {
			return false
		}
	}
	return true
}
