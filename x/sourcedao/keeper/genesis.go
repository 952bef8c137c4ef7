package keeper

import (
	"context"
	"sort"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// InitGenesis imports the state. A fresh genesis (no accounting yet) takes
// the module account's balance of the pool denom as the development supply
// and unlocks the first pool.stages_unlocked stages; an exported state is
// imported as is. Either way the pool invariant must hold afterwards.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	k.accountKeeper.GetModuleAccount(ctx, types.ModuleName) // create it if needed
	pool := gs.Pool.Normalized()
	if gs.IsFresh() {
		balance := k.bankKeeper.GetBalance(ctx, k.ModuleAddress(), gs.Params.Denom).Amount
		unlocked := pool.StagesUnlocked
		pool = types.ZeroPool()
		pool.Total, pool.Locked = balance, balance
		for i := uint32(0); i < unlocked; i++ {
			if _, _, err := k.unlockNext(ctx, gs.Params, &pool); err != nil {
				return err
			}
		}
	} else {
		for _, s := range gs.StageUnlocks {
			if err := k.StageUnlocks.Set(ctx, s.Stage, s.Amount); err != nil {
				return err
			}
		}
	}
	if err := k.Pool.Set(ctx, pool); err != nil {
		return err
	}
	for _, p := range gs.Projects {
		if err := k.Projects.Set(ctx, p.Id, p); err != nil {
			return err
		}
	}
	for _, r := range gs.Rewards {
		addr, err := k.address("reward address", r.Address)
		if err != nil {
			return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
		}
		if err := k.Rewards.Set(ctx, collections.Join(r.ProjectId, addr), r); err != nil {
			return err
		}
		if !r.Claimed && r.Amount.IsPositive() {
			if err := k.Unclaimed.Set(ctx, collections.Join(addr, r.ProjectId)); err != nil {
				return err
			}
		}
	}
	for _, d := range gs.Developers {
		addr, err := k.address("developer", d.Address)
		if err != nil {
			return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
		}
		for _, s := range []struct {
			on  bool
			set collections.KeySet[sdk.AccAddress]
		}{{d.Core, k.CoreDevelopers}, {d.Dan, k.DanDevelopers}, {d.DanRevoked, k.DanRevoked}} {
			if s.on {
				if err := s.set.Set(ctx, addr); err != nil {
					return err
				}
			}
		}
		if d.CumulativeContribution > 0 {
			if err := k.Cumulative.Set(ctx, addr, d.CumulativeContribution); err != nil {
				return err
			}
		}
	}
	for _, v := range gs.LatestVersions {
		if err := k.LatestVersions.Set(ctx, v.Name, v.Version); err != nil {
			return err
		}
	}
	if err := k.ProjectSeq.Set(ctx, gs.NextProjectId); err != nil {
		return err
	}
	if err := k.CheckInvariant(ctx); err != nil {
		return errorsmod.Wrap(err, "the sourcedao module account's bank balance must match the pool")
	}
	return nil
}

// ExportGenesis exports the state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	pool, err := k.Pool.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params, Pool: pool}
	if err := k.StageUnlocks.Walk(ctx, nil, func(i uint32, amt math.Int) (bool, error) {
		gs.StageUnlocks = append(gs.StageUnlocks, types.StageUnlock{Stage: i, Amount: amt})
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Projects.Walk(ctx, nil, func(_ uint64, p types.Project) (bool, error) {
		gs.Projects = append(gs.Projects, p)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Rewards.Walk(ctx, nil, func(_ collections.Pair[uint64, sdk.AccAddress], r types.Reward) (bool, error) {
		gs.Rewards = append(gs.Rewards, r)
		return false, nil
	}); err != nil {
		return nil, err
	}
	devs := map[string]*types.Developer{}
	dev := func(a sdk.AccAddress) *types.Developer {
		s := a.String()
		if devs[s] == nil {
			devs[s] = &types.Developer{Address: s}
		}
		return devs[s]
	}
	for _, s := range []struct {
		set  collections.KeySet[sdk.AccAddress]
		mark func(*types.Developer)
	}{
		{k.CoreDevelopers, func(d *types.Developer) { d.Core = true }},
		{k.DanDevelopers, func(d *types.Developer) { d.Dan = true }},
		{k.DanRevoked, func(d *types.Developer) { d.DanRevoked = true }},
	} {
		if err := s.set.Walk(ctx, nil, func(a sdk.AccAddress) (bool, error) {
			s.mark(dev(a))
			return false, nil
		}); err != nil {
			return nil, err
		}
	}
	if err := k.Cumulative.Walk(ctx, nil, func(a sdk.AccAddress, v uint64) (bool, error) {
		dev(a).CumulativeContribution = v
		return false, nil
	}); err != nil {
		return nil, err
	}
	addrs := make([]string, 0, len(devs))
	for a := range devs {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	for _, a := range addrs {
		gs.Developers = append(gs.Developers, *devs[a])
	}
	if err := k.LatestVersions.Walk(ctx, nil, func(name string, v uint64) (bool, error) {
		gs.LatestVersions = append(gs.LatestVersions, types.ProjectVersion{Name: name, Version: v})
		return false, nil
	}); err != nil {
		return nil, err
	}
	gs.NextProjectId, err = k.ProjectSeq.Peek(ctx)
	return gs, err
}
