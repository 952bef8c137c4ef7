package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/agent/types"
)

type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/agent Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{Keeper: k} }

// UpdateParams replaces the params; only the dao authority.
func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if msg.Authority != m.authority {
		return nil, errorsmod.Wrapf(types.ErrInvalidSigner, "expected %s, got %s", m.authority, msg.Authority)
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := m.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	if err := sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventParamsUpdated{Params: msg.Params}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}

// RegisterAgent registers an agent.
func (m msgServer) RegisterAgent(ctx context.Context, msg *types.MsgRegisterAgent) (*types.MsgRegisterAgentResponse, error) {
	owner, err := m.address("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	a, err := m.Keeper.RegisterAgent(ctx, owner, msg.Type, Description{
		Name: msg.Name, Endpoint: msg.Endpoint, Capabilities: msg.Capabilities, MetadataURI: msg.MetadataUri, MetadataHash: msg.MetadataHash,
	})
	if err != nil {
		return nil, err
	}
	return &types.MsgRegisterAgentResponse{AgentId: a.Id, Wallet: a.Wallet}, nil
}

// UpdateAgent replaces an agent's description.
func (m msgServer) UpdateAgent(ctx context.Context, msg *types.MsgUpdateAgent) (*types.MsgUpdateAgentResponse, error) {
	owner, err := m.address("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	return &types.MsgUpdateAgentResponse{}, m.UpdateDescription(ctx, owner, msg.AgentId, Description{
		Name: msg.Name, Endpoint: msg.Endpoint, Capabilities: msg.Capabilities, MetadataURI: msg.MetadataUri, MetadataHash: msg.MetadataHash,
	})
}

// SetOperator sets or clears the operator.
func (m msgServer) SetOperator(ctx context.Context, msg *types.MsgSetOperator) (*types.MsgSetOperatorResponse, error) {
	owner, err := m.address("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	if msg.Operator != "" {
		if _, err := m.address("operator", msg.Operator); err != nil {
			return nil, err
		}
	}
	return &types.MsgSetOperatorResponse{}, m.Change(ctx, owner, msg.AgentId, "operator", func(a *types.Agent) error {
		a.Operator = msg.Operator
		return nil
	})
}

// TransferAgent gives an agent to a new owner.
func (m msgServer) TransferAgent(ctx context.Context, msg *types.MsgTransferAgent) (*types.MsgTransferAgentResponse, error) {
	owner, err := m.address("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	newOwner, err := m.address("new_owner", msg.NewOwner)
	if err != nil {
		return nil, err
	}
	return &types.MsgTransferAgentResponse{}, m.Transfer(ctx, owner, msg.AgentId, newOwner)
}

// PauseAgent pauses or resumes an agent.
func (m msgServer) PauseAgent(ctx context.Context, msg *types.MsgPauseAgent) (*types.MsgPauseAgentResponse, error) {
	owner, err := m.address("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	return &types.MsgPauseAgentResponse{}, m.Change(ctx, owner, msg.AgentId, "status", func(a *types.Agent) error {
		a.Status = types.AGENT_STATUS_ACTIVE
		if msg.Paused {
			a.Status = types.AGENT_STATUS_PAUSED
		}
		return nil
	})
}

// RetireAgent retires an agent.
func (m msgServer) RetireAgent(ctx context.Context, msg *types.MsgRetireAgent) (*types.MsgRetireAgentResponse, error) {
	owner, err := m.address("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	return &types.MsgRetireAgentResponse{}, m.Retire(ctx, owner, msg.AgentId)
}

// SetPolicy sets the operator's policy.
func (m msgServer) SetPolicy(ctx context.Context, msg *types.MsgSetPolicy) (*types.MsgSetPolicyResponse, error) {
	owner, err := m.address("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	return &types.MsgSetPolicyResponse{}, m.Keeper.SetPolicy(ctx, owner, msg.AgentId, msg.Policy)
}

// Exec runs messages for the agent's wallet.
func (m msgServer) Exec(ctx context.Context, msg *types.MsgExec) (*types.MsgExecResponse, error) {
	sender, err := m.address("sender", msg.Sender)
	if err != nil {
		return nil, err
	}
	msgs, err := msg.GetMessages()
	if err != nil {
		return nil, errorsmod.Wrap(types.ErrInvalidExec, err.Error())
	}
	results, err := m.Keeper.Exec(ctx, sender, msg.AgentId, msgs)
	if err != nil {
		return nil, err
	}
	return &types.MsgExecResponse{Results: results}, nil
}
