package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/aitbc/aitbc/internal/grpcerr"
	"github.com/aitbc/aitbc/x/dao/types"
)

type queryServer struct {
	k Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the x/dao Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer {
	return queryServer{k: k}
}

// Params returns the current params.
func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: params}, nil
}

// Lock returns an owner's lock, unlocking entries and delegated votes.
func (q queryServer) Lock(ctx context.Context, req *types.QueryLockRequest) (*types.QueryLockResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	owner, err := q.k.address("owner", req.Owner)
	if err != nil {
		return nil, grpcerr.InvalidArgument(err)
	}
	lock, err := q.k.GetLock(ctx, owner)
	if err != nil {
		return nil, err
	}
	// Entries by owner come in id order, which is creation order; the
	// unlock period is the same for all, so this is also soonest first
	// unless the period changed in between.
	var unlocking []types.UnlockEntry
	iter, err := q.k.Unlocks.Indexes.Owner.MatchExact(ctx, owner)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	for ; iter.Valid(); iter.Next() {
		id, err := iter.PrimaryKey()
		if err != nil {
			return nil, err
		}
		entry, err := q.k.Unlocks.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		unlocking = append(unlocking, entry)
	}
	key := types.SeriesKey(types.SERIES_KIND_VOTES, owner)
	st, err := q.k.seriesState(ctx, key)
	if err != nil {
		return nil, err
	}
	votes, err := q.k.currentValue(ctx, key, st)
	if err != nil {
		return nil, err
	}
	return &types.QueryLockResponse{Lock: lock, Unlocking: unlocking, Votes: votes}, nil
}

// VotingPower returns an address's power now or at a past time.
func (q queryServer) VotingPower(ctx context.Context, req *types.QueryVotingPowerRequest) (*types.QueryVotingPowerResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, err := q.k.address("address", req.Address)
	if err != nil {
		return nil, grpcerr.InvalidArgument(err)
	}
	t, err := snapshotTime(ctx, req.Time)
	if err != nil {
		return nil, grpcerr.InvalidArgument(err)
	}
	power, err := q.k.PowerAt(ctx, addr, t)
	if err != nil {
		return nil, err
	}
	own, err := q.k.OwnPowerAt(ctx, addr, t)
	if err != nil {
		return nil, err
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	addrStr, err := q.k.addrString(addr)
	if err != nil {
		return nil, err
	}
	return &types.QueryVotingPowerResponse{
		Address:       addrStr,
		Time:          t,
		Power:         power.Power,
		OwnPower:      own.Power,
		Votes:         power.Votes,
		VestedAverage: power.VestedAverage,
		WindowStart:   power.WindowStart,
		TwasWindow:    params.TwasWindow,
		Vesting:       params.Vesting,
	}, nil
}

// TotalPower returns the total power now or at a past time.
func (q queryServer) TotalPower(ctx context.Context, req *types.QueryTotalPowerRequest) (*types.QueryTotalPowerResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	t, err := snapshotTime(ctx, req.Time)
	if err != nil {
		return nil, grpcerr.InvalidArgument(err)
	}
	total, err := q.k.TotalPowerAt(ctx, t)
	if err != nil {
		return nil, err
	}
	return &types.QueryTotalPowerResponse{Time: t, Power: total.Power, Locked: total.Votes, VestedAverage: total.VestedAverage}, nil
}

// Checkpoints lists an address's vote checkpoints, oldest first.
func (q queryServer) Checkpoints(ctx context.Context, req *types.QueryCheckpointsRequest) (*types.QueryCheckpointsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, err := q.k.address("address", req.Address)
	if err != nil {
		return nil, grpcerr.InvalidArgument(err)
	}
	if err := grpcerr.Page(req.Pagination); err != nil {
		return nil, err
	}
	key := types.SeriesKey(types.SERIES_KIND_VOTES, addr)
	checkpoints, page, err := query.CollectionPaginate(ctx, q.k.Checkpoints, req.Pagination,
		func(_ collections.Pair[[]byte, uint64], cp types.Checkpoint) (types.Checkpoint, error) {
			return cp, nil
		},
		query.WithCollectionPaginationPairPrefix[[]byte, uint64](key),
	)
	if err != nil {
		return nil, err
	}
	return &types.QueryCheckpointsResponse{Checkpoints: checkpoints, Pagination: page}, nil
}

// snapshotTime parses an RFC 3339 time not after the latest block, the
// block time when empty.
func snapshotTime(ctx context.Context, s string) (time.Time, error) {
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if s == "" {
		return now, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, errorsmod.Wrapf(types.ErrInvalidTime, "%q is not an RFC 3339 time (e.g. 2026-11-23T10:00:00Z): %s", s, err)
	}
	if t.After(now) {
		return time.Time{}, errorsmod.Wrapf(types.ErrFutureTime, "%s is after the latest block time %s", t.UTC().Format(time.RFC3339Nano), now.UTC().Format(time.RFC3339Nano))
	}
	return t.UTC(), nil
}
