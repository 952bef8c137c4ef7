package keeper_test

import (
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	minttypes "github.com/cosmos/cosmos-sdk/x/mint/types"

	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// CheckInvariant notices every kind of drift: coins arriving outside the
// accounting, a pool figure that no longer matches the projects or the
// unclaimed rewards.
func TestInvariantCatchesDrift(t *testing.T) {
	f := newFixture(t)
	f.ready()
	id := f.create(f.core, "p", 1, 1_000)
	f.approveCreation(id)
	done := f.create(f.core, "done", 1, 1_000)
	f.approveCreation(done)
	f.accept(done, types.ACCEPTANCE_LEVEL_GOOD, contribs(f.contributors[0], 1))

	broken := func(what string, mutate func(ctx sdk.Context)) {
		t.Helper()
		ctx, _ := f.ctx().CacheContext()
		mutate(ctx)
		require.ErrorIs(t, f.k.CheckInvariant(ctx), types.ErrInvariant, what)
	}
	// Users cannot send to the pool (a blocked address); a module can.
	require.True(t, f.app.BankKeeper.BlockedAddr(f.k.ModuleAddress()))
	broken("coins arriving from another module", func(ctx sdk.Context) {
		coins := sdk.NewCoins(sdk.NewInt64Coin(denom, 1))
		require.NoError(t, f.app.BankKeeper.MintCoins(ctx, minttypes.ModuleName, coins))
		require.NoError(t, f.app.BankKeeper.SendCoinsFromModuleToModule(ctx, minttypes.ModuleName, types.ModuleName, coins))
	})
	setPool := func(ctx sdk.Context, change func(*types.Pool)) {
		p, err := f.k.Pool.Get(ctx)
		require.NoError(t, err)
		change(&p)
		require.NoError(t, f.k.Pool.Set(ctx, p))
	}
	broken("reserved moved to releasable", func(ctx sdk.Context) {
		setPool(ctx, func(p *types.Pool) {
			p.Reserved = p.Reserved.SubRaw(1)
			p.Releasable = p.Releasable.AddRaw(1)
		})
	})
	broken("claimable moved to releasable", func(ctx sdk.Context) {
		setPool(ctx, func(p *types.Pool) {
			p.Claimable = p.Claimable.SubRaw(1)
			p.Releasable = p.Releasable.AddRaw(1)
		})
	})
	broken("paid inflated", func(ctx sdk.Context) { setPool(ctx, func(p *types.Pool) { p.Paid = p.Paid.AddRaw(1) }) })
	broken("negative locked", func(ctx sdk.Context) { setPool(ctx, func(p *types.Pool) { p.Locked = math.NewInt(-1) }) })
	broken("a project's budget changed", func(ctx sdk.Context) {
		p, err := f.k.Projects.Get(ctx, id)
		require.NoError(t, err)
		p.Budget = p.Budget.AddRaw(1)
		require.NoError(t, f.k.Projects.Set(ctx, id, p))
	})
	f.check()
}

func TestParamsValidate(t *testing.T) {
	require.NoError(t, types.DefaultParams().Validate())
	for name, mutate := range map[string]func(*types.Params){
		"bad denom":               func(p *types.Params) { p.Denom = "" },
		"no stages":               func(p *types.Params) { p.Stages = nil },
		"repeated stage name":     func(p *types.Params) { p.Stages[1].Name = p.Stages[0].Name },
		"empty stage name":        func(p *types.Params) { p.Stages[1].Name = " " },
		"negative share":          func(p *types.Params) { p.Stages[0].Share = math.LegacyNewDec(-1) },
		"shares over 1":           func(p *types.Params) { p.Stages[4].Share = math.LegacyNewDecWithPrec(31, 2) },
		"zero budget fraction":    func(p *types.Params) { p.MaxBudgetFraction = math.LegacyZeroDec() },
		"budget fraction > 1":     func(p *types.Params) { p.MaxBudgetFraction = math.LegacyNewDec(2) },
		"negative threshold":      func(p *types.Params) { p.ImportantBudgetThreshold = math.NewInt(-1) },
		"zero max_contributions":  func(p *types.Params) { p.MaxContributions = 0 },
		"zero max_claim_projects": func(p *types.Params) { p.MaxClaimProjects = 0 },
	} {
		p := types.DefaultParams()
		mutate(&p)
		require.ErrorIs(t, p.Validate(), types.ErrInvalidParams, name)
	}
	// Shares below 1 are allowed: the last stage takes the rest.
	p := types.DefaultParams()
	p.Stages[4].Share = math.LegacyZeroDec()
	require.NoError(t, p.Validate())
}
