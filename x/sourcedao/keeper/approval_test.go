package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	daotypes "github.com/aitbc/aitbc/x/dao/types"
	"github.com/aitbc/aitbc/x/sourcedao/types"
)

func inProposal(class string, rank uint32) func(sdk.Context) sdk.Context {
	return func(ctx sdk.Context) sdk.Context {
		return daotypes.WithExecutingProposal(ctx, daotypes.ExecutingProposal{Id: 42, Class: class, Rank: rank})
	}
}

// An approval binds the digest of what it approves: a wrong or stale
// digest is refused, and so is an approval of the wrong phase.
func TestApprovalBindsTheDigest(t *testing.T) {
	f := newFixture(t)
	f.ready()
	id := f.create(f.core, "indexer", 1, 1_000_000)
	creation := f.project(id).CreationDigest

	_, err := f.msgs.ApproveProject(f.ctx(), &types.MsgApproveProject{Authority: f.stranger.String(), ProjectId: id, Phase: types.APPROVAL_PHASE_CREATION, Approve: true, Digest: creation})
	require.ErrorIs(t, err, types.ErrInvalidSigner)
	require.ErrorIs(t, f.approve(id, types.APPROVAL_PHASE_CREATION, true, "00"+creation[2:]), types.ErrDigestMismatch)
	require.ErrorIs(t, f.approve(id, types.APPROVAL_PHASE_CREATION, true, ""), types.ErrDigestMismatch)
	require.ErrorIs(t, f.approve(id, types.APPROVAL_PHASE_ACCEPTANCE, true, creation), types.ErrInvalidState)
	require.ErrorIs(t, f.approve(id, types.APPROVAL_PHASE_UNSPECIFIED, true, creation), types.ErrInvalidApproval)
	require.ErrorIs(t, f.approve(99, types.APPROVAL_PHASE_CREATION, true, creation), types.ErrProjectNotFound)
	require.Equal(t, types.PROJECT_STATE_PREPARING, f.project(id).State)

	require.NoError(t, f.approveIn(inProposal(daotypes.ClassRoutine, 0), id, types.APPROVAL_PHASE_CREATION, true, creation))
	require.Equal(t, uint64(42), f.project(id).CreationProposal, "the approving proposal is recorded")
	require.ErrorIs(t, f.approve(id, types.APPROVAL_PHASE_CREATION, true, creation), types.ErrInvalidState, "creation is decided once")

	a, b := f.contributors[0], f.contributors[1]
	d1, err := f.submit(f.core, id, types.ACCEPTANCE_LEVEL_EXCELLENT, contribs(a, 9, b, 1))
	require.NoError(t, err)
	// The committee rejects; the manager resubmits a different list: the
	// first digest (e.g. in a proposal voted earlier) no longer approves.
	require.NoError(t, f.approve(id, types.APPROVAL_PHASE_ACCEPTANCE, false, d1))
	p := f.project(id)
	require.Equal(t, types.PROJECT_STATE_ACCEPTING, p.State)
	require.True(t, p.AcceptanceRejected)
	require.ErrorIs(t, f.approve(id, types.APPROVAL_PHASE_ACCEPTANCE, true, d1), types.ErrInvalidState, "nothing pending after a rejection")
	d2, err := f.submit(f.core, id, types.ACCEPTANCE_LEVEL_EXCELLENT, contribs(a, 1, b, 9))
	require.NoError(t, err)
	require.NotEqual(t, d1, d2)
	require.False(t, f.project(id).AcceptanceRejected)
	require.ErrorIs(t, f.approve(id, types.APPROVAL_PHASE_ACCEPTANCE, true, d1), types.ErrDigestMismatch, "stale digest")
	require.ErrorIs(t, f.approve(id, types.APPROVAL_PHASE_CREATION, true, creation), types.ErrInvalidState)
	f.check()
	require.NoError(t, f.approve(id, types.APPROVAL_PHASE_ACCEPTANCE, true, d2))
	require.Equal(t, types.PROJECT_STATE_FINISHED, f.project(id).State)
	f.check()
	// What was approved is what is paid: b has 9 of 10.
	amt, err := f.claim(b, id)
	require.NoError(t, err)
	require.Equal(t, "1080000", amt.String())
}

// Budgets over important_budget_threshold need an important (or higher)
// proposal for both approvals.
func TestLargeBudgetsNeedAnImportantProposal(t *testing.T) {
	f := newFixture(t)
	f.ready()
	f.setParams(func(p *types.Params) { p.ImportantBudgetThreshold = math.NewInt(1_000_000) })
	small := f.create(f.core, "small", 1, 1_000_000)
	big := f.create(f.core, "big", 1, 1_000_001)

	require.NoError(t, f.approveIn(inProposal(daotypes.ClassRoutine, 0), small, types.APPROVAL_PHASE_CREATION, true, f.project(small).CreationDigest),
		"at the threshold the committee decides")
	digest := f.project(big).CreationDigest
	require.ErrorIs(t, f.approve(big, types.APPROVAL_PHASE_CREATION, true, digest), types.ErrClassTooLow, "not inside a proposal")
	require.ErrorIs(t, f.approveIn(inProposal(daotypes.ClassRoutine, 0), big, types.APPROVAL_PHASE_CREATION, true, digest), types.ErrClassTooLow)
	require.ErrorIs(t, f.approveIn(inProposal(daotypes.ClassStandard, 1), big, types.APPROVAL_PHASE_CREATION, false, digest), types.ErrClassTooLow, "rejections too")
	require.Equal(t, types.PROJECT_STATE_PREPARING, f.project(big).State)
	require.NoError(t, f.approveIn(inProposal(daotypes.ClassImportant, 2), big, types.APPROVAL_PHASE_CREATION, true, digest))
	f.check()

	d, err := f.submit(f.core, big, types.ACCEPTANCE_LEVEL_GOOD, contribs(f.contributors[0], 1))
	require.NoError(t, err)
	require.ErrorIs(t, f.approveIn(inProposal(daotypes.ClassRoutine, 0), big, types.APPROVAL_PHASE_ACCEPTANCE, true, d), types.ErrClassTooLow)
	require.NoError(t, f.approveIn(inProposal(daotypes.ClassMajor, 3), big, types.APPROVAL_PHASE_ACCEPTANCE, true, d))
	require.Equal(t, types.PROJECT_STATE_FINISHED, f.project(big).State)
	f.check()
}

// Creation rejected, cancel from preparing, cancel after a rejected
// acceptance, and expiry: each ends rejected and returns any reservation.
func TestRejectionCancelAndExpiry(t *testing.T) {
	f := newFixture(t)
	f.ready()
	const budget = 5_000_000

	rejected := f.create(f.core, "rejected", 1, budget)
	require.NoError(t, f.approve(rejected, types.APPROVAL_PHASE_CREATION, false, f.project(rejected).CreationDigest))
	p := f.project(rejected)
	require.Equal(t, types.PROJECT_STATE_REJECTED, p.State)
	require.Equal(t, "creation rejected", p.Reason)
	f.requirePool(poolSupply.Int64()-poc, poc, 0, 0, 0)

	cancel := func(manager sdk.AccAddress, id uint64) error {
		return f.exec(func(ctx sdk.Context) error {
			_, err := f.msgs.CancelProject(ctx, &types.MsgCancelProject{Manager: manager.String(), ProjectId: id})
			return err
		})
	}
	rejectExpired := func(id uint64) error {
		return f.exec(func(ctx sdk.Context) error {
			_, err := f.msgs.RejectExpired(ctx, &types.MsgRejectExpired{Sender: f.stranger.String(), ProjectId: id})
			return err
		})
	}
	require.ErrorIs(t, cancel(f.core, rejected), types.ErrInvalidState)

	prep := f.create(f.core, "prep", 1, budget)
	require.ErrorIs(t, cancel(f.core2, prep), types.ErrNotManager)
	require.NoError(t, cancel(f.core, prep))
	require.Equal(t, "cancelled", f.project(prep).Reason)
	f.requirePool(poolSupply.Int64()-poc, poc, 0, 0, 0)

	dev := f.create(f.core, "dev", 1, budget)
	f.approveCreation(dev)
	require.ErrorIs(t, cancel(f.core, dev), types.ErrInvalidState, "no cancel while developing")
	d, err := f.submit(f.core, dev, types.ACCEPTANCE_LEVEL_NORMAL, contribs(f.contributors[0], 5))
	require.NoError(t, err)
	require.ErrorIs(t, cancel(f.core, dev), types.ErrInvalidState, "no cancel while an acceptance is pending")
	require.NoError(t, f.approve(dev, types.APPROVAL_PHASE_ACCEPTANCE, false, d))
	f.requirePool(poolSupply.Int64()-poc, poc-budget, budget, 0, 0)
	require.NoError(t, cancel(f.core, dev))
	require.Equal(t, types.PROJECT_STATE_REJECTED, f.project(dev).State)
	f.requirePool(poolSupply.Int64()-poc, poc, 0, 0, 0)

	// Expiry: a developing project past its end without acceptance.
	late := f.create(f.core, "late", 1, budget)
	f.approveCreation(late)
	pending := f.create(f.core, "pending", 1, budget)
	f.approveCreation(pending)
	d, err = f.submit(f.core, pending, types.ACCEPTANCE_LEVEL_GOOD, contribs(f.contributors[1], 5))
	require.NoError(t, err)
	prepLate := f.create(f.core, "prep-late", 1, budget)
	require.ErrorIs(t, rejectExpired(late), types.ErrNotExpired)
	f.now = f.project(late).EndTime
	require.ErrorIs(t, rejectExpired(late), types.ErrNotExpired, "the end time itself is still in time")
	f.now = f.now.Add(time.Second)
	require.ErrorIs(t, f.approve(prepLate, types.APPROVAL_PHASE_CREATION, true, f.project(prepLate).CreationDigest), types.ErrProjectExpired)
	require.NoError(t, rejectExpired(late))
	require.Equal(t, "expired", f.project(late).Reason)
	require.NoError(t, rejectExpired(prepLate))
	require.ErrorIs(t, rejectExpired(pending), types.ErrInvalidState, "an acceptance submitted in time is still decided")
	require.ErrorIs(t, rejectExpired(99), types.ErrProjectNotFound)
	f.requirePool(poolSupply.Int64()-poc, poc-budget, budget, 0, 0)
	require.NoError(t, f.approve(pending, types.APPROVAL_PHASE_ACCEPTANCE, true, d))
	require.ErrorIs(t, rejectExpired(pending), types.ErrInvalidState)
	f.requirePool(poolSupply.Int64()-poc, poc-budget, 0, budget, 0)
}

// The excellent bonus comes from releasable; when it cannot cover it the
// approval fails and changes nothing, until a stage advances.
func TestExcellentBonusNeedsReleasable(t *testing.T) {
	f := newFixture(t)
	f.ready()
	f.setParams(func(p *types.Params) {
		p.MaxBudgetFraction = math.LegacyOneDec()
		p.ImportantBudgetThreshold = math.NewInt(poc)
	})
	id := f.create(f.core, "all", 1, poc)
	f.approveCreation(id)
	f.requirePool(poolSupply.Int64()-poc, 0, poc, 0, 0)
	d, err := f.submit(f.core, id, types.ACCEPTANCE_LEVEL_EXCELLENT, contribs(f.contributors[0], 1))
	require.NoError(t, err)
	require.ErrorIs(t, f.approve(id, types.APPROVAL_PHASE_ACCEPTANCE, true, d), types.ErrInsufficientBudget)
	require.Equal(t, types.PROJECT_STATE_ACCEPTING, f.project(id).State)
	f.requirePool(poolSupply.Int64()-poc, 0, poc, 0, 0)

	_, err = f.advanceStage() // MVP: 1,500,000 AITBC
	require.NoError(t, err)
	require.NoError(t, f.approve(id, types.APPROVAL_PHASE_ACCEPTANCE, true, d))
	const mvp = 1_500_000_000_000
	f.requirePool(poolSupply.Int64()-poc-mvp, mvp-poc/5, 0, poc+poc/5, 0)
}

func TestDanDevelopers(t *testing.T) {
	f := newFixture(t)
	f.ready()
	x, y := f.contributors[0], f.contributors[1]
	dev := func(a sdk.AccAddress) types.Developer {
		res, err := f.q.Developer(f.ctx(), &types.QueryDeveloperRequest{Address: a.String()})
		require.NoError(t, err)
		return res.Developer
	}
	revoke := func(authority string, a sdk.AccAddress) error {
		return f.exec(func(ctx sdk.Context) error {
			_, err := f.msgs.RevokeDan(ctx, &types.MsgRevokeDan{Authority: authority, Address: a.String()})
			return err
		})
	}
	finish := func(name string, cs []types.Contribution) {
		id := f.create(f.core, name, 1, 1_000)
		f.approveCreation(id)
		f.accept(id, types.ACCEPTANCE_LEVEL_GOOD, cs)
	}

	finish("one", contribs(x, 60, y, 100))
	require.False(t, dev(x).Dan)
	require.False(t, dev(y).Dan, "exactly the threshold is not more than it")
	require.Equal(t, uint64(100), dev(y).CumulativeContribution)
	require.ErrorIs(t, revoke(f.authority, x), types.ErrNotDan)

	finish("two", contribs(x, 50, y, 1))
	require.True(t, dev(x).Dan)
	require.Equal(t, uint64(110), dev(x).CumulativeContribution)
	require.True(t, dev(y).Dan)
	list, err := f.q.Developers(f.ctx(), &types.QueryDevelopersRequest{Kind: types.DEVELOPER_KIND_DAN})
	require.NoError(t, err)
	require.Len(t, list.Developers, 2)

	require.ErrorIs(t, revoke(f.stranger.String(), x), types.ErrInvalidSigner)
	require.ErrorIs(t, revoke(f.authority, sdk.AccAddress{}), types.ErrInvalidAddress)
	require.NoError(t, revoke(f.authority, x))
	require.False(t, dev(x).Dan)
	require.True(t, dev(x).DanRevoked)
	require.ErrorIs(t, revoke(f.authority, x), types.ErrNotDan)

	finish("three", contribs(x, 500))
	require.False(t, dev(x).Dan, "revocation is final")
	require.Equal(t, uint64(610), dev(x).CumulativeContribution)
	f.check()
}

func TestClaimErrors(t *testing.T) {
	f := newFixture(t)
	f.ready()
	a, b := f.contributors[0], f.contributors[1]
	one := f.create(f.core, "one", 1, 1_000)
	f.approveCreation(one)
	f.accept(one, types.ACCEPTANCE_LEVEL_GOOD, contribs(a, 1, b, 1))
	two := f.create(f.core, "two", 1, 3_000)
	f.approveCreation(two)
	f.accept(two, types.ACCEPTANCE_LEVEL_GOOD, contribs(a, 1))
	open := f.create(f.core, "open", 1, 3_000)
	f.approveCreation(open)

	_, err := f.claim(a)
	require.ErrorIs(t, err, types.ErrInvalidClaim, "no ids")
	_, err = f.claim(a, one, one)
	require.ErrorIs(t, err, types.ErrInvalidClaim, "duplicate ids")
	_, err = f.claim(a, 99)
	require.ErrorIs(t, err, types.ErrProjectNotFound)
	_, err = f.claim(a, open)
	require.ErrorIs(t, err, types.ErrNoContribution, "nothing to claim before finish")
	_, err = f.claim(b, one, two)
	require.ErrorIs(t, err, types.ErrNoContribution, "b has no reward in two")
	require.True(t, f.balance(b).IsZero(), "a failed claim pays nothing")
	f.setParams(func(p *types.Params) { p.MaxClaimProjects = 1 })
	_, err = f.claim(a, one, two)
	require.ErrorIs(t, err, types.ErrInvalidClaim, "over max_claim_projects")
	f.setParams(func(p *types.Params) { p.MaxClaimProjects = 20 })

	res, err := f.q.Claimable(f.ctx(), &types.QueryClaimableRequest{Address: a.String()})
	require.NoError(t, err)
	require.Len(t, res.Rewards, 2)
	require.Equal(t, "3500", res.Total.String())

	amt, err := f.claim(a, one, two)
	require.NoError(t, err)
	require.Equal(t, "3500", amt.String(), "500 + 3,000 in one claim")
	require.Equal(t, "3500", f.balance(a).String())
	res, err = f.q.Claimable(f.ctx(), &types.QueryClaimableRequest{Address: a.String()})
	require.NoError(t, err)
	require.Empty(t, res.Rewards)
	require.True(t, res.Total.IsZero())
	_, err = f.claim(a, two)
	require.ErrorIs(t, err, types.ErrAlreadyClaimed)
	f.check()
}
