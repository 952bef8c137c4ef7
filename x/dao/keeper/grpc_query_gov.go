package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"github.com/cosmos/cosmos-sdk/types/query"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/internal/grpcerr"
	"github.com/aitbc/aitbc/x/dao/types"
)

// Proposals lists proposals by id, filtered by status through its index,
// and by class.
func (q queryServer) Proposals(ctx context.Context, req *types.QueryProposalsRequest) (*types.QueryProposalsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := grpcerr.Enum("status", int32(req.Status), types.ProposalStatus_name); err != nil {
		return nil, err
	}
	if err := grpcerr.Page(req.Pagination); err != nil {
		return nil, err
	}
	if req.Status != types.PROPOSAL_STATUS_UNSPECIFIED {
		// The status index is a key set of (status, id); read it as one.
		byStatus := colls.IndexKeys(q.k.storeService, types.ProposalsByStatusKey, "proposals_by_status_view", collections.Int32Key)
		proposals, page, err := query.CollectionFilteredPaginate(ctx, byStatus, req.Pagination,
			func(key collections.Pair[int32, uint64], _ collections.NoValue) (bool, error) {
				if req.Class == "" {
					return true, nil
				}
				p, err := q.k.Proposals.Get(ctx, key.K2())
				return err == nil && p.Class == req.Class, err
			},
			func(key collections.Pair[int32, uint64], _ collections.NoValue) (types.Proposal, error) {
				return q.k.GetProposal(ctx, key.K2())
			},
			query.WithCollectionPaginationPairPrefix[int32, uint64](int32(req.Status)),
		)
		if err != nil {
			return nil, err
		}
		return &types.QueryProposalsResponse{Proposals: proposals, Pagination: page}, nil
	}
	proposals, page, err := query.CollectionFilteredPaginate(ctx, q.k.Proposals, req.Pagination,
		func(_ uint64, p types.Proposal) (bool, error) { return req.Class == "" || p.Class == req.Class, nil },
		func(_ uint64, p types.Proposal) (types.Proposal, error) { return p, q.k.withLiveTally(ctx, &p) },
	)
	if err != nil {
		return nil, err
	}
	return &types.QueryProposalsResponse{Proposals: proposals, Pagination: page}, nil
}

// Proposal returns one proposal.
func (q queryServer) Proposal(ctx context.Context, req *types.QueryProposalRequest) (*types.QueryProposalResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.k.GetProposal(ctx, req.ProposalId)
	if err != nil {
		return nil, err
	}
	return &types.QueryProposalResponse{Proposal: p}, nil
}

// Tally returns the running tally and what it means now.
func (q queryServer) Tally(ctx context.Context, req *types.QueryTallyRequest) (*types.QueryTallyResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.k.GetProposal(ctx, req.ProposalId)
	if err != nil {
		return nil, err
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	res := &types.QueryTallyResponse{Tally: p.Tally, GroupTallies: p.GroupTallies, TotalPower: p.SnapshotTotalPower, QuorumPower: math.ZeroInt()}
	if class, ok := params.Class(p.Class); ok {
		res.QuorumPower = class.Quorum.MulInt(p.SnapshotTotalPower).Ceil().TruncateInt()
		res.StatusIfEndedNow = Outcome(p, class, params)
	}
	return res, nil
}

// Votes lists the votes on a proposal.
func (q queryServer) Votes(ctx context.Context, req *types.QueryVotesRequest) (*types.QueryVotesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := grpcerr.Page(req.Pagination); err != nil {
		return nil, err
	}
	p, err := q.k.GetProposal(ctx, req.ProposalId)
	if err != nil {
		return nil, err
	}
	if votesPruned(ctx, p) {
		return nil, errVotesPruned(p)
	}
	votes, page, err := q.k.pageVotes(ctx, req.ProposalId, req.Pagination)
	if err != nil {
		return nil, err
	}
	return &types.QueryVotesResponse{Votes: votes, Pagination: page}, nil
}

// Vote returns one vote.
func (q queryServer) Vote(ctx context.Context, req *types.QueryVoteRequest) (*types.QueryVoteResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	voter, err := q.k.address("voter", req.Voter)
	if err != nil {
		return nil, grpcerr.InvalidArgument(err)
	}
	p, err := q.k.GetProposal(ctx, req.ProposalId)
	if err != nil {
		return nil, err
	}
	if votesPruned(ctx, p) {
		return nil, errVotesPruned(p)
	}
	v, err := q.k.getVote(ctx, collections.Join(req.ProposalId, voter))
	if errors.Is(err, collections.ErrNotFound) {
		who, err := q.k.addrString(voter)
		if err != nil {
			return nil, err
		}
		return nil, status.Errorf(codes.NotFound, "%s has not voted on proposal %d", who, req.ProposalId)
	}
	if err != nil {
		return nil, err
	}
	return &types.QueryVoteResponse{Vote: v}, nil
}

// Committee returns the committee.
func (q queryServer) Committee(ctx context.Context, req *types.QueryCommitteeRequest) (*types.QueryCommitteeResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	c, err := q.k.GetCommittee(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryCommitteeResponse{Committee: c}, nil
}

// Constitution returns the constitution text.
func (q queryServer) Constitution(ctx context.Context, req *types.QueryConstitutionRequest) (*types.QueryConstitutionResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	text, err := q.k.Constitution.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	return &types.QueryConstitutionResponse{Constitution: text}, nil
}

// Classes returns the class table and message map.
func (q queryServer) Classes(ctx context.Context, req *types.QueryClassesRequest) (*types.QueryClassesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryClassesResponse{Classes: params.Classes, MessageClasses: params.MessageClasses, DefaultMessageClass: params.DefaultMessageClass}, nil
}
