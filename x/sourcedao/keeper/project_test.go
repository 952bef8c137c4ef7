package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// The whole lifecycle at the excellent level: the reservation, the 0.2
// bonus from releasable, floor shares and the rounding remainder back to
// releasable, one claim each.
func TestProjectLifecycleExcellent(t *testing.T) {
	f := newFixture(t)
	f.ready()
	const budget = 10_000_000_001 // payout floor(1.2 x budget) = 12,000,000,001
	id := f.create(f.core, "indexer", 1, budget)
	p := f.project(id)
	require.Equal(t, types.PROJECT_STATE_PREPARING, p.State)
	require.Equal(t, types.CreationDigest(p), p.CreationDigest)
	f.requirePool(poolSupply.Int64()-poc, poc, 0, 0, 0)

	f.approveCreation(id)
	f.requirePool(poolSupply.Int64()-poc, poc-budget, budget, 0, 0)

	a, b, c := f.contributors[0], f.contributors[1], f.contributors[2]
	f.accept(id, types.ACCEPTANCE_LEVEL_EXCELLENT, contribs(c, 1, a, 1, b, 1))
	p = f.project(id)
	require.Equal(t, "12000000001", p.Payout.String())
	// Each of three equal shares is floor(12,000,000,001 / 3) = 4,000,000,000;
	// the remainder 1 and nothing else returns; the 2,000,000,000 bonus
	// comes from releasable.
	const share = 4_000_000_000
	f.requirePool(poolSupply.Int64()-poc, poc-budget-2_000_000_000+1, 0, 3*share, 0)

	rewards, err := f.q.Contributions(f.ctx(), &types.QueryContributionsRequest{ProjectId: id})
	require.NoError(t, err)
	require.Len(t, rewards.Rewards, 3)
	for _, r := range rewards.Rewards {
		require.Equal(t, "4000000000", r.Amount.String())
		require.False(t, r.Claimed)
	}

	for i, who := range []sdk.AccAddress{a, b, c} {
		before := f.balance(who)
		amt, err := f.claim(who, id)
		require.NoError(t, err)
		require.Equal(t, math.NewInt(share).String(), amt.String())
		require.Equal(t, before.AddRaw(share).String(), f.balance(who).String())
		f.requirePool(poolSupply.Int64()-poc, poc-budget-2_000_000_000+1, 0, int64(2-i)*share, int64(i+1)*share)
		_, err = f.claim(who, id)
		require.ErrorIs(t, err, types.ErrAlreadyClaimed, "a repeat claim is an error, not a zero payment")
	}
	_, err = f.claim(f.stranger, id)
	require.ErrorIs(t, err, types.ErrNoContribution)
	f.check()
}

// Lower levels pay less and return the unspent budget to releasable.
func TestAcceptanceLevels(t *testing.T) {
	for _, tc := range []struct {
		level            types.AcceptanceLevel
		payout, a, b     int64
		releasableChange int64 // after finish, relative to before creation
	}{
		// budget 1,000,003; values a:1, b:2 (total 3)
		{types.ACCEPTANCE_LEVEL_FAILED, 0, 0, 0, 0},
		{types.ACCEPTANCE_LEVEL_NORMAL, 800_002, 266_667, 533_334, -800_001}, // remainder 1 returns
		{types.ACCEPTANCE_LEVEL_GOOD, 1_000_003, 333_334, 666_668, -1_000_002},
		{types.ACCEPTANCE_LEVEL_EXCELLENT, 1_200_003, 400_001, 800_002, -1_200_003},
	} {
		t.Run(tc.level.String(), func(t *testing.T) {
			f := newFixture(t)
			f.ready()
			id := f.create(f.core, "x", 1, 1_000_003)
			f.approveCreation(id)
			a, b := f.contributors[0], f.contributors[1]
			f.accept(id, tc.level, contribs(a, 1, b, 2))
			require.Equal(t, math.NewInt(tc.payout).String(), f.project(id).Payout.String())
			f.requirePool(poolSupply.Int64()-poc, poc+tc.releasableChange, 0, tc.a+tc.b, 0)
			for who, want := range map[string]int64{a.String(): tc.a, b.String(): tc.b} {
				amt, err := f.claim(sdk.MustAccAddressFromBech32(who), id)
				if want == 0 {
					require.ErrorIs(t, err, types.ErrInvalidClaim, "a zero reward cannot be claimed")
					continue
				}
				require.NoError(t, err)
				require.Equal(t, math.NewInt(want).String(), amt.String())
			}
			f.check()
			d, err := f.k.Developer(f.ctx(), a)
			require.NoError(t, err)
			if tc.level == types.ACCEPTANCE_LEVEL_FAILED {
				require.Zero(t, d.CumulativeContribution, "a failed project counts no contribution")
			} else {
				require.Equal(t, uint64(1), d.CumulativeContribution)
			}
		})
	}
}

func TestCreateProjectErrors(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.setCore(f.core))

	_, err := f.tryCreate(f.createMsg(f.core, "indexer", 1, 1_000))
	require.ErrorIs(t, err, types.ErrInsufficientBudget, "no stage unlocked yet")
	_, err = f.advanceStage()
	require.NoError(t, err)

	_, err = f.tryCreate(f.createMsg(f.stranger, "indexer", 1, 1_000))
	require.ErrorIs(t, err, types.ErrNotCoreDeveloper)

	limit := f.k.BudgetCap(f.ctx(), types.DefaultParams())
	require.True(t, limit.LT(math.NewInt(poc)), "the cap %s is below the releasable budget", limit)
	msg := f.createMsg(f.core, "indexer", 1, 0)
	msg.Budget = limit.AddRaw(1)
	_, err = f.tryCreate(msg)
	require.ErrorIs(t, err, types.ErrBudgetOverCap)
	msg.Budget = limit
	_, err = f.tryCreate(msg)
	require.NoError(t, err, "a budget at the cap is allowed")

	_, err = f.tryCreate(f.createMsg(f.core, "indexer", 1, 1_000))
	require.ErrorIs(t, err, types.ErrVersionNotIncreased, "version 1 exists")
	_, err = f.tryCreate(f.createMsg(f.core, "indexer", 0, 1_000))
	require.ErrorIs(t, err, types.ErrVersionNotIncreased)
	_, err = f.tryCreate(f.createMsg(f.core, "indexer", 2, 1_000))
	require.NoError(t, err)
	_, err = f.tryCreate(f.createMsg(f.core, "other", 1, 1_000))
	require.NoError(t, err, "versions are per name")

	_, err = f.tryCreate(f.createMsg(f.core, "zero", 1, 0))
	require.ErrorIs(t, err, types.ErrInvalidProject)
	_, err = f.tryCreate(f.createMsg(f.core, "", 1, 1))
	require.ErrorIs(t, err, types.ErrInvalidIdentifier, "an empty name")
	msg = f.createMsg(f.core, "dates", 1, 1)
	msg.EndTime = msg.StartTime
	_, err = f.tryCreate(msg)
	require.ErrorIs(t, err, types.ErrInvalidProject)
	msg = f.createMsg(f.core, "past", 1, 1)
	msg.StartTime, msg.EndTime = f.now.Add(-2*time.Hour), f.now.Add(-time.Hour)
	_, err = f.tryCreate(msg)
	require.ErrorIs(t, err, types.ErrProjectExpired)
	msg = f.createMsg(f.core, "bad", 1, 1)
	msg.Manager = "nope"
	_, err = f.tryCreate(msg)
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	f.check()
}

func TestSubmitAcceptanceErrors(t *testing.T) {
	f := newFixture(t)
	f.ready()
	id := f.create(f.core, "indexer", 1, 1_000)
	a, b := f.contributors[0], f.contributors[1]
	good := contribs(a, 1, b, 1)

	_, err := f.submit(f.core, id, types.ACCEPTANCE_LEVEL_GOOD, good)
	require.ErrorIs(t, err, types.ErrInvalidState, "acceptance in preparing")
	f.approveCreation(id)

	_, err = f.submit(f.core2, id, types.ACCEPTANCE_LEVEL_GOOD, good)
	require.ErrorIs(t, err, types.ErrNotManager)
	_, err = f.submit(f.core, 99, types.ACCEPTANCE_LEVEL_GOOD, good)
	require.ErrorIs(t, err, types.ErrProjectNotFound)
	_, err = f.submit(f.core, id, types.ACCEPTANCE_LEVEL_GOOD, contribs(a, 1, b, 2, a, 3))
	require.ErrorIs(t, err, types.ErrDuplicateContributor)
	_, err = f.submit(f.core, id, types.ACCEPTANCE_LEVEL_GOOD, contribs(a, 1, b, 0))
	require.ErrorIs(t, err, types.ErrZeroContribution)
	_, err = f.submit(f.core, id, types.ACCEPTANCE_LEVEL_GOOD, nil)
	require.ErrorIs(t, err, types.ErrInvalidAcceptance)
	_, err = f.submit(f.core, id, types.ACCEPTANCE_LEVEL_UNSPECIFIED, good)
	require.ErrorIs(t, err, types.ErrInvalidAcceptance)
	_, err = f.submit(f.core, id, types.AcceptanceLevel(9), good)
	require.ErrorIs(t, err, types.ErrInvalidAcceptance)
	_, err = f.submit(f.core, id, types.ACCEPTANCE_LEVEL_GOOD, []types.Contribution{{Address: "nope", Value: 1}})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	_, err = f.submit(f.core, id, types.ACCEPTANCE_LEVEL_GOOD, []types.Contribution{{Address: a.String(), Value: ^uint64(0)}, {Address: b.String(), Value: 1}})
	require.ErrorIs(t, err, types.ErrInvalidAcceptance, "values overflow")
	f.setParams(func(p *types.Params) { p.MaxContributions = 1 })
	_, err = f.submit(f.core, id, types.ACCEPTANCE_LEVEL_GOOD, good)
	require.ErrorIs(t, err, types.ErrTooManyContributions)
	f.setParams(func(p *types.Params) { p.MaxContributions = 100 })

	digest, err := f.submit(f.core, id, types.ACCEPTANCE_LEVEL_GOOD, contribs(b, 1, a, 1))
	require.NoError(t, err)
	p := f.project(id)
	require.Equal(t, types.PROJECT_STATE_ACCEPTING, p.State)
	require.Equal(t, digest, p.Acceptance.Digest)
	require.Equal(t, types.AcceptanceDigest(id, types.ACCEPTANCE_LEVEL_GOOD, p.Acceptance.Contributions), digest)
	require.Less(t, string(sdk.MustAccAddressFromBech32(p.Acceptance.Contributions[0].Address)), string(sdk.MustAccAddressFromBech32(p.Acceptance.Contributions[1].Address)), "stored sorted")
	_, err = f.submit(f.core, id, types.ACCEPTANCE_LEVEL_GOOD, good)
	require.ErrorIs(t, err, types.ErrInvalidState, "an acceptance is pending")
	f.check()

	// The end date binds: no acceptance after it.
	id2 := f.create(f.core, "late", 1, 1_000)
	f.approveCreation(id2)
	f.now = f.project(id2).EndTime.Add(time.Second)
	_, err = f.submit(f.core, id2, types.ACCEPTANCE_LEVEL_GOOD, good)
	require.ErrorIs(t, err, types.ErrProjectExpired)
	f.check()
}
