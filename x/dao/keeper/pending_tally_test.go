package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/x/dao/types"
)

// A vote's tally change waits in the block's pending tally: every reader
// of the block sees it, LiveTallies gets it at EndBlock, and the pending
// store is empty after.
func TestPendingTallyVisibleThenFolded(t *testing.T) {
	f := newGovFixture(t, 4)
	a, b := f.addrs[0], f.addrs[1]
	id := f.submit(a, types.ClassStandard)
	f.toVoting(id)

	_, err := f.msgs.Vote(f.ctx(), &types.MsgVote{Voter: a.String(), ProposalId: id, Option: types.VOTE_OPTION_YES})
	require.NoError(t, err)
	_, err = f.msgs.Vote(f.ctx(), &types.MsgVote{Voter: b.String(), ProposalId: id, Option: types.VOTE_OPTION_NO})
	require.NoError(t, err)

	_, err = f.k.LiveTallies.Get(f.ctx(), id)
	require.ErrorIs(t, err, collections.ErrNotFound, "not written by the votes")
	pending, err := f.k.PendingTallies.Get(f.ctx(), id)
	require.NoError(t, err)
	require.Equal(t, math.NewInt(govLock), pending.Tally.Yes)
	require.Equal(t, math.NewInt(govLock), pending.Tally.No)
	count, err := f.k.PendingCount.Get(f.ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(1), count, "one proposal, however many votes")

	res, err := newQuery(f).Tally(f.ctx(), &types.QueryTallyRequest{ProposalId: id})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(govLock), res.Tally.Yes, "queries see the block's votes")
	require.Equal(t, math.NewInt(govLock), f.proposal(id).Tally.No)
	f.checkGov()

	f.endBlock()
	live, err := f.k.LiveTallies.Get(f.ctx(), id)
	require.NoError(t, err)
	require.Equal(t, math.NewInt(govLock), live.Tally.Yes)
	require.Equal(t, math.NewInt(govLock), live.Tally.No)
	has, err := f.k.PendingTallies.Has(f.ctx(), id)
	require.NoError(t, err)
	require.False(t, has)
	_, err = f.k.PendingCount.Get(f.ctx())
	require.ErrorIs(t, err, collections.ErrNotFound)

	// a changed vote in a later block moves the running tally
	f.mustVote(b, id, types.VOTE_OPTION_YES)
	p := f.proposal(id)
	require.Equal(t, math.NewInt(2*govLock), p.Tally.Yes)
	require.True(t, p.Tally.No.IsZero())
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, f.toEnd(id).Status)
	f.checkGov()
}

// At most max_proposals_per_block proposals get a pending tally in a
// block; a vote on one more updates its running tally at once, so the
// EndBlock fold stays bounded and nothing is lost.
func TestPendingTallyBoundedPerBlock(t *testing.T) {
	f := newGovFixture(t, 4)
	a, b := f.addrs[0], f.addrs[1]
	params := f.params
	params.MaxProposalsPerBlock = 1
	f.setParams(params)
	first := f.submit(a, types.ClassStandard)
	second := f.submit(a, types.ClassStandard)
	f.toVoting(first)
	f.toVoting(second)

	require.NoError(t, f.k.BeginBlocker(f.ctx())) // the block's limit: 1
	for _, id := range []uint64{first, second} {
		_, err := f.msgs.Vote(f.ctx(), &types.MsgVote{Voter: a.String(), ProposalId: id, Option: types.VOTE_OPTION_YES})
		require.NoError(t, err)
		_, err = f.msgs.Vote(f.ctx(), &types.MsgVote{Voter: b.String(), ProposalId: id, Option: types.VOTE_OPTION_NO})
		require.NoError(t, err)
	}
	has, err := f.k.PendingTallies.Has(f.ctx(), first)
	require.NoError(t, err)
	require.True(t, has)
	has, err = f.k.PendingTallies.Has(f.ctx(), second)
	require.NoError(t, err)
	require.False(t, has, "over the limit")
	live, err := f.k.LiveTallies.Get(f.ctx(), second)
	require.NoError(t, err, "written by the votes themselves")
	require.Equal(t, math.NewInt(govLock), live.Tally.Yes)
	require.Equal(t, math.NewInt(govLock), live.Tally.No)
	f.checkGov()

	f.endBlock()
	for _, id := range []uint64{first, second} {
		p := f.proposal(id)
		require.Equal(t, math.NewInt(govLock), p.Tally.Yes, "proposal %d", id)
		require.Equal(t, math.NewInt(govLock), p.Tally.No, "proposal %d", id)
	}
	f.checkGov()
}

// The snapshot's rules are fixed at submission with its total: a window
// changed by governance mid-vote does not change the voters' powers.
func TestSnapshotRulesFixedAtSubmission(t *testing.T) {
	f := newGovFixture(t, 4)
	a, b := f.addrs[0], f.addrs[1]
	id := f.submit(a, types.ClassStandard)
	f.toVoting(id)
	p := f.proposal(id)
	require.Equal(t, types.ELECTORATE_TOKEN, p.Electorate)
	require.Equal(t, f.params.Vesting, *p.SnapshotVesting)
	require.Equal(t, f.params.TwasWindow, *p.SnapshotTwasWindow)

	require.Equal(t, math.NewInt(govLock), f.mustVote(a, id, types.VOTE_OPTION_YES))
	params := f.params
	params.TwasWindow = 10 * params.TwasWindow // would average in the time before the locks
	f.setParams(params)
	require.Equal(t, math.NewInt(govLock), f.mustVote(b, id, types.VOTE_OPTION_YES), "the window of the snapshot")

	// a proposal submitted now uses the new window
	later := f.submit(a, types.ClassStandard)
	f.toVoting(later)
	require.Equal(t, params.TwasWindow, *f.proposal(later).SnapshotTwasWindow)
	w := f.mustVote(b, later, types.VOTE_OPTION_YES)
	require.True(t, w.LT(math.NewInt(govLock)), "the new window averages in time before the lock: %s", w)
	f.checkGov()
}

// A proposal stored before the snapshot rules were (no electorate, no
// window) is voted with the class's and the params' rules of now.
func TestSnapshotRulesOfOlderProposals(t *testing.T) {
	f := newGovFixture(t, 4)
	a := f.addrs[0]
	id := f.submit(a, types.ClassStandard)
	f.toVoting(id)
	p, err := f.k.Proposals.Get(f.ctx(), id)
	require.NoError(t, err)
	p.Electorate, p.SnapshotVesting, p.SnapshotTwasWindow = types.ELECTORATE_UNSPECIFIED, nil, nil
	require.NoError(t, f.k.Proposals.Set(f.ctx(), id, p))
	vs, err := f.k.VotingStates.Get(f.ctx(), id)
	require.NoError(t, err)
	vs.Electorate, vs.SnapshotVesting, vs.SnapshotTwasWindow = types.ELECTORATE_UNSPECIFIED, nil, nil
	require.NoError(t, f.k.VotingStates.Set(f.ctx(), id, vs))

	require.Equal(t, math.NewInt(govLock), f.mustVote(a, id, types.VOTE_OPTION_YES))
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, f.toEnd(id).Status)
	f.checkGov()
}

// Genesis refuses snapshot rules no submission could have written.
func TestGenesisRejectsBadSnapshotRules(t *testing.T) {
	f := newGovFixture(t, 4)
	id := f.submit(f.addrs[0], types.ClassStandard)
	f.toVoting(id)
	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	zero, negative, other := time.Duration(0), -time.Second, f.params.Vesting+time.Second
	for name, mutate := range map[string]func(p *types.Proposal){
		"unknown electorate": func(p *types.Proposal) { p.Electorate = 7 },
		"zero window":        func(p *types.Proposal) { p.SnapshotTwasWindow = &zero },
		"negative vesting":   func(p *types.Proposal) { p.SnapshotVesting = &negative },
		"another vesting":    func(p *types.Proposal) { p.SnapshotVesting = &other },
	} {
		t.Run(name, func(t *testing.T) {
			gs := *exported
			gs.Proposals = append([]types.Proposal(nil), exported.Proposals...)
			mutate(&gs.Proposals[0])
			require.ErrorIs(t, gs.Validate(), types.ErrInvalidGenesis)
		})
	}
}
