package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	govv1beta1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1beta1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// govLegacyQueryServer answers cosmos.gov.v1beta1.Query (Keplr's governance
// tab) from the same reads as the v1 service, in the v1beta1 types.
type govLegacyQueryServer struct {
	q govQueryServer
}

var _ govv1beta1.QueryServer = govLegacyQueryServer{}

// NewGovLegacyQueryServer returns the cosmos.gov.v1beta1 Query service over
// x/dao.
func NewGovLegacyQueryServer(k Keeper) govv1beta1.QueryServer {
	return govLegacyQueryServer{q: govQueryServer{k: k, pages: newProposalPager(k)}}
}

// Proposal returns one proposal, its content a TextProposal.
func (l govLegacyQueryServer) Proposal(ctx context.Context, req *govv1beta1.QueryProposalRequest) (*govv1beta1.QueryProposalResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := l.q.proposalByID(ctx, req.ProposalId)
	if err != nil {
		return nil, err
	}
	out, err := legacyProposal(p)
	if err != nil {
		return nil, err
	}
	return &govv1beta1.QueryProposalResponse{Proposal: out}, nil
}

// Proposals lists proposals as the v1 service does.
func (l govLegacyQueryServer) Proposals(ctx context.Context, req *govv1beta1.QueryProposalsRequest) (*govv1beta1.QueryProposalsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	proposals, page, err := l.q.proposals(ctx, govv1.ProposalStatus(req.ProposalStatus), req.Voter, req.Depositor, req.Pagination)
	if err != nil {
		return nil, err
	}
	out := make([]govv1beta1.Proposal, len(proposals))
	for i, p := range proposals {
		if out[i], err = legacyProposal(p); err != nil {
			return nil, err
		}
	}
	return &govv1beta1.QueryProposalsResponse{Proposals: out, Pagination: page}, nil
}

// Vote returns one vote.
func (l govLegacyQueryServer) Vote(ctx context.Context, req *govv1beta1.QueryVoteRequest) (*govv1beta1.QueryVoteResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	v, err := l.q.vote(ctx, req.ProposalId, req.Voter)
	if err != nil {
		return nil, err
	}
	return &govv1beta1.QueryVoteResponse{Vote: legacyVote(v)}, nil
}

// Votes lists the votes on a proposal.
func (l govLegacyQueryServer) Votes(ctx context.Context, req *govv1beta1.QueryVotesRequest) (*govv1beta1.QueryVotesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	votes, page, err := l.q.votes(ctx, req.ProposalId, req.Pagination)
	if err != nil {
		return nil, err
	}
	out := make([]govv1beta1.Vote, len(votes))
	for i, v := range votes {
		out[i] = legacyVote(v)
	}
	return &govv1beta1.QueryVotesResponse{Votes: out, Pagination: page}, nil
}

// Params returns one params type: voting, deposit or tallying, as x/gov's
// v1beta1 service does (the others stay empty).
func (l govLegacyQueryServer) Params(ctx context.Context, req *govv1beta1.QueryParamsRequest) (*govv1beta1.QueryParamsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	params, err := l.q.govParams(ctx)
	if err != nil {
		return nil, err
	}
	res := &govv1beta1.QueryParamsResponse{}
	switch req.ParamsType {
	case govv1beta1.ParamVoting:
		res.VotingParams = govv1beta1.VotingParams{VotingPeriod: *params.VotingPeriod}
	case govv1beta1.ParamDeposit:
		res.DepositParams = govv1beta1.DepositParams{MinDeposit: sdk.Coins(params.MinDeposit), MaxDepositPeriod: *params.MaxDepositPeriod}
	case govv1beta1.ParamTallying:
		def, err := l.q.defaultClass(ctx)
		if err != nil {
			return nil, err
		}
		res.TallyParams = govv1beta1.TallyParams{Quorum: def.Quorum, Threshold: def.Threshold, VetoThreshold: def.VetoThreshold}
	default:
		return nil, status.Errorf(codes.InvalidArgument, "unknown params type %q: voting, deposit or tallying", req.ParamsType)
	}
	return res, nil
}

// Deposit returns the proposer's bond as its deposit.
func (l govLegacyQueryServer) Deposit(ctx context.Context, req *govv1beta1.QueryDepositRequest) (*govv1beta1.QueryDepositResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := l.q.deposit(ctx, req.ProposalId, req.Depositor)
	if err != nil {
		return nil, err
	}
	return &govv1beta1.QueryDepositResponse{Deposit: govv1beta1.Deposit{ProposalId: p.Id, Depositor: p.Proposer, Amount: sdk.Coins(bondCoins(p.Bond))}}, nil
}

// Deposits lists the proposal's deposits: the proposer's bond, or none.
func (l govLegacyQueryServer) Deposits(ctx context.Context, req *govv1beta1.QueryDepositsRequest) (*govv1beta1.QueryDepositsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, page, err := l.q.deposits(ctx, req.ProposalId, req.Pagination)
	if err != nil {
		return nil, err
	}
	out := []govv1beta1.Deposit{}
	if p != nil {
		out = append(out, govv1beta1.Deposit{ProposalId: p.Id, Depositor: p.Proposer, Amount: sdk.Coins(bondCoins(p.Bond))})
	}
	return &govv1beta1.QueryDepositsResponse{Deposits: out, Pagination: page}, nil
}

// TallyResult returns the running or final tally.
func (l govLegacyQueryServer) TallyResult(ctx context.Context, req *govv1beta1.QueryTallyResultRequest) (*govv1beta1.QueryTallyResultResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := l.q.proposalByID(ctx, req.ProposalId)
	if err != nil {
		return nil, err
	}
	return &govv1beta1.QueryTallyResultResponse{Tally: legacyTally(p.Tally)}, nil
}
