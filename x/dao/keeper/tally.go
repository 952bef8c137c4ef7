package keeper

import (
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
	castDec := math.LegacyNewDecFromInt(t.Yes.Add(t.No).Add(t.Abstain).Add(t.NoWithVeto))
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
