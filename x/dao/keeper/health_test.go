package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// healthFixture is a gov fixture of four voters of govLock each, a1 a
// provider agent wallet and a2 a builder agent wallet, the others human.
func healthFixture(t *testing.T) *fixture {
	t.Helper()
	f := newGovFixture(t, 4)
	provider, builder := f.addrs[1], f.addrs[2]
	f.withAgents(agentTypes(func(addr sdk.AccAddress) string {
		switch {
		case addr.Equals(provider):
			return types.GroupProvider
		case addr.Equals(builder):
			return types.GroupBuilder
		}
		return ""
	}))
	return f
}

func (f *fixture) health(req *types.QueryHealthRequest) *types.QueryHealthResponse {
	f.t.Helper()
	res, err := newQuery(f).Health(f.ctx(), req)
	require.NoError(f.t, err)
	return res
}

func (f *fixture) cancel(proposer sdk.AccAddress, id uint64) {
	f.t.Helper()
	_, err := f.msgs.CancelProposal(f.ctx(), &types.MsgCancelProposal{Proposer: proposer.String(), ProposalId: id})
	require.NoError(f.t, err)
}

func dec(s string) math.LegacyDec { return math.LegacyMustNewDecFromStr(s) }

// requireFigures compares rows by their JSON, which normalises amounts.
func (f *fixture) requireFigures(want, got []types.HealthFigures) {
	f.t.Helper()
	js := func(rows []types.HealthFigures) string {
		bz, err := f.app.AppCodec().MarshalJSON(&types.QueryHealthResponse{Rows: rows})
		require.NoError(f.t, err)
		return string(bz)
	}
	require.JSONEq(f.t, js(want), js(got))
}

func units(n int64) math.Int { return math.NewInt(n * govLock) }

// Every outcome is counted once, when the proposal ends, with the exact
// figures of its final tally, per class and per electorate group.
func TestHealthFigures(t *testing.T) {
	f := healthFixture(t)
	a := f.addrs
	total := units(4)

	// standard: passed and executed (a0 human yes, a1 provider yes, a2
	// builder no), rejected (a0 no), failed quorum (no vote), cancelled
	passed := f.submit(a[0], types.ClassStandard)
	rejected := f.submit(a[0], types.ClassStandard)
	noQuorum := f.submit(a[0], types.ClassStandard)
	cancelled := f.submit(a[3], types.ClassStandard)
	f.cancel(a[3], cancelled)
	f.toVoting(passed)
	require.Equal(t, total, f.proposal(passed).SnapshotTotalPower)
	f.mustVote(a[0], passed, types.VOTE_OPTION_YES)
	f.mustVote(a[1], passed, types.VOTE_OPTION_YES)
	f.mustVote(a[2], passed, types.VOTE_OPTION_NO)
	f.mustVote(a[0], rejected, types.VOTE_OPTION_NO)

	// Voting is not counted: only the cancellation has ended.
	mid := f.health(&types.QueryHealthRequest{})
	require.Len(t, mid.Rows, 1)
	require.Equal(t, uint64(1), mid.Rows[0].Counts.Cancelled)
	require.Equal(t, uint64(0), mid.Rows[0].Counts.Voted)

	require.Equal(t, types.PROPOSAL_STATUS_PASSED, f.toEnd(passed).Status)
	require.Equal(t, types.PROPOSAL_STATUS_REJECTED, f.proposal(rejected).Status)
	require.Equal(t, types.PROPOSAL_STATUS_FAILED_QUORUM, f.proposal(noQuorum).Status)
	// A passed proposal is counted when it ends, after its timelock.
	rows := f.health(&types.QueryHealthRequest{Class: types.ClassStandard}).Rows
	require.Equal(t, uint64(0), rows[0].Counts.Passed)
	require.Equal(t, types.PROPOSAL_STATUS_EXECUTED, f.toExecution(passed).Status)

	// routine (committee a0, a1, a2; seats are the snapshot total): a0 and
	// the provider a1 vote yes, passed and executed at once
	routine := f.submit(a[0], types.ClassRoutine)
	f.toVoting(routine)
	f.mustVote(a[0], routine, types.VOTE_OPTION_YES)
	f.mustVote(a[1], routine, types.VOTE_OPTION_YES)
	f.toEnd(routine)
	f.advance(time.Second)
	require.Equal(t, types.PROPOSAL_STATUS_EXECUTED, f.proposal(routine).Status)

	res := f.health(&types.QueryHealthRequest{})
	require.Equal(t, f.params.HealthWindow, res.HealthWindow)
	require.Equal(t, f.params.HealthBuckets, res.Buckets)
	zero := math.LegacyZeroDec()
	want := []types.HealthFigures{
		{
			Class: types.ClassRoutine, Ended: 1, VotesCast: math.NewInt(2),
			Counts: types.HealthCounts{
				Executed: 1, Voted: 1, Passed: 1, SnapshotTotalPower: math.NewInt(3),
				Votes:      types.TallyResult{Yes: math.NewInt(2), Abstain: math.ZeroInt(), No: math.ZeroInt(), NoWithVeto: math.ZeroInt()},
				AgentVoted: 1, AgentVotes: math.NewInt(1),
			},
			Turnout: dec("0.666666666666666666"), PassRate: dec("1"), VoteShare: zero, Participation: zero,
			AgentTurnout: dec("0.333333333333333333"), AgentShare: dec("0.5"), AgentParticipation: dec("1"),
		},
		{
			Class: types.ClassRoutine, Group: types.GroupHuman, VotesCast: math.NewInt(1),
			Counts: types.HealthCounts{
				Voted: 1, Passed: 1, SnapshotTotalPower: math.ZeroInt(), AgentVotes: math.ZeroInt(),
				Votes: types.TallyResult{Yes: math.NewInt(1), Abstain: math.ZeroInt(), No: math.ZeroInt(), NoWithVeto: math.ZeroInt()},
			},
			Turnout: dec("0.333333333333333333"), PassRate: dec("1"), VoteShare: dec("0.5"), Participation: dec("1"),
			AgentTurnout: zero, AgentShare: zero, AgentParticipation: zero,
		},
		{
			Class: types.ClassRoutine, Group: types.GroupProvider, VotesCast: math.NewInt(1),
			Counts: types.HealthCounts{
				Voted: 1, Passed: 1, SnapshotTotalPower: math.ZeroInt(), AgentVotes: math.ZeroInt(),
				Votes: types.TallyResult{Yes: math.NewInt(1), Abstain: math.ZeroInt(), No: math.ZeroInt(), NoWithVeto: math.ZeroInt()},
			},
			Turnout: dec("0.333333333333333333"), PassRate: dec("1"), VoteShare: dec("0.5"), Participation: dec("1"),
			AgentTurnout: zero, AgentShare: zero, AgentParticipation: zero,
		},
		{
			// 4 of 12 units cast, 2 of them by agents, in 1 of 3 votes
			Class: types.ClassStandard, Ended: 4, VotesCast: units(4),
			Counts: types.HealthCounts{
				Executed: 1, Rejected: 1, FailedQuorum: 1, Cancelled: 1, Voted: 3, Passed: 1,
				SnapshotTotalPower: units(12),
				Votes:              types.TallyResult{Yes: units(2), Abstain: math.ZeroInt(), No: units(2), NoWithVeto: math.ZeroInt()},
				AgentVoted:         1, AgentVotes: units(2),
			},
			Turnout: dec("0.333333333333333333"), PassRate: dec("0.333333333333333333"), VoteShare: zero, Participation: zero,
			AgentTurnout: dec("0.166666666666666666"), AgentShare: dec("0.5"), AgentParticipation: dec("0.333333333333333333"),
		},
		{
			Class: types.ClassStandard, Group: types.GroupBuilder, VotesCast: units(1),
			Counts: types.HealthCounts{
				Voted: 1, Passed: 1, SnapshotTotalPower: math.ZeroInt(), AgentVotes: math.ZeroInt(),
				Votes: types.TallyResult{Yes: math.ZeroInt(), Abstain: math.ZeroInt(), No: units(1), NoWithVeto: math.ZeroInt()},
			},
			Turnout: dec("0.083333333333333333"), PassRate: dec("1"), VoteShare: dec("0.25"), Participation: dec("0.333333333333333333"),
			AgentTurnout: zero, AgentShare: zero, AgentParticipation: zero,
		},
		{
			Class: types.ClassStandard, Group: types.GroupHuman, VotesCast: units(2),
			Counts: types.HealthCounts{
				Voted: 2, Passed: 1, SnapshotTotalPower: math.ZeroInt(), AgentVotes: math.ZeroInt(),
				Votes: types.TallyResult{Yes: units(1), Abstain: math.ZeroInt(), No: units(1), NoWithVeto: math.ZeroInt()},
			},
			Turnout: dec("0.166666666666666666"), PassRate: dec("0.5"), VoteShare: dec("0.5"), Participation: dec("0.666666666666666666"),
			AgentTurnout: zero, AgentShare: zero, AgentParticipation: zero,
		},
		{
			Class: types.ClassStandard, Group: types.GroupProvider, VotesCast: units(1),
			Counts: types.HealthCounts{
				Voted: 1, Passed: 1, SnapshotTotalPower: math.ZeroInt(), AgentVotes: math.ZeroInt(),
				Votes: types.TallyResult{Yes: units(1), Abstain: math.ZeroInt(), No: math.ZeroInt(), NoWithVeto: math.ZeroInt()},
			},
			Turnout: dec("0.083333333333333333"), PassRate: dec("1"), VoteShare: dec("0.25"), Participation: dec("0.333333333333333333"),
			AgentTurnout: zero, AgentShare: zero, AgentParticipation: zero,
		},
	}
	f.requireFigures(want, res.Rows)

	// Filters: one class; one group (its rows in every class, with the
	// class rows still the denominators).
	rows = f.health(&types.QueryHealthRequest{Class: types.ClassRoutine}).Rows
	f.requireFigures(want[:3], rows)
	rows = f.health(&types.QueryHealthRequest{Group: types.GroupProvider}).Rows
	f.requireFigures([]types.HealthFigures{want[2], want[6]}, rows)
	rows = f.health(&types.QueryHealthRequest{Class: types.ClassStandard, Group: types.GroupHuman}).Rows
	f.requireFigures([]types.HealthFigures{want[5]}, rows)
	require.Empty(t, f.health(&types.QueryHealthRequest{Class: types.ClassMajor}).Rows)
	require.Empty(t, f.health(&types.QueryHealthRequest{Group: types.GroupCoordinator}).Rows)
	f.checkGov()
}

// Buckets are fixed windows of health_window aligned to the Unix epoch; the
// last health_buckets are kept, older ones deleted as new ones open, and a
// query sums the latest n.
func TestHealthBuckets(t *testing.T) {
	f := newGovFixture(t, 2)
	params := f.params
	params.HealthWindow, params.HealthBuckets = time.Hour, 3
	f.setParams(params)
	// start at the beginning of an hour, so each step is the next bucket
	f.advance(types.HealthBucketStart(f.now, time.Hour).Add(time.Hour).Sub(f.now))
	first := f.now

	cancelAt := func() {
		id := f.submit(f.addrs[0], types.ClassStandard)
		f.cancel(f.addrs[0], id)
	}
	cancelled := func(n uint32) uint64 {
		res := f.health(&types.QueryHealthRequest{Buckets: n})
		if len(res.Rows) == 0 {
			return 0
		}
		require.Len(t, res.Rows, 1)
		return res.Rows[0].Counts.Cancelled
	}
	starts := func() []time.Time {
		var out []time.Time
		iter, err := f.k.HealthBuckets.Iterate(f.ctx(), nil)
		require.NoError(t, err)
		keys, err := iter.Keys()
		require.NoError(t, err)
		for _, k := range keys {
			out = append(out, k.UTC())
		}
		return out
	}

	cancelAt()
	cancelAt() // same bucket
	f.advance(time.Hour)
	cancelAt()
	f.advance(time.Hour)
	cancelAt()
	require.Equal(t, []time.Time{first, first.Add(time.Hour), first.Add(2 * time.Hour)}, starts())
	require.Equal(t, uint64(1), cancelled(1))
	require.Equal(t, uint64(2), cancelled(2))
	require.Equal(t, uint64(4), cancelled(3))
	require.Equal(t, uint64(4), cancelled(0))

	// a fourth bucket opens: the first is deleted with its rows
	f.advance(time.Hour)
	cancelAt()
	require.Equal(t, []time.Time{first.Add(time.Hour), first.Add(2 * time.Hour), first.Add(3 * time.Hour)}, starts())
	require.Equal(t, uint64(3), cancelled(0))
	has, err := f.k.HealthRows.Has(f.ctx(), collections.Join3(first, types.ClassStandard, ""))
	require.NoError(t, err)
	require.False(t, has)

	// with nothing new, the window moves on and the old buckets drop out
	f.advance(2 * time.Hour)
	res := f.health(&types.QueryHealthRequest{})
	require.Equal(t, first.Add(3*time.Hour), res.From.UTC())
	require.Equal(t, first.Add(6*time.Hour), res.To.UTC())
	require.Equal(t, uint64(1), cancelled(0))
	require.Equal(t, uint64(0), cancelled(2))

	// lowering health_buckets: the next opening deletes what falls out
	params.HealthBuckets = 1
	f.setParams(params)
	cancelAt()
	require.Equal(t, []time.Time{first.Add(5 * time.Hour)}, starts())

	// figures off: nothing counted, the query answers no rows
	params.HealthWindow, params.HealthBuckets = 0, 0
	f.setParams(params)
	cancelAt()
	res = f.health(&types.QueryHealthRequest{})
	require.Empty(t, res.Rows)
	require.Equal(t, []time.Time{first.Add(5 * time.Hour)}, starts())
}

// Bad inputs are the caller's fault: InvalidArgument (HTTP 400).
func TestHealthQueryBadInput(t *testing.T) {
	f := newFixture(t, 1)
	q := newQuery(f)
	for name, req := range map[string]*types.QueryHealthRequest{
		"nil request":            nil,
		"class with NUL":         {Class: "standard\x00"},
		"class with a space":     {Class: " standard"},
		"class too long":         {Class: string(make([]byte, types.MaxClassNameLength+1))},
		"group with control":     {Group: "human\n"},
		"more buckets than kept": {Buckets: f.params.HealthBuckets + 1},
	} {
		_, err := q.Health(f.ctx(), req)
		require.Error(t, err, name)
		require.Equal(t, codes.InvalidArgument, status.Code(err), name)
	}
	_, err := q.Health(f.ctx(), &types.QueryHealthRequest{Buckets: f.params.HealthBuckets + 1})
	require.ErrorIs(t, err, types.ErrInvalidHealthQuery)
	// An unknown class or group is no error: it has no rows.
	res, err := q.Health(f.ctx(), &types.QueryHealthRequest{Class: "nosuchclass", Group: "nosuchgroup", Buckets: 1})
	require.NoError(t, err)
	require.Empty(t, res.Rows)
	require.Equal(t, uint32(1), res.Buckets)
}

func TestHealthParams(t *testing.T) {
	for name, tc := range map[string]struct {
		window  time.Duration
		buckets uint32
		ok      bool
	}{
		"default":             {types.DefaultHealthWindow, types.DefaultHealthBuckets, true},
		"off":                 {0, 0, true},
		"one hour":            {time.Hour, types.MaxHealthBuckets, true},
		"under an hour":       {time.Hour - time.Second, 10, false},
		"over a year":         {367 * 24 * time.Hour, 1, false},
		"no bucket":           {time.Hour, 0, false},
		"too many buckets":    {time.Hour, types.MaxHealthBuckets + 1, false},
		"off, too many":       {0, types.MaxHealthBuckets + 1, false},
		"span over 100 years": {366 * 24 * time.Hour, 100, false},
		"span of 100 years":   {365 * 24 * time.Hour, 100, true},
		"negative window":     {-time.Hour, 1, false},
	} {
		p := types.DefaultParams()
		p.HealthWindow, p.HealthBuckets = tc.window, tc.buckets
		err := p.Validate()
		if tc.ok {
			require.NoError(t, err, name)
		} else {
			require.ErrorIs(t, err, types.ErrInvalidParams, name)
		}
	}
}

// The buckets survive export and import; a malformed bucket is refused.
func TestHealthGenesis(t *testing.T) {
	f := healthFixture(t)
	a := f.addrs
	id := f.submit(a[0], types.ClassStandard)
	f.toVoting(id)
	f.mustVote(a[1], id, types.VOTE_OPTION_NO)
	f.toEnd(id)
	f.cancel(a[0], f.submit(a[0], types.ClassStandard))

	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.NotEmpty(t, exported.HealthBuckets)
	var rows int
	for _, b := range exported.HealthBuckets {
		rows += len(b.Rows)
	}
	require.Equal(t, 2, rows) // standard, standard/provider

	g := newFixture(t, 0)
	g.now = f.now
	copyModuleBalances(t, f, g, types.VoteEscrowName, types.BondsName)
	require.NoError(t, g.k.InitGenesis(g.ctx(), *exported))
	reexported, err := g.k.ExportGenesis(g.ctx())
	require.NoError(t, err)
	require.Equal(t, exported, reexported)
	f.requireFigures(f.health(&types.QueryHealthRequest{}).Rows, g.health(&types.QueryHealthRequest{}).Rows)

	last := len(exported.HealthBuckets) - 1
	for name, edit := range map[string]func(gs *types.GenesisState){
		"rows out of order": func(gs *types.GenesisState) {
			b := &gs.HealthBuckets[last]
			b.Rows = append(b.Rows, b.Rows[0])
		},
		"negative amount": func(gs *types.GenesisState) {
			gs.HealthBuckets[last].Rows[0].Counts.SnapshotTotalPower = math.NewInt(-1)
		},
		"missing amount": func(gs *types.GenesisState) {
			gs.HealthBuckets[last].Rows[0].Counts.AgentVotes = math.Int{}
		},
		"passed over voted": func(gs *types.GenesisState) {
			gs.HealthBuckets[last].Rows[0].Counts.Passed = 9
		},
		"bad class": func(gs *types.GenesisState) {
			gs.HealthBuckets[last].Rows[0].Class = "a\x00b"
		},
		"end before start": func(gs *types.GenesisState) {
			gs.HealthBuckets[last].End = gs.HealthBuckets[last].Start
		},
		"buckets out of order": func(gs *types.GenesisState) {
			gs.HealthBuckets = append(gs.HealthBuckets, gs.HealthBuckets[0])
		},
	} {
		var gs types.GenesisState
		bz, err := f.app.AppCodec().MarshalJSON(exported)
		require.NoError(t, err)
		require.NoError(t, f.app.AppCodec().UnmarshalJSON(bz, &gs))
		edit(&gs)
		require.ErrorIs(t, gs.Validate(), types.ErrInvalidGenesis, name)
	}
}

// A proposal EndBlock cannot end is counted once, as failed, and not as
// voted: the failed attempt's writes are discarded with the rest of its
// item, and the fallback that marks it failed counts it.
func TestHealthCountsFailedProposalOnce(t *testing.T) {
	f := newGovFixture(t, 4)
	f.fundTreasury(100)
	a, b := f.addrs[0], f.addrs[1]
	healthy := f.submit(a, types.ClassStandard, f.spend(a, 1))
	poisoned := f.submit(b, types.ClassStandard, f.spend(b, 1))
	f.toVoting(healthy)
	f.mustVote(a, healthy, types.VOTE_OPTION_YES)
	f.mustVote(a, poisoned, types.VOTE_OPTION_YES)
	p := f.proposal(poisoned)
	p.Proposer = "not-an-address"
	require.NoError(t, f.k.Proposals.Set(f.ctx(), poisoned, p))
	f.block(*p.VotingEndTime)
	require.Equal(t, types.PROPOSAL_STATUS_FAILED, f.proposal(poisoned).Status)
	f.block(f.now.Add(f.class(types.ClassStandard).ExecutionDelay))
	require.Equal(t, types.PROPOSAL_STATUS_EXECUTED, f.proposal(healthy).Status)

	rows := f.health(&types.QueryHealthRequest{Class: types.ClassStandard}).Rows
	require.Len(t, rows, 2) // the class row and human
	c := rows[0].Counts
	require.Equal(t, uint64(2), rows[0].Ended)
	require.Equal(t, [3]uint64{1, 1, 1}, [3]uint64{c.Failed, c.Executed, c.Voted})
	require.Equal(t, units(4).String(), c.SnapshotTotalPower.String())
	require.Equal(t, units(1).String(), c.Votes.Yes.String())
	require.Equal(t, "0.250000000000000000", rows[0].Turnout.String())
	require.Equal(t, "1.000000000000000000", rows[0].PassRate.String())
}
