package keeper_test

import (
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

// A vote's reason is stored with the vote, emitted in EventVote, shown by
// the vote queries (gov routes: as metadata) and replaced by a changed vote.
func TestVoteReasonStoredEmittedAndQueried(t *testing.T) {
	f := newGovFixture(t, 3)
	id := f.submit(f.addrs[0], types.ClassStandard)
	f.toVoting(id)
	voter := f.addrs[1]

	ctx := f.ctx().WithEventManager(sdk.NewEventManager())
	_, err := f.msgs.Vote(ctx, &types.MsgVote{Voter: voter.String(), ProposalId: id, Option: types.VOTE_OPTION_NO, Reason: "too expensive ✓"})
	require.NoError(t, err)
	ev := findEventVote(t, ctx)
	require.Equal(t, "too expensive ✓", ev.Reason)

	v, err := f.k.Votes.Get(f.ctx(), collections.Join(id, voter))
	require.NoError(t, err)
	require.Equal(t, "too expensive ✓", v.Reason)
	res, err := keeper.NewQueryServerImpl(f.k).Vote(f.ctx(), &types.QueryVoteRequest{ProposalId: id, Voter: voter.String()})
	require.NoError(t, err)
	require.Equal(t, "too expensive ✓", res.Vote.Reason)
	gv, err := keeper.NewGovQueryServer(f.k).Vote(f.ctx(), &govv1.QueryVoteRequest{ProposalId: id, Voter: voter.String()})
	require.NoError(t, err)
	require.Equal(t, "too expensive ✓", gv.Vote.Metadata)

	// A split vote with a new reason replaces it; no reason clears it.
	_, err = f.msgs.VoteWeighted(f.ctx(), &types.MsgVoteWeighted{Voter: voter.String(), ProposalId: id, Reason: "changed my mind",
		Options: []types.WeightedVoteOption{{Option: types.VOTE_OPTION_YES, Weight: math.LegacyNewDecWithPrec(5, 1)}, {Option: types.VOTE_OPTION_ABSTAIN, Weight: math.LegacyNewDecWithPrec(5, 1)}}})
	require.NoError(t, err)
	v, err = f.k.Votes.Get(f.ctx(), collections.Join(id, voter))
	require.NoError(t, err)
	require.Equal(t, "changed my mind", v.Reason)
	f.mustVote(voter, id, types.VOTE_OPTION_YES)
	v, err = f.k.Votes.Get(f.ctx(), collections.Join(id, voter))
	require.NoError(t, err)
	require.Empty(t, v.Reason)
	f.checkGov()
}

// A reason longer than MaxVoteReasonLength, not UTF-8 or with control
// characters is refused, by ValidateBasic and by the keeper, and nothing is
// stored.
func TestVoteReasonBounded(t *testing.T) {
	f := newGovFixture(t, 3)
	id := f.submit(f.addrs[0], types.ClassStandard)
	f.toVoting(id)
	voter := f.addrs[1]
	ok := strings.Repeat("é", types.MaxVoteReasonLength/2) // exactly the limit in bytes
	for name, reason := range map[string]string{
		"one byte too long": ok + "x",
		"not UTF-8":         "bad \xff byte",
		"control character": "line\x00break",
	} {
		t.Run(name, func(t *testing.T) {
			msg := &types.MsgVote{Voter: voter.String(), ProposalId: id, Option: types.VOTE_OPTION_YES, Reason: reason}
			require.ErrorIs(t, msg.ValidateBasic(), types.ErrInvalidVoteReason)
			weighted := &types.MsgVoteWeighted{Voter: voter.String(), ProposalId: id, Reason: reason,
				Options: []types.WeightedVoteOption{{Option: types.VOTE_OPTION_YES, Weight: math.LegacyOneDec()}}}
			require.ErrorIs(t, weighted.ValidateBasic(), types.ErrInvalidVoteReason)
			_, err := f.msgs.Vote(f.ctx(), msg)
			require.ErrorIs(t, err, types.ErrInvalidVoteReason)
			_, err = f.msgs.VoteWeighted(f.ctx(), weighted)
			require.ErrorIs(t, err, types.ErrInvalidVoteReason)
			has, err := f.k.Votes.Has(f.ctx(), collections.Join(id, voter))
			require.NoError(t, err)
			require.False(t, has)
		})
	}
	_, err := f.msgs.Vote(f.ctx(), &types.MsgVote{Voter: voter.String(), ProposalId: id, Option: types.VOTE_OPTION_YES, Reason: ok})
	require.NoError(t, err)
}

func findEventVote(t *testing.T, ctx sdk.Context) *types.EventVote {
	t.Helper()
	for _, e := range ctx.EventManager().Events() {
		if e.Type != "aitbc.dao.v1.EventVote" {
			continue
		}
		msg, err := sdk.ParseTypedEvent(abci.Event(e))
		require.NoError(t, err)
		return msg.(*types.EventVote)
	}
	t.Fatal("no EventVote")
	return nil
}
