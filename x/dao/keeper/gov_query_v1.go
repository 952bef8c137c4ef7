package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/aitbc/aitbc/internal/grpcerr"
	"github.com/aitbc/aitbc/x/dao/types"
)

// govQueryServer answers cosmos.gov.v1.Query from x/dao state, read-only,
// so explorers and wallets show DAO proposals. The app runs no x/gov, so
// x/dao is the only module registering the service. Voting stays with the
// x/dao messages.
type govQueryServer struct {
	k     Keeper
	pages proposalPager
}

var _ govv1.QueryServer = govQueryServer{}

// NewGovQueryServer returns the cosmos.gov.v1 Query service over x/dao.
func NewGovQueryServer(k Keeper) govv1.QueryServer {
	return govQueryServer{k: k, pages: newProposalPager(k)}
}

// proposalByID reads a proposal, refusing id 0 as x/gov does.
func (q govQueryServer) proposalByID(ctx context.Context, id uint64) (types.Proposal, error) {
	if id == 0 {
		return types.Proposal{}, status.Error(codes.InvalidArgument, "proposal id can not be 0")
	}
	return q.k.GetProposal(ctx, id)
}

// Constitution returns the constitution text x/dao keeps (set by
// constitution-class proposals), empty until one passed.
func (q govQueryServer) Constitution(ctx context.Context, req *govv1.QueryConstitutionRequest) (*govv1.QueryConstitutionResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	text, err := q.k.Constitution.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	return &govv1.QueryConstitutionResponse{Constitution: text}, nil
}

// Proposal returns one proposal.
func (q govQueryServer) Proposal(ctx context.Context, req *govv1.QueryProposalRequest) (*govv1.QueryProposalResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.proposalByID(ctx, req.ProposalId)
	if err != nil {
		return nil, err
	}
	return &govv1.QueryProposalResponse{Proposal: govProposal(p)}, nil
}

// Proposals lists proposals in id order, filtered by gov status through the
// status index, by voter (has a vote) and by depositor (the proposer, whose
// bond is the deposit).
func (q govQueryServer) Proposals(ctx context.Context, req *govv1.QueryProposalsRequest) (*govv1.QueryProposalsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	proposals, page, err := q.proposals(ctx, req.ProposalStatus, req.Voter, req.Depositor, req.Pagination)
	if err != nil {
		return nil, err
	}
	out := make([]*govv1.Proposal, len(proposals))
	for i, p := range proposals {
		out[i] = govProposal(p)
	}
	return &govv1.QueryProposalsResponse{Proposals: out, Pagination: page}, nil
}

// proposals is the page both gov versions list.
func (q govQueryServer) proposals(ctx context.Context, st govv1.ProposalStatus, voter, depositor string, page *query.PageRequest) ([]types.Proposal, *query.PageResponse, error) {
	if err := grpcerr.Enum("proposal_status", int32(st), govv1.ProposalStatus_name); err != nil {
		return nil, nil, err
	}
	if err := grpcerr.Page(page); err != nil {
		return nil, nil, err
	}
	var statuses []types.ProposalStatus
	if st != govv1.StatusNil {
		statuses = daoStatuses(st)
	}
	var voterAddr sdk.AccAddress
	if voter != "" {
		a, err := q.k.address("voter", voter)
		if err != nil {
			return nil, nil, grpcerr.InvalidArgument(err)
		}
		voterAddr = a
	}
	var proposer string
	if depositor != "" {
		a, err := q.k.address("depositor", depositor)
		if err != nil {
			return nil, nil, grpcerr.InvalidArgument(err)
		}
		if proposer, err = q.k.addrString(a); err != nil {
			return nil, nil, err
		}
	}
	var match func(types.Proposal) (bool, error)
	if proposer != "" || voterAddr != nil {
		match = func(p types.Proposal) (bool, error) {
			if proposer != "" && p.Proposer != proposer {
				return false, nil
			}
			if voterAddr != nil {
				// As x/gov, which deletes votes at its tally: a pruned
				// proposal has no voters.
				if votesPruned(ctx, p) {
					return false, nil
				}
				return q.k.HasVote(ctx, p.Id, voterAddr)
			}
			return true, nil
		}
	}
	return q.pages.page(ctx, statuses, match, page)
}

// Vote returns one vote.
func (q govQueryServer) Vote(ctx context.Context, req *govv1.QueryVoteRequest) (*govv1.QueryVoteResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	v, err := q.vote(ctx, req.ProposalId, req.Voter)
	if err != nil {
		return nil, err
	}
	return &govv1.QueryVoteResponse{Vote: govVote(v)}, nil
}

func (q govQueryServer) vote(ctx context.Context, id uint64, voter string) (types.Vote, error) {
	if id == 0 {
		return types.Vote{}, status.Error(codes.InvalidArgument, "proposal id can not be 0")
	}
	addr, err := q.k.address("voter", voter)
	if err != nil {
		return types.Vote{}, grpcerr.InvalidArgument(err)
	}
	p, err := q.k.GetProposal(ctx, id)
	if err != nil {
		return types.Vote{}, err
	}
	if votesPruned(ctx, p) {
		return types.Vote{}, errVotesPruned(p)
	}
	v, err := q.k.getVote(ctx, collections.Join(id, addr))
	if errors.Is(err, collections.ErrNotFound) {
		return types.Vote{}, status.Errorf(codes.NotFound, "%s has not voted on proposal %d", voter, id)
	}
	return v, err
}

// Votes lists the votes on a proposal, by voter address.
func (q govQueryServer) Votes(ctx context.Context, req *govv1.QueryVotesRequest) (*govv1.QueryVotesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	votes, page, err := q.votes(ctx, req.ProposalId, req.Pagination)
	if err != nil {
		return nil, err
	}
	out := make([]*govv1.Vote, len(votes))
	for i, v := range votes {
		out[i] = govVote(v)
	}
	return &govv1.QueryVotesResponse{Votes: out, Pagination: page}, nil
}

func (q govQueryServer) votes(ctx context.Context, id uint64, page *query.PageRequest) ([]types.Vote, *query.PageResponse, error) {
	if err := grpcerr.Page(page); err != nil {
		return nil, nil, err
	}
	p, err := q.proposalByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if votesPruned(ctx, p) {
		// As x/gov answers once its tally has deleted the votes.
		return nil, &query.PageResponse{}, nil
	}
	return q.k.pageVotes(ctx, id, page)
}

// Params returns the rules of the default class as x/gov params, and the
// deprecated per-type field ping.pub still reads for params_type voting,
// deposit or tallying.
func (q govQueryServer) Params(ctx context.Context, req *govv1.QueryParamsRequest) (*govv1.QueryParamsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	params, err := q.govParams(ctx)
	if err != nil {
		return nil, err
	}
	res := &govv1.QueryParamsResponse{Params: params}
	switch req.ParamsType {
	case govv1.ParamVoting:
		res.VotingParams = &govv1.VotingParams{VotingPeriod: params.VotingPeriod} //nolint:staticcheck // the deprecated field clients read
	case govv1.ParamDeposit:
		res.DepositParams = &govv1.DepositParams{MinDeposit: params.MinDeposit, MaxDepositPeriod: params.MaxDepositPeriod} //nolint:staticcheck // as above
	case govv1.ParamTallying:
		res.TallyParams = &govv1.TallyParams{Quorum: params.Quorum, Threshold: params.Threshold, VetoThreshold: params.VetoThreshold} //nolint:staticcheck // as above
	case "":
	default:
		return nil, status.Errorf(codes.InvalidArgument, "unknown params type %q: voting, deposit or tallying", req.ParamsType)
	}
	return res, nil
}

func (q govQueryServer) govParams(ctx context.Context) (*govv1.Params, error) {
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, grpcerr.Internal("params", err)
	}
	out, ok := govParams(params)
	if !ok {
		return nil, grpcerr.Internal("params", errors.New("default_message_class names no class"))
	}
	return out, nil
}

// defaultClass is the class x/gov's single rule set stands for.
func (q govQueryServer) defaultClass(ctx context.Context) (types.ProposalClass, error) {
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return types.ProposalClass{}, grpcerr.Internal("params", err)
	}
	c, ok := params.Class(params.DefaultMessageClass)
	if !ok {
		return types.ProposalClass{}, grpcerr.Internal("params", errors.New("default_message_class names no class"))
	}
	return c, nil
}

// Deposit returns the proposer's bond as its deposit; any other depositor
// has none.
func (q govQueryServer) Deposit(ctx context.Context, req *govv1.QueryDepositRequest) (*govv1.QueryDepositResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.deposit(ctx, req.ProposalId, req.Depositor)
	if err != nil {
		return nil, err
	}
	return &govv1.QueryDepositResponse{Deposit: govDeposit(p)}, nil
}

func (q govQueryServer) deposit(ctx context.Context, id uint64, depositor string) (types.Proposal, error) {
	if id == 0 {
		return types.Proposal{}, status.Error(codes.InvalidArgument, "proposal id can not be 0")
	}
	addr, err := q.k.address("depositor", depositor)
	if err != nil {
		return types.Proposal{}, grpcerr.InvalidArgument(err)
	}
	p, err := q.k.GetProposal(ctx, id)
	if err != nil {
		return types.Proposal{}, err
	}
	who, err := q.k.addrString(addr)
	if err != nil {
		return types.Proposal{}, err
	}
	if who != p.Proposer || len(bondCoins(p.Bond)) == 0 {
		return types.Proposal{}, status.Errorf(codes.NotFound, "%s has no deposit on proposal %d: the only deposit is the proposer's bond", who, id)
	}
	return p, nil
}

// Deposits lists the proposal's deposits: the proposer's bond, or none.
func (q govQueryServer) Deposits(ctx context.Context, req *govv1.QueryDepositsRequest) (*govv1.QueryDepositsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, page, err := q.deposits(ctx, req.ProposalId, req.Pagination)
	if err != nil {
		return nil, err
	}
	out := []*govv1.Deposit{}
	if p != nil {
		out = append(out, govDeposit(*p))
	}
	return &govv1.QueryDepositsResponse{Deposits: out, Pagination: page}, nil
}

// deposits pages the one-or-no deposit list: the proposal when its deposit
// is on the page.
func (q govQueryServer) deposits(ctx context.Context, id uint64, page *query.PageRequest) (*types.Proposal, *query.PageResponse, error) {
	if err := grpcerr.Page(page); err != nil {
		return nil, nil, err
	}
	if page != nil && len(page.Key) > 0 {
		return nil, nil, status.Error(codes.InvalidArgument, "pagination key: a proposal has at most one deposit, the list never has a next page")
	}
	p, err := q.proposalByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	n := uint64(len(bondCoins(p.Bond))) // 0 or 1
	res := &query.PageResponse{}
	if page == nil || page.CountTotal || page.Limit == 0 {
		res.Total = n
	}
	if n == 0 || (page != nil && page.Offset > 0) {
		return nil, res, nil
	}
	return &p, res, nil
}

// TallyResult returns the tally: the running one in voting (x/dao keeps it
// as votes arrive), the final one after, zero before voting.
func (q govQueryServer) TallyResult(ctx context.Context, req *govv1.QueryTallyResultRequest) (*govv1.QueryTallyResultResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.proposalByID(ctx, req.ProposalId)
	if err != nil {
		return nil, err
	}
	return &govv1.QueryTallyResultResponse{Tally: govTally(p.Tally)}, nil
}
