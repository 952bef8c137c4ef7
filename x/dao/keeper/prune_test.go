package keeper_test

import (
	"strconv"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"cosmossdk.io/collections"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

// pruneFixture is a gov fixture whose last account delegated to the first
// before any proposal, so the first's vote and the last's own vote leave
// an override deduction on every proposal they both vote.
func pruneFixture(t *testing.T, n int, retention time.Duration, perBlock uint32) *fixture {
	t.Helper()
	f := newGovFixture(t, n)
	f.delegate(f.addrs[n-1], f.addrs[0])
	f.advance(time.Hour)
	p := f.params
	p.VoteRetention, p.MaxPrunesPerBlock = retention, perBlock
	f.setParams(p)
	return f
}

// voted submits a standard proposal and has every voter vote no (the
// first and the last account among them make a deduction).
func (f *fixture) voted(voters ...sdk.AccAddress) uint64 {
	f.t.Helper()
	id := f.submit(f.addrs[0], types.ClassStandard)
	f.toVoting(id)
	for _, v := range voters {
		f.mustVote(v, id, types.VOTE_OPTION_NO)
	}
	return id
}

// records counts a proposal's stored votes and deductions: the records
// holding a vote and those holding a deduction (a delegatee's record may
// hold both, a placeholder only the deduction).
func (f *fixture) records(id uint64) (votes, deductions int) {
	f.t.Helper()
	rng := collections.NewPrefixedPairRange[uint64, sdk.AccAddress](id)
	require.NoError(f.t, f.k.Votes.Walk(f.ctx(), rng, func(_ collections.Pair[uint64, sdk.AccAddress], r types.VoteRecord) (bool, error) {
		if r.Option != types.VOTE_OPTION_UNSPECIFIED || len(r.Split) > 0 {
			votes++
		}
		if len(r.Deducted) > 0 {
			deductions++
		}
		return false, nil
	}))
	return votes, deductions
}

// pruneQueue lists the prune queue.
func (f *fixture) pruneQueue() []collections.Pair[time.Time, uint64] {
	f.t.Helper()
	var out []collections.Pair[time.Time, uint64]
	require.NoError(f.t, f.k.PruneQueue.Walk(f.ctx(), nil, func(k collections.Pair[time.Time, uint64]) (bool, error) {
		out = append(out, k)
		return false, nil
	}))
	return out
}

func prunedEvents(t *testing.T, ctx sdk.Context) []types.EventVotesPruned {
	t.Helper()
	var out []types.EventVotesPruned
	for _, e := range ctx.EventManager().Events() {
		if e.Type != "aitbc.dao.v1.EventVotesPruned" {
			continue
		}
		msg, err := sdk.ParseTypedEvent(abci.Event(e))
		require.NoError(t, err)
		out = append(out, *msg.(*types.EventVotesPruned))
	}
	return out
}

// After vote_retention an ended proposal's votes and deductions are
// deleted; the proposal and its final tally stay, queries say so.
func TestPruneAfterRetention(t *testing.T) {
	const retention = 10 * 24 * time.Hour
	f := pruneFixture(t, 4, retention, 100)
	a := f.addrs
	id := f.voted(a[0], a[1], a[3])
	require.Equal(t, [2]int{3, 1}, pair(f.records(id)))

	ended := f.toEnd(id)
	require.Equal(t, types.PROPOSAL_STATUS_REJECTED, ended.Status)
	require.NotNil(t, ended.VotesPruneTime)
	require.Equal(t, f.now.Add(retention), *ended.VotesPruneTime, "final status time + vote_retention")
	require.Equal(t, []collections.Pair[time.Time, uint64]{collections.Join(f.now.Add(retention), id)}, f.pruneQueue())
	q, gov := newQuery(f), keeper.NewGovQueryServer(f.k)
	res, err := q.Votes(f.ctx(), &types.QueryVotesRequest{ProposalId: id})
	require.NoError(t, err)
	require.Len(t, res.Votes, 3, "kept during the retention")
	f.requireAllInvariants()

	f.advance(retention - time.Second)
	require.Equal(t, [2]int{3, 1}, pair(f.records(id)), "nothing before the prune time")
	_, err = q.Vote(f.ctx(), &types.QueryVoteRequest{ProposalId: id, Voter: a[1].String()})
	require.NoError(t, err)

	ctx := f.block(f.now.Add(time.Second))
	require.Equal(t, [2]int{0, 0}, pair(f.records(id)))
	require.Empty(t, f.pruneQueue(), "drained: the entry is gone")
	require.Equal(t, []types.EventVotesPruned{{ProposalId: id, Votes: 3, Deductions: 1, Done: true}}, prunedEvents(t, ctx))
	after := f.proposal(id)
	require.Equal(t, ended, after, "the proposal record and its final tally stay")
	f.requireAllInvariants()

	_, err = q.Votes(f.ctx(), &types.QueryVotesRequest{ProposalId: id})
	require.ErrorIs(t, err, types.ErrVotesPruned)
	require.ErrorContains(t, err, "final tally")
	_, err = q.Vote(f.ctx(), &types.QueryVoteRequest{ProposalId: id, Voter: a[1].String()})
	require.ErrorIs(t, err, types.ErrVotesPruned)
	tally, err := q.Tally(f.ctx(), &types.QueryTallyRequest{ProposalId: id})
	require.NoError(t, err)
	require.Equal(t, ended.Tally, tally.Tally)
	// The gov routes answer as x/gov does once its tally deleted the votes.
	gres, err := gov.Votes(f.ctx(), &govv1.QueryVotesRequest{ProposalId: id})
	require.NoError(t, err)
	require.Empty(t, gres.Votes)
	_, err = gov.Vote(f.ctx(), &govv1.QueryVoteRequest{ProposalId: id, Voter: a[1].String()})
	require.ErrorIs(t, err, types.ErrVotesPruned)
	byVoter, err := gov.Proposals(f.ctx(), &govv1.QueryProposalsRequest{Voter: a[1].String()})
	require.NoError(t, err)
	require.Empty(t, byVoter.Proposals)
}

// Queries answer "pruned" from the prune time on, even while EndBlock has
// not deleted every record yet; the invariants hold in between.
func TestPruneIsBoundedPerBlockAndResumes(t *testing.T) {
	const retention = time.Hour
	f := pruneFixture(t, 6, retention, 2)
	a := f.addrs
	first := f.submit(a[0], types.ClassStandard)
	second := f.submit(a[1], types.ClassStandard)
	f.toVoting(first)
	// 5 votes + 1 placeholder: a[5] votes its own share back from a[0],
	// who does not vote.
	for _, v := range []sdk.AccAddress{a[1], a[2], a[3], a[4], a[5]} {
		f.mustVote(v, first, types.VOTE_OPTION_NO)
	}
	require.Equal(t, [2]int{5, 1}, pair(f.records(first)))
	f.mustVote(a[1], second, types.VOTE_OPTION_NO)
	f.mustVote(a[2], second, types.VOTE_OPTION_NO)
	f.toEnd(first)
	require.Equal(t, types.PROPOSAL_STATUS_REJECTED, f.proposal(first).Status)
	require.Equal(t, types.PROPOSAL_STATUS_REJECTED, f.proposal(second).Status, "both end in one block")
	require.Len(t, f.pruneQueue(), 2)

	at := f.now.Add(retention)
	want := []struct {
		first, second [2]int
		events        []types.EventVotesPruned
	}{
		{[2]int{3, 1}, [2]int{2, 0}, []types.EventVotesPruned{{ProposalId: first, Votes: 2}}},
		{[2]int{1, 1}, [2]int{2, 0}, []types.EventVotesPruned{{ProposalId: first, Votes: 2}}},
		// the last record is a[0]'s placeholder: a deduction, no vote
		{[2]int{0, 0}, [2]int{2, 0}, []types.EventVotesPruned{{ProposalId: first, Votes: 1, Deductions: 1, Done: true}}},
		{[2]int{0, 0}, [2]int{0, 0}, []types.EventVotesPruned{{ProposalId: second, Votes: 2, Done: true}}},
	}
	for i, w := range want {
		ctx := f.block(at.Add(time.Duration(i) * time.Second))
		require.Equal(t, w.first, pair(f.records(first)), "block %d", i)
		require.Equal(t, w.second, pair(f.records(second)), "block %d", i)
		require.Equal(t, w.events, prunedEvents(t, ctx), "block %d: at most 2 records", i)
		f.requireAllInvariants()
		_, err := newQuery(f).Votes(f.ctx(), &types.QueryVotesRequest{ProposalId: second})
		require.ErrorIs(t, err, types.ErrVotesPruned, "block %d: pruned from the prune time on", i)
	}
	require.Empty(t, f.pruneQueue())
	ctx := f.block(f.now.Add(time.Second))
	require.Empty(t, prunedEvents(t, ctx), "nothing left to do")
}

// Proposals in voting and in their timelock keep their votes whatever the
// time; a proposal's votes are queued only when it reaches a final status.
func TestPruneLeavesLiveProposals(t *testing.T) {
	const retention = time.Hour
	f := pruneFixture(t, 4, retention, 100)
	a := f.addrs
	f.fundTreasury(10)
	ended := f.voted(a[0], a[1])
	f.advance(24 * time.Hour)
	passing := f.submit(a[1], types.ClassStandard, f.spend(a[2], 1))
	f.toVoting(passing)
	f.mustVote(a[0], passing, types.VOTE_OPTION_YES)
	f.mustVote(a[3], passing, types.VOTE_OPTION_YES) // deduction on a[0]
	f.toEnd(ended)
	require.Equal(t, types.PROPOSAL_STATUS_REJECTED, f.proposal(ended).Status)

	// ended is pruned while passing votes.
	f.advance(retention)
	require.Equal(t, [2]int{0, 0}, pair(f.records(ended)))
	require.Equal(t, types.PROPOSAL_STATUS_VOTING, f.proposal(passing).Status)
	require.Equal(t, [2]int{2, 1}, pair(f.records(passing)))
	f.requireAllInvariants()

	// In its timelock, past its voting end + retention: kept.
	p := f.toEnd(passing)
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, p.Status)
	require.Nil(t, p.VotesPruneTime)
	require.Empty(t, f.pruneQueue())
	f.advance(p.ExecutionTime.Sub(f.now) - time.Second)
	require.Greater(t, f.now, p.VotingEndTime.Add(retention))
	require.Equal(t, [2]int{2, 1}, pair(f.records(passing)))

	// Executed: queued from now, pruned a retention later.
	p = f.toExecution(passing)
	require.Equal(t, types.PROPOSAL_STATUS_EXECUTED, p.Status)
	require.Equal(t, f.now.Add(retention), *p.VotesPruneTime)
	f.advance(retention - time.Second)
	require.Equal(t, [2]int{2, 1}, pair(f.records(passing)))
	f.advance(time.Second)
	require.Equal(t, [2]int{0, 0}, pair(f.records(passing)))
	f.requireAllInvariants()
}

// A cancelled proposal never voted: no prune time, nothing to queue.
func TestPruneSkipsProposalsThatNeverVoted(t *testing.T) {
	f := pruneFixture(t, 4, time.Hour, 100)
	id := f.submit(f.addrs[0], types.ClassStandard)
	_, err := f.msgs.CancelProposal(f.ctx(), &types.MsgCancelProposal{Proposer: f.addrs[0].String(), ProposalId: id})
	require.NoError(t, err)
	require.Equal(t, types.PROPOSAL_STATUS_CANCELLED, f.proposal(id).Status)
	require.Nil(t, f.proposal(id).VotesPruneTime)
	require.Empty(t, f.pruneQueue())

	// Voting without a vote: a prune time, nothing to queue (import
	// derives the same queue).
	silent := f.voted()
	p := f.toEnd(silent)
	require.Equal(t, types.PROPOSAL_STATUS_FAILED_QUORUM, p.Status)
	require.Equal(t, f.now.Add(time.Hour), *p.VotesPruneTime)
	require.Empty(t, f.pruneQueue())
	f.requireAllInvariants()
}

// vote_retention 0 keeps the votes forever.
func TestPruneOffWithZeroRetention(t *testing.T) {
	f := pruneFixture(t, 4, 0, 100)
	id := f.voted(f.addrs[0], f.addrs[3])
	p := f.toEnd(id)
	require.Nil(t, p.VotesPruneTime)
	require.Empty(t, f.pruneQueue())
	f.advance(types.MaxVoteRetention)
	require.Equal(t, [2]int{2, 1}, pair(f.records(id)))
	_, err := newQuery(f).Votes(f.ctx(), &types.QueryVotesRequest{ProposalId: id})
	require.NoError(t, err)
	f.requireAllInvariants()
}

// A queue entry that cannot be handled (here one pointing at a proposal
// still voting, which only corrupt state gives) fails alone: nothing of
// that proposal is deleted, the entry is re-queued an hour later, the
// block goes on and the other due proposal is pruned.
func TestPruneFailingItemIsRequeued(t *testing.T) {
	f := pruneFixture(t, 4, time.Hour, 100)
	a := f.addrs
	ended := f.voted(a[0], a[1])
	f.toEnd(ended)
	live := f.voted(a[0], a[2])
	bad := collections.Join(f.now, live)
	require.NoError(t, f.k.PruneQueue.Set(f.ctx(), bad))

	ctx := f.block(f.now.Add(time.Hour))
	require.Equal(t, map[string]string{"prune proposal " + strconv.FormatUint(live, 10): "re-queued"}, failedItems(ctx))
	require.Equal(t, [2]int{2, 0}, pair(f.records(live)), "nothing of a live proposal is pruned")
	require.Equal(t, [2]int{0, 0}, pair(f.records(ended)))
	require.Equal(t, []collections.Pair[time.Time, uint64]{collections.Join(f.now.Add(types.PruneRetryDelay), live)}, f.pruneQueue())
	require.ErrorIs(t, f.k.CheckPruneQueue(f.ctx()), types.ErrBrokenInvariant, "the invariant sees the corrupt entry")
}

// Export keeps what is left (a proposal half pruned, one waiting, one
// done) and import restores the queue: the re-exported state is the same
// and both chains prune the rest the same way.
func TestPruneGenesisRoundTrip(t *testing.T) {
	const retention = 30 * 24 * time.Hour // longer than a proposal's life
	f := pruneFixture(t, 6, retention, 3)
	a := f.addrs
	done := f.voted(a[1], a[2])
	f.toEnd(done)
	f.advance(retention)
	require.Equal(t, [2]int{0, 0}, pair(f.records(done)))
	half := f.voted(a[0], a[1], a[2], a[3], a[5])
	f.toEnd(half)
	waiting := f.voted(a[0], a[5])
	f.toEnd(waiting)
	f.block(f.proposal(half).VotesPruneTime.Add(0))
	require.Equal(t, [2]int{2, 1}, pair(f.records(half)), "3 of 6 records pruned")
	queue := f.pruneQueue()
	require.Len(t, queue, 2)
	f.requireAllInvariants()

	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.Len(t, exported.Votes, 4, "2 of half, 2 of waiting")
	require.Len(t, exported.OverrideDeductions, 2)

	g := newFixture(t, 0)
	g.now = f.now
	copyModuleBalances(t, f, g, types.VoteEscrowName, types.BondsName)
	require.NoError(t, g.k.InitGenesis(g.ctx(), *exported))
	require.Equal(t, queue, g.pruneQueue(), "the queue is restored")
	reexported, err := g.k.ExportGenesis(g.ctx())
	require.NoError(t, err)
	require.Equal(t, exported, reexported)
	g.requireAllInvariants()

	for _, x := range []*fixture{f, g} {
		x.block(x.now.Add(time.Second))
		x.block(x.proposal(waiting).VotesPruneTime.Add(0))
		require.Equal(t, [2]int{0, 0}, pair(x.records(half)))
		require.Equal(t, [2]int{0, 0}, pair(x.records(waiting)))
		require.Empty(t, x.pruneQueue())
		x.requireAllInvariants()
	}
}

func TestPruneGenesisValidation(t *testing.T) {
	f := pruneFixture(t, 4, time.Hour, 100)
	id := f.voted(f.addrs[0])
	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	at := f.now
	for i := range exported.Proposals {
		if exported.Proposals[i].Id == id {
			exported.Proposals[i].VotesPruneTime = &at
		}
	}
	err = exported.Validate()
	require.ErrorIs(t, err, types.ErrInvalidGenesis)
	require.ErrorContains(t, err, "only an ended proposal")
}

func TestParamsVoteRetentionBounds(t *testing.T) {
	for value, ok := range map[time.Duration]bool{-1: false, 0: true, time.Hour: true, types.MaxVoteRetention: true, types.MaxVoteRetention + 1: false} {
		p := types.DefaultParams()
		p.VoteRetention = value
		if ok {
			require.NoError(t, p.Validate(), value)
			continue
		}
		require.ErrorIs(t, p.Validate(), types.ErrInvalidParams, value)
		require.ErrorContains(t, p.Validate(), "vote_retention")
	}
}

func pair(votes, deductions int) [2]int { return [2]int{votes, deductions} }
