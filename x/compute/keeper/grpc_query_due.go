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

// AttestationsDue lists the leases a validator still has to act on, from
// the AttestationsDue index (by lease id).
func (q queryServer) AttestationsDue(ctx context.Context, req *types.QueryAttestationsDueRequest) (*types.QueryAttestationsDueResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := grpcerr.Page(req.Pagination); err != nil {
		return nil, err
	}
	valBz, err := q.k.operators().Decode("validator", req.Validator)
	if err != nil {
		return nil, grpcerr.InvalidArgument(err)
	}
	val := sdk.ValAddress(valBz)
	leases, page, err := query.CollectionPaginate(ctx, q.k.AttestationsDue, req.Pagination,
		func(key collections.Pair[sdk.ValAddress, uint64], _ collections.NoValue) (types.Lease, error) {
			return q.k.Leases.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[sdk.ValAddress, uint64](val))
	if err != nil {
		return nil, err
	}
	if leases == nil {
		leases = []types.Lease{}
	}
	return &types.QueryAttestationsDueResponse{Leases: leases, Pagination: page}, nil
}
