package keeper_test

import (
	"fmt"
	"testing"

	"cosmossdk.io/collections"
	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/x/dao/types"
)

// CheckTallies reads each proposal's votes by its key prefix: a tampered
// tally of proposal 2 is caught while proposal 1 has votes too, and votes
// of proposal 1 never count for proposal 2 (nor the other way round).
func TestCheckTalliesWalksEachProposalsVotes(t *testing.T) {
	f := newGovFixture(t, 4)
	id1 := f.submit(f.addrs[0], types.ClassStandard)
	id2 := f.submit(f.addrs[1], types.ClassStandard)
	f.toVoting(id1)
	f.toVoting(id2)
	f.mustVote(f.addrs[0], id1, types.VOTE_OPTION_YES)
	f.mustVote(f.addrs[1], id1, types.VOTE_OPTION_NO)
	f.mustVote(f.addrs[2], id2, types.VOTE_OPTION_YES)
	f.checkGov()

	p1, p2 := f.proposal(id1), f.proposal(id2)
	require.True(t, p1.Tally.Yes.IsPositive() && p1.Tally.No.IsPositive(), "proposal 1 has votes")
	require.True(t, p2.Tally.Yes.IsPositive())
	// In voting the tally is the running one, in LiveTallies.
	setTally := func(p types.Proposal) {
		require.NoError(t, f.k.LiveTallies.Set(f.ctx(), p.Id, types.LiveTally{Tally: p.Tally, GroupTallies: p.GroupTallies}))
	}
	restore := func() {
		setTally(p1)
		setTally(p2)
		f.checkGov()
	}
	tamper := func(id uint64, p types.Proposal, edit func(*types.TallyResult)) {
		t.Helper()
		require.Equal(t, id, p.Id)
		edit(&p.Tally)
		setTally(p)
		err := f.k.CheckTallies(f.ctx())
		require.ErrorIs(t, err, types.ErrBrokenInvariant)
		require.ErrorContains(t, err, fmt.Sprintf("proposal %d tally", id))
		restore()
	}

	// one token more on proposal 2
	tamper(id2, p2, func(t *types.TallyResult) { t.Yes = t.Yes.AddRaw(1) })
	// proposal 2 claiming proposal 1's votes as well: what a walk that
	// strays past its prefix would add up
	tamper(id2, p2, func(t *types.TallyResult) {
		t.Yes = t.Yes.Add(p1.Tally.Yes)
		t.No = t.No.Add(p1.Tally.No)
	})
	// proposal 1 claiming proposal 2's votes
	tamper(id1, p1, func(t *types.TallyResult) { t.Yes = t.Yes.Add(p2.Tally.Yes) })

	// A vote of proposal 1 stored under proposal 2 counts for proposal 2.
	v, err := f.k.Votes.Get(f.ctx(), collections.Join(id1, f.addrs[1]))
	require.NoError(t, err)
	require.NoError(t, f.k.Votes.Set(f.ctx(), collections.Join(id2, f.addrs[1]), v))
	err = f.k.CheckTallies(f.ctx())
	require.ErrorIs(t, err, types.ErrBrokenInvariant)
	require.ErrorContains(t, err, fmt.Sprintf("proposal %d tally", id2))
}

// A running tally belongs to a proposal in voting: one left behind by a
// proposal that ended breaks the invariant.
func TestCheckTalliesRunningTallyOnlyInVoting(t *testing.T) {
	f := newGovFixture(t, 2)
	id := f.submit(f.addrs[0], types.ClassStandard)
	f.toVoting(id)
	f.mustVote(f.addrs[0], id, types.VOTE_OPTION_YES)
	f.checkGov()
	live, err := f.k.LiveTallies.Get(f.ctx(), id)
	require.NoError(t, err)
	require.True(t, live.Tally.Yes.IsPositive())
	// The vote left the proposal record as voting started.
	rec, err := f.k.Proposals.Get(f.ctx(), id)
	require.NoError(t, err)
	require.True(t, rec.Tally.Yes.IsZero())
	require.Equal(t, live.Tally, f.proposal(id).Tally)

	// The end of voting folds it into the record and drops it.
	f.advance(f.proposal(id).VotingEndTime.Sub(f.now))
	_, err = f.k.LiveTallies.Get(f.ctx(), id)
	require.ErrorIs(t, err, collections.ErrNotFound)
	rec, err = f.k.Proposals.Get(f.ctx(), id)
	require.NoError(t, err)
	require.NotEqual(t, types.PROPOSAL_STATUS_VOTING, rec.Status)
	require.Equal(t, live.Tally, rec.Tally)
	require.Equal(t, live.GroupTallies, rec.GroupTallies)
	f.checkGov()

	id2 := f.submit(f.addrs[1], types.ClassStandard)
	require.NoError(t, f.k.LiveTallies.Set(f.ctx(), id2, live))
	err = f.k.CheckTallies(f.ctx())
	require.ErrorIs(t, err, types.ErrBrokenInvariant)
	require.ErrorContains(t, err, fmt.Sprintf("running tally of proposal %d", id2))
}
