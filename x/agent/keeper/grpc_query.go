package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/internal/grpcerr"
	"github.com/aitbc/aitbc/x/agent/types"
)

type queryServer struct{ k Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the x/agent Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k: k} }

// Params returns the params.
func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.k.Params.Get(ctx)
	return &types.QueryParamsResponse{Params: p}, err
}

// Agent returns one agent.
func (q queryServer) Agent(ctx context.Context, req *types.QueryAgentRequest) (*types.QueryAgentResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	a, err := q.k.GetAgent(ctx, req.AgentId)
	if err != nil {
		return nil, err
	}
	return &types.QueryAgentResponse{Agent: a}, nil
}

// Agents lists agents, by type and capability through their indexes.
func (q queryServer) Agents(ctx context.Context, req *types.QueryAgentsRequest) (*types.QueryAgentsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := grpcerr.Enum("type", int32(req.Type), types.AgentType_name); err != nil {
		return nil, err
	}
	if err := grpcerr.IdentFilter("capability", req.Capability); err != nil {
		return nil, err
	}
	if err := grpcerr.Page(req.Pagination); err != nil {
		return nil, err
	}
	load := func(id uint64) (types.Agent, error) { return q.k.Agents.Get(ctx, id) }
	switch {
	case req.Capability != "":
		agents, page, err := query.CollectionFilteredPaginate(ctx, q.k.Capabilities, req.Pagination,
			func(key collections.Pair[string, uint64], _ collections.NoValue) (bool, error) {
				if req.Type == types.AGENT_TYPE_UNSPECIFIED {
					return true, nil
				}
				a, err := load(key.K2())
				return err == nil && a.Type == req.Type, err
			},
			func(key collections.Pair[string, uint64], _ collections.NoValue) (types.Agent, error) {
				return load(key.K2())
			},
			query.WithCollectionPaginationPairPrefix[string, uint64](req.Capability))
		return &types.QueryAgentsResponse{Agents: agents, Pagination: page}, err
	case req.Type != types.AGENT_TYPE_UNSPECIFIED:
		view := colls.IndexKeys(q.k.storeService, types.AgentsByType, "agents_by_type_view", collections.Int32Key)
		agents, page, err := query.CollectionPaginate(ctx, view, req.Pagination,
			func(key collections.Pair[int32, uint64], _ collections.NoValue) (types.Agent, error) {
				return load(key.K2())
			},
			query.WithCollectionPaginationPairPrefix[int32, uint64](int32(req.Type)))
		return &types.QueryAgentsResponse{Agents: agents, Pagination: page}, err
	}
	agents, page, err := query.CollectionPaginate(ctx, q.k.Agents, req.Pagination,
		func(_ uint64, a types.Agent) (types.Agent, error) { return a, nil })
	return &types.QueryAgentsResponse{Agents: agents, Pagination: page}, err
}

// AgentsByOwner lists an owner's agents through the owner index.
func (q queryServer) AgentsByOwner(ctx context.Context, req *types.QueryAgentsByOwnerRequest) (*types.QueryAgentsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	owner, err := q.k.address("owner", req.Owner)
	if err != nil {
		return nil, grpcerr.InvalidArgument(err)
	}
	if err := grpcerr.Page(req.Pagination); err != nil {
		return nil, err
	}
	view := colls.IndexKeys(q.k.storeService, types.AgentsByOwner, "agents_by_owner_view", sdk.AccAddressKey)
	agents, page, err := query.CollectionPaginate(ctx, view, req.Pagination,
		func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Agent, error) {
			return q.k.Agents.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](owner))
	return &types.QueryAgentsResponse{Agents: agents, Pagination: page}, err
}

// Wallet returns an agent's wallet and balances.
func (q queryServer) Wallet(ctx context.Context, req *types.QueryWalletRequest) (*types.QueryWalletResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	a, err := q.k.GetAgent(ctx, req.AgentId)
	if err != nil {
		return nil, err
	}
	wallet, err := q.k.address("wallet", a.Wallet)
	if err != nil {
		// A stored wallet that does not decode is the node's fault.
		return nil, grpcerr.Internal(fmt.Sprintf("agent %d", req.AgentId), err)
	}
	return &types.QueryWalletResponse{Wallet: a.Wallet, Balances: q.k.bankKeeper.GetAllBalances(ctx, wallet)}, nil
}

// Policy returns an agent's policy and current spend.
func (q queryServer) Policy(ctx context.Context, req *types.QueryPolicyRequest) (*types.QueryPolicyResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if _, err := q.k.GetAgent(ctx, req.AgentId); err != nil {
		return nil, err
	}
	p, err := q.k.Policies.Get(ctx, req.AgentId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, errorsmod.Wrapf(types.ErrNoPolicy, "agent %d", req.AgentId)
	}
	if err != nil {
		return nil, err
	}
	spent, err := q.k.CurrentSpend(ctx, req.AgentId, p)
	return &types.QueryPolicyResponse{Policy: p, Spent: spent}, err
}
