package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	daokeeper "github.com/aitbc/aitbc/x/dao/keeper"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// daoFlow drives real x/dao proposals: three committee members who locked
// tokens long enough to propose, and a clock that runs the dao blockers.
type daoFlow struct {
	*fixture
	dao     daotypes.MsgServer
	members []sdk.AccAddress
}

func newDaoFlow(t *testing.T) *daoFlow {
	f := newFixture(t)
	d := &daoFlow{fixture: f, dao: daokeeper.NewMsgServerImpl(f.app.DaoKeeper), members: []sdk.AccAddress{f.core, f.core2, f.stranger}}
	for _, m := range append(d.members, f.contributors[0]) {
		f.app.Fund(t, f.ctx(), m, sdk.NewCoins(sdk.NewInt64Coin(denom, 100_000_000_000)))
		_, err := d.dao.Lock(f.ctx(), &daotypes.MsgLock{Owner: m.String(), Amount: sdk.NewInt64Coin(denom, 10_000_000_000)})
		require.NoError(t, err)
	}
	termEnd := f.now.Add(365 * 24 * time.Hour)
	require.NoError(t, f.app.DaoKeeper.Committee.Set(f.ctx(), daotypes.Committee{
		Members: []daotypes.Member{
			{Address: d.members[0].String(), TermEnd: termEnd}, {Address: d.members[1].String(), TermEnd: termEnd}, {Address: d.members[2].String(), TermEnd: termEnd},
		},
		Alternates: []string{f.contributors[0].String()},
	}))
	d.advance(8 * 24 * time.Hour) // vesting and the averaging window
	return d
}

// advance moves the clock and runs the dao blockers, as a block would.
func (d *daoFlow) advance(dt time.Duration) {
	d.t.Helper()
	d.now = d.now.Add(dt)
	ctx := d.ctx()
	require.NoError(d.t, d.app.DaoKeeper.BeginBlocker(ctx))
	require.NoError(d.t, d.app.DaoKeeper.EndBlocker(ctx))
}

func (d *daoFlow) submitProposal(class string, msgs ...sdk.Msg) (uint64, error) {
	anys := make([]*codectypes.Any, len(msgs))
	for i, m := range msgs {
		a, err := codectypes.NewAnyWithValue(m)
		require.NoError(d.t, err)
		anys[i] = a
	}
	var id uint64
	err := d.exec(func(ctx sdk.Context) error {
		res, err := d.dao.SubmitProposal(ctx, &daotypes.MsgSubmitProposal{
			Proposer: d.members[0].String(), Class: class, Title: "sourcedao", Summary: "keeper test", Messages: anys,
			VotingPeriod: 24 * time.Hour,
		})
		if err == nil {
			id = res.ProposalId
		}
		return err
	})
	return id, err
}

// pass runs a routine proposal to its end: the challenge period, a yes
// vote of every member, the end of voting; it returns the proposal.
func (d *daoFlow) pass(id uint64) daotypes.Proposal {
	d.t.Helper()
	p, err := d.app.DaoKeeper.GetProposal(d.ctx(), id)
	require.NoError(d.t, err)
	d.advance(p.ChallengeEndTime.Sub(d.now))
	for _, m := range d.members {
		_, err := d.dao.Vote(d.ctx(), &daotypes.MsgVote{Voter: m.String(), ProposalId: id, Option: daotypes.VOTE_OPTION_YES})
		require.NoError(d.t, err)
	}
	p, err = d.app.DaoKeeper.GetProposal(d.ctx(), id)
	require.NoError(d.t, err)
	d.advance(p.VotingEndTime.Sub(d.now))
	d.advance(time.Second)
	p, err = d.app.DaoKeeper.GetProposal(d.ctx(), id)
	require.NoError(d.t, err)
	return p
}

// Approvals executed through x/dao: the routine class carries a committee
// approval of a small budget; a large budget in a routine proposal, or an
// unknown project, or a stale digest (by the dry run) is refused at submission;
// a threshold lowered while the proposal waits fails at execution and changes nothing;
// stage advances cannot ride in a routine proposal.
func TestApprovalsThroughDaoProposals(t *testing.T) {
	d := newDaoFlow(t)
	_, err := d.advanceStage()
	require.NoError(t, err)
	authority := d.authority

	_, err = d.submitProposal(daotypes.ClassRoutine, &types.MsgAdvanceStage{Authority: authority})
	require.ErrorIs(t, err, daotypes.ErrMessageNotAllowed, "a stage advance needs a major proposal")
	_, err = d.submitProposal(daotypes.ClassRoutine, &types.MsgRevokeDan{Authority: authority, Address: d.core.String()})
	require.ErrorIs(t, err, daotypes.ErrMessageNotAllowed, "DAN revocation needs a major proposal")

	id, err := d.submitProposal(daotypes.ClassRoutine, &types.MsgSetCoreDevelopers{Authority: authority, Developers: []string{d.core.String()}})
	require.NoError(t, err)
	p := d.pass(id)
	require.Equalf(t, daotypes.PROPOSAL_STATUS_EXECUTED, p.Status, "result: %s", p.Result)
	dev, err := d.k.Developer(d.ctx(), d.core)
	require.NoError(t, err)
	require.True(t, dev.Core)

	small := d.create(d.core, "small", 1, 1_000_000)
	big := d.create(d.core, "big", 1, 100_000_000_001) // over the 100,000 AITBC threshold
	digest := d.project(small).CreationDigest

	// x/dao dry-runs a proposal's messages at submission: a stale digest
	// is refused then, before any bond is taken.
	_, err = d.submitProposal(daotypes.ClassRoutine, &types.MsgApproveProject{
		Authority: authority, ProjectId: small, Phase: types.APPROVAL_PHASE_CREATION, Approve: true, Digest: "ab" + digest[2:],
	})
	require.ErrorIs(t, err, daotypes.ErrDryRunFailed)
	require.Contains(t, err.Error(), types.ErrDigestMismatch.Error())
	require.Equal(t, types.PROJECT_STATE_PREPARING, d.project(small).State)

	_, err = d.submitProposal(daotypes.ClassRoutine, &types.MsgApproveProject{
		Authority: authority, ProjectId: big, Phase: types.APPROVAL_PHASE_CREATION, Approve: true, Digest: d.project(big).CreationDigest,
	})
	require.ErrorIs(t, err, daotypes.ErrMessageNotAllowed, "a large budget needs an important proposal, checked at submission")
	require.Contains(t, err.Error(), "needs a proposal of class important or higher")
	_, err = d.submitProposal(daotypes.ClassRoutine, &types.MsgApproveProject{
		Authority: authority, ProjectId: 99, Phase: types.APPROVAL_PHASE_CREATION, Approve: true, Digest: digest,
	})
	require.ErrorIs(t, err, daotypes.ErrInvalidProposalMsg, "an approval of no project")
	require.Contains(t, err.Error(), types.ErrProjectNotFound.Error())

	// The threshold is read again at execution: lowered while a routine
	// approval waits, the approval fails and changes nothing.
	lowered, err := d.submitProposal(daotypes.ClassRoutine, &types.MsgApproveProject{
		Authority: authority, ProjectId: small, Phase: types.APPROVAL_PHASE_CREATION, Approve: true, Digest: digest,
	})
	require.NoError(t, err)
	d.setParams(func(p *types.Params) { p.ImportantBudgetThreshold = math.NewInt(999_999) })
	p = d.pass(lowered)
	require.Equal(t, daotypes.PROPOSAL_STATUS_EXECUTION_FAILED, p.Status)
	require.Contains(t, p.Result, types.ErrClassTooLow.Error())
	require.Equal(t, types.PROJECT_STATE_PREPARING, d.project(small).State)
	d.check()
	d.setParams(func(p *types.Params) { p.ImportantBudgetThreshold = math.NewInt(100_000_000_000) })

	ok, err := d.submitProposal(daotypes.ClassRoutine, &types.MsgApproveProject{
		Authority: authority, ProjectId: small, Phase: types.APPROVAL_PHASE_CREATION, Approve: true, Digest: digest,
	})
	require.NoError(t, err)
	p = d.pass(ok)
	require.Equalf(t, daotypes.PROPOSAL_STATUS_EXECUTED, p.Status, "result: %s", p.Result)
	pr := d.project(small)
	require.Equal(t, types.PROJECT_STATE_DEVELOPING, pr.State)
	require.Equal(t, ok, pr.CreationProposal)
	d.requirePool(poolSupply.Int64()-poc, poc-1_000_000, 1_000_000, 0, 0)
}
