package keeper

import (
	"slices"

	"cosmossdk.io/math"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	govv1beta1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1beta1"

	"github.com/aitbc/aitbc/x/dao/types"
)

// How x/dao proposals read through the cosmos gov query services (see the
// README, "Standard gov routes"): x/gov has one rule set and five statuses,
// x/dao has a class table and eleven statuses.

// GovStatus maps an x/dao status onto the cosmos gov status an explorer
// understands: the challenge period is the pre-voting (deposit) period;
// passed means the vote passed (waiting for the timelock, or executed);
// rejected means it never passed (lost, no quorum, vetoed, cancelled);
// failed means it passed but was not applied (execution failed, council
// approvals missing) or the chain could not process it.
func GovStatus(s types.ProposalStatus) govv1.ProposalStatus {
	switch s {
	case types.PROPOSAL_STATUS_CHALLENGE:
		return govv1.StatusDepositPeriod
	case types.PROPOSAL_STATUS_VOTING:
		return govv1.StatusVotingPeriod
	case types.PROPOSAL_STATUS_PASSED, types.PROPOSAL_STATUS_EXECUTED:
		return govv1.StatusPassed
	case types.PROPOSAL_STATUS_REJECTED, types.PROPOSAL_STATUS_FAILED_QUORUM,
		types.PROPOSAL_STATUS_VETOED, types.PROPOSAL_STATUS_CANCELLED:
		return govv1.StatusRejected
	case types.PROPOSAL_STATUS_EXECUTION_FAILED, types.PROPOSAL_STATUS_NOT_APPROVED,
		types.PROPOSAL_STATUS_FAILED:
		return govv1.StatusFailed
	}
	return govv1.StatusNil
}

// daoStatuses returns the x/dao statuses that read as a gov status, in
// ascending order: the status index prefixes a gov status filter walks.
func daoStatuses(g govv1.ProposalStatus) []types.ProposalStatus {
	var out []types.ProposalStatus
	for n := range types.ProposalStatus_name {
		if s := types.ProposalStatus(n); s != types.PROPOSAL_STATUS_UNSPECIFIED && GovStatus(s) == g {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// IsExpedited says whether a class reads as x/gov's expedited proposals:
// the emergency class, a shorter vote for what an important proposal may
// carry (which x/dao gates by council approvals rather than a higher
// threshold).
func IsExpedited(class string) bool { return class == types.ClassEmergency }

// govTally converts a tally, in uaitbc of power (token classes) or in
// members (committee classes).
func govTally(t types.TallyResult) *govv1.TallyResult {
	return &govv1.TallyResult{
		YesCount:        intString(t.Yes),
		AbstainCount:    intString(t.Abstain),
		NoCount:         intString(t.No),
		NoWithVetoCount: intString(t.NoWithVeto),
	}
}

// intString renders an Int that may be unset (a zero value read from an
// older record) as "0", as x/gov does for an empty tally.
func intString(i math.Int) string {
	if i.IsNil() {
		return "0"
	}
	return i.String()
}

// bondCoins is the bond as a coin list: the proposal's only deposit. An
// unset or zero bond is no deposit.
func bondCoins(bond sdk.Coin) []sdk.Coin {
	if bond.Amount.IsNil() || !bond.IsValid() || bond.IsZero() {
		return []sdk.Coin{}
	}
	return []sdk.Coin{bond}
}

// govProposal converts a proposal. final_tally_result is, as in x/gov,
// empty until voting ends; TallyResult gives the live tally.
func govProposal(p types.Proposal) *govv1.Proposal {
	status := GovStatus(p.Status)
	final := govTally(types.TallyResult{})
	if p.Status != types.PROPOSAL_STATUS_CHALLENGE && p.Status != types.PROPOSAL_STATUS_VOTING {
		final = govTally(p.Tally)
	}
	submit, depositEnd := p.SubmitTime, p.ChallengeEndTime
	out := &govv1.Proposal{
		Id:               p.Id,
		Messages:         p.Messages,
		Status:           status,
		FinalTallyResult: final,
		SubmitTime:       &submit,
		DepositEndTime:   &depositEnd,
		TotalDeposit:     bondCoins(p.Bond),
		VotingStartTime:  p.VotingStartTime,
		VotingEndTime:    p.VotingEndTime,
		Metadata:         p.Metadata,
		Title:            p.Title,
		Summary:          p.Summary,
		Proposer:         p.Proposer,
		Expedited:        IsExpedited(p.Class),
	}
	if status == govv1.StatusRejected || status == govv1.StatusFailed {
		out.FailedReason = p.Result
	}
	return out
}

// govVote converts a vote; the weights are the voter's split, not its power
// (the power it counts is in the x/dao Vote).
func govVote(v types.Vote) *govv1.Vote {
	options := make([]*govv1.WeightedVoteOption, len(v.Options))
	for i, o := range v.Options {
		options[i] = &govv1.WeightedVoteOption{Option: govv1.VoteOption(o.Option), Weight: o.Weight.String()}
	}
	return &govv1.Vote{ProposalId: v.ProposalId, Voter: v.Voter, Options: options, Metadata: v.Reason}
}

// govDeposit is the proposer's bond as its deposit.
func govDeposit(p types.Proposal) *govv1.Deposit {
	return &govv1.Deposit{ProposalId: p.Id, Depositor: p.Proposer, Amount: bondCoins(p.Bond)}
}

// govParams reads the class that carries unlisted messages (standard by
// default) as x/gov's single rule set and the emergency class as its
// expedited one. The bond is paid in full at submission
// (min_initial_deposit_ratio 1) and returned in full on cancel
// (proposal_cancel_ratio 0); only a veto burns it.
func govParams(params types.Params) (*govv1.Params, bool) {
	def, ok := params.Class(params.DefaultMessageClass)
	if !ok {
		return nil, false
	}
	challenge, voting := def.ChallengePeriod, def.DefaultVotingPeriod
	out := &govv1.Params{
		MinDeposit:             bondCoins(def.Bond),
		MaxDepositPeriod:       &challenge,
		VotingPeriod:           &voting,
		Quorum:                 def.Quorum.String(),
		Threshold:              def.Threshold.String(),
		VetoThreshold:          def.VetoThreshold.String(),
		MinInitialDepositRatio: math.LegacyOneDec().String(),
		ProposalCancelRatio:    math.LegacyZeroDec().String(),
		ExpeditedMinDeposit:    []sdk.Coin{},
		BurnVoteVeto:           true,
		MinDepositRatio:        math.LegacyZeroDec().String(),
	}
	if em, ok := params.Class(types.ClassEmergency); ok {
		period := em.DefaultVotingPeriod
		out.ExpeditedVotingPeriod = &period
		out.ExpeditedThreshold = em.Threshold.String()
		out.ExpeditedMinDeposit = bondCoins(em.Bond)
	}
	return out, true
}

// legacyProposal converts a proposal for gov v1beta1. The content is a
// TextProposal with the title and summary: v1beta1 has no messages, and its
// clients unpack content as a gov Content.
func legacyProposal(p types.Proposal) (govv1beta1.Proposal, error) {
	v1 := govProposal(p)
	content, err := codectypes.NewAnyWithValue(&govv1beta1.TextProposal{Title: p.Title, Description: p.Summary})
	if err != nil {
		return govv1beta1.Proposal{}, err
	}
	out := govv1beta1.Proposal{
		ProposalId:       p.Id,
		Content:          content,
		Status:           govv1beta1.ProposalStatus(v1.Status),
		FinalTallyResult: legacyTally(types.TallyResult{}),
		SubmitTime:       p.SubmitTime,
		DepositEndTime:   p.ChallengeEndTime,
		TotalDeposit:     sdk.Coins(v1.TotalDeposit),
	}
	if p.Status != types.PROPOSAL_STATUS_CHALLENGE && p.Status != types.PROPOSAL_STATUS_VOTING {
		out.FinalTallyResult = legacyTally(p.Tally)
	}
	if p.VotingStartTime != nil {
		out.VotingStartTime = *p.VotingStartTime
	}
	if p.VotingEndTime != nil {
		out.VotingEndTime = *p.VotingEndTime
	}
	return out, nil
}

// legacyTally converts a tally for gov v1beta1.
func legacyTally(t types.TallyResult) govv1beta1.TallyResult {
	orZero := func(i math.Int) math.Int {
		if i.IsNil() {
			return math.ZeroInt()
		}
		return i
	}
	return govv1beta1.TallyResult{Yes: orZero(t.Yes), Abstain: orZero(t.Abstain), No: orZero(t.No), NoWithVeto: orZero(t.NoWithVeto)}
}

// legacyVote converts a vote for gov v1beta1; the deprecated single option
// is set for an unsplit vote, since wallets (Keplr) still read it.
func legacyVote(v types.Vote) govv1beta1.Vote {
	out := govv1beta1.Vote{ProposalId: v.ProposalId, Voter: v.Voter, Options: make([]govv1beta1.WeightedVoteOption, len(v.Options))}
	for i, o := range v.Options {
		out.Options[i] = govv1beta1.WeightedVoteOption{Option: govv1beta1.VoteOption(o.Option), Weight: o.Weight}
	}
	if len(v.Options) == 1 && v.Options[0].Weight.Equal(math.LegacyOneDec()) {
		out.Option = govv1beta1.VoteOption(v.Options[0].Option) //nolint:staticcheck // the deprecated field wallets read
	}
	return out
}
