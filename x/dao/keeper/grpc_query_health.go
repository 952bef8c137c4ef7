package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/aitbc/aitbc/internal/grpcerr"
	"github.com/aitbc/aitbc/internal/ident"
	"github.com/aitbc/aitbc/x/dao/types"
)

// Health returns the governance health figures of the latest buckets: the
// current one (holding the block time) and the req.Buckets - 1 before it,
// all kept ones when 0. A class removed from params still has its rows.
func (q queryServer) Health(ctx context.Context, req *types.QueryHealthRequest) (*types.QueryHealthResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	for _, f := range []struct {
		name, value string
		max         uint32
	}{{"class", req.Class, types.MaxClassNameLength}, {"group", req.Group, types.MaxGroupNameLength}} {
		if f.value == "" {
			continue
		}
		if err := ident.Check(f.name, f.value, f.max); err != nil {
			return nil, grpcerr.InvalidArgument(errorsmod.Wrap(types.ErrInvalidHealthQuery, err.Error()))
		}
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	res := &types.QueryHealthResponse{Rows: []types.HealthFigures{}, HealthWindow: params.HealthWindow}
	if params.HealthWindow <= 0 {
		// Figures are off: nothing is counted, nothing to sum.
		return res, nil
	}
	n := req.Buckets
	if n == 0 {
		n = params.HealthBuckets
	}
	if n > params.HealthBuckets {
		return nil, grpcerr.InvalidArgument(errorsmod.Wrapf(types.ErrInvalidHealthQuery,
			"buckets %d: %d are kept (health_buckets); ask 1 to %d, or 0 for all", req.Buckets, params.HealthBuckets, params.HealthBuckets))
	}
	current := types.HealthBucketStart(sdk.UnwrapSDKContext(ctx).BlockTime(), params.HealthWindow)
	res.From, res.To, res.Buckets = healthWindowStart(current, params.HealthWindow, n), current.Add(params.HealthWindow), n
	if res.Rows, err = q.k.HealthFigures(ctx, res.From, req.Class, req.Group); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return res, nil
}
