package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

func (f *fixture) challenge(challenger sdk.AccAddress, id uint64) error {
	_, err := f.msgs.Challenge(f.ctx(), &types.MsgChallenge{Challenger: challenger.String(), ProposalId: id, Reason: "spends the treasury twice"})
	return err
}

func (f *fixture) rule(member sdk.AccAddress, id uint64, uphold bool) (types.ChallengeStatus, error) {
	res, err := f.msgs.RuleChallenge(f.ctx(), &types.MsgRuleChallenge{Member: member.String(), ProposalId: id, Uphold: uphold})
	if err != nil {
		return 0, err
	}
	return res.Status, nil
}

func TestChallengeUpheldCancelsAndPaysTheChallenger(t *testing.T) {
	f := newGovFixture(t, 5)
	proposer, challenger := f.addrs[3], f.addrs[4]
	bond, cbond := f.class(types.ClassStandard).Bond.Amount, f.params.ChallengeBond.Amount
	pBefore, cBefore := f.balance(proposer), f.balance(challenger)
	id := f.submit(proposer, types.ClassStandard)
	require.NoError(t, f.challenge(challenger, id))
	require.Equal(t, cBefore.Sub(cbond), f.balance(challenger), "challenge bond escrowed")
	f.checkGov()

	require.ErrorIs(t, f.challenge(f.addrs[0], id), types.ErrAlreadyChallenged)
	_, err := f.rule(challenger, id, true)
	require.ErrorIs(t, err, types.ErrNotMember)
	status, err := f.rule(f.addrs[0], id, true)
	require.NoError(t, err)
	require.Equal(t, types.CHALLENGE_STATUS_OPEN, status, "1 of 3 is no majority")
	_, err = f.rule(f.addrs[0], id, false)
	require.ErrorIs(t, err, types.ErrAlreadyRuled)
	status, err = f.rule(f.addrs[1], id, true)
	require.NoError(t, err)
	require.Equal(t, types.CHALLENGE_STATUS_UPHELD, status)

	p := f.proposal(id)
	require.Equal(t, types.PROPOSAL_STATUS_CANCELLED, p.Status)
	require.Contains(t, p.Result, "challenge upheld")
	require.Equal(t, pBefore.Sub(bond), f.balance(proposer), "the proposer loses its bond")
	require.Equal(t, cBefore.Add(bond), f.balance(challenger), "to the challenger, with its own bond back")
	f.advance(30 * 24 * time.Hour)
	require.Equal(t, types.PROPOSAL_STATUS_CANCELLED, f.proposal(id).Status, "no stale deadline revives it")
	f.checkGov()
}

func TestChallengeDismissedGoesToVoting(t *testing.T) {
	for _, late := range []bool{false, true} {
		f := newGovFixture(t, 5)
		proposer, challenger := f.addrs[3], f.addrs[4]
		treasury := f.app.BankKeeper.GetBalance(f.ctx(), f.treasury(), denom).Amount
		cBefore := f.balance(challenger)
		id := f.submit(proposer, types.ClassStandard)
		require.NoError(t, f.challenge(challenger, id))
		end := f.proposal(id).ChallengeEndTime
		if late {
			f.advance(end.Sub(f.now) + time.Hour)
			require.Equal(t, types.PROPOSAL_STATUS_CHALLENGE, f.proposal(id).Status, "an open challenge holds the proposal")
		}
		f.rule(f.addrs[0], id, false)
		status, err := f.rule(f.addrs[2], id, false)
		require.NoError(t, err)
		require.Equal(t, types.CHALLENGE_STATUS_DISMISSED, status)
		require.Equal(t, cBefore.Sub(f.params.ChallengeBond.Amount), f.balance(challenger))
		require.Equal(t, treasury.Add(f.params.ChallengeBond.Amount), f.app.BankKeeper.GetBalance(f.ctx(), f.treasury(), denom).Amount, "the bond goes to the treasury")
		if late {
			p := f.proposal(id)
			require.Equal(t, types.PROPOSAL_STATUS_VOTING, p.Status, "voting starts at the ruling")
			require.Equal(t, f.now, *p.VotingStartTime)
		} else {
			f.toVoting(id)
		}
		f.mustVote(f.addrs[0], id, types.VOTE_OPTION_YES)
		require.Equal(t, types.PROPOSAL_STATUS_PASSED, f.toEnd(id).Status)
		f.advance(40 * 24 * time.Hour)
		f.checkGov()
	}
}

func TestChallengeUnruledCancelsAndReturnsBothBonds(t *testing.T) {
	f := newGovFixture(t, 5)
	proposer, challenger := f.addrs[3], f.addrs[4]
	pBefore, cBefore := f.balance(proposer), f.balance(challenger)
	id := f.submit(proposer, types.ClassStandard)
	require.NoError(t, f.challenge(challenger, id))
	p := f.proposal(id)
	f.advance(p.ChallengeEndTime.Add(p.VotingPeriod).Sub(f.now) - time.Second)
	require.Equal(t, types.PROPOSAL_STATUS_CHALLENGE, f.proposal(id).Status)
	f.advance(time.Second)
	p = f.proposal(id)
	require.Equal(t, types.PROPOSAL_STATUS_CANCELLED, p.Status)
	require.Equal(t, types.CHALLENGE_STATUS_EXPIRED, p.Challenge.Status)
	require.Equal(t, pBefore, f.balance(proposer))
	require.Equal(t, cBefore, f.balance(challenger))
	f.checkGov()
}

func TestChallengeBadInput(t *testing.T) {
	f := newGovFixture(t, 5)
	id := f.submit(f.addrs[3], types.ClassStandard)
	_, err := f.msgs.Challenge(f.ctx(), &types.MsgChallenge{Challenger: f.addrs[4].String(), ProposalId: id, Reason: "  "})
	require.ErrorIs(t, err, types.ErrInvalidProposalText)
	require.ErrorIs(t, f.challenge(f.addrs[4], 77), types.ErrProposalNotFound)
	_, err = f.rule(f.addrs[0], id, true)
	require.ErrorIs(t, err, types.ErrNoOpenChallenge)
	f.toVoting(id)
	require.ErrorIs(t, f.challenge(f.addrs[4], id), types.ErrWrongStatus, "after the window")
	f.checkGov()
}

func TestCancelProposal(t *testing.T) {
	f := newGovFixture(t, 5)
	proposer, challenger := f.addrs[3], f.addrs[4]
	pBefore, cBefore := f.balance(proposer), f.balance(challenger)
	id := f.submit(proposer, types.ClassStandard)
	require.NoError(t, f.challenge(challenger, id))
	_, err := f.msgs.CancelProposal(f.ctx(), &types.MsgCancelProposal{Proposer: challenger.String(), ProposalId: id})
	require.ErrorIs(t, err, types.ErrNotProposer)
	_, err = f.msgs.CancelProposal(f.ctx(), &types.MsgCancelProposal{Proposer: proposer.String(), ProposalId: id})
	require.NoError(t, err)
	require.Equal(t, types.PROPOSAL_STATUS_CANCELLED, f.proposal(id).Status)
	require.Equal(t, pBefore, f.balance(proposer))
	require.Equal(t, cBefore, f.balance(challenger))
	f.checkGov()

	id = f.submit(proposer, types.ClassStandard)
	f.toVoting(id)
	_, err = f.msgs.CancelProposal(f.ctx(), &types.MsgCancelProposal{Proposer: proposer.String(), ProposalId: id})
	require.ErrorIs(t, err, types.ErrWrongStatus, "voting has started")
}

func TestCommitteeChangesThroughMajorProposal(t *testing.T) {
	f := newGovFixture(t, 7)
	a := f.addrs
	id := f.submit(a[0], types.ClassMajor, &types.MsgUpdateCommittee{
		Authority: f.authority(), Remove: []string{a[1].String()}, Add: []string{a[5].String(), a[6].String()},
		Alternates: []string{a[4].String(), a[3].String()},
	})
	f.toVoting(id)
	for i := 0; i < 5; i++ {
		f.mustVote(a[i], id, types.VOTE_OPTION_YES)
	}
	f.toEnd(id)
	require.Equal(t, types.PROPOSAL_STATUS_EXECUTED, f.toExecution(id).Status)
	c, err := f.k.GetCommittee(f.ctx())
	require.NoError(t, err)
	var members []string
	for _, m := range c.Members {
		members = append(members, m.Address)
	}
	require.Equal(t, []string{a[0].String(), a[4].String(), a[2].String(), a[5].String(), a[6].String()}, members, "the first alternate took the removed seat")
	require.Equal(t, []string{a[3].String()}, c.Alternates)

	// an even committee is refused: the dry run at submission fails, and
	// no bond is taken
	before := f.balance(a[0])
	_, err = f.msgs.SubmitProposal(f.ctx(), f.submitMsg(a[0], types.ClassMajor, &types.MsgUpdateCommittee{Authority: f.authority(), Add: []string{a[1].String()}}))
	require.ErrorIs(t, err, types.ErrDryRunFailed)
	require.ErrorContains(t, err, "odd number of members")
	require.Equal(t, before, f.balance(a[0]))
	f.checkGov()
}

func TestCommitteeTermExpiryPromotesAlternate(t *testing.T) {
	f := newGovFixture(t, 5)
	c, err := f.k.GetCommittee(f.ctx())
	require.NoError(t, err)
	c.Members[1].TermEnd = f.now.Add(time.Hour)
	require.NoError(t, f.k.Committee.Set(f.ctx(), c))
	f.advance(time.Hour)
	c, err = f.k.GetCommittee(f.ctx())
	require.NoError(t, err)
	require.Equal(t, f.addrs[3].String(), c.Members[1].Address)
	require.Equal(t, f.now.Add(f.params.CommitteeTerm), c.Members[1].TermEnd)
	require.Empty(t, c.Alternates)
	// without an alternate, an expired member stays until a proposal acts
	c.Members[0].TermEnd = f.now
	require.NoError(t, f.k.Committee.Set(f.ctx(), c))
	f.advance(time.Hour)
	c, err = f.k.GetCommittee(f.ctx())
	require.NoError(t, err)
	require.Equal(t, f.addrs[0].String(), c.Members[0].Address)
}

func TestCommitteeAndSpendNeedTheAuthority(t *testing.T) {
	f := newGovFixture(t, 4)
	_, err := f.msgs.UpdateCommittee(f.ctx(), &types.MsgUpdateCommittee{Authority: f.addrs[0].String(), Add: []string{f.addrs[0].String()}})
	require.ErrorIs(t, err, types.ErrInvalidSigner)
	_, err = f.msgs.CommunitySpend(f.ctx(), &types.MsgCommunitySpend{Authority: f.addrs[0].String(), Recipient: f.addrs[0].String(), Amount: sdk.NewCoins(sdk.NewInt64Coin(denom, 1))})
	require.ErrorIs(t, err, types.ErrInvalidSigner)
	_, err = f.msgs.SetConstitution(f.ctx(), &types.MsgSetConstitution{Authority: f.addrs[0].String(), Constitution: "mine"})
	require.ErrorIs(t, err, types.ErrInvalidSigner)
	_, err = f.msgs.CommunitySpend(f.ctx(), &types.MsgCommunitySpend{Authority: f.authority(), Recipient: f.addrs[0].String()})
	require.ErrorIs(t, err, types.ErrInvalidAmount)
	f.fundTreasury(10)
	before := f.balance(f.addrs[0])
	_, err = f.msgs.CommunitySpend(f.ctx(), &types.MsgCommunitySpend{Authority: f.authority(), Recipient: f.addrs[0].String(), Amount: sdk.NewCoins(sdk.NewInt64Coin(denom, 10))})
	require.NoError(t, err)
	require.Equal(t, before.AddRaw(10), f.balance(f.addrs[0]))
}
