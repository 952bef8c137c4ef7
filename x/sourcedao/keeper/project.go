package keeper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	daotypes "github.com/aitbc/aitbc/x/dao/types"
	"github.com/aitbc/aitbc/x/sourcedao/types"
)

func isNotFound(err error) bool { return errors.Is(err, collections.ErrNotFound) }

func blockTime(ctx context.Context) time.Time { return sdk.UnwrapSDKContext(ctx).BlockTime() }

// ProjectInput is what MsgCreateProject describes.
type ProjectInput struct {
	Name           string
	Version        uint64
	Budget         math.Int
	StartTime      time.Time
	EndTime        time.Time
	DescriptionURI string
}

// setState stores a project in a new state and emits the change.
func (k Keeper) setState(ctx context.Context, p *types.Project, to types.ProjectState, reason string) error {
	from := p.State
	p.State = to
	if to == types.PROJECT_STATE_REJECTED {
		p.Reason = reason
	}
	if err := k.Projects.Set(ctx, p.Id, *p); err != nil {
		return err
	}
	return emit(ctx, &types.EventProjectState{ProjectId: p.Id, From: from, To: to, Reason: reason})
}

// BudgetCap is the largest budget a project may ask: max_budget_fraction
// of the bank total supply of the pool denom, rounded down.
func (k Keeper) BudgetCap(ctx context.Context, params types.Params) math.Int {
	supply := k.bankKeeper.GetSupply(ctx, params.Denom).Amount
	return params.MaxBudgetFraction.MulInt(supply).TruncateInt()
}

// CreateProject creates a project in preparing. The manager must be a core
// developer; the version must exceed the name's latest; the budget must be
// positive, within the cap and within the releasable budget (checked again
// when the creation is approved).
func (k Keeper) CreateProject(ctx context.Context, manager sdk.AccAddress, in ProjectInput) (types.Project, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.Project{}, err
	}
	core, err := k.CoreDevelopers.Has(ctx, manager)
	if err != nil {
		return types.Project{}, err
	}
	managerStr, err := k.addressString(manager)
	if err != nil {
		return types.Project{}, err
	}
	if !core {
		return types.Project{}, errorsmod.Wrapf(types.ErrNotCoreDeveloper, "%s", managerStr)
	}
	// The name is the key of the latest-version map: the identifier rule.
	if err := types.CheckIdentifier("name", in.Name, params.MaxNameLength); err != nil {
		return types.Project{}, err
	}
	if err := types.CheckDescriptionURI(in.DescriptionURI, params.MaxUriLength); err != nil {
		return types.Project{}, err
	}
	now := blockTime(ctx)
	if !in.EndTime.After(in.StartTime) {
		return types.Project{}, errorsmod.Wrapf(types.ErrInvalidProject, "end %s must be after start %s", in.EndTime.Format(time.RFC3339), in.StartTime.Format(time.RFC3339))
	}
	if !in.EndTime.After(now) {
		return types.Project{}, errorsmod.Wrapf(types.ErrProjectExpired, "end %s is not after the block time %s", in.EndTime.Format(time.RFC3339), now.Format(time.RFC3339))
	}
	if in.Budget.IsNil() || !in.Budget.IsPositive() {
		return types.Project{}, errorsmod.Wrap(types.ErrInvalidProject, "budget must be positive")
	}
	if limit := k.BudgetCap(ctx, params); in.Budget.GT(limit) {
		return types.Project{}, errorsmod.Wrapf(types.ErrBudgetOverCap, "budget %s%s, the cap is %s%s (%s of the supply)",
			in.Budget, params.Denom, limit, params.Denom, params.MaxBudgetFraction)
	}
	pool, err := k.Pool.Get(ctx)
	if err != nil {
		return types.Project{}, err
	}
	if in.Budget.GT(pool.Releasable) {
		return types.Project{}, errorsmod.Wrapf(types.ErrInsufficientBudget, "budget %s%s, releasable %s%s", in.Budget, params.Denom, pool.Releasable, params.Denom)
	}
	latest, err := k.LatestVersions.Get(ctx, in.Name)
	if err != nil && !isNotFound(err) {
		return types.Project{}, err
	}
	if err == nil && in.Version <= latest {
		return types.Project{}, errorsmod.Wrapf(types.ErrVersionNotIncreased, "%q version %d, the latest is %d", in.Name, in.Version, latest)
	}
	if err := k.LatestVersions.Set(ctx, in.Name, in.Version); err != nil {
		return types.Project{}, err
	}
	id, err := k.ProjectSeq.Next(ctx)
	if err != nil {
		return types.Project{}, err
	}
	p := types.Project{
		Id: id, Manager: managerStr, Name: in.Name, Version: in.Version, Budget: in.Budget,
		StartTime: in.StartTime.UTC(), EndTime: in.EndTime.UTC(), DescriptionUri: in.DescriptionURI,
		State: types.PROJECT_STATE_PREPARING, Payout: math.ZeroInt(), CreatedAt: now,
	}
	p.CreationDigest = types.CreationDigest(p)
	if err := k.Projects.Set(ctx, id, p); err != nil {
		return types.Project{}, err
	}
	return p, emit(ctx, &types.EventProjectCreated{
		ProjectId: id, Manager: p.Manager, Name: p.Name, Version: p.Version, Budget: p.Budget.String(), CreationDigest: p.CreationDigest,
	})
}

// needsImportant tells whether approving budget takes an important (or
// higher) proposal rather than the committee.
func needsImportant(budget math.Int, params types.Params) bool {
	return budget.GT(params.ImportantBudgetThreshold)
}

// ApprovalClass is x/dao's class resolver for MsgApproveProject: it raises
// the approval of a budget over important_budget_threshold to the important
// class, so a proposal of a lower class is refused when it is submitted
// rather than failing when it executes. An unknown project is refused too.
func (k Keeper) ApprovalClass(ctx context.Context, msg sdk.Msg) (string, error) {
	m, ok := msg.(*types.MsgApproveProject)
	if !ok {
		return "", fmt.Errorf("expected %T, got %T", &types.MsgApproveProject{}, msg)
	}
	p, err := k.GetProject(ctx, m.ProjectId)
	if err != nil {
		return "", err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return "", err
	}
	if needsImportant(p.Budget, params) {
		return daotypes.ClassImportant, nil
	}
	return "", nil
}

// requireClass checks that an approval of a budget over the threshold runs
// inside an important (or higher) x/dao proposal. It returns the id of the
// executing proposal, 0 outside one.
func (k Keeper) requireClass(ctx context.Context, budget math.Int, params types.Params) (uint64, error) {
	exec, ok := daotypes.ExecutingProposalFrom(ctx)
	if !needsImportant(budget, params) {
		return exec.Id, nil
	}
	if !ok {
		return 0, errorsmod.Wrapf(types.ErrClassTooLow, "budget %s%s is over %s%s, and the approval is not executed by an x/dao proposal",
			budget, params.Denom, params.ImportantBudgetThreshold, params.Denom)
	}
	rank, err := k.daoKeeper.ClassRank(ctx, daotypes.ClassImportant)
	if err != nil {
		return 0, err
	}
	if exec.Rank < rank {
		return 0, errorsmod.Wrapf(types.ErrClassTooLow, "budget %s%s is over %s%s; proposal %d is %s (rank %d), %s (rank %d) or higher is needed",
			budget, params.Denom, params.ImportantBudgetThreshold, params.Denom, exec.Id, exec.Class, exec.Rank, daotypes.ClassImportant, rank)
	}
	return exec.Id, nil
}

// Approve decides a project's creation or acceptance; digest must be the
// one the project holds now, so any change after the proposal was made
// needs a new approval. Creation: approve reserves the budget from
// releasable (preparing -> developing), reject ends the project
// (-> rejected). Acceptance: approve finishes the project, reject leaves it
// accepting with acceptance_rejected set.
func (k Keeper) Approve(ctx context.Context, id uint64, phase types.ApprovalPhase, approve bool, digest string) (types.ProjectState, error) {
	p, err := k.GetProject(ctx, id)
	if err != nil {
		return 0, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	var want string
	switch phase {
	case types.APPROVAL_PHASE_CREATION:
		if p.State != types.PROJECT_STATE_PREPARING {
			return 0, errorsmod.Wrapf(types.ErrInvalidState, "project %d is %s; creation is decided in preparing", id, p.State)
		}
		want = p.CreationDigest
	case types.APPROVAL_PHASE_ACCEPTANCE:
		if p.State != types.PROJECT_STATE_ACCEPTING || p.AcceptanceRejected || p.Acceptance == nil {
			return 0, errorsmod.Wrapf(types.ErrInvalidState, "project %d is %s with no acceptance pending", id, stateDesc(p))
		}
		want = p.Acceptance.Digest
	default:
		return 0, errorsmod.Wrapf(types.ErrInvalidApproval, "phase %s", phase)
	}
	if digest != want {
		return 0, errorsmod.Wrapf(types.ErrDigestMismatch, "project %d %s: approval carries %q, the project holds %q", id, phase, digest, want)
	}
	proposalID, err := k.requireClass(ctx, p.Budget, params)
	if err != nil {
		return 0, err
	}
	next, err := k.decide(ctx, &p, phase, approve, proposalID, params)
	if err != nil {
		return 0, err
	}
	return next, emit(ctx, &types.EventProjectApproval{ProjectId: id, Phase: phase, Approve: approve, Digest: digest, ProposalId: proposalID})
}

// decide applies a checked approval or rejection.
func (k Keeper) decide(ctx context.Context, p *types.Project, phase types.ApprovalPhase, approve bool, proposalID uint64, params types.Params) (types.ProjectState, error) {
	switch {
	case phase == types.APPROVAL_PHASE_CREATION && !approve:
		p.CreationProposal = proposalID
		return types.PROJECT_STATE_REJECTED, k.setState(ctx, p, types.PROJECT_STATE_REJECTED, "creation rejected")

	case phase == types.APPROVAL_PHASE_CREATION:
		if now := blockTime(ctx); !p.EndTime.After(now) {
			return 0, errorsmod.Wrapf(types.ErrProjectExpired, "project %d ended at %s", p.Id, p.EndTime.Format(time.RFC3339))
		}
		pool, err := k.Pool.Get(ctx)
		if err != nil {
			return 0, err
		}
		if p.Budget.GT(pool.Releasable) {
			return 0, errorsmod.Wrapf(types.ErrInsufficientBudget, "project %d budget %s%s, releasable %s%s", p.Id, p.Budget, params.Denom, pool.Releasable, params.Denom)
		}
		pool.Releasable = pool.Releasable.Sub(p.Budget)
		pool.Reserved = pool.Reserved.Add(p.Budget)
		if err := k.Pool.Set(ctx, pool); err != nil {
			return 0, err
		}
		p.CreationProposal = proposalID
		return types.PROJECT_STATE_DEVELOPING, k.setState(ctx, p, types.PROJECT_STATE_DEVELOPING, "creation approved")

	case !approve:
		p.AcceptanceRejected = true
		p.AcceptanceProposal = proposalID
		return types.PROJECT_STATE_ACCEPTING, k.setState(ctx, p, types.PROJECT_STATE_ACCEPTING, "acceptance rejected")
	}
	p.AcceptanceProposal = proposalID
	return types.PROJECT_STATE_FINISHED, k.finish(ctx, p, params)
}

func stateDesc(p types.Project) string {
	if p.AwaitsResubmission() {
		return "accepting (acceptance rejected)"
	}
	return p.State.String()
}

// finish settles an approved acceptance: payout = floor(budget x
// multiplier). budget - payout returns to releasable; for excellent the
// bonus payout - budget is taken from releasable, and the approval fails
// if releasable cannot cover it. Each contributor is owed
// floor(payout x value / total); the rounding remainder returns to
// releasable. Contributions of a project with a positive multiplier add to
// the contributors' cumulative value (DAN status).
func (k Keeper) finish(ctx context.Context, p *types.Project, params types.Params) error {
	acc := p.Acceptance
	pool, err := k.Pool.Get(ctx)
	if err != nil {
		return err
	}
	payout := types.Payout(p.Budget, acc.Level)
	returned, bonus := math.ZeroInt(), math.ZeroInt()
	pool.Reserved = pool.Reserved.Sub(p.Budget)
	if payout.LTE(p.Budget) {
		returned = p.Budget.Sub(payout)
		pool.Releasable = pool.Releasable.Add(returned)
	} else {
		bonus = payout.Sub(p.Budget)
		if bonus.GT(pool.Releasable) {
			return errorsmod.Wrapf(types.ErrInsufficientBudget, "project %d: the excellent bonus %s%s exceeds the releasable %s%s; advance a stage or approve a lower level",
				p.Id, bonus, params.Denom, pool.Releasable, params.Denom)
		}
		pool.Releasable = pool.Releasable.Sub(bonus)
	}
	total := uint64(0)
	for _, c := range acc.Contributions {
		total += c.Value // bounded at submission
	}
	tenths, _ := acc.Level.Multiplier()
	rewarded := math.ZeroInt()
	for _, c := range acc.Contributions {
		addr, err := k.address("contributor", c.Address)
		if err != nil {
			return err
		}
		amt := types.RewardOf(payout, c.Value, total)
		if err := k.Rewards.Set(ctx, collections.Join(p.Id, addr), types.Reward{
			ProjectId: p.Id, Address: c.Address, Value: c.Value, Amount: amt,
		}); err != nil {
			return err
		}
		if amt.IsPositive() {
			if err := k.Unclaimed.Set(ctx, collections.Join(addr, p.Id)); err != nil {
				return err
			}
		}
		rewarded = rewarded.Add(amt)
		if tenths > 0 {
			if err := k.addContribution(ctx, addr, c.Value, params.DanThreshold); err != nil {
				return err
			}
		}
	}
	remainder := payout.Sub(rewarded)
	pool.Releasable = pool.Releasable.Add(remainder)
	pool.Claimable = pool.Claimable.Add(rewarded)
	if err := k.Pool.Set(ctx, pool); err != nil {
		return err
	}
	p.Payout = payout
	if err := k.setState(ctx, p, types.PROJECT_STATE_FINISHED, "acceptance approved"); err != nil {
		return err
	}
	return emit(ctx, &types.EventProjectFinished{
		ProjectId: p.Id, Level: acc.Level, Payout: payout.String(), Returned: returned.String(), Bonus: bonus.String(), Remainder: remainder.String(),
	})
}

// SubmitAcceptance records the manager's acceptance: level and
// contributions (1 to max_contributions, distinct addresses, positive
// values). Allowed in developing, or in accepting after a rejected
// acceptance, and only up to the end time. The list is stored sorted by
// address and its digest is what the acceptance approval must carry.
func (k Keeper) SubmitAcceptance(ctx context.Context, manager sdk.AccAddress, id uint64, level types.AcceptanceLevel, contributions []types.Contribution) (string, error) {
	p, err := k.managed(ctx, manager, id)
	if err != nil {
		return "", err
	}
	if !(p.State == types.PROJECT_STATE_DEVELOPING || p.AwaitsResubmission()) {
		return "", errorsmod.Wrapf(types.ErrInvalidState, "project %d is %s; acceptance is submitted in developing (or resubmitted after a rejection)", id, stateDesc(p))
	}
	if now := blockTime(ctx); now.After(p.EndTime) {
		return "", errorsmod.Wrapf(types.ErrProjectExpired, "project %d ended at %s", id, p.EndTime.Format(time.RFC3339))
	}
	if _, ok := level.Multiplier(); !ok {
		return "", errorsmod.Wrapf(types.ErrInvalidAcceptance, "level %s; use failed, normal, good or excellent", level)
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return "", err
	}
	if len(contributions) == 0 {
		return "", errorsmod.Wrap(types.ErrInvalidAcceptance, "at least one contribution is needed")
	}
	if len(contributions) > int(params.MaxContributions) {
		return "", errorsmod.Wrapf(types.ErrTooManyContributions, "%d contributions, the limit is %d", len(contributions), params.MaxContributions)
	}
	type entry struct {
		addr sdk.AccAddress
		c    types.Contribution
	}
	entries := make([]entry, len(contributions))
	total := uint64(0)
	for i, c := range contributions {
		addr, err := k.address("contributor", c.Address)
		if err != nil {
			return "", err
		}
		if c.Value == 0 {
			return "", errorsmod.Wrapf(types.ErrZeroContribution, "contributor %s", c.Address)
		}
		if total+c.Value < total {
			return "", errorsmod.Wrap(types.ErrInvalidAcceptance, "contribution values overflow")
		}
		total += c.Value
		canonical, err := k.addressString(addr)
		if err != nil {
			return "", err
		}
		entries[i] = entry{addr, types.Contribution{Address: canonical, Value: c.Value}}
	}
	sort.Slice(entries, func(i, j int) bool { return bytes.Compare(entries[i].addr, entries[j].addr) < 0 })
	sorted := make([]types.Contribution, len(entries))
	for i, e := range entries {
		if i > 0 && bytes.Equal(e.addr, entries[i-1].addr) {
			return "", errorsmod.Wrapf(types.ErrDuplicateContributor, "%s", e.c.Address)
		}
		sorted[i] = e.c
	}
	digest := types.AcceptanceDigest(id, level, sorted)
	p.Acceptance = &types.Acceptance{Level: level, Contributions: sorted, Digest: digest}
	p.AcceptanceRejected = false
	if err := k.setState(ctx, &p, types.PROJECT_STATE_ACCEPTING, "acceptance submitted"); err != nil {
		return "", err
	}
	return digest, emit(ctx, &types.EventAcceptanceSubmitted{
		ProjectId: id, Level: level, Contributors: uint32(len(sorted)), TotalValue: total, Digest: digest,
	})
}

// managed returns a project whose manager is manager.
func (k Keeper) managed(ctx context.Context, manager sdk.AccAddress, id uint64) (types.Project, error) {
	p, err := k.GetProject(ctx, id)
	if err != nil {
		return p, err
	}
	managerStr, err := k.addressString(manager)
	if err != nil {
		return p, err
	}
	if p.Manager != managerStr {
		return p, errorsmod.Wrapf(types.ErrNotManager, "project %d is managed by %s", id, p.Manager)
	}
	return p, nil
}

// release rejects a project and returns its reservation, if any.
func (k Keeper) release(ctx context.Context, p *types.Project, reason string) error {
	if p.HoldsReservation() {
		pool, err := k.Pool.Get(ctx)
		if err != nil {
			return err
		}
		pool.Reserved = pool.Reserved.Sub(p.Budget)
		pool.Releasable = pool.Releasable.Add(p.Budget)
		if err := k.Pool.Set(ctx, pool); err != nil {
			return err
		}
		if err := emit(ctx, &types.EventBudgetReleased{ProjectId: p.Id, Amount: p.Budget.String()}); err != nil {
			return err
		}
	}
	return k.setState(ctx, p, types.PROJECT_STATE_REJECTED, reason)
}

// CancelProject: the manager cancels a preparing project, or an accepting
// one whose acceptance was rejected (its reservation returns to
// releasable). The project ends rejected.
func (k Keeper) CancelProject(ctx context.Context, manager sdk.AccAddress, id uint64) error {
	p, err := k.managed(ctx, manager, id)
	if err != nil {
		return err
	}
	if !(p.State == types.PROJECT_STATE_PREPARING || p.AwaitsResubmission()) {
		return errorsmod.Wrapf(types.ErrInvalidState, "project %d is %s; cancel from preparing or after a rejected acceptance", id, stateDesc(p))
	}
	return k.release(ctx, &p, "cancelled")
}

// RejectExpired rejects a project past its end time that has nothing
// pending approval: preparing, developing, or accepting after a rejected
// acceptance. Anyone may send it; a reservation returns to releasable.
func (k Keeper) RejectExpired(ctx context.Context, id uint64) error {
	p, err := k.GetProject(ctx, id)
	if err != nil {
		return err
	}
	switch {
	case p.State == types.PROJECT_STATE_PREPARING, p.State == types.PROJECT_STATE_DEVELOPING,
		p.AwaitsResubmission():
	default:
		return errorsmod.Wrapf(types.ErrInvalidState, "project %d is %s", id, stateDesc(p))
	}
	if now := blockTime(ctx); !now.After(p.EndTime) {
		return errorsmod.Wrapf(types.ErrNotExpired, "project %d ends at %s, the block time is %s", id, p.EndTime.Format(time.RFC3339), now.Format(time.RFC3339))
	}
	return k.release(ctx, &p, "expired")
}

// ClaimRewards pays the claimant's rewards of the listed projects (1 to
// max_claim_projects distinct ids), each once; any bad id fails the whole
// claim.
func (k Keeper) ClaimRewards(ctx context.Context, claimant sdk.AccAddress, ids []uint64) (math.Int, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	if len(ids) == 0 || len(ids) > int(params.MaxClaimProjects) {
		return math.Int{}, errorsmod.Wrapf(types.ErrInvalidClaim, "%d project ids, 1 to %d allowed", len(ids), params.MaxClaimProjects)
	}
	claimantStr, err := k.addressString(claimant)
	if err != nil {
		return math.Int{}, err
	}
	// Check every id before paying any, so a bad id changes nothing.
	total := math.ZeroInt()
	rewards := make([]types.Reward, 0, len(ids))
	seen := make(map[uint64]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			return math.Int{}, errorsmod.Wrapf(types.ErrInvalidClaim, "project %d listed twice", id)
		}
		seen[id] = true
		if _, err := k.GetProject(ctx, id); err != nil {
			return math.Int{}, err
		}
		r, err := k.Rewards.Get(ctx, collections.Join(id, claimant))
		if isNotFound(err) {
			return math.Int{}, errorsmod.Wrapf(types.ErrNoContribution, "%s has no reward in project %d", claimantStr, id)
		}
		if err != nil {
			return math.Int{}, err
		}
		if r.Claimed {
			return math.Int{}, errorsmod.Wrapf(types.ErrAlreadyClaimed, "%s already claimed %s from project %d", claimantStr, r.Amount, id)
		}
		if !r.Amount.IsPositive() {
			return math.Int{}, errorsmod.Wrapf(types.ErrInvalidClaim, "%s's reward in project %d is 0", claimantStr, id)
		}
		rewards = append(rewards, r)
		total = total.Add(r.Amount)
	}
	for _, r := range rewards {
		r.Claimed = true
		if err := k.Rewards.Set(ctx, collections.Join(r.ProjectId, claimant), r); err != nil {
			return math.Int{}, err
		}
		if err := k.Unclaimed.Remove(ctx, collections.Join(claimant, r.ProjectId)); err != nil {
			return math.Int{}, err
		}
	}
	pool, err := k.Pool.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	pool.Claimable = pool.Claimable.Sub(total)
	pool.Paid = pool.Paid.Add(total)
	if err := k.Pool.Set(ctx, pool); err != nil {
		return math.Int{}, err
	}
	if err := k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.ModuleName, claimant, sdk.NewCoins(sdk.NewCoin(params.Denom, total))); err != nil {
		return math.Int{}, err
	}
	return total, emit(ctx, &types.EventRewardsClaimed{Claimant: claimantStr, ProjectIds: ids, Amount: total.String()})
}
