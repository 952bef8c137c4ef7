package keeper

import (
	"context"

	"cosmossdk.io/collections"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/aitbc/aitbc/internal/grpcerr"
	"github.com/aitbc/aitbc/x/compute/types"
)

type queryServer struct{ k Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the x/compute Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k: k} }

// Params returns the params.
func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.k.Params.Get(ctx)
	return &types.QueryParamsResponse{Params: p}, err
}

// Providers lists providers by operator address.
func (q queryServer) Providers(ctx context.Context, req *types.QueryProvidersRequest) (*types.QueryProvidersResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := grpcerr.Page(req.Pagination); err != nil {
		return nil, err
	}
	providers, page, err := query.CollectionPaginate(ctx, q.k.Providers, req.Pagination,
		func(_ sdk.ValAddress, p types.Provider) (types.Provider, error) { return p, nil })
	return &types.QueryProvidersResponse{Providers: providers, Pagination: page}, err
}

// Provider returns one provider.
func (q queryServer) Provider(ctx context.Context, req *types.QueryProviderRequest) (*types.QueryProviderResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	op, err := q.k.operator(req.Operator)
	if err != nil {
		return nil, grpcerr.InvalidArgument(err)
	}
	p, err := q.k.GetProvider(ctx, sdk.AccAddress(op))
	if err != nil {
		return nil, err
	}
	return &types.QueryProviderResponse{Provider: p}, nil
}

// Offers lists open offers: of a model cheapest first from the price
// index, otherwise all offers by id.
func (q queryServer) Offers(ctx context.Context, req *types.QueryOffersRequest) (*types.QueryOffersResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := grpcerr.IdentFilter("model", req.Model); err != nil {
		return nil, err
	}
	if err := grpcerr.Page(req.Pagination); err != nil {
		return nil, err
	}
	if req.Model == "" {
		offers, page, err := query.CollectionFilteredPaginate(ctx, q.k.Offers, req.Pagination,
			func(_ uint64, o types.Offer) (bool, error) { return o.Status == types.OFFER_STATUS_OPEN, nil },
			func(_ uint64, o types.Offer) (types.Offer, error) { return o, nil })
		return &types.QueryOffersResponse{Offers: offers, Pagination: page}, err
	}
	offers, page, err := query.CollectionPaginate(ctx, q.k.OfferPrices, req.Pagination,
		func(key collections.Triple[string, uint64, uint64], _ collections.NoValue) (types.Offer, error) {
			return q.k.Offers.Get(ctx, key.K3())
		},
		func(o *query.CollectionsPaginateOptions[collections.Triple[string, uint64, uint64]]) {
			prefix := collections.TriplePrefix[string, uint64, uint64](req.Model)
			o.Prefix = &prefix
		})
	return &types.QueryOffersResponse{Offers: offers, Pagination: page}, err
}

// Offer returns one offer.
func (q queryServer) Offer(ctx context.Context, req *types.QueryOfferRequest) (*types.QueryOfferResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	o, err := q.k.GetOffer(ctx, req.OfferId)
	if err != nil {
		return nil, err
	}
	return &types.QueryOfferResponse{Offer: o}, nil
}
