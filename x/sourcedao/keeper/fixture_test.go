package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/aitbc/aitbc/testutil"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
	"github.com/aitbc/aitbc/x/sourcedao/keeper"
	"github.com/aitbc/aitbc/x/sourcedao/types"
)

const denom = "uaitbc"

// poolSupply is the development supply of the test pool: 10,000,000 AITBC.
var poolSupply = math.NewInt(10_000_000_000_000)

// fixture is an app whose sourcedao pool holds poolSupply, with named
// accounts and a clock for keeper calls.
type fixture struct {
	t         testing.TB
	app       *testutil.TestApp
	k         keeper.Keeper
	msgs      types.MsgServer
	q         types.QueryServer
	now       time.Time
	authority string
	// core and core2 are core developers once setCore runs; contributors
	// are three plain accounts; stranger has no role.
	core, core2, stranger sdk.AccAddress
	contributors          []sdk.AccAddress
}

func newFixture(t testing.TB, opts ...testutil.Option) *fixture {
	t.Helper()
	return newFixtureWithPool(t, poolSupply, opts...)
}

func newFixtureWithPool(t testing.TB, pool math.Int, opts ...testutil.Option) *fixture {
	t.Helper()
	opts = append([]testutil.Option{testutil.WithModuleBalance(types.ModuleName, sdk.NewCoins(sdk.NewCoin(denom, pool)))}, opts...)
	ta := testutil.NewTestApp(t, opts...)
	addrs := testutil.Addrs(6)
	f := &fixture{
		t: t, app: ta, k: ta.SourcedaoKeeper, now: ta.LastBlock,
		authority: authtypes.NewModuleAddress(daotypes.ModuleName).String(),
		core:      addrs[0], core2: addrs[1], stranger: addrs[2], contributors: addrs[3:6],
	}
	f.msgs = keeper.NewMsgServerImpl(f.k)
	f.q = keeper.NewQueryServerImpl(f.k)
	return f
}

// ctx returns a context at the fixture's current time; writes persist.
func (f *fixture) ctx() sdk.Context { return f.app.Context(f.now) }

// exec runs fn like a transaction: its writes are kept only if it succeeds.
func (f *fixture) exec(fn func(ctx sdk.Context) error) error {
	cctx, write := f.ctx().CacheContext()
	if err := fn(cctx); err != nil {
		return err
	}
	write()
	return nil
}

// check asserts the pool invariant.
func (f *fixture) check() {
	f.t.Helper()
	require.NoError(f.t, f.k.CheckInvariant(f.ctx()))
}

func (f *fixture) pool() types.Pool {
	f.t.Helper()
	p, err := f.k.Pool.Get(f.ctx())
	require.NoError(f.t, err)
	return p
}

func (f *fixture) project(id uint64) types.Project {
	f.t.Helper()
	p, err := f.k.GetProject(f.ctx(), id)
	require.NoError(f.t, err)
	return p
}

func (f *fixture) balance(a sdk.AccAddress) math.Int {
	return f.app.BankKeeper.GetBalance(f.ctx(), a, denom).Amount
}

// requirePool asserts the pool's amounts (nil skips one).
func (f *fixture) requirePool(locked, releasable, reserved, claimable, paid int64) {
	f.t.Helper()
	p := f.pool()
	require.Equal(f.t, math.NewInt(locked).String(), p.Locked.String(), "locked")
	require.Equal(f.t, math.NewInt(releasable).String(), p.Releasable.String(), "releasable")
	require.Equal(f.t, math.NewInt(reserved).String(), p.Reserved.String(), "reserved")
	require.Equal(f.t, math.NewInt(claimable).String(), p.Claimable.String(), "claimable")
	require.Equal(f.t, math.NewInt(paid).String(), p.Paid.String(), "paid")
	f.check()
}

func (f *fixture) advanceStage() (*types.MsgAdvanceStageResponse, error) {
	var res *types.MsgAdvanceStageResponse
	err := f.exec(func(ctx sdk.Context) (err error) {
		res, err = f.msgs.AdvanceStage(ctx, &types.MsgAdvanceStage{Authority: f.authority})
		return err
	})
	return res, err
}

func (f *fixture) setCore(addrs ...sdk.AccAddress) error {
	devs := make([]string, len(addrs))
	for i, a := range addrs {
		devs[i] = a.String()
	}
	return f.exec(func(ctx sdk.Context) error {
		_, err := f.msgs.SetCoreDevelopers(ctx, &types.MsgSetCoreDevelopers{Authority: f.authority, Developers: devs})
		return err
	})
}

// ready unlocks the first stage (1,000,000 AITBC releasable) and makes
// core and core2 core developers.
func (f *fixture) ready() {
	f.t.Helper()
	_, err := f.advanceStage()
	require.NoError(f.t, err)
	require.NoError(f.t, f.setCore(f.core, f.core2))
	f.check()
}

func (f *fixture) createMsg(manager sdk.AccAddress, name string, version uint64, budget int64) *types.MsgCreateProject {
	return &types.MsgCreateProject{
		Manager: manager.String(), Name: name, Version: version, Budget: math.NewInt(budget),
		StartTime: f.now, EndTime: f.now.Add(90 * 24 * time.Hour), DescriptionUri: "https://example.org/" + name,
	}
}

func (f *fixture) tryCreate(msg *types.MsgCreateProject) (*types.MsgCreateProjectResponse, error) {
	var res *types.MsgCreateProjectResponse
	err := f.exec(func(ctx sdk.Context) (err error) {
		res, err = f.msgs.CreateProject(ctx, msg)
		return err
	})
	return res, err
}

func (f *fixture) create(manager sdk.AccAddress, name string, version uint64, budget int64) uint64 {
	f.t.Helper()
	res, err := f.tryCreate(f.createMsg(manager, name, version, budget))
	require.NoError(f.t, err)
	require.Equal(f.t, f.project(res.ProjectId).CreationDigest, res.CreationDigest)
	f.check()
	return res.ProjectId
}

// approveIn runs MsgApproveProject in ctxFn's context (e.g. one carrying
// an executing proposal).
func (f *fixture) approveIn(wrap func(sdk.Context) sdk.Context, id uint64, phase types.ApprovalPhase, approve bool, digest string) error {
	return f.exec(func(ctx sdk.Context) error {
		if wrap != nil {
			ctx = wrap(ctx)
		}
		_, err := f.msgs.ApproveProject(ctx, &types.MsgApproveProject{Authority: f.authority, ProjectId: id, Phase: phase, Approve: approve, Digest: digest})
		return err
	})
}

func (f *fixture) approve(id uint64, phase types.ApprovalPhase, approve bool, digest string) error {
	return f.approveIn(nil, id, phase, approve, digest)
}

// approveCreation approves a project's creation with its current digest.
func (f *fixture) approveCreation(id uint64) {
	f.t.Helper()
	require.NoError(f.t, f.approve(id, types.APPROVAL_PHASE_CREATION, true, f.project(id).CreationDigest))
	require.Equal(f.t, types.PROJECT_STATE_DEVELOPING, f.project(id).State)
	f.check()
}

func contribs(pairs ...any) []types.Contribution {
	out := make([]types.Contribution, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, types.Contribution{Address: pairs[i].(sdk.AccAddress).String(), Value: uint64(pairs[i+1].(int))})
	}
	return out
}

func (f *fixture) submit(manager sdk.AccAddress, id uint64, level types.AcceptanceLevel, cs []types.Contribution) (string, error) {
	var digest string
	err := f.exec(func(ctx sdk.Context) error {
		res, err := f.msgs.SubmitAcceptance(ctx, &types.MsgSubmitAcceptance{Manager: manager.String(), ProjectId: id, Level: level, Contributions: cs})
		if err == nil {
			digest = res.Digest
		}
		return err
	})
	return digest, err
}

// accept submits an acceptance and approves it.
func (f *fixture) accept(id uint64, level types.AcceptanceLevel, cs []types.Contribution) {
	f.t.Helper()
	digest, err := f.submit(sdk.MustAccAddressFromBech32(f.project(id).Manager), id, level, cs)
	require.NoError(f.t, err)
	f.check()
	require.NoError(f.t, f.approve(id, types.APPROVAL_PHASE_ACCEPTANCE, true, digest))
	require.Equal(f.t, types.PROJECT_STATE_FINISHED, f.project(id).State)
	f.check()
}

func (f *fixture) claim(claimant sdk.AccAddress, ids ...uint64) (math.Int, error) {
	var amount math.Int
	err := f.exec(func(ctx sdk.Context) error {
		res, err := f.msgs.ClaimRewards(ctx, &types.MsgClaimRewards{Claimant: claimant.String(), ProjectIds: ids})
		if err == nil {
			amount = res.Amount
		}
		return err
	})
	return amount, err
}

func (f *fixture) setParams(mutate func(*types.Params)) {
	f.t.Helper()
	p, err := f.k.Params.Get(f.ctx())
	require.NoError(f.t, err)
	mutate(&p)
	require.NoError(f.t, f.exec(func(ctx sdk.Context) error {
		_, err := f.msgs.UpdateParams(ctx, &types.MsgUpdateParams{Authority: f.authority, Params: p})
		return err
	}))
}
