package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/x/dao/types"
)

// A committee change mid-vote cannot flip a committee vote: the members
// seated at submission vote, a removed member's vote still counts, and a
// member seated later cannot vote.
func TestCommitteeVoteFrozenAtSubmission(t *testing.T) {
	f := newGovFixture(t, 5) // committee a0, a1, a2; alternate a3
	a := f.addrs
	id := f.submit(a[0], types.ClassRoutine)
	require.Equal(t, []string{a[0].String(), a[1].String(), a[2].String()}, f.proposal(id).Committee)
	f.toVoting(id)
	f.mustVote(a[0], id, types.VOTE_OPTION_YES)
	// a1 leaves and the first alternate, a3, takes its seat
	require.NoError(t, f.k.UpdateCommittee(f.ctx(), &types.MsgUpdateCommittee{
		Authority: f.authority(), Remove: []string{a[1].String()}, Alternates: []string{a[3].String(), a[4].String()},
	}))
	_, err := f.vote(a[3], id, types.VOTE_OPTION_NO)
	require.ErrorIs(t, err, types.ErrNotMember, "seated after the submission")
	f.mustVote(a[1], id, types.VOTE_OPTION_YES) // seated at submission
	p := f.toEnd(id)
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, p.Status, "2 of the 3 seated members voted yes")
	f.checkGov()
}

// A challenge is ruled by the members seated when it was opened, a
// majority of them deciding, whatever the committee became since.
func TestChallengeRulingFrozenAtChallenge(t *testing.T) {
	f := newGovFixture(t, 7) // committee a0, a1, a2; alternate a3
	a := f.addrs
	id := f.submit(a[0], types.ClassStandard)
	require.NoError(t, f.challenge(a[4], id))
	_, err := f.rule(a[0], id, false)
	require.NoError(t, err)
	// two more members join: a majority of five would need three rulings
	require.NoError(t, f.k.UpdateCommittee(f.ctx(), &types.MsgUpdateCommittee{
		Authority: f.authority(), Add: []string{a[5].String(), a[6].String()},
	}))
	_, err = f.rule(a[5], id, true)
	require.ErrorIs(t, err, types.ErrNotMember, "seated after the challenge was opened")
	status, err := f.rule(a[1], id, false)
	require.NoError(t, err)
	require.Equal(t, types.CHALLENGE_STATUS_DISMISSED, status, "2 of the 3 members seated then")
	f.checkGov()
}
