package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/reputation/types"
)

type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/reputation Msg service.
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
	if err := sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventParamsUpdated{Params: &msg.Params}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}

// Rate rates the counterparty of a finished deal.
func (m msgServer) Rate(ctx context.Context, msg *types.MsgRate) (*types.MsgRateResponse, error) {
	rater, err := m.addressCodec.StringToBytes(msg.Rater)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "rater %q: %s", msg.Rater, err)
	}
	subject, err := m.Keeper.Rate(ctx, rater, msg.DealRef, msg.Score, msg.CommentUri)
	if err != nil {
		return nil, err
	}
	subjectStr, err := m.addressString(subject)
	if err != nil {
		return nil, err
	}
	return &types.MsgRateResponse{Subject: subjectStr}, nil
}
