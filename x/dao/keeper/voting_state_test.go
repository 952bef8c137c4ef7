package keeper_test

import (
	"testing"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

// A vote reads the voting state, not the record and the params; the
// class's outcome rules are the params' when the block's votes are folded:
// a params change mid-vote applies from the next block (here a
// super-quorum switched on), and the voting state goes when voting ends.
func TestVoteRulesFollowParamsMidVote(t *testing.T) {
	f := newGovFixture(t, 4) // four voters of 25 % each
	a, b, c := f.addrs[0], f.addrs[1], f.addrs[2]
	class := f.class(types.ClassStandard)
	class.SuperQuorum = math.LegacyZeroDec()
	f.setClass(class)
	id := f.submit(a, types.ClassStandard)
	f.toVoting(id)
	has, err := f.k.VotingStates.Has(f.ctx(), id)
	require.NoError(t, err)
	require.True(t, has)

	f.mustVote(a, id, types.VOTE_OPTION_YES)
	f.mustVote(b, id, types.VOTE_OPTION_YES)
	class.SuperQuorum = math.LegacyNewDecWithPrec(30, 2)
	f.setClass(class)
	f.checkGov()
	_, err = f.msgs.Vote(f.ctx(), &types.MsgVote{Voter: c.String(), ProposalId: id, Option: types.VOTE_OPTION_YES})
	require.NoError(t, err)
	f.checkGov() // with the vote pending
	require.True(t, hasEvent(f.endBlock(), "aitbc.dao.v1.EventSuperQuorum"), "the super-quorum set mid-vote applies")
	require.Equal(t, f.now, *f.proposal(id).VotingEndTime)
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, f.proposal(id).Status, "closed by the same EndBlock")
	has, err = f.k.VotingStates.Has(f.ctx(), id)
	require.NoError(t, err)
	require.False(t, has, "dropped when voting ends")
	f.checkGov()
}

// The stored vote leaves out what its key holds (and the usual values);
// the queries give it back.
func TestStoredVoteWithoutKeyFields(t *testing.T) {
	f := newGovFixture(t, 4)
	a := f.addrs[0]
	id := f.submit(a, types.ClassStandard)
	f.toVoting(id)
	f.mustVote(a, id, types.VOTE_OPTION_YES)

	stored, err := f.k.Votes.Get(f.ctx(), collections.Join(id, a))
	require.NoError(t, err)
	require.Equal(t, types.VOTE_OPTION_YES, stored.Option)
	require.Empty(t, stored.Group, "human is the default")
	require.Empty(t, stored.CountedWeight, "uncapped: its powers give it")

	q := keeper.NewQueryServerImpl(f.k)
	one, err := q.Vote(f.ctx(), &types.QueryVoteRequest{ProposalId: id, Voter: a.String()})
	require.NoError(t, err)
	require.Equal(t, id, one.Vote.ProposalId)
	require.Equal(t, a.String(), one.Vote.Voter)
	all, err := q.Votes(f.ctx(), &types.QueryVotesRequest{ProposalId: id})
	require.NoError(t, err)
	require.Len(t, all.Votes, 1)
	require.Equal(t, a.String(), all.Votes[0].Voter)
	gs, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.Len(t, gs.Votes, 1)
	require.Equal(t, id, gs.Votes[0].ProposalId)
	require.Equal(t, a.String(), gs.Votes[0].Voter)
}
