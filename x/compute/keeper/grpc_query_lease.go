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
	"github.com/aitbc/aitbc/x/compute/types"
)

// Leases lists leases by provider and status, by provider, by status (all
// through indexes), or all.
func (q queryServer) Leases(ctx context.Context, req *types.QueryLeasesRequest) (*types.QueryLeasesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := grpcerr.Enum("status", int32(req.Status), types.LeaseStatus_name); err != nil {
		return nil, err
	}
	if err := grpcerr.Page(req.Pagination); err != nil {
		return nil, err
	}
	load := func(id uint64) (types.Lease, error) { return q.k.Leases.Get(ctx, id) }
	var (
		leases []types.Lease
		page   *query.PageResponse
		err    error
	)
	switch {
	case req.Provider != "" && req.Status != types.LEASE_STATUS_UNSPECIFIED:
		op, err := q.k.operator(req.Provider)
		if err != nil {
			return nil, grpcerr.InvalidArgument(err)
		}
		view := colls.IndexKeys(q.k.storeService, types.LeasesByProviderStatusKey, "leases_by_provider_status_view",
			collections.PairKeyCodec(sdk.ValAddressKey, collections.Int32Key))
		leases, page, err = query.CollectionPaginate(ctx, view, req.Pagination,
			func(key collections.Pair[collections.Pair[sdk.ValAddress, int32], uint64], _ collections.NoValue) (types.Lease, error) {
				return load(key.K2())
			},
			query.WithCollectionPaginationPairPrefix[collections.Pair[sdk.ValAddress, int32], uint64](collections.Join(op, int32(req.Status))))
		return &types.QueryLeasesResponse{Leases: leases, Pagination: page}, err
	case req.Provider != "":
		op, err := q.k.operator(req.Provider)
		if err != nil {
			return nil, grpcerr.InvalidArgument(err)
		}
		// The (provider, status) index's keys read as (provider, (status,
		// id)): the same bytes, so a provider prefix pages all its leases.
		view := collections.NewKeySet(collections.NewSchemaBuilder(q.k.storeService), types.LeasesByProviderStatusKey,
			"leases_by_provider_view", collections.PairKeyCodec(sdk.ValAddressKey, collections.PairKeyCodec(collections.Int32Key, collections.Uint64Key)))
		leases, page, err = query.CollectionPaginate(ctx, view, req.Pagination,
			func(key collections.Pair[sdk.ValAddress, collections.Pair[int32, uint64]], _ collections.NoValue) (types.Lease, error) {
				return load(key.K2().K2())
			},
			query.WithCollectionPaginationPairPrefix[sdk.ValAddress, collections.Pair[int32, uint64]](op))
		return &types.QueryLeasesResponse{Leases: leases, Pagination: page}, err
	case req.Status != types.LEASE_STATUS_UNSPECIFIED:
		view := colls.IndexKeys(q.k.storeService, types.LeasesByStatusKey, "leases_by_status_view", collections.Int32Key)
		leases, page, err = query.CollectionPaginate(ctx, view, req.Pagination,
			func(key collections.Pair[int32, uint64], _ collections.NoValue) (types.Lease, error) {
				return load(key.K2())
			},
			query.WithCollectionPaginationPairPrefix[int32, uint64](int32(req.Status)))
		return &types.QueryLeasesResponse{Leases: leases, Pagination: page}, err
	}
	leases, page, err = query.CollectionPaginate(ctx, q.k.Leases, req.Pagination,
		func(_ uint64, l types.Lease) (types.Lease, error) { return l, nil })
	return &types.QueryLeasesResponse{Leases: leases, Pagination: page}, err
}

// Lease returns a lease with its attestations.
func (q queryServer) Lease(ctx context.Context, req *types.QueryLeaseRequest) (*types.QueryLeaseResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	l, err := q.k.GetLease(ctx, req.LeaseId)
	if err != nil {
		return nil, err
	}
	atts, err := q.k.leaseAttestations(ctx, req.LeaseId)
	if err != nil {
		return nil, err
	}
	if atts == nil {
		atts = []types.Attestation{}
	}
	return &types.QueryLeaseResponse{Lease: l, Attestations: atts}, nil
}

// MarketStats counts open jobs and leases and, per GPU model, the listed
// offers, their free GPUs and median price. It reads every listed offer and
// open job: a query, not state machine work.
func (q queryServer) MarketStats(ctx context.Context, req *types.QueryMarketStatsRequest) (*types.QueryMarketStatsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	res := &types.QueryMarketStatsResponse{Models: []types.ModelStats{}}
	var prices []uint64
	flush := func() {
		if n := len(prices); n > 0 {
			m := &res.Models[len(res.Models)-1]
			m.OpenOffers = uint64(n)
			m.MedianPricePerGpuHour = sdk.NewCoin(params.MinBond.Denom, math.NewIntFromUint64(prices[(n-1)/2]))
		}
		prices = prices[:0]
	}
	// The price index is ordered by (model, price): each model's prices
	// come sorted and together.
	if err := q.k.OfferPrices.Walk(ctx, nil, func(key collections.Triple[string, uint64, uint64]) (bool, error) {
		if len(res.Models) == 0 || res.Models[len(res.Models)-1].Model != key.K1() {
			flush()
			res.Models = append(res.Models, types.ModelStats{Model: key.K1()})
		}
		o, err := q.k.Offers.Get(ctx, key.K3())
		if err != nil {
			return true, err
		}
		res.Models[len(res.Models)-1].FreeGpus += uint64(o.Gpu.Count - o.Reserved)
		prices = append(prices, key.K2())
		return false, nil
	}); err != nil {
		return nil, err
	}
	flush()
	byModel := make(map[string]int, len(res.Models))
	for i, m := range res.Models {
		byModel[m.Model] = i
	}
	if err := q.k.Jobs.Indexes.Status.Walk(ctx, collections.NewPrefixedPairRange[int32, uint64](int32(types.JOB_STATUS_OPEN)),
		func(_ int32, id uint64) (bool, error) {
			j, err := q.k.Jobs.Get(ctx, id)
			if err != nil {
				return true, err
			}
			res.OpenJobs++
			model := j.Requirements.Model
			if _, ok := byModel[model]; !ok && model != "" {
				byModel[model] = len(res.Models)
				res.Models = append(res.Models, types.ModelStats{Model: model, MedianPricePerGpuHour: sdk.NewCoin(params.MinBond.Denom, math.ZeroInt())})
			}
			if i, ok := byModel[model]; ok {
				res.Models[i].OpenJobs++
			}
			return false, nil
		}); err != nil {
		return nil, err
	}
	for _, s := range types.UnfinishedLeaseStatuses {
		if err := q.k.Leases.Indexes.Status.Walk(ctx, collections.NewPrefixedPairRange[int32, uint64](int32(s)),
			func(int32, uint64) (bool, error) {
				res.ActiveLeases++
				return false, nil
			}); err != nil {
			return nil, err
		}
	}
	return res, nil
}
