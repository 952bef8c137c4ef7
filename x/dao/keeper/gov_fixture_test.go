package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

const govLock = 10_000_000_000 // 10,000 AITBC locked per voter

// newGovFixture returns a fixture whose accounts have all locked govLock
// long enough for full power, with a committee of the first three accounts
// and the fourth as alternate, and no vote cap unless a test sets one.
func newGovFixture(t testing.TB, n int) *fixture {
	t.Helper()
	f := newFixture(t, n)
	params := f.params
	params.MaxPowerFraction = math.LegacyOneDec()
	f.setParams(params)
	for _, a := range f.addrs {
		f.lock(a, govLock)
	}
	if n >= 4 {
		termEnd := f.now.Add(params.CommitteeTerm)
		require.NoError(t, f.k.Committee.Set(f.ctx(), types.Committee{
			Members: []types.Member{
				{Address: f.addrs[0].String(), TermEnd: termEnd},
				{Address: f.addrs[1].String(), TermEnd: termEnd},
				{Address: f.addrs[2].String(), TermEnd: termEnd},
			},
			Alternates: []string{f.addrs[3].String()},
		}))
	}
	f.advance(vest + window)
	return f
}

func (f *fixture) setParams(p types.Params) {
	f.t.Helper()
	require.NoError(f.t, f.k.SetParams(f.ctx(), p))
	f.params = p
}

func (f *fixture) authority() string { return f.k.GetAuthority() }

func (f *fixture) class(name string) types.ProposalClass {
	c, ok := f.params.Class(name)
	require.True(f.t, ok, name)
	return c
}

func anys(t testing.TB, msgs ...sdk.Msg) []*codectypes.Any {
	t.Helper()
	out := make([]*codectypes.Any, len(msgs))
	for i, m := range msgs {
		a, err := codectypes.NewAnyWithValue(m)
		require.NoError(t, err)
		out[i] = a
	}
	return out
}

func (f *fixture) submitMsg(proposer sdk.AccAddress, class string, msgs ...sdk.Msg) *types.MsgSubmitProposal {
	return &types.MsgSubmitProposal{Proposer: proposer.String(), Class: class, Title: "A proposal", Summary: "Why", Messages: anys(f.t, msgs...)}
}

func (f *fixture) submit(proposer sdk.AccAddress, class string, msgs ...sdk.Msg) uint64 {
	f.t.Helper()
	res, err := f.msgs.SubmitProposal(f.ctx(), f.submitMsg(proposer, class, msgs...))
	require.NoError(f.t, err)
	return res.ProposalId
}

func (f *fixture) proposal(id uint64) types.Proposal {
	f.t.Helper()
	p, err := f.k.GetProposal(f.ctx(), id)
	require.NoError(f.t, err)
	return p
}

// vote sends a vote in a block of its own at the fixture's time: its
// EndBlock folds the vote into the running tally (pending_tally.go).
func (f *fixture) vote(voter sdk.AccAddress, id uint64, option types.VoteOption) (math.Int, error) {
	res, err := f.msgs.Vote(f.ctx(), &types.MsgVote{Voter: voter.String(), ProposalId: id, Option: option})
	if err != nil {
		return math.Int{}, err
	}
	f.endBlock()
	return res.Weight, nil
}

// endBlock ends the block at the fixture's time and returns its context,
// with the events EndBlock emitted.
func (f *fixture) endBlock() sdk.Context {
	f.t.Helper()
	ctx := f.ctx()
	require.NoError(f.t, f.k.EndBlocker(ctx))
	return ctx
}

func (f *fixture) mustVote(voter sdk.AccAddress, id uint64, option types.VoteOption) math.Int {
	f.t.Helper()
	w, err := f.vote(voter, id, option)
	require.NoError(f.t, err)
	return w
}

// toVoting advances past the challenge period of a proposal.
func (f *fixture) toVoting(id uint64) {
	f.t.Helper()
	p := f.proposal(id)
	if p.Status == types.PROPOSAL_STATUS_CHALLENGE {
		f.advance(p.ChallengeEndTime.Sub(f.now))
	}
	require.Equal(f.t, types.PROPOSAL_STATUS_VOTING, f.proposal(id).Status)
}

// toEnd advances to the end of voting.
func (f *fixture) toEnd(id uint64) types.Proposal {
	f.t.Helper()
	p := f.proposal(id)
	f.advance(p.VotingEndTime.Sub(f.now))
	return f.proposal(id)
}

// toExecution advances to the end of the timelock.
func (f *fixture) toExecution(id uint64) types.Proposal {
	f.t.Helper()
	p := f.proposal(id)
	require.Equal(f.t, types.PROPOSAL_STATUS_PASSED, p.Status)
	f.advance(p.ExecutionTime.Sub(f.now))
	return f.proposal(id)
}

// checkGov asserts every x/dao invariant.
func (f *fixture) checkGov() {
	f.t.Helper()
	f.checkInvariants()
	require.NoError(f.t, f.k.CheckBonds(f.ctx()))
	require.NoError(f.t, f.k.CheckTallies(f.ctx()))
	require.NoError(f.t, f.k.CheckVoteRecords(f.ctx()))
}

func (f *fixture) treasury() sdk.AccAddress { return authtypes.NewModuleAddress(types.ModuleName) }

// spend is a message the dao authority may sign: a bank send out of the
// treasury to addr.
func (f *fixture) spend(to sdk.AccAddress, amount int64) sdk.Msg {
	return &banktypes.MsgSend{FromAddress: f.authority(), ToAddress: to.String(), Amount: sdk.NewCoins(sdk.NewInt64Coin(denom, amount))}
}

func (f *fixture) fundTreasury(amount int64) {
	f.t.Helper()
	// Create the module account first: funding its bare address would make
	// it a plain account, which module-to-module sends then refuse.
	f.app.AccountKeeper.GetModuleAccount(f.ctx(), types.ModuleName)
	f.app.Fund(f.t, f.ctx(), f.treasury(), sdk.NewCoins(sdk.NewInt64Coin(denom, amount)))
}

var _ = time.Second
