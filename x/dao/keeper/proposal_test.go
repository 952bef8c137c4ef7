package keeper_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"cosmossdk.io/math"
	upgradetypes "cosmossdk.io/x/upgrade/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// A standard proposal goes challenge -> voting -> passed -> timelock ->
// executed, escrowing and returning the bond.
func TestProposalLifecycleExecutes(t *testing.T) {
	f := newGovFixture(t, 4)
	a, b, r := f.addrs[0], f.addrs[1], f.addrs[3]
	f.fundTreasury(5_000_000)
	class := f.class(types.ClassStandard)
	before := f.balance(a)

	id := f.submit(a, types.ClassStandard, f.spend(r, 5_000_000))
	p := f.proposal(id)
	require.Equal(t, types.PROPOSAL_STATUS_CHALLENGE, p.Status)
	require.Equal(t, f.now, p.SubmitTime)
	require.Equal(t, f.now.Add(class.ChallengePeriod), p.ChallengeEndTime)
	require.Equal(t, class.DefaultVotingPeriod, p.VotingPeriod)
	require.Equal(t, math.NewInt(4*govLock), p.SnapshotTotalPower)
	require.Equal(t, before.Sub(class.Bond.Amount), f.balance(a), "bond escrowed")
	f.checkGov()

	_, err := f.vote(b, id, types.VOTE_OPTION_YES)
	require.ErrorIs(t, err, types.ErrWrongStatus, "no voting during the challenge period")

	f.toVoting(id)
	p = f.proposal(id)
	require.Equal(t, p.ChallengeEndTime, *p.VotingStartTime)
	require.Equal(t, p.ChallengeEndTime.Add(p.VotingPeriod), *p.VotingEndTime)
	require.Equal(t, math.NewInt(govLock), f.mustVote(a, id, types.VOTE_OPTION_YES))
	f.mustVote(b, id, types.VOTE_OPTION_NO)
	f.mustVote(b, id, types.VOTE_OPTION_YES) // changed before the end
	p = f.proposal(id)
	require.Equal(t, math.NewInt(2*govLock), p.Tally.Yes)
	require.True(t, p.Tally.No.IsZero(), "a changed vote is not counted twice")
	f.checkGov()

	p = f.toEnd(id)
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, p.Status)
	require.Equal(t, p.VotingEndTime.Add(class.ExecutionDelay), *p.ExecutionTime)
	require.Equal(t, before, f.balance(a), "bond returned")
	_, err = f.vote(b, id, types.VOTE_OPTION_NO)
	require.ErrorIs(t, err, types.ErrWrongStatus, "no voting after the end")

	rBefore := f.balance(r)
	f.advance(class.ExecutionDelay - time.Second)
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, f.proposal(id).Status, "timelock")
	f.now = f.now.Add(time.Second)
	ctx := f.ctx()
	require.NoError(t, f.k.EndBlocker(ctx))
	require.Equal(t, types.PROPOSAL_STATUS_EXECUTED, f.proposal(id).Status)
	require.Equal(t, rBefore.AddRaw(5_000_000), f.balance(r), "the message ran with the dao as signer")
	// the executed message's own events reach the block, for indexers
	var transferred bool
	for _, e := range ctx.EventManager().Events() {
		if e.Type != "transfer" {
			continue
		}
		for _, a := range e.Attributes {
			transferred = transferred || (a.Key == "recipient" && a.Value == r.String())
		}
	}
	require.True(t, transferred, "bank transfer event of the executed message")
	f.checkGov()
}

// Execution is all or nothing and a failure is recorded, not fatal.
func TestProposalExecutionFailureIsRecorded(t *testing.T) {
	f := newGovFixture(t, 4)
	a, r := f.addrs[0], f.addrs[3]
	f.fundTreasury(1_200) // enough at submission, for the dry run
	id := f.submit(a, types.ClassStandard, f.spend(r, 600), f.spend(r, 600))
	// The treasury pays 200 elsewhere meanwhile: now the second overdraws.
	require.NoError(t, f.app.BankKeeper.SendCoinsFromModuleToAccount(f.ctx(), types.ModuleName, f.addrs[2], sdk.NewCoins(sdk.NewInt64Coin(denom, 200))))
	f.toVoting(id)
	f.mustVote(a, id, types.VOTE_OPTION_YES)
	f.toEnd(id)
	rBefore := f.balance(r)
	p := f.toExecution(id)
	require.Equal(t, types.PROPOSAL_STATUS_EXECUTION_FAILED, p.Status)
	require.Contains(t, p.Result, "message 1")
	require.Contains(t, p.Result, "insufficient funds")
	require.Equal(t, rBefore, f.balance(r), "the first message was rolled back")
	require.Equal(t, math.NewInt(1_000), f.app.BankKeeper.GetBalance(f.ctx(), f.treasury(), denom).Amount)
	f.checkGov()
}

func TestProposalOutcomes(t *testing.T) {
	cases := []struct {
		name   string
		votes  []types.VoteOption // one per account, VOTE_OPTION_UNSPECIFIED = abstains from voting
		status types.ProposalStatus
		bond   string // returned, burned
	}{
		{"passed", []types.VoteOption{types.VOTE_OPTION_YES, types.VOTE_OPTION_YES, types.VOTE_OPTION_NO}, types.PROPOSAL_STATUS_PASSED, "returned"},
		{"rejected", []types.VoteOption{types.VOTE_OPTION_YES, types.VOTE_OPTION_NO, types.VOTE_OPTION_NO}, types.PROPOSAL_STATUS_REJECTED, "returned"},
		{"tie is rejected", []types.VoteOption{types.VOTE_OPTION_YES, types.VOTE_OPTION_NO, types.VOTE_OPTION_ABSTAIN}, types.PROPOSAL_STATUS_REJECTED, "returned"},
		{"vetoed", []types.VoteOption{types.VOTE_OPTION_YES, types.VOTE_OPTION_YES, types.VOTE_OPTION_NO_WITH_VETO, types.VOTE_OPTION_NO_WITH_VETO}, types.PROPOSAL_STATUS_VETOED, "burned"},
		{"all abstain", []types.VoteOption{types.VOTE_OPTION_ABSTAIN, types.VOTE_OPTION_ABSTAIN}, types.PROPOSAL_STATUS_REJECTED, "returned"},
		{"nobody votes", nil, types.PROPOSAL_STATUS_FAILED_QUORUM, "returned"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newGovFixture(t, 4)
			proposer := f.addrs[0]
			before := f.balance(proposer)
			supply := f.app.BankKeeper.GetSupply(f.ctx(), denom).Amount
			id := f.submit(proposer, types.ClassStandard)
			f.toVoting(id)
			for i, o := range tc.votes {
				f.mustVote(f.addrs[i], id, o)
			}
			p := f.toEnd(id)
			require.Equal(t, tc.status, p.Status)
			if tc.bond == "burned" {
				require.Equal(t, before.Sub(f.class(types.ClassStandard).Bond.Amount), f.balance(proposer))
				require.Equal(t, supply.Sub(f.class(types.ClassStandard).Bond.Amount), f.app.BankKeeper.GetSupply(f.ctx(), denom).Amount)
			} else {
				require.Equal(t, before, f.balance(proposer))
			}
			f.checkGov()
		})
	}
}

// Quorum is a fraction of the snapshot total power: 10 % for standard.
func TestProposalQuorum(t *testing.T) {
	f := newGovFixture(t, 10)
	big := f.addrs[9]
	f.lock(big, 90*govLock) // big has 99 of 190 units... but only after vesting
	f.advance(vest + window)
	id := f.submit(f.addrs[0], types.ClassStandard)
	f.toVoting(id)
	total := f.proposal(id).SnapshotTotalPower
	require.Equal(t, math.NewInt(100*govLock), total)
	// 9 % of the total votes: fails quorum
	for i := 0; i < 9; i++ {
		f.mustVote(f.addrs[i], id, types.VOTE_OPTION_YES)
	}
	tally, err := newQuery(f).Tally(f.ctx(), &types.QueryTallyRequest{ProposalId: id})
	require.NoError(t, err)
	require.Equal(t, types.PROPOSAL_STATUS_FAILED_QUORUM, tally.StatusIfEndedNow)
	require.Equal(t, math.NewInt(10*govLock), tally.QuorumPower)
	require.Equal(t, types.PROPOSAL_STATUS_FAILED_QUORUM, f.toEnd(id).Status)

	// exactly 10 % reaches quorum
	id = f.submit(f.addrs[0], types.ClassStandard)
	f.toVoting(id)
	for i := 0; i < 9; i++ {
		f.mustVote(f.addrs[i], id, types.VOTE_OPTION_YES)
	}
	_, err = f.msgs.VoteWeighted(f.ctx(), &types.MsgVoteWeighted{Voter: big.String(), ProposalId: id, Options: []types.WeightedVoteOption{
		{Option: types.VOTE_OPTION_NO, Weight: math.LegacyNewDecWithPrec(1, 2)},
		{Option: types.VOTE_OPTION_ABSTAIN, Weight: math.LegacyNewDecWithPrec(99, 2)},
	}})
	require.NoError(t, err)
	f.endBlock()
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, f.toEnd(id).Status)
	f.checkGov()
}

// Each class's threshold, electorate and periods apply.
func TestProposalClassRules(t *testing.T) {
	t.Run("constitution needs 80 percent, inclusive", func(t *testing.T) {
		f := newGovFixture(t, 5)
		id := f.submit(f.addrs[0], types.ClassConstitution, &types.MsgSetConstitution{Authority: f.authority(), Constitution: "We, the agents..."})
		f.toVoting(id)
		for i := 0; i < 4; i++ {
			f.mustVote(f.addrs[i], id, types.VOTE_OPTION_YES)
		}
		f.mustVote(f.addrs[4], id, types.VOTE_OPTION_NO) // exactly 80 %
		f.toEnd(id)
		require.Equal(t, types.PROPOSAL_STATUS_EXECUTED, f.toExecution(id).Status)
		res, err := newQuery(f).Constitution(f.ctx(), &types.QueryConstitutionRequest{})
		require.NoError(t, err)
		require.Equal(t, "We, the agents...", res.Constitution)

		id = f.submit(f.addrs[0], types.ClassConstitution, &types.MsgSetConstitution{Authority: f.authority(), Constitution: "v2"})
		f.toVoting(id)
		for i := 0; i < 3; i++ {
			f.mustVote(f.addrs[i], id, types.VOTE_OPTION_YES)
		}
		f.mustVote(f.addrs[3], id, types.VOTE_OPTION_NO) // 75 %
		require.Equal(t, types.PROPOSAL_STATUS_REJECTED, f.toEnd(id).Status)
	})

	t.Run("routine is voted by the committee, one vote each", func(t *testing.T) {
		f := newGovFixture(t, 5)
		outsider := f.addrs[4]
		id := f.submit(outsider, types.ClassRoutine)
		p := f.proposal(id)
		require.Equal(t, math.NewInt(3), p.SnapshotTotalPower, "committee size")
		f.toVoting(id)
		_, err := f.vote(outsider, id, types.VOTE_OPTION_YES)
		require.ErrorIs(t, err, types.ErrNotMember)
		require.Equal(t, math.OneInt(), f.mustVote(f.addrs[0], id, types.VOTE_OPTION_YES))
		_, err = f.msgs.VoteWeighted(f.ctx(), &types.MsgVoteWeighted{Voter: f.addrs[1].String(), ProposalId: id, Options: []types.WeightedVoteOption{
			{Option: types.VOTE_OPTION_YES, Weight: math.LegacyNewDecWithPrec(5, 1)},
			{Option: types.VOTE_OPTION_NO, Weight: math.LegacyNewDecWithPrec(5, 1)},
		}})
		require.ErrorIs(t, err, types.ErrInvalidVote, "members vote one option")
		f.mustVote(f.addrs[1], id, types.VOTE_OPTION_YES)
		require.Equal(t, types.PROPOSAL_STATUS_PASSED, f.toEnd(id).Status, "2 of 3 members")

		id = f.submit(outsider, types.ClassRoutine)
		f.toVoting(id)
		f.mustVote(f.addrs[0], id, types.VOTE_OPTION_YES)
		require.Equal(t, types.PROPOSAL_STATUS_FAILED_QUORUM, f.toEnd(id).Status, "1 of 3 members is no majority")
	})

	t.Run("emergency needs council approvals", func(t *testing.T) {
		f := newGovFixture(t, 5)
		f.fundTreasury(100)
		r := f.addrs[4]
		for _, approvals := range []int{2, 3} {
			id := f.submit(r, types.ClassEmergency, f.spend(r, 50))
			require.Equal(t, types.PROPOSAL_STATUS_VOTING, f.proposal(id).Status, "no challenge period")
			for i := 0; i < approvals; i++ {
				_, err := f.msgs.Approve(f.ctx(), &types.MsgApprove{Member: f.addrs[i].String(), ProposalId: id})
				require.NoError(t, err)
			}
			_, err := f.msgs.Approve(f.ctx(), &types.MsgApprove{Member: f.addrs[0].String(), ProposalId: id})
			require.ErrorIs(t, err, types.ErrAlreadyRuled)
			_, err = f.msgs.Approve(f.ctx(), &types.MsgApprove{Member: r.String(), ProposalId: id})
			require.ErrorIs(t, err, types.ErrNotMember)
			f.mustVote(f.addrs[0], id, types.VOTE_OPTION_YES)
			f.toEnd(id)
			p := f.toExecution(id)
			if approvals < 3 {
				require.Equal(t, types.PROPOSAL_STATUS_NOT_APPROVED, p.Status)
				require.Contains(t, p.Result, "2 council approvals, 3 needed")
			} else {
				require.Equal(t, types.PROPOSAL_STATUS_EXECUTED, p.Status)
			}
		}
		std := f.submit(r, types.ClassStandard)
		_, err := f.msgs.Approve(f.ctx(), &types.MsgApprove{Member: f.addrs[0].String(), ProposalId: std})
		require.ErrorIs(t, err, types.ErrApprovalNotNeeded)
		f.checkGov()
	})

	t.Run("voting period within the class bounds", func(t *testing.T) {
		f := newGovFixture(t, 1)
		msg := f.submitMsg(f.addrs[0], types.ClassImportant)
		msg.VotingPeriod = 20 * 24 * time.Hour
		res, err := f.msgs.SubmitProposal(f.ctx(), msg)
		require.NoError(t, err)
		require.Equal(t, 20*24*time.Hour, f.proposal(res.ProposalId).VotingPeriod)
		for _, d := range []time.Duration{13 * 24 * time.Hour, 22 * 24 * time.Hour, -time.Hour} {
			msg.VotingPeriod = d
			_, err := f.msgs.SubmitProposal(f.ctx(), msg)
			require.ErrorIs(t, err, types.ErrInvalidVotingPeriod, "%s", d)
		}
	})
}

func TestSubmitProposalBadInput(t *testing.T) {
	f := newGovFixture(t, 2)
	a := f.addrs[0]
	poor := sdk.AccAddress([]byte("account-with-no-lock"))
	upgrade := &upgradetypes.MsgSoftwareUpgrade{Authority: f.authority(), Plan: upgradetypes.Plan{Name: "v2", Height: 1000}}
	cases := []struct {
		name string
		msg  *types.MsgSubmitProposal
		err  error
		text string
	}{
		{"unknown class", f.submitMsg(a, "supreme"), types.ErrUnknownClass, "routine, standard"},
		{"upgrade in a standard proposal", f.submitMsg(a, types.ClassStandard, upgrade), types.ErrMessageNotAllowed, "needs a proposal of class important"},
		{"dao params in an important proposal", f.submitMsg(a, types.ClassImportant, &types.MsgUpdateParams{Authority: f.authority(), Params: f.params}), types.ErrMessageNotAllowed, "major"},
		{"committee change in an emergency", f.submitMsg(a, types.ClassEmergency, &types.MsgUpdateCommittee{Authority: f.authority(), Add: []string{a.String()}}), types.ErrMessageNotAllowed, "major"},
		{"constitution in a major proposal", f.submitMsg(a, types.ClassMajor, &types.MsgSetConstitution{Authority: f.authority(), Constitution: "x"}), types.ErrMessageNotAllowed, "constitution"},
		{"signer not the authority", f.submitMsg(a, types.ClassStandard, &banktypes.MsgSend{FromAddress: a.String(), ToAddress: a.String(), Amount: sdk.NewCoins(sdk.NewInt64Coin(denom, 1))}), types.ErrInvalidProposalMsg, "signed by the dao authority"},
		{"no title", func() *types.MsgSubmitProposal { m := f.submitMsg(a, types.ClassStandard); m.Title = " "; return m }(), types.ErrInvalidProposalText, "title"},
		{"title too long", func() *types.MsgSubmitProposal {
			m := f.submitMsg(a, types.ClassStandard)
			m.Title = strings.Repeat("x", int(f.params.MaxTitleLength)+1)
			return m
		}(), types.ErrProposalTooLarge, "title"},
		{"summary too long", func() *types.MsgSubmitProposal {
			m := f.submitMsg(a, types.ClassStandard)
			m.Summary = strings.Repeat("x", int(f.params.MaxSummaryLength)+1)
			return m
		}(), types.ErrProposalTooLarge, "summary"},
		{"too many messages", func() *types.MsgSubmitProposal {
			msgs := make([]sdk.Msg, f.params.MaxMessages+1)
			for i := range msgs {
				msgs[i] = f.spend(a, 1)
			}
			return f.submitMsg(a, types.ClassStandard, msgs...)
		}(), types.ErrProposalTooLarge, "messages"},
		{"constitution too long", f.submitMsg(a, types.ClassConstitution, &types.MsgSetConstitution{Authority: f.authority(), Constitution: strings.Repeat("x", int(f.params.MaxConstitutionLength)+1)}), types.ErrProposalTooLarge, "constitution"},
		{"no voting power", f.submitMsg(poor, types.ClassStandard), types.ErrInsufficientPower, "needs"},
		{"bad proposer", func() *types.MsgSubmitProposal {
			m := f.submitMsg(a, types.ClassStandard)
			m.Proposer = "aitbc1bad"
			return m
		}(), types.ErrInvalidAddress, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := f.balance(a)
			_, err := f.msgs.SubmitProposal(f.ctx(), tc.msg)
			require.ErrorIs(t, err, tc.err)
			require.ErrorContains(t, err, tc.text)
			require.Equal(t, before, f.balance(a), "no bond taken")
		})
	}

	// a bond the proposer cannot pay
	f2 := newGovFixture(t, 1)
	broke := f2.addrs[0]
	f2.app.BankKeeper.SendCoins(f2.ctx(), broke, f2.app.Funded, sdk.NewCoins(sdk.NewCoin(denom, f2.balance(broke).SubRaw(10))))
	_, err := f2.msgs.SubmitProposal(f2.ctx(), f2.submitMsg(broke, types.ClassStandard))
	require.ErrorContains(t, err, "insufficient funds")
	seq, err := f2.k.ProposalSeq.Peek(f2.ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(1), seq, "no proposal stored")
	f.checkGov()
}

func TestVoteBadInput(t *testing.T) {
	f := newGovFixture(t, 2)
	a := f.addrs[0]
	id := f.submit(a, types.ClassStandard)
	f.toVoting(id)
	stranger := sdk.AccAddress([]byte("never-locked-anything"))
	_, err := f.vote(stranger, id, types.VOTE_OPTION_YES)
	require.ErrorIs(t, err, types.ErrNoVotingPower)
	_, err = f.vote(a, 999, types.VOTE_OPTION_YES)
	require.ErrorIs(t, err, types.ErrProposalNotFound)
	_, err = f.vote(a, id, types.VOTE_OPTION_UNSPECIFIED)
	require.ErrorIs(t, err, types.ErrInvalidVote)
	_, err = f.vote(a, id, types.VoteOption(9))
	require.ErrorIs(t, err, types.ErrInvalidVote)
	for _, opts := range [][]types.WeightedVoteOption{
		{{Option: types.VOTE_OPTION_YES, Weight: math.LegacyNewDecWithPrec(5, 1)}},
		{{Option: types.VOTE_OPTION_YES, Weight: math.LegacyNewDecWithPrec(5, 1)}, {Option: types.VOTE_OPTION_YES, Weight: math.LegacyNewDecWithPrec(5, 1)}},
		{{Option: types.VOTE_OPTION_YES, Weight: math.LegacyNewDec(2)}, {Option: types.VOTE_OPTION_NO, Weight: math.LegacyNewDec(-1)}},
		{},
	} {
		_, err := f.msgs.VoteWeighted(f.ctx(), &types.MsgVoteWeighted{Voter: a.String(), ProposalId: id, Options: opts})
		require.ErrorIs(t, err, types.ErrInvalidVote)
	}
	_, err = f.msgs.Vote(f.ctx(), &types.MsgVote{Voter: "nope", ProposalId: id, Option: types.VOTE_OPTION_YES})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	require.True(t, f.proposal(id).Tally.Yes.IsZero(), "nothing counted")
	votes, err := newQuery(f).Votes(f.ctx(), &types.QueryVotesRequest{ProposalId: id})
	require.NoError(t, err)
	require.Empty(t, votes.Votes, "failed votes store nothing")
}

// A message class resolver raises the class a message needs from what the
// message carries; it never lowers the param's class, and its errors refuse
// the proposal.
func TestMessageClassResolver(t *testing.T) {
	f := newGovFixture(t, 2)
	a := f.addrs[0]
	f.fundTreasury(1_000_000)
	sendURL := sdk.MsgTypeURL(&banktypes.MsgSend{})
	f.k.RegisterMessageClassResolver(sendURL, func(_ context.Context, msg sdk.Msg) (string, error) {
		switch amount := msg.(*banktypes.MsgSend).Amount.AmountOf(denom).Int64(); {
		case amount == 13:
			return "", errors.New("unlucky amount")
		case amount == 7:
			return "supreme", nil
		case amount > 1000:
			return types.ClassImportant, nil
		case amount > 100:
			return types.ClassRoutine, nil
		}
		return "", nil
	})
	require.Panics(t, func() { f.k.RegisterMessageClassResolver(sendURL, nil) }, "one resolver per type")

	cases := []struct {
		name   string
		class  string
		amount int64
		err    error
		text   string
	}{
		{"no opinion: the param's class", types.ClassStandard, 50, nil, ""},
		{"a lower class does not lower the param's", types.ClassRoutine, 500, types.ErrMessageNotAllowed, "needs a proposal of class standard or higher"},
		{"raised above the proposal's class", types.ClassStandard, 5000, types.ErrMessageNotAllowed, "needs a proposal of class important or higher"},
		{"raised and met", types.ClassImportant, 5000, nil, ""},
		{"resolver error", types.ClassMajor, 13, types.ErrInvalidProposalMsg, "unlucky amount"},
		{"unknown class", types.ClassMajor, 7, types.ErrUnknownClass, `needs class "supreme"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.msgs.SubmitProposal(f.ctx(), f.submitMsg(a, tc.class, f.spend(a, tc.amount)))
			if tc.err == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.err)
			require.ErrorContains(t, err, tc.text)
		})
	}
	f.checkGov()
}

// A class removed by a params change while a proposal of it votes: the
// proposal is rejected at the end of voting and its bond goes back, so the
// bonds account holds exactly the open bonds.
func TestEndVotingWithRemovedClassReturnsBond(t *testing.T) {
	f := newGovFixture(t, 4)
	f.fundTreasury(100) // the spends below must succeed in the dry run at submission
	proposer := f.addrs[0]
	without := f.params
	with := f.params
	extra := f.class(types.ClassStandard)
	extra.Name = "extra"
	with.Classes = append(append([]types.ProposalClass(nil), with.Classes...), extra)
	f.setParams(with)

	before := f.balance(proposer)
	id := f.submit(proposer, "extra", f.spend(proposer, 1))
	require.Equal(t, before.Sub(extra.Bond.Amount), f.balance(proposer), "bond escrowed")
	f.toVoting(id)
	f.setParams(without)

	p := f.toEnd(id)
	require.Equal(t, types.PROPOSAL_STATUS_REJECTED, p.Status)
	require.Contains(t, p.Result, `class "extra" no longer exists`)
	require.Equal(t, before, f.balance(proposer), "bond returned")
	f.checkGov()
}
