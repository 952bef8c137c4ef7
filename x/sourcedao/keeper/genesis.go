package keeper

import (
	"context"
	"sort"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
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
	if gs.StageUnlocks, err = colls.Collect(ctx, k.StageUnlocks, func(stage uint32, amount math.Int) (types.StageUnlock, error) {
		return types.StageUnlock{Stage: stage, Amount: amount}, nil
	}); err != nil {
		return nil, err
	}
	if gs.Projects, err = colls.IndexedValues(ctx, k.Projects); err != nil {
		return nil, err
	}
	if gs.Rewards, err = colls.Values(ctx, k.Rewards); err != nil {
		return nil, err
	}
	if gs.Developers, err = k.exportDevelopers(ctx); err != nil {
		return nil, err
	}
	if gs.LatestVersions, err = colls.Collect(ctx, k.LatestVersions, func(name string, version uint64) (types.ProjectVersion, error) {
		return types.ProjectVersion{Name: name, Version: version}, nil
	}); err != nil {
		return nil, err
	}
	gs.NextProjectId, err = k.ProjectSeq.Peek(ctx)
	return gs, err
}

// exportDevelopers merges the role sets and the cumulative contributions
// into one entry per address, sorted by address.
func (k Keeper) exportDevelopers(ctx context.Context) ([]types.Developer, error) {
	devs := map[string]*types.Developer{}
	dev := func(a sdk.AccAddress) (*types.Developer, error) {
		s, err := k.addressCodec.BytesToString(a)
		if err != nil {
			return nil, err
		}
		if devs[s] == nil {
			devs[s] = &types.Developer{Address: s}
		}
		return devs[s], nil
	}
	for _, s := range []struct {
		set  collections.KeySet[sdk.AccAddress]
		mark func(*types.Developer)
	}{
		{k.CoreDevelopers, func(d *types.Developer) { d.Core = true }},
		{k.DanDevelopers, func(d *types.Developer) { d.Dan = true }},
		{k.DanRevoked, func(d *types.Developer) { d.DanRevoked = true }},
	} {
		addrs, err := colls.Keys(ctx, s.set)
		if err != nil {
			return nil, err
		}
		for _, a := range addrs {
			d, err := dev(a)
			if err != nil {
				return nil, err
			}
			s.mark(d)
		}
	}
	cumulative, err := colls.Collect(ctx, k.Cumulative, func(a sdk.AccAddress, v uint64) (collections.KeyValue[sdk.AccAddress, uint64], error) {
		return collections.KeyValue[sdk.AccAddress, uint64]{Key: a, Value: v}, nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range cumulative {
		d, err := dev(c.Key)
		if err != nil {
			return nil, err
		}
		d.CumulativeContribution = c.Value
	}
	addrs := make([]string, 0, len(devs))
	for a := range devs {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	var out []types.Developer
	for _, a := range addrs {
		out = append(out, *devs[a])
	}
	return out, nil
}
