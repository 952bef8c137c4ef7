package keeper_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	govv1beta1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1beta1"

	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

// govStatusOf is the README's mapping table.
var govStatusOf = map[types.ProposalStatus]govv1.ProposalStatus{
	types.PROPOSAL_STATUS_UNSPECIFIED:      govv1.StatusNil,
	types.PROPOSAL_STATUS_CHALLENGE:        govv1.StatusDepositPeriod,
	types.PROPOSAL_STATUS_VOTING:           govv1.StatusVotingPeriod,
	types.PROPOSAL_STATUS_PASSED:           govv1.StatusPassed,
	types.PROPOSAL_STATUS_EXECUTED:         govv1.StatusPassed,
	types.PROPOSAL_STATUS_REJECTED:         govv1.StatusRejected,
	types.PROPOSAL_STATUS_FAILED_QUORUM:    govv1.StatusRejected,
	types.PROPOSAL_STATUS_VETOED:           govv1.StatusRejected,
	types.PROPOSAL_STATUS_CANCELLED:        govv1.StatusRejected,
	types.PROPOSAL_STATUS_EXECUTION_FAILED: govv1.StatusFailed,
	types.PROPOSAL_STATUS_NOT_APPROVED:     govv1.StatusFailed,
	types.PROPOSAL_STATUS_FAILED:           govv1.StatusFailed,
}

func TestGovStatusMapping(t *testing.T) {
	require.Len(t, govStatusOf, len(types.ProposalStatus_name), "every x/dao status is in the table")
	for s, want := range govStatusOf {
		require.Equal(t, want, keeper.GovStatus(s), s.String())
	}
	// The filter sets partition the statuses: each x/dao status is listed
	// under exactly its gov status.
	seen := map[types.ProposalStatus]int{}
	for g := range govv1.ProposalStatus_name {
		for _, s := range keeper.DaoStatuses(govv1.ProposalStatus(g)) {
			require.Equal(t, govv1.ProposalStatus(g), govStatusOf[s])
			seen[s]++
		}
	}
	for s := range types.ProposalStatus_name {
		if s == 0 {
			continue
		}
		require.Equal(t, 1, seen[types.ProposalStatus(s)], types.ProposalStatus(s).String())
	}
	require.Equal(t, []types.ProposalStatus{types.PROPOSAL_STATUS_REJECTED, types.PROPOSAL_STATUS_FAILED_QUORUM,
		types.PROPOSAL_STATUS_VETOED, types.PROPOSAL_STATUS_CANCELLED}, keeper.DaoStatuses(govv1.StatusRejected))

	require.True(t, keeper.IsExpedited(types.ClassEmergency))
	for _, c := range []string{types.ClassRoutine, types.ClassStandard, types.ClassImportant, types.ClassMajor, types.ClassConstitution} {
		require.False(t, keeper.IsExpedited(c), c)
	}
}

// TestGovQueriesLifecycle follows one proposal from submission to
// execution through both gov services.
func TestGovQueriesLifecycle(t *testing.T) {
	f := newGovFixture(t, 5)
	f.fundTreasury(1_000_000)
	v1 := keeper.NewGovQueryServer(f.k)
	v1b := keeper.NewGovLegacyQueryServer(f.k)
	a := f.addrs
	spend := f.spend(a[4], 1000)
	msg := f.submitMsg(a[0], types.ClassStandard, spend)
	msg.Metadata = "ipfs://meta"
	res, err := f.msgs.SubmitProposal(f.ctx(), msg)
	require.NoError(t, err)
	id := res.ProposalId
	p := f.proposal(id)
	bond := f.class(types.ClassStandard).Bond

	got, err := v1.Proposal(f.ctx(), &govv1.QueryProposalRequest{ProposalId: id})
	require.NoError(t, err)
	gp := got.Proposal
	require.Equal(t, id, gp.Id)
	require.Equal(t, govv1.StatusDepositPeriod, gp.Status)
	require.Equal(t, "A proposal", gp.Title)
	require.Equal(t, "Why", gp.Summary)
	require.Equal(t, "ipfs://meta", gp.Metadata)
	require.Equal(t, a[0].String(), gp.Proposer)
	require.False(t, gp.Expedited)
	require.Empty(t, gp.FailedReason)
	require.Equal(t, p.SubmitTime, *gp.SubmitTime)
	require.Equal(t, p.ChallengeEndTime, *gp.DepositEndTime)
	require.Nil(t, gp.VotingStartTime)
	require.Nil(t, gp.VotingEndTime)
	require.Equal(t, []sdk.Coin{bond}, gp.TotalDeposit)
	require.Equal(t, &govv1.TallyResult{YesCount: "0", AbstainCount: "0", NoCount: "0", NoWithVetoCount: "0"}, gp.FinalTallyResult)
	require.Len(t, gp.Messages, 1)
	require.Equal(t, "/cosmos.bank.v1beta1.MsgSend", gp.Messages[0].TypeUrl)
	require.Equal(t, p.Messages[0].Value, gp.Messages[0].Value)
	msgs, err := gp.GetMsgs()
	require.NoError(t, err)
	require.Equal(t, spend, msgs[0])

	// v1beta1: the title and summary as a TextProposal content, which the
	// app's interface registry resolves (clients unpack it; the gateway
	// encodes it to JSON).
	old, err := v1b.Proposal(f.ctx(), &govv1beta1.QueryProposalRequest{ProposalId: id})
	require.NoError(t, err)
	require.Equal(t, govv1beta1.StatusDepositPeriod, old.Proposal.Status)
	require.Equal(t, "/cosmos.gov.v1beta1.TextProposal", old.Proposal.Content.TypeUrl)
	var content govv1beta1.Content
	require.NoError(t, f.app.InterfaceRegistry().UnpackAny(old.Proposal.Content, &content))
	require.Equal(t, "A proposal", content.GetTitle())
	require.Equal(t, "Why", content.GetDescription())
	require.Equal(t, sdk.Coins{bond}, old.Proposal.TotalDeposit)
	require.True(t, old.Proposal.VotingStartTime.IsZero())
	bz, err := f.app.AppCodec().MarshalJSON(old)
	require.NoError(t, err)
	require.Contains(t, string(bz), `"@type":"/cosmos.gov.v1beta1.TextProposal","title":"A proposal","description":"Why"`)

	deps, err := v1.Deposits(f.ctx(), &govv1.QueryDepositsRequest{ProposalId: id})
	require.NoError(t, err)
	require.Equal(t, []*govv1.Deposit{{ProposalId: id, Depositor: a[0].String(), Amount: []sdk.Coin{bond}}}, deps.Deposits)
	require.Equal(t, uint64(1), deps.Pagination.Total)
	dep, err := v1b.Deposit(f.ctx(), &govv1beta1.QueryDepositRequest{ProposalId: id, Depositor: a[0].String()})
	require.NoError(t, err)
	require.Equal(t, sdk.Coins{bond}, dep.Deposit.Amount)

	// Voting: the tally is live, final_tally_result still empty.
	f.toVoting(id)
	f.mustVote(a[0], id, types.VOTE_OPTION_YES)
	f.mustVote(a[1], id, types.VOTE_OPTION_YES)
	f.mustVote(a[2], id, types.VOTE_OPTION_NO)
	_, err = f.msgs.VoteWeighted(f.ctx(), &types.MsgVoteWeighted{Voter: a[3].String(), ProposalId: id, Options: []types.WeightedVoteOption{
		{Option: types.VOTE_OPTION_ABSTAIN, Weight: math.LegacyNewDecWithPrec(7, 1)},
		{Option: types.VOTE_OPTION_NO_WITH_VETO, Weight: math.LegacyNewDecWithPrec(3, 1)},
	}})
	require.NoError(t, err)
	p = f.proposal(id)
	tally, err := v1.TallyResult(f.ctx(), &govv1.QueryTallyResultRequest{ProposalId: id})
	require.NoError(t, err)
	require.Equal(t, &govv1.TallyResult{YesCount: p.Tally.Yes.String(), AbstainCount: p.Tally.Abstain.String(),
		NoCount: p.Tally.No.String(), NoWithVetoCount: p.Tally.NoWithVeto.String()}, tally.Tally)
	require.False(t, p.Tally.Yes.IsZero())
	require.False(t, p.Tally.NoWithVeto.IsZero())
	oldTally, err := v1b.TallyResult(f.ctx(), &govv1beta1.QueryTallyResultRequest{ProposalId: id})
	require.NoError(t, err)
	require.Equal(t, govv1beta1.TallyResult{Yes: p.Tally.Yes, Abstain: p.Tally.Abstain, No: p.Tally.No, NoWithVeto: p.Tally.NoWithVeto}, oldTally.Tally)
	got, err = v1.Proposal(f.ctx(), &govv1.QueryProposalRequest{ProposalId: id})
	require.NoError(t, err)
	require.Equal(t, govv1.StatusVotingPeriod, got.Proposal.Status)
	require.Equal(t, "0", got.Proposal.FinalTallyResult.YesCount)
	require.Equal(t, *p.VotingStartTime, *got.Proposal.VotingStartTime)
	require.Equal(t, *p.VotingEndTime, *got.Proposal.VotingEndTime)

	vote, err := v1.Vote(f.ctx(), &govv1.QueryVoteRequest{ProposalId: id, Voter: a[0].String()})
	require.NoError(t, err)
	require.Equal(t, &govv1.Vote{ProposalId: id, Voter: a[0].String(), Options: []*govv1.WeightedVoteOption{
		{Option: govv1.OptionYes, Weight: "1.000000000000000000"}}}, vote.Vote)
	oldVote, err := v1b.Vote(f.ctx(), &govv1beta1.QueryVoteRequest{ProposalId: id, Voter: a[0].String()})
	require.NoError(t, err)
	require.Equal(t, govv1beta1.OptionYes, oldVote.Vote.Option) //nolint:staticcheck // the deprecated field Keplr reads
	split, err := v1b.Vote(f.ctx(), &govv1beta1.QueryVoteRequest{ProposalId: id, Voter: a[3].String()})
	require.NoError(t, err)
	require.Equal(t, govv1beta1.OptionEmpty, split.Vote.Option) //nolint:staticcheck // a split vote has no single option
	require.Equal(t, []govv1beta1.WeightedVoteOption{
		{Option: govv1beta1.OptionAbstain, Weight: math.LegacyNewDecWithPrec(7, 1)},
		{Option: govv1beta1.OptionNoWithVeto, Weight: math.LegacyNewDecWithPrec(3, 1)},
	}, split.Vote.Options)

	// Votes page by voter address, both ways.
	var voters []string
	var key []byte
	for {
		page, err := v1.Votes(f.ctx(), &govv1.QueryVotesRequest{ProposalId: id, Pagination: &query.PageRequest{Key: key, Limit: 3}})
		require.NoError(t, err)
		for _, v := range page.Votes {
			voters = append(voters, v.Voter)
		}
		if key = page.Pagination.NextKey; key == nil {
			break
		}
	}
	byBytes := slices.Clone(a[:4])
	slices.SortFunc(byBytes, func(x, y sdk.AccAddress) int { return bytes.Compare(x, y) })
	want := make([]string, len(byBytes))
	for i, addr := range byBytes {
		want[i] = addr.String()
	}
	require.Equal(t, want, voters)
	rev, err := v1b.Votes(f.ctx(), &govv1beta1.QueryVotesRequest{ProposalId: id, Pagination: &query.PageRequest{Reverse: true, CountTotal: true, Limit: 10}})
	require.NoError(t, err)
	require.Len(t, rev.Votes, 4)
	require.Equal(t, want[3], rev.Votes[0].Voter)
	require.Equal(t, uint64(4), rev.Pagination.Total)

	// Filters: the voter and the depositor.
	byVoter, err := v1.Proposals(f.ctx(), &govv1.QueryProposalsRequest{Voter: a[2].String()})
	require.NoError(t, err)
	require.Len(t, byVoter.Proposals, 1)
	byVoter, err = v1.Proposals(f.ctx(), &govv1.QueryProposalsRequest{Voter: a[4].String()})
	require.NoError(t, err)
	require.Empty(t, byVoter.Proposals)
	byDepositor, err := v1b.Proposals(f.ctx(), &govv1beta1.QueryProposalsRequest{Depositor: a[0].String()})
	require.NoError(t, err)
	require.Len(t, byDepositor.Proposals, 1)
	byDepositor, err = v1b.Proposals(f.ctx(), &govv1beta1.QueryProposalsRequest{Depositor: a[1].String()})
	require.NoError(t, err)
	require.Empty(t, byDepositor.Proposals)

	// The end of voting: passed (waiting for the timelock), the final tally
	// on the proposal; then executed, still passed.
	p = f.toEnd(id)
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, p.Status)
	got, err = v1.Proposal(f.ctx(), &govv1.QueryProposalRequest{ProposalId: id})
	require.NoError(t, err)
	require.Equal(t, govv1.StatusPassed, got.Proposal.Status)
	require.Equal(t, p.Tally.Yes.String(), got.Proposal.FinalTallyResult.YesCount)
	require.Equal(t, p.Tally.NoWithVeto.String(), got.Proposal.FinalTallyResult.NoWithVetoCount)
	p = f.toExecution(id)
	require.Equal(t, types.PROPOSAL_STATUS_EXECUTED, p.Status)
	old, err = v1b.Proposal(f.ctx(), &govv1beta1.QueryProposalRequest{ProposalId: id})
	require.NoError(t, err)
	require.Equal(t, govv1beta1.StatusPassed, old.Proposal.Status)
	require.Equal(t, p.Tally.Yes, old.Proposal.FinalTallyResult.Yes)
	require.Equal(t, *p.VotingEndTime, old.Proposal.VotingEndTime)
	f.checkGov()
}

// storeProposal writes a proposal in a given status straight to the store
// (the indexes follow), for the listing tests.
func storeProposal(f *fixture, id uint64, st types.ProposalStatus, proposer sdk.AccAddress, class string) {
	f.t.Helper()
	zero := types.TallyResult{Yes: math.ZeroInt(), Abstain: math.ZeroInt(), No: math.ZeroInt(), NoWithVeto: math.ZeroInt()}
	require.NoError(f.t, f.k.Proposals.Set(f.ctx(), id, types.Proposal{
		Id: id, Proposer: proposer.String(), Class: class, Title: "p", Status: st,
		SubmitTime: f.now, ChallengeEndTime: f.now.Add(time.Hour), VotingPeriod: time.Hour,
		Bond: sdk.NewInt64Coin(denom, 1000), SnapshotTotalPower: math.ZeroInt(), PowerCap: math.ZeroInt(), Tally: zero,
		Result: "result of " + st.String(),
	}))
}

func ids[T any](items []T, id func(T) uint64) []uint64 {
	out := make([]uint64, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func v1IDs(ps []*govv1.Proposal) []uint64 {
	return ids(ps, func(p *govv1.Proposal) uint64 { return p.Id })
}

// TestGovProposalsByStatus lists proposals in every x/dao status (id =
// status number, and again at id + 20) by every gov status, both ways and
// page by page.
func TestGovProposalsByStatus(t *testing.T) {
	f := newFixture(t, 2)
	q := keeper.NewGovQueryServer(f.k)
	ql := keeper.NewGovLegacyQueryServer(f.k)
	for n := range types.ProposalStatus_name {
		if n == 0 {
			continue
		}
		class := types.ClassStandard
		if n%2 == 0 {
			class = types.ClassEmergency
		}
		storeProposal(f, uint64(n), types.ProposalStatus(n), f.addrs[0], class)
		storeProposal(f, uint64(n)+20, types.ProposalStatus(n), f.addrs[1], class)
	}
	expect := func(g govv1.ProposalStatus) []uint64 {
		var out []uint64
		for _, off := range []uint64{0, 20} {
			for n := range uint64(len(types.ProposalStatus_name)) {
				if n > 0 && (g == govv1.StatusNil || govStatusOf[types.ProposalStatus(n)] == g) {
					out = append(out, n+off)
				}
			}
		}
		return out
	}
	for g := range govv1.ProposalStatus_name {
		st := govv1.ProposalStatus(g)
		want := expect(st)
		res, err := q.Proposals(f.ctx(), &govv1.QueryProposalsRequest{ProposalStatus: st})
		require.NoError(t, err)
		require.Equal(t, want, v1IDs(res.Proposals), st.String())
		require.Equal(t, uint64(len(want)), res.Pagination.Total, "no limit counts the total")
		for _, p := range res.Proposals {
			if st != govv1.StatusNil {
				require.Equal(t, st, p.Status)
			}
			require.Equal(t, p.Id%2 == 0, p.Expedited)
			if p.Status == govv1.StatusRejected || p.Status == govv1.StatusFailed {
				require.NotEmpty(t, p.FailedReason)
			} else {
				require.Empty(t, p.FailedReason)
			}
		}

		// Reverse, as ping.pub asks: newest first.
		rev, err := ql.Proposals(f.ctx(), &govv1beta1.QueryProposalsRequest{ProposalStatus: govv1beta1.ProposalStatus(g),
			Pagination: &query.PageRequest{Reverse: true, Limit: 100, CountTotal: true}})
		require.NoError(t, err)
		wantRev := slices.Clone(want)
		slices.Reverse(wantRev)
		require.Equal(t, wantRev, ids(rev.Proposals, func(p govv1beta1.Proposal) uint64 { return p.ProposalId }), st.String())
		require.Equal(t, uint64(len(want)), rev.Pagination.Total)
		require.Nil(t, rev.Pagination.NextKey)

		// Page by key, two at a time, both ways.
		for _, reverse := range []bool{false, true} {
			var walked []uint64
			var key []byte
			for pages := 0; ; pages++ {
				require.Less(t, pages, 20)
				res, err := q.Proposals(f.ctx(), &govv1.QueryProposalsRequest{ProposalStatus: st,
					Pagination: &query.PageRequest{Key: key, Limit: 2, Reverse: reverse}})
				require.NoError(t, err)
				require.LessOrEqual(t, len(res.Proposals), 2)
				walked = append(walked, v1IDs(res.Proposals)...)
				if key = res.Pagination.NextKey; key == nil {
					break
				}
				require.Len(t, res.Proposals, 2, "a page with a next key is full")
			}
			exp := want
			if reverse {
				exp = wantRev
			}
			require.Equal(t, exp, walked, "%s reverse=%v", st, reverse)
		}

		// By offset: the second page of three.
		if len(want) > 3 {
			res, err := q.Proposals(f.ctx(), &govv1.QueryProposalsRequest{ProposalStatus: st,
				Pagination: &query.PageRequest{Offset: 3, Limit: 3, CountTotal: true}})
			require.NoError(t, err)
			require.Equal(t, want[3:min(6, len(want))], v1IDs(res.Proposals))
			require.Equal(t, uint64(len(want)), res.Pagination.Total)
			require.Equal(t, len(want) > 6, res.Pagination.NextKey != nil)
		}
	}

	// Status and depositor together.
	res, err := q.Proposals(f.ctx(), &govv1.QueryProposalsRequest{ProposalStatus: govv1.StatusRejected, Depositor: f.addrs[1].String()})
	require.NoError(t, err)
	require.Equal(t, []uint64{24, 25, 26, 29}, v1IDs(res.Proposals))
}

func TestGovParams(t *testing.T) {
	f := newFixture(t, 1)
	q := keeper.NewGovQueryServer(f.k)
	ql := keeper.NewGovLegacyQueryServer(f.k)
	std := f.params.Classes[slices.IndexFunc(f.params.Classes, func(c types.ProposalClass) bool { return c.Name == f.params.DefaultMessageClass })]
	em, ok := f.params.Class(types.ClassEmergency)
	require.True(t, ok)
	require.Equal(t, types.ClassStandard, std.Name)

	res, err := q.Params(f.ctx(), &govv1.QueryParamsRequest{ParamsType: "tallying"})
	require.NoError(t, err)
	p := res.Params
	require.Equal(t, []sdk.Coin{std.Bond}, p.MinDeposit)
	require.Equal(t, std.ChallengePeriod, *p.MaxDepositPeriod)
	require.Equal(t, std.DefaultVotingPeriod, *p.VotingPeriod)
	require.Equal(t, "0.100000000000000000", p.Quorum)
	require.Equal(t, std.Threshold.String(), p.Threshold)
	require.Equal(t, std.VetoThreshold.String(), p.VetoThreshold)
	require.Equal(t, "1.000000000000000000", p.MinInitialDepositRatio)
	require.Equal(t, "0.000000000000000000", p.ProposalCancelRatio)
	require.Equal(t, em.DefaultVotingPeriod, *p.ExpeditedVotingPeriod)
	require.Equal(t, em.Threshold.String(), p.ExpeditedThreshold)
	require.Equal(t, []sdk.Coin{em.Bond}, p.ExpeditedMinDeposit)
	require.True(t, p.BurnVoteVeto)
	require.False(t, p.BurnVoteQuorum)
	require.Equal(t, &govv1.TallyParams{Quorum: p.Quorum, Threshold: p.Threshold, VetoThreshold: p.VetoThreshold}, res.TallyParams) //nolint:staticcheck // ping.pub reads it
	require.Nil(t, res.VotingParams)                                                                                                //nolint:staticcheck // only the asked type
	res, err = q.Params(f.ctx(), &govv1.QueryParamsRequest{ParamsType: "voting"})
	require.NoError(t, err)
	require.Equal(t, std.DefaultVotingPeriod, *res.VotingParams.VotingPeriod) //nolint:staticcheck // ping.pub reads it
	res, err = q.Params(f.ctx(), &govv1.QueryParamsRequest{ParamsType: "deposit"})
	require.NoError(t, err)
	require.Equal(t, []sdk.Coin{std.Bond}, res.DepositParams.MinDeposit) //nolint:staticcheck // ping.pub reads it

	old, err := ql.Params(f.ctx(), &govv1beta1.QueryParamsRequest{ParamsType: "tallying"})
	require.NoError(t, err)
	require.Equal(t, govv1beta1.TallyParams{Quorum: std.Quorum, Threshold: std.Threshold, VetoThreshold: std.VetoThreshold}, old.TallyParams)
	old, err = ql.Params(f.ctx(), &govv1beta1.QueryParamsRequest{ParamsType: "voting"})
	require.NoError(t, err)
	require.Equal(t, std.DefaultVotingPeriod, old.VotingParams.VotingPeriod)
	old, err = ql.Params(f.ctx(), &govv1beta1.QueryParamsRequest{ParamsType: "deposit"})
	require.NoError(t, err)
	require.Equal(t, govv1beta1.DepositParams{MinDeposit: sdk.Coins{std.Bond}, MaxDepositPeriod: std.ChallengePeriod}, old.DepositParams)

	c, err := q.Constitution(f.ctx(), &govv1.QueryConstitutionRequest{})
	require.NoError(t, err)
	require.Empty(t, c.Constitution)
	require.NoError(t, f.k.Constitution.Set(f.ctx(), "We the lockers."))
	c, err = q.Constitution(f.ctx(), &govv1.QueryConstitutionRequest{})
	require.NoError(t, err)
	require.Equal(t, "We the lockers.", c.Constitution)
}

func requireCode(t *testing.T, want codes.Code, err error, msg string) {
	t.Helper()
	require.Error(t, err, msg)
	require.Equal(t, want, status.Code(err), "%s: %v", msg, err)
}

func TestGovQueryErrors(t *testing.T) {
	f := newFixture(t, 2)
	q := keeper.NewGovQueryServer(f.k)
	ql := keeper.NewGovLegacyQueryServer(f.k)
	ctx := f.ctx()
	storeProposal(f, 1, types.PROPOSAL_STATUS_VOTING, f.addrs[0], types.ClassStandard)
	a0, a1 := f.addrs[0].String(), f.addrs[1].String()
	bad := "aitbc1notanaddress"
	inv, nf := codes.InvalidArgument, codes.NotFound
	for _, c := range []struct {
		name string
		code codes.Code
		call func() error
	}{
		{"proposal 0", inv, func() error { _, err := q.Proposal(ctx, &govv1.QueryProposalRequest{}); return err }},
		{"proposal 99", nf, func() error { _, err := q.Proposal(ctx, &govv1.QueryProposalRequest{ProposalId: 99}); return err }},
		{"v1beta1 proposal 99", nf, func() error {
			_, err := ql.Proposal(ctx, &govv1beta1.QueryProposalRequest{ProposalId: 99})
			return err
		}},
		{"tally 0", inv, func() error { _, err := q.TallyResult(ctx, &govv1.QueryTallyResultRequest{}); return err }},
		{"tally 99", nf, func() error {
			_, err := ql.TallyResult(ctx, &govv1beta1.QueryTallyResultRequest{ProposalId: 99})
			return err
		}},
		{"votes 0", inv, func() error { _, err := q.Votes(ctx, &govv1.QueryVotesRequest{}); return err }},
		{"votes 99", nf, func() error { _, err := q.Votes(ctx, &govv1.QueryVotesRequest{ProposalId: 99}); return err }},
		{"vote 0", inv, func() error { _, err := q.Vote(ctx, &govv1.QueryVoteRequest{Voter: a0}); return err }},
		{"vote bad voter", inv, func() error { _, err := q.Vote(ctx, &govv1.QueryVoteRequest{ProposalId: 1, Voter: bad}); return err }},
		{"vote empty voter", inv, func() error { _, err := ql.Vote(ctx, &govv1beta1.QueryVoteRequest{ProposalId: 1}); return err }},
		{"vote 99", nf, func() error { _, err := q.Vote(ctx, &govv1.QueryVoteRequest{ProposalId: 99, Voter: a0}); return err }},
		{"no vote", nf, func() error {
			_, err := ql.Vote(ctx, &govv1beta1.QueryVoteRequest{ProposalId: 1, Voter: a0})
			return err
		}},
		{"deposit 0", inv, func() error { _, err := q.Deposit(ctx, &govv1.QueryDepositRequest{Depositor: a0}); return err }},
		{"deposit bad depositor", inv, func() error {
			_, err := q.Deposit(ctx, &govv1.QueryDepositRequest{ProposalId: 1, Depositor: bad})
			return err
		}},
		{"deposit 99", nf, func() error {
			_, err := q.Deposit(ctx, &govv1.QueryDepositRequest{ProposalId: 99, Depositor: a0})
			return err
		}},
		{"deposit not proposer", nf, func() error {
			_, err := ql.Deposit(ctx, &govv1beta1.QueryDepositRequest{ProposalId: 1, Depositor: a1})
			return err
		}},
		{"deposits 0", inv, func() error { _, err := q.Deposits(ctx, &govv1.QueryDepositsRequest{}); return err }},
		{"deposits 99", nf, func() error { _, err := ql.Deposits(ctx, &govv1beta1.QueryDepositsRequest{ProposalId: 99}); return err }},
		{"deposits key", inv, func() error {
			_, err := q.Deposits(ctx, &govv1.QueryDepositsRequest{ProposalId: 1, Pagination: &query.PageRequest{Key: []byte{1}}})
			return err
		}},
		{"proposals unknown status", inv, func() error {
			_, err := q.Proposals(ctx, &govv1.QueryProposalsRequest{ProposalStatus: 9})
			return err
		}},
		{"proposals bad voter", inv, func() error { _, err := q.Proposals(ctx, &govv1.QueryProposalsRequest{Voter: bad}); return err }},
		{"proposals bad depositor", inv, func() error {
			_, err := ql.Proposals(ctx, &govv1beta1.QueryProposalsRequest{Depositor: bad})
			return err
		}},
		{"proposals key and offset", inv, func() error {
			_, err := q.Proposals(ctx, &govv1.QueryProposalsRequest{Pagination: &query.PageRequest{Key: make([]byte, 8), Offset: 1}})
			return err
		}},
		{"proposals short key", inv, func() error {
			_, err := q.Proposals(ctx, &govv1.QueryProposalsRequest{Pagination: &query.PageRequest{Key: []byte{1, 2}}})
			return err
		}},
		{"params unknown type", inv, func() error { _, err := q.Params(ctx, &govv1.QueryParamsRequest{ParamsType: "x"}); return err }},
		{"v1beta1 params no type", inv, func() error { _, err := ql.Params(ctx, &govv1beta1.QueryParamsRequest{}); return err }},
		{"nil request", inv, func() error { _, err := q.Proposals(ctx, nil); return err }},
		{"v1beta1 nil request", inv, func() error { _, err := ql.TallyResult(ctx, nil); return err }},
	} {
		requireCode(t, c.code, c.call(), c.name)
	}

	// Offsets past the end are empty pages, not errors.
	res, err := q.Proposals(ctx, &govv1.QueryProposalsRequest{Pagination: &query.PageRequest{Offset: 5}})
	require.NoError(t, err)
	require.Empty(t, res.Proposals)
	deps, err := q.Deposits(ctx, &govv1.QueryDepositsRequest{ProposalId: 1, Pagination: &query.PageRequest{Offset: 1, CountTotal: true}})
	require.NoError(t, err)
	require.Empty(t, deps.Deposits)
	require.Equal(t, uint64(1), deps.Pagination.Total)
}

// TestGovServicesRegistered checks the app serves both gov query services
// (and only x/dao registers them: a second registration would have
// panicked while building the app).
func TestGovServicesRegistered(t *testing.T) {
	f := newFixture(t, 1)
	for _, route := range []string{
		"/cosmos.gov.v1.Query/Proposals", "/cosmos.gov.v1.Query/Proposal", "/cosmos.gov.v1.Query/TallyResult",
		"/cosmos.gov.v1.Query/Votes", "/cosmos.gov.v1.Query/Vote", "/cosmos.gov.v1.Query/Params",
		"/cosmos.gov.v1.Query/Deposits", "/cosmos.gov.v1.Query/Deposit", "/cosmos.gov.v1.Query/Constitution",
		"/cosmos.gov.v1beta1.Query/Proposals", "/cosmos.gov.v1beta1.Query/Proposal", "/cosmos.gov.v1beta1.Query/TallyResult",
		"/cosmos.gov.v1beta1.Query/Votes", "/cosmos.gov.v1beta1.Query/Vote", "/cosmos.gov.v1beta1.Query/Params",
		"/cosmos.gov.v1beta1.Query/Deposits", "/cosmos.gov.v1beta1.Query/Deposit",
	} {
		require.NotNil(t, f.app.GRPCQueryRouter().Route(route), route)
	}
	// The app registers no x/gov messages: a gov MsgVote is not a message
	// of this chain (voting is x/dao's MsgVote).
	_, err := f.app.InterfaceRegistry().Resolve("/cosmos.gov.v1.MsgVote")
	require.Error(t, err)
	_, err = f.app.InterfaceRegistry().Resolve("/cosmos.gov.v1beta1.TextProposal")
	require.NoError(t, err)
}
