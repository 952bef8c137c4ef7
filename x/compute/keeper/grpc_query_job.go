package keeper

import (
	"context"

	"cosmossdk.io/collections"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/x/compute/types"
)

// Jobs lists jobs by consumer (through its index, filtered by status) or by
// status (through its index), or all.
func (q queryServer) Jobs(ctx context.Context, req *types.QueryJobsRequest) (*types.QueryJobsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	load := func(id uint64) (types.Job, error) { return q.k.Jobs.Get(ctx, id) }
	switch {
	case req.Consumer != "":
		consumer, err := q.k.account(req.Consumer)
		if err != nil {
			return nil, err
		}
		view := colls.IndexKeys(q.k.storeService, types.JobsByConsumerKey, "jobs_by_consumer_view", sdk.AccAddressKey)
		jobs, page, err := query.CollectionFilteredPaginate(ctx, view, req.Pagination,
			func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (bool, error) {
				if req.Status == types.JOB_STATUS_UNSPECIFIED {
					return true, nil
				}
				j, err := load(key.K2())
				return err == nil && j.Status == req.Status, err
			},
			func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Job, error) {
				return load(key.K2())
			},
			query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](consumer))
		return &types.QueryJobsResponse{Jobs: jobs, Pagination: page}, err
	case req.Status != types.JOB_STATUS_UNSPECIFIED:
		view := colls.IndexKeys(q.k.storeService, types.JobsByStatusKey, "jobs_by_status_view", collections.Int32Key)
		jobs, page, err := query.CollectionPaginate(ctx, view, req.Pagination,
			func(key collections.Pair[int32, uint64], _ collections.NoValue) (types.Job, error) {
				return load(key.K2())
			},
			query.WithCollectionPaginationPairPrefix[int32, uint64](int32(req.Status)))
		return &types.QueryJobsResponse{Jobs: jobs, Pagination: page}, err
	}
	jobs, page, err := query.CollectionPaginate(ctx, q.k.Jobs, req.Pagination,
		func(_ uint64, j types.Job) (types.Job, error) { return j, nil })
	return &types.QueryJobsResponse{Jobs: jobs, Pagination: page}, err
}

// Job returns one job.
func (q queryServer) Job(ctx context.Context, req *types.QueryJobRequest) (*types.QueryJobResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	j, err := q.k.GetJob(ctx, req.JobId)
	if err != nil {
		return nil, err
	}
	return &types.QueryJobResponse{Job: j}, nil
}

// Escrow returns what the escrow and bonds accounts hold.
func (q queryServer) Escrow(ctx context.Context, req *types.QueryEscrowRequest) (*types.QueryEscrowResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	denom := params.MinBond.Denom
	return &types.QueryEscrowResponse{
		Escrowed: q.k.bankKeeper.GetBalance(ctx, authtypes.NewModuleAddress(types.EscrowName), denom),
		Bonds:    q.k.bankKeeper.GetBalance(ctx, authtypes.NewModuleAddress(types.BondsName), denom),
	}, nil
}
