package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/aitbc/aitbc/x/sourcedao/types"
)

type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/sourcedao Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{Keeper: k} }

func (m msgServer) requireAuthority(got string) error {
	if got != m.authority {
		return errorsmod.Wrapf(types.ErrInvalidSigner, "expected %s, got %s", m.authority, got)
	}
	return nil
}

// UpdateParams replaces the params; only the dao authority.
func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := m.requireAuthority(msg.Authority); err != nil {
		return nil, err
	}
	if err := m.SetParams(ctx, msg.Params); err != nil {
		return nil, err
	}
	if err := emit(ctx, &types.EventParamsUpdated{Params: msg.Params}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}

// AdvanceStage unlocks the next stage; only the dao authority.
func (m msgServer) AdvanceStage(ctx context.Context, msg *types.MsgAdvanceStage) (*types.MsgAdvanceStageResponse, error) {
	if err := m.requireAuthority(msg.Authority); err != nil {
		return nil, err
	}
	stage, amount, err := m.Keeper.AdvanceStage(ctx)
	if err != nil {
		return nil, err
	}
	return &types.MsgAdvanceStageResponse{Stage: stage, Amount: amount}, nil
}

// SetCoreDevelopers replaces the core developers; only the dao authority.
func (m msgServer) SetCoreDevelopers(ctx context.Context, msg *types.MsgSetCoreDevelopers) (*types.MsgSetCoreDevelopersResponse, error) {
	if err := m.requireAuthority(msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgSetCoreDevelopersResponse{}, m.Keeper.SetCoreDevelopers(ctx, msg.Developers)
}

// RevokeDan revokes a DAN developer; only the dao authority.
func (m msgServer) RevokeDan(ctx context.Context, msg *types.MsgRevokeDan) (*types.MsgRevokeDanResponse, error) {
	if err := m.requireAuthority(msg.Authority); err != nil {
		return nil, err
	}
	addr, err := m.address("address", msg.Address)
	if err != nil {
		return nil, err
	}
	return &types.MsgRevokeDanResponse{}, m.Keeper.RevokeDan(ctx, addr)
}

// ApproveProject decides a project phase; only the dao authority.
func (m msgServer) ApproveProject(ctx context.Context, msg *types.MsgApproveProject) (*types.MsgApproveProjectResponse, error) {
	if err := m.requireAuthority(msg.Authority); err != nil {
		return nil, err
	}
	state, err := m.Approve(ctx, msg.ProjectId, msg.Phase, msg.Approve, msg.Digest)
	if err != nil {
		return nil, err
	}
	return &types.MsgApproveProjectResponse{State: state}, nil
}

// CreateProject creates a project.
func (m msgServer) CreateProject(ctx context.Context, msg *types.MsgCreateProject) (*types.MsgCreateProjectResponse, error) {
	manager, err := m.address("manager", msg.Manager)
	if err != nil {
		return nil, err
	}
	p, err := m.Keeper.CreateProject(ctx, manager, ProjectInput{
		Name: msg.Name, Version: msg.Version, Budget: msg.Budget,
		StartTime: msg.StartTime, EndTime: msg.EndTime, DescriptionURI: msg.DescriptionUri,
	})
	if err != nil {
		return nil, err
	}
	return &types.MsgCreateProjectResponse{ProjectId: p.Id, CreationDigest: p.CreationDigest}, nil
}

// SubmitAcceptance submits a project's acceptance.
func (m msgServer) SubmitAcceptance(ctx context.Context, msg *types.MsgSubmitAcceptance) (*types.MsgSubmitAcceptanceResponse, error) {
	manager, err := m.address("manager", msg.Manager)
	if err != nil {
		return nil, err
	}
	digest, err := m.Keeper.SubmitAcceptance(ctx, manager, msg.ProjectId, msg.Level, msg.Contributions)
	if err != nil {
		return nil, err
	}
	return &types.MsgSubmitAcceptanceResponse{Digest: digest}, nil
}

// CancelProject cancels a project.
func (m msgServer) CancelProject(ctx context.Context, msg *types.MsgCancelProject) (*types.MsgCancelProjectResponse, error) {
	manager, err := m.address("manager", msg.Manager)
	if err != nil {
		return nil, err
	}
	return &types.MsgCancelProjectResponse{}, m.Keeper.CancelProject(ctx, manager, msg.ProjectId)
}

// RejectExpired rejects an expired project.
func (m msgServer) RejectExpired(ctx context.Context, msg *types.MsgRejectExpired) (*types.MsgRejectExpiredResponse, error) {
	if _, err := m.address("sender", msg.Sender); err != nil {
		return nil, err
	}
	return &types.MsgRejectExpiredResponse{}, m.Keeper.RejectExpired(ctx, msg.ProjectId)
}

// ClaimRewards pays the claimant's rewards.
func (m msgServer) ClaimRewards(ctx context.Context, msg *types.MsgClaimRewards) (*types.MsgClaimRewardsResponse, error) {
	claimant, err := m.address("claimant", msg.Claimant)
	if err != nil {
		return nil, err
	}
	amount, err := m.Keeper.ClaimRewards(ctx, claimant, msg.ProjectIds)
	if err != nil {
		return nil, err
	}
	return &types.MsgClaimRewardsResponse{Amount: amount}, nil
}
