package keeper

import (
	"context"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/x/agent/types"
)

// InitGenesis imports the state after checking it (identifiers, text and
// addresses as the messages would); the wallet and capability indexes are
// rebuilt from the agents.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, a := range gs.Agents {
		if err := k.setAgent(ctx, a, nil); err != nil {
			return err
		}
		wallet, err := k.address("wallet", a.Wallet)
		if err != nil {
			return err
		}
		if err := k.Wallets.Set(ctx, wallet, a.Id); err != nil {
			return err
		}
	}
	for _, p := range gs.Policies {
		if err := k.Policies.Set(ctx, p.AgentId, p.Policy); err != nil {
			return err
		}
		if err := k.Spends.Set(ctx, p.AgentId, p.Spent); err != nil {
			return err
		}
	}
	return k.AgentSeq.Set(ctx, gs.NextAgentId)
}

// ExportGenesis exports the state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	if gs.Agents, err = colls.IndexedValues(ctx, k.Agents); err != nil {
		return nil, err
	}
	if gs.Policies, err = colls.Collect(ctx, k.Policies, func(id uint64, p types.Policy) (types.AgentPolicy, error) {
		spent, err := k.Spends.Get(ctx, id)
		return types.AgentPolicy{AgentId: id, Policy: p, Spent: spent}, err
	}); err != nil {
		return nil, err
	}
	gs.NextAgentId, err = k.AgentSeq.Peek(ctx)
	return gs, err
}
