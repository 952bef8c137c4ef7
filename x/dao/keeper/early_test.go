package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// setClass replaces one class of the params.
func (f *fixture) setClass(c types.ProposalClass) {
	f.t.Helper()
	p := f.params
	p.Classes = append([]types.ProposalClass(nil), p.Classes...)
	for i := range p.Classes {
		if p.Classes[i].Name == c.Name {
			p.Classes[i] = c
		}
	}
	f.setParams(p)
}

func hasEvent(ctx sdk.Context, typ string) bool {
	for _, e := range ctx.EventManager().Events() {
		if e.Type == typ {
			return true
		}
	}
	return false
}

// A proposal that first reaches quorum within the late-quorum window votes
// on until now + extension, once; its queue entry moves with it, and the
// old end passes without closing it.
func TestLateQuorumExtendsOnce(t *testing.T) {
	f := newGovFixture(t, 4)
	a, b := f.addrs[0], f.addrs[1]
	class := f.class(types.ClassStandard) // quorum 10 %: one of four voters reaches it
	require.Equal(t, 24*time.Hour, class.LateQuorumWindow)
	require.Equal(t, 48*time.Hour, class.LateQuorumExtension)
	id := f.submit(a, types.ClassStandard)
	f.toVoting(id)
	oldEnd := *f.proposal(id).VotingEndTime

	// exactly at the start of the window: extended
	f.advance(oldEnd.Add(-class.LateQuorumWindow).Sub(f.now))
	_, err := f.msgs.Vote(f.ctx(), &types.MsgVote{Voter: a.String(), ProposalId: id, Option: types.VOTE_OPTION_YES})
	require.NoError(t, err)
	// decided on the block's votes, at its EndBlock
	require.Equal(t, oldEnd, *f.proposal(id).VotingEndTime)
	require.True(t, hasEvent(f.endBlock(), "aitbc.dao.v1.EventVotingExtended"))
	p := f.proposal(id)
	newEnd := f.now.Add(class.LateQuorumExtension)
	require.Equal(t, newEnd, *p.VotingEndTime)
	require.Equal(t, f.now, *p.QuorumTime)

	// the old end passes: still voting; a vote in the new window does not
	// extend again
	f.block(oldEnd)
	require.Equal(t, types.PROPOSAL_STATUS_VOTING, f.proposal(id).Status)
	f.advance(newEnd.Sub(f.now) - time.Hour)
	_, err = f.msgs.Vote(f.ctx(), &types.MsgVote{Voter: b.String(), ProposalId: id, Option: types.VOTE_OPTION_YES})
	require.NoError(t, err)
	require.False(t, hasEvent(f.endBlock(), "aitbc.dao.v1.EventVotingExtended"), "once")
	require.Equal(t, newEnd, *f.proposal(id).VotingEndTime)
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, f.toEnd(id).Status)
	f.checkGov()
}

// Quorum reached before the window, or a window of 0: the end stays.
func TestLateQuorumOutsideWindowOrOff(t *testing.T) {
	f := newGovFixture(t, 4)
	a := f.addrs[0]
	class := f.class(types.ClassStandard)
	early := f.submit(a, types.ClassStandard)
	f.toVoting(early)
	end := *f.proposal(early).VotingEndTime
	f.advance(end.Add(-class.LateQuorumWindow).Sub(f.now) - time.Second) // one second before the window
	f.mustVote(a, early, types.VOTE_OPTION_YES)
	require.Equal(t, end, *f.proposal(early).VotingEndTime)
	require.NotNil(t, f.proposal(early).QuorumTime, "quorum reached, outside the window")
	f.advance(class.LateQuorumWindow) // into the window: a later vote never extends
	f.mustVote(f.addrs[1], early, types.VOTE_OPTION_NO)
	require.Equal(t, end, *f.proposal(early).VotingEndTime)

	class.LateQuorumWindow = 0
	f.setClass(class)
	off := f.submit(a, types.ClassStandard)
	f.toVoting(off)
	end = *f.proposal(off).VotingEndTime
	f.advance(end.Sub(f.now) - time.Minute)
	f.mustVote(a, off, types.VOTE_OPTION_YES)
	require.Equal(t, end, *f.proposal(off).VotingEndTime)
	f.checkGov()
}

// newSuperQuorumFixture has four voters of 25 % each and a standard class
// with a 30 % super-quorum, which it returns.
func newSuperQuorumFixture(t *testing.T) (*fixture, types.ProposalClass) {
	t.Helper()
	f := newGovFixture(t, 4)
	class := f.class(types.ClassStandard)
	class.SuperQuorum = math.LegacyNewDecWithPrec(30, 2)
	f.setClass(class)
	return f, class
}

// Yes over the super-quorum ends voting in the block only when the power
// that has not voted could not flip the outcome; the proposal then goes to
// its timelock from now. 0 turns it off.
func TestSuperQuorum(t *testing.T) {
	f, class := newSuperQuorumFixture(t)
	a, b, c, d := f.addrs[0], f.addrs[1], f.addrs[2], f.addrs[3]
	id := f.submit(a, types.ClassStandard)
	f.toVoting(id)
	end := *f.proposal(id).VotingEndTime

	f.mustVote(a, id, types.VOTE_OPTION_YES)
	_, err := f.msgs.Vote(f.ctx(), &types.MsgVote{Voter: b.String(), ProposalId: id, Option: types.VOTE_OPTION_YES})
	require.NoError(t, err)
	require.False(t, hasEvent(f.endBlock(), "aitbc.dao.v1.EventSuperQuorum"), "yes 50 % > 30 %, but the other 50 % voting no would reject it")
	require.Equal(t, end, *f.proposal(id).VotingEndTime)

	// c's vote brings 75 %; d votes no in the same block: decided on the
	// block's votes at EndBlock, both count and 75 % yes still ends it.
	_, err = f.msgs.Vote(f.ctx(), &types.MsgVote{Voter: c.String(), ProposalId: id, Option: types.VOTE_OPTION_YES})
	require.NoError(t, err)
	_, err = f.msgs.Vote(f.ctx(), &types.MsgVote{Voter: d.String(), ProposalId: id, Option: types.VOTE_OPTION_NO})
	require.NoError(t, err)
	require.Equal(t, end, *f.proposal(id).VotingEndTime, "not before EndBlock")
	ctx := f.endBlock()
	require.True(t, hasEvent(ctx, "aitbc.dao.v1.EventSuperQuorum"), "75 % yes: the last 25 % cannot flip it")
	_, err = f.vote(d, id, types.VOTE_OPTION_YES)
	require.ErrorIs(t, err, types.ErrWrongStatus, "voting is over")
	p := f.proposal(id)
	require.Equal(t, f.now, *p.VotingEndTime)
	require.Equal(t, math.NewInt(3*govLock), p.Tally.Yes)
	require.Equal(t, math.NewInt(govLock), p.Tally.No)
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, p.Status)
	require.Equal(t, f.now.Add(class.ExecutionDelay), *p.ExecutionTime)
	f.checkGov()

	// A veto could still come: 75 % yes with the rest able to veto under a
	// lower veto threshold does not end early.
	class.VetoThreshold = math.LegacyNewDecWithPrec(20, 2)
	f.setClass(class)
	vetoable := f.submit(a, types.ClassStandard)
	f.toVoting(vetoable)
	for _, v := range []sdk.AccAddress{a, b, c} {
		f.mustVote(v, vetoable, types.VOTE_OPTION_YES)
	}
	require.Equal(t, types.PROPOSAL_STATUS_VOTING, f.proposal(vetoable).Status)
	require.True(t, f.now.Before(*f.proposal(vetoable).VotingEndTime))

	// Off: everyone votes yes, the proposal votes to its end.
	class.SuperQuorum = math.LegacyZeroDec()
	f.setClass(class)
	off := f.submit(a, types.ClassStandard)
	f.toVoting(off)
	end = *f.proposal(off).VotingEndTime
	for _, v := range f.addrs {
		f.mustVote(v, off, types.VOTE_OPTION_YES)
	}
	require.Equal(t, end, *f.proposal(off).VotingEndTime)
	f.checkGov()
}

// Power delegated to a voter can leave its yes: a delegator that votes
// itself takes its share out of its delegatee's count. So the super-quorum
// counts the locked amount delegated to someone else at the snapshot as
// able to move from yes to no, and does not end a vote that those
// delegators could still flip; the bound follows delegations as they
// change.
func TestSuperQuorumCountsOverridableDelegations(t *testing.T) {
	f, _ := newSuperQuorumFixture(t)
	a, b, c, d := f.addrs[0], f.addrs[1], f.addrs[2], f.addrs[3]
	delegated := types.SeriesKey(types.SERIES_KIND_DELEGATED, nil)
	delegatedNow := func() math.Int {
		cps := f.checkpoints(delegated)
		if len(cps) == 0 {
			return math.ZeroInt()
		}
		return cps[len(cps)-1].Votes
	}
	require.True(t, delegatedNow().IsZero())

	f.delegate(d, c)
	require.Equal(t, math.NewInt(govLock), delegatedNow())
	f.advance(vest + window) // c votes with d's power
	id := f.submit(a, types.ClassStandard)
	f.toVoting(id)
	end := *f.proposal(id).VotingEndTime

	// a (25 %) and c (25 % + d's 25 %) vote yes: 75 %, b has not voted.
	// Without d's override, b alone could not flip it; with d voting no
	// too, yes 50 % against no 50 % would not pass.
	f.mustVote(a, id, types.VOTE_OPTION_YES)
	f.mustVote(c, id, types.VOTE_OPTION_YES)
	require.False(t, hasEvent(f.endBlock(), "aitbc.dao.v1.EventSuperQuorum"), "d can still take its 25 % out of c's yes")
	require.Equal(t, end, *f.proposal(id).VotingEndTime)
	f.mustVote(d, id, types.VOTE_OPTION_NO)
	f.mustVote(b, id, types.VOTE_OPTION_NO)
	p := f.proposal(id)
	require.Equal(t, math.NewInt(2*govLock), p.Tally.Yes)
	require.Equal(t, math.NewInt(2*govLock), p.Tally.No)
	f.advance(end.Sub(f.now))
	f.endBlock()
	require.Equal(t, types.PROPOSAL_STATUS_REJECTED, f.proposal(id).Status, "the flip an early end would have missed")
	f.checkGov()

	// d takes its delegation back: nothing is delegated away and the next
	// proposal ends at 75 % yes as soon as it is decided.
	f.delegate(d, d)
	require.True(t, delegatedNow().IsZero())
	f.checkInvariants()
	f.advance(vest + window)
	next := f.submit(a, types.ClassStandard)
	f.toVoting(next)
	for _, v := range []sdk.AccAddress{a, b, c} {
		f.mustVote(v, next, types.VOTE_OPTION_YES)
	}
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, f.proposal(next).Status, "75 % yes and nothing delegated: decided")
	f.checkGov()
}

// The new class params are bounded.
func TestEarlyRuleParams(t *testing.T) {
	base := types.DefaultParams()
	require.NoError(t, base.Validate())
	for name, edit := range map[string]func(c *types.ProposalClass){
		"negative window":             func(c *types.ProposalClass) { c.LateQuorumWindow = -1 },
		"window over min period":      func(c *types.ProposalClass) { c.LateQuorumWindow = c.MinVotingPeriod + 1 },
		"negative extension":          func(c *types.ProposalClass) { c.LateQuorumExtension = -1 },
		"extension over max period":   func(c *types.ProposalClass) { c.LateQuorumExtension = c.MaxVotingPeriod + 1 },
		"super-quorum below quorum":   func(c *types.ProposalClass) { c.SuperQuorum = c.Quorum.Sub(math.LegacyNewDecWithPrec(1, 2)) },
		"super-quorum over 1":         func(c *types.ProposalClass) { c.SuperQuorum = math.LegacyNewDec(2) },
		"negative super-quorum":       func(c *types.ProposalClass) { c.SuperQuorum = math.LegacyNewDec(-1) },
		"super-quorum unset (stored)": func(c *types.ProposalClass) { c.SuperQuorum = math.LegacyDec{} },
	} {
		p := types.DefaultParams()
		p.Classes = append([]types.ProposalClass(nil), p.Classes...)
		edit(&p.Classes[1])
		require.ErrorIs(t, p.Validate(), types.ErrInvalidParams, name)
	}
	p := types.DefaultParams()
	p.Classes[1].SuperQuorum = math.LegacyZeroDec()
	p.Classes[1].LateQuorumWindow, p.Classes[1].LateQuorumExtension = 0, 0
	require.NoError(t, p.Validate(), "all off")
}

// An extended end survives export and import: the queue is derived from it.
func TestGenesisKeepsExtendedEnd(t *testing.T) {
	f := newGovFixture(t, 4)
	a := f.addrs[0]
	id := f.submit(a, types.ClassStandard)
	f.toVoting(id)
	oldEnd := *f.proposal(id).VotingEndTime
	f.advance(oldEnd.Sub(f.now) - time.Hour)
	f.mustVote(a, id, types.VOTE_OPTION_YES)
	newEnd := *f.proposal(id).VotingEndTime
	require.True(t, newEnd.After(oldEnd))

	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	g := newFixture(t, 0)
	g.now = f.now
	copyModuleBalances(t, f, g, types.VoteEscrowName, types.BondsName)
	require.NoError(t, g.k.InitGenesis(g.ctx(), *exported))
	reexported, err := g.k.ExportGenesis(g.ctx())
	require.NoError(t, err)
	require.Equal(t, exported, reexported)
	gp, err := g.k.Params.Get(g.ctx())
	require.NoError(t, err)
	require.Equal(t, f.params.Classes, gp.Classes, "the class params, late quorum and super-quorum included")
	g.block(oldEnd.Add(time.Hour))
	require.Equal(t, types.PROPOSAL_STATUS_VOTING, g.proposal(id).Status)
	g.block(newEnd)
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, g.proposal(id).Status)
}
