package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/internal/grpcerr"
	"github.com/aitbc/aitbc/x/sourcedao/types"
)

type queryServer struct{ k Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the x/sourcedao Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k: k} }

var errEmpty = status.Error(codes.InvalidArgument, "empty request")

// Params returns the params.
func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	p, err := q.k.Params.Get(ctx)
	return &types.QueryParamsResponse{Params: p}, err
}

// Stages lists the stages and what each unlocked.
func (q queryServer) Stages(ctx context.Context, req *types.QueryStagesRequest) (*types.QueryStagesResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	pool, err := q.k.Pool.Get(ctx)
	if err != nil {
		return nil, err
	}
	res := &types.QueryStagesResponse{StagesUnlocked: pool.StagesUnlocked}
	for i, s := range params.Stages {
		info := types.StageInfo{Index: uint32(i), Name: s.Name, Share: s.Share, Unlocked: uint32(i) < pool.StagesUnlocked, Amount: math.ZeroInt()}
		if info.Unlocked {
			amt, err := q.k.StageUnlocks.Get(ctx, uint32(i))
			if err != nil && !isNotFound(err) {
				return nil, err
			}
			if err == nil {
				info.Amount = amt
			}
		}
		res.Stages = append(res.Stages, info)
	}
	return res, nil
}

// Pool returns the pool accounting and the module balance.
func (q queryServer) Pool(ctx context.Context, req *types.QueryPoolRequest) (*types.QueryPoolResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	pool, err := q.k.Pool.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryPoolResponse{
		Pool: pool, Unlocked: pool.Total.Sub(pool.Locked), Spent: pool.Claimable.Add(pool.Paid),
		Balance: q.k.bankKeeper.GetBalance(ctx, q.k.ModuleAddress(), params.Denom).Amount,
	}, nil
}

// Projects lists projects through the state or manager index.
func (q queryServer) Projects(ctx context.Context, req *types.QueryProjectsRequest) (*types.QueryProjectsResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	if err := grpcerr.Enum("state", int32(req.State), types.ProjectState_name); err != nil {
		return nil, err
	}
	if err := grpcerr.Page(req.Pagination); err != nil {
		return nil, err
	}
	load := func(id uint64) (types.Project, error) { return q.k.Projects.Get(ctx, id) }
	if req.Manager != "" {
		manager, err := q.k.address("manager", req.Manager)
		if err != nil {
			return nil, grpcerr.InvalidArgument(err)
		}
		view := colls.IndexKeys(q.k.storeService, types.ProjectsByManager, "projects_by_manager_view", sdk.AccAddressKey)
		projects, page, err := query.CollectionFilteredPaginate(ctx, view, req.Pagination,
			func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (bool, error) {
				if req.State == types.PROJECT_STATE_UNSPECIFIED {
					return true, nil
				}
				p, err := load(key.K2())
				return err == nil && p.State == req.State, err
			},
			func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Project, error) {
				return load(key.K2())
			},
			query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](manager))
		return &types.QueryProjectsResponse{Projects: projects, Pagination: page}, err
	}
	if req.State != types.PROJECT_STATE_UNSPECIFIED {
		view := colls.IndexKeys(q.k.storeService, types.ProjectsByState, "projects_by_state_view", collections.Int32Key)
		projects, page, err := query.CollectionPaginate(ctx, view, req.Pagination,
			func(key collections.Pair[int32, uint64], _ collections.NoValue) (types.Project, error) {
				return load(key.K2())
			},
			query.WithCollectionPaginationPairPrefix[int32, uint64](int32(req.State)))
		return &types.QueryProjectsResponse{Projects: projects, Pagination: page}, err
	}
	projects, page, err := query.CollectionPaginate(ctx, q.k.Projects, req.Pagination,
		func(_ uint64, p types.Project) (types.Project, error) { return p, nil })
	return &types.QueryProjectsResponse{Projects: projects, Pagination: page}, err
}

// Project returns one project.
func (q queryServer) Project(ctx context.Context, req *types.QueryProjectRequest) (*types.QueryProjectResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	p, err := q.k.GetProject(ctx, req.ProjectId)
	if err != nil {
		return nil, err
	}
	return &types.QueryProjectResponse{Project: p}, nil
}

// Contributions lists a project's rewards.
func (q queryServer) Contributions(ctx context.Context, req *types.QueryContributionsRequest) (*types.QueryContributionsResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	if err := grpcerr.Page(req.Pagination); err != nil {
		return nil, err
	}
	if _, err := q.k.GetProject(ctx, req.ProjectId); err != nil {
		return nil, err
	}
	rewards, page, err := query.CollectionPaginate(ctx, q.k.Rewards, req.Pagination,
		func(_ collections.Pair[uint64, sdk.AccAddress], r types.Reward) (types.Reward, error) { return r, nil },
		query.WithCollectionPaginationPairPrefix[uint64, sdk.AccAddress](req.ProjectId))
	return &types.QueryContributionsResponse{Rewards: rewards, Pagination: page}, err
}

// Claimable lists an address's unclaimed rewards and their total.
func (q queryServer) Claimable(ctx context.Context, req *types.QueryClaimableRequest) (*types.QueryClaimableResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	addr, err := q.k.address("address", req.Address)
	if err != nil {
		return nil, grpcerr.InvalidArgument(err)
	}
	if err := grpcerr.Page(req.Pagination); err != nil {
		return nil, err
	}
	get := func(key collections.Pair[sdk.AccAddress, uint64]) (types.Reward, error) {
		return q.k.Rewards.Get(ctx, collections.Join(key.K2(), key.K1()))
	}
	rewards, page, err := query.CollectionPaginate(ctx, q.k.Unclaimed, req.Pagination,
		func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Reward, error) {
			return get(key)
		},
		query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](addr))
	if err != nil {
		return nil, err
	}
	total := math.ZeroInt()
	err = q.k.Unclaimed.Walk(ctx, collections.NewPrefixedPairRange[sdk.AccAddress, uint64](addr), func(key collections.Pair[sdk.AccAddress, uint64]) (bool, error) {
		r, err := get(key)
		if err != nil {
			return true, err
		}
		total = total.Add(r.Amount)
		return false, nil
	})
	return &types.QueryClaimableResponse{Rewards: rewards, Total: total, Pagination: page}, err
}

// Developers lists core (default) or DAN developers.
func (q queryServer) Developers(ctx context.Context, req *types.QueryDevelopersRequest) (*types.QueryDevelopersResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	if err := grpcerr.Enum("kind", int32(req.Kind), types.DeveloperKind_name); err != nil {
		return nil, err
	}
	if err := grpcerr.Page(req.Pagination); err != nil {
		return nil, err
	}
	set := q.k.CoreDevelopers
	if req.Kind == types.DEVELOPER_KIND_DAN {
		set = q.k.DanDevelopers
	}
	devs, page, err := query.CollectionPaginate(ctx, set, req.Pagination,
		func(a sdk.AccAddress, _ collections.NoValue) (types.Developer, error) { return q.k.Developer(ctx, a) })
	return &types.QueryDevelopersResponse{Developers: devs, Pagination: page}, err
}

// Developer returns an address's roles.
func (q queryServer) Developer(ctx context.Context, req *types.QueryDeveloperRequest) (*types.QueryDeveloperResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	addr, err := q.k.address("address", req.Address)
	if err != nil {
		return nil, grpcerr.InvalidArgument(err)
	}
	d, err := q.k.Developer(ctx, addr)
	return &types.QueryDeveloperResponse{Developer: d}, err
}
