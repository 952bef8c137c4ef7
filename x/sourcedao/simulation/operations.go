package simulation

import (
	"context"
	"fmt"
	"math/rand"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/sourcedao/keeper"
	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// Default operation weights; a params file overrides each as
// "op_weight_sourcedao_<name>".
const (
	weightCreateProject = 25
	weightSubmitAccept  = 20
	weightCancelProject = 4
	weightRejectExpired = 6
	weightClaimRewards  = 15
	weightAuthorityOnly = 2
	weightHostile       = 3
	weightMutated       = 5
)

// scanLimit bounds every read of a factory.
const scanLimit = 64

var projectNames = []string{"wallet", "explorer", "sdk", "bridge", "indexer", "docs"}

// RegisterOperations adds an operation for every x/sourcedao message: the
// plausible ones, hostile and mutated variants, and the authority-only ones
// from an account that is not the authority (they succeed only inside
// passed x/dao proposals, see ProposalMsgFactories).
func RegisterOperations(weights simsx.WeightSource, reg simsx.Registry, k keeper.Keeper) {
	w := func(name string, def uint32) uint32 { return weights.Get("sourcedao_"+name, def) }
	reg.Add(w("msg_create_project", weightCreateProject), MsgCreateProjectFactory(k))
	reg.Add(w("msg_submit_acceptance", weightSubmitAccept), MsgSubmitAcceptanceFactory(k))
	reg.Add(w("msg_cancel_project", weightCancelProject), MsgCancelProjectFactory(k))
	reg.Add(w("msg_reject_expired", weightRejectExpired), MsgRejectExpiredFactory(k))
	reg.Add(w("msg_claim_rewards", weightClaimRewards), MsgClaimRewardsFactory(k))
	registerUnauthorized(w, reg)
	registerHostile(w, reg, k)
}

func params(ctx context.Context, k keeper.Keeper) types.Params {
	p, err := k.Params.Get(ctx)
	if err != nil {
		panic(err)
	}
	return p
}

// projectsIn returns up to scanLimit projects in the state.
func projectsIn(ctx context.Context, k keeper.Keeper, state types.ProjectState) []types.Project {
	iter, err := k.Projects.Indexes.State.MatchExact(ctx, int32(state))
	if err != nil {
		return nil
	}
	defer iter.Close()
	var out []types.Project
	for ; iter.Valid() && len(out) < scanLimit; iter.Next() {
		id, err := iter.PrimaryKey()
		if err != nil {
			return out
		}
		if p, err := k.Projects.Get(ctx, id); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// managed keeps the projects whose manager the simulation holds and that
// pass keep.
func managed(data *simsx.ChainDataSource, projects []types.Project, keep func(types.Project) bool) []types.Project {
	var out []types.Project
	for _, p := range projects {
		if data.HasAccount(p.Manager) && keep(p) {
			out = append(out, p)
		}
	}
	return out
}

func unknownProjectID(ctx context.Context, k keeper.Keeper) uint64 {
	next, err := k.ProjectSeq.Peek(ctx)
	if err != nil {
		return 1 << 40
	}
	return next + 1000
}

// coreDevelopers returns the core developers the simulation holds.
func coreDevelopers(ctx context.Context, k keeper.Keeper, data *simsx.ChainDataSource) []simsx.SimAccount {
	var out []simsx.SimAccount
	_ = k.CoreDevelopers.Walk(ctx, nil, func(a sdk.AccAddress) (bool, error) {
		if acc, ok := simops.Account(data, a.String()); ok {
			out = append(out, acc)
		}
		return len(out) >= scanLimit, nil
	})
	return out
}

// MsgCreateProjectFactory has a core developer create the next version of
// a project within the budget cap and the releasable budget.
func MsgCreateProjectFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCreateProject, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		p := params(rctx, k)
		name := simops.Word(r, projectNames)
		latest, _ := k.LatestVersions.Get(rctx, name)
		now := rctx.BlockTime()
		msg := &types.MsgCreateProject{
			Name: name, Version: latest + 1, Budget: math.OneInt(),
			StartTime: now.Add(-simops.Hours(r, 0, 24)), EndTime: now.Add(simops.Hours(r, 6, 120)),
			DescriptionUri: fmt.Sprintf("https://forum.example.org/p/%d", r.Intn(10_000)),
		}
		manager, ok := simops.Pick(r, coreDevelopers(rctx, k, data))
		if !ok {
			from := simops.AnyAccount(data)
			msg.Manager = from.AddressBech32
			return simops.Signers(from), msg, simops.MustFail(types.ErrNotCoreDeveloper)
		}
		msg.Manager = manager.AddressBech32
		if latest == ^uint64(0) {
			// A mutated create took the last version of the name.
			return simops.Signers(manager), msg, simops.MustFail(types.ErrVersionNotIncreased)
		}
		pool, err := k.Pool.Get(rctx)
		if err != nil {
			panic(err)
		}
		budgetMax := math.MinInt(k.BudgetCap(rctx, p), pool.Releasable)
		if !budgetMax.IsPositive() {
			return simops.Signers(manager), msg, simops.MustFail(types.ErrInsufficientBudget, types.ErrBudgetOverCap)
		}
		msg.Budget = simops.Amount(r, budgetMax.QuoRaw(int64(1+r.Intn(5))))
		if !msg.Budget.IsPositive() {
			msg.Budget = math.OneInt()
		}
		return simops.Signers(manager), msg, simops.Tolerate()
	})
}

var levels = []types.AcceptanceLevel{
	types.ACCEPTANCE_LEVEL_FAILED, types.ACCEPTANCE_LEVEL_NORMAL, types.ACCEPTANCE_LEVEL_GOOD, types.ACCEPTANCE_LEVEL_EXCELLENT,
}

// contributions lists 1 to max distinct simulation accounts with values.
func contributions(r *rand.Rand, data *simsx.ChainDataSource, maxN uint32) []types.Contribution {
	seen := map[string]bool{}
	var out []types.Contribution
	for range 1 + r.Intn(int(min(maxN, 5))) {
		a := simops.AnyAccount(data)
		if !seen[a.AddressBech32] {
			seen[a.AddressBech32] = true
			out = append(out, types.Contribution{Address: a.AddressBech32, Value: uint64(1 + r.Intn(150))})
		}
	}
	return out
}

// MsgSubmitAcceptanceFactory submits the acceptance of a developing
// project (or resubmits a rejected one) before its end time.
func MsgSubmitAcceptanceFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSubmitAcceptance, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		p := params(rctx, k)
		open := func(pr types.Project) bool { return !rctx.BlockTime().After(pr.EndTime) }
		candidates := managed(data, projectsIn(rctx, k, types.PROJECT_STATE_DEVELOPING), open)
		candidates = append(candidates, managed(data, projectsIn(rctx, k, types.PROJECT_STATE_ACCEPTING), func(pr types.Project) bool {
			return pr.AwaitsResubmission() && open(pr)
		})...)
		msg := &types.MsgSubmitAcceptance{Level: levels[r.Intn(len(levels))], Contributions: contributions(r, data, p.MaxContributions)}
		pr, ok := simops.Pick(r, candidates)
		if !ok {
			from := simops.AnyAccount(data)
			msg.Manager, msg.ProjectId = from.AddressBech32, unknownProjectID(rctx, k)
			return simops.Signers(from), msg, simops.MustFail(types.ErrProjectNotFound)
		}
		manager, _ := simops.Account(data, pr.Manager)
		msg.Manager, msg.ProjectId = pr.Manager, pr.Id
		return simops.Signers(manager), msg, simops.Tolerate()
	})
}

// MsgCancelProjectFactory cancels a preparing project or one whose
// acceptance was rejected.
func MsgCancelProjectFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCancelProject, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		all := func(types.Project) bool { return true }
		candidates := managed(data, projectsIn(rctx, k, types.PROJECT_STATE_PREPARING), all)
		candidates = append(candidates, managed(data, projectsIn(rctx, k, types.PROJECT_STATE_ACCEPTING), types.Project.AwaitsResubmission)...)
		pr, ok := simops.Pick(data.Rand().Rand, candidates)
		if !ok {
			from := simops.AnyAccount(data)
			return simops.Signers(from), &types.MsgCancelProject{Manager: from.AddressBech32, ProjectId: unknownProjectID(rctx, k)},
				simops.MustFail(types.ErrProjectNotFound)
		}
		manager, _ := simops.Account(data, pr.Manager)
		return simops.Signers(manager), &types.MsgCancelProject{Manager: pr.Manager, ProjectId: pr.Id}, simops.Tolerate()
	})
}

// MsgRejectExpiredFactory rejects a project past its end time with nothing
// pending; sometimes one that has not expired yet, which must be refused.
func MsgRejectExpiredFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRejectExpired, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		from := simops.AnyAccount(data)
		var expired, running []types.Project
		for _, s := range []types.ProjectState{types.PROJECT_STATE_PREPARING, types.PROJECT_STATE_DEVELOPING, types.PROJECT_STATE_ACCEPTING} {
			for _, pr := range projectsIn(rctx, k, s) {
				if s == types.PROJECT_STATE_ACCEPTING && !pr.AwaitsResubmission() {
					continue
				}
				if rctx.BlockTime().After(pr.EndTime) {
					expired = append(expired, pr)
				} else {
					running = append(running, pr)
				}
			}
		}
		if pr, ok := simops.Pick(r, expired); ok {
			return simops.Signers(from), &types.MsgRejectExpired{Sender: from.AddressBech32, ProjectId: pr.Id}, simops.Tolerate()
		}
		if pr, ok := simops.Pick(r, running); ok {
			return simops.Signers(from), &types.MsgRejectExpired{Sender: from.AddressBech32, ProjectId: pr.Id}, simops.MustFail(types.ErrNotExpired)
		}
		return simops.Signers(from), &types.MsgRejectExpired{Sender: from.AddressBech32, ProjectId: unknownProjectID(rctx, k)},
			simops.MustFail(types.ErrProjectNotFound)
	})
}

// MsgClaimRewardsFactory claims an account's unclaimed rewards.
func MsgClaimRewardsFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgClaimRewards, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		p := params(rctx, k)
		unclaimed := map[string][]uint64{}
		var owners []string
		_ = k.Unclaimed.Walk(rctx, nil, func(key collections.Pair[sdk.AccAddress, uint64]) (bool, error) {
			addr := key.K1().String()
			if data.HasAccount(addr) && len(unclaimed[addr]) < int(p.MaxClaimProjects) {
				if unclaimed[addr] == nil {
					owners = append(owners, addr)
				}
				unclaimed[addr] = append(unclaimed[addr], key.K2())
			}
			return len(owners) >= scanLimit, nil
		})
		owner, ok := simops.Pick(r, owners)
		if !ok {
			from := simops.AnyAccount(data)
			return simops.Signers(from), &types.MsgClaimRewards{Claimant: from.AddressBech32, ProjectIds: []uint64{unknownProjectID(rctx, k)}},
				simops.MustFail(types.ErrProjectNotFound)
		}
		claimant, _ := simops.Account(data, owner)
		return simops.Signers(claimant), &types.MsgClaimRewards{Claimant: owner, ProjectIds: unclaimed[owner]}, simops.Tolerate()
	})
}
