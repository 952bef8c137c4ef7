package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/aitbc/aitbc/internal/grpcerr"
	"github.com/aitbc/aitbc/x/reputation/types"
)

type queryServer struct{ k Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the x/reputation Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k: k} }

func (q queryServer) address(field, s string) (sdk.AccAddress, error) {
	bz, err := q.k.addressCodec.StringToBytes(s)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%s %q: %s", field, s, err)
	}
	return bz, nil
}

// Params returns the params.
func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryParamsResponse{Params: p}, nil
}

// Score returns a subject's decayed records, the aggregate first.
func (q queryServer) Score(ctx context.Context, req *types.QueryScoreRequest) (*types.QueryScoreResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	subject, err := q.address("address", req.Address)
	if err != nil {
		return nil, grpcerr.InvalidArgument(err)
	}
	res := &types.QueryScoreResponse{}
	for _, kind := range []types.OutcomeKind{types.OUTCOME_KIND_ALL, types.OUTCOME_KIND_JOB, types.OUTCOME_KIND_ATTESTATION, types.OUTCOME_KIND_FEEDBACK} {
		rec, err := q.k.Current(ctx, subject, kind)
		if err != nil {
			return nil, err
		}
		if kind == types.OUTCOME_KIND_ALL {
			res.Score = rec.Score
		}
		res.Records = append(res.Records, rec)
	}
	return res, nil
}

// TopSubjects pages through the score index of a kind, best first by the
// score of each subject's last update (the order the index keeps without
// block work); each record is returned decayed to the block time, as Score
// returns it. Work is one record read per entry of the page.
func (q queryServer) TopSubjects(ctx context.Context, req *types.QueryTopSubjectsRequest) (*types.QueryTopSubjectsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := grpcerr.Enum("kind", int32(req.Kind), types.OutcomeKind_name); err != nil {
		return nil, err
	}
	if err := grpcerr.Page(req.Pagination); err != nil {
		return nil, err
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	records, page, err := query.CollectionPaginate(ctx, q.k.ScoreIndex, req.Pagination,
		func(key collections.Triple[int32, uint32, sdk.AccAddress], _ collections.NoValue) (types.Record, error) {
			r, err := q.k.Records.Get(ctx, collections.Join(key.K3(), key.K1()))
			if err != nil {
				return types.Record{}, err
			}
			return r.Decayed(now, params.HalfLife), nil
		},
		func(o *query.CollectionsPaginateOptions[collections.Triple[int32, uint32, sdk.AccAddress]]) {
			prefix := collections.TriplePrefix[int32, uint32, sdk.AccAddress](int32(req.Kind))
			o.Prefix = &prefix
		},
	)
	if err != nil {
		return nil, err
	}
	return &types.QueryTopSubjectsResponse{Records: records, Pagination: page}, nil
}

// Rating returns a rater's rating of a deal.
func (q queryServer) Rating(ctx context.Context, req *types.QueryRatingRequest) (*types.QueryRatingResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	rater, err := q.address("rater", req.Rater)
	if err != nil {
		return nil, grpcerr.InvalidArgument(err)
	}
	// The deal ref is a key part: refuse what the key codec would fail on.
	if err := grpcerr.Ident("deal_ref", req.DealRef); err != nil {
		return nil, err
	}
	r, err := q.k.Ratings.Get(ctx, collections.Join(req.DealRef, rater))
	if errors.Is(err, collections.ErrNotFound) {
		return nil, errorsmod.Wrapf(types.ErrRatingNotFound, "%s has not rated %q", req.Rater, req.DealRef)
	}
	if err != nil {
		return nil, err
	}
	return &types.QueryRatingResponse{Rating: r}, nil
}
