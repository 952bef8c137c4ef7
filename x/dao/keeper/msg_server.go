package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

type msgServer struct {
	Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/dao Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer {
	return msgServer{Keeper: k}
}

// address decodes a bech32 account address of a message field.
func (k Keeper) address(field, bech32 string) (sdk.AccAddress, error) {
	bz, err := k.addressCodec.StringToBytes(bech32)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%s %q: %s", field, bech32, err)
	}
	return bz, nil
}

// UpdateParams replaces the params; only the dao authority may send it.
func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if msg.Authority != m.authority {
		return nil, errorsmod.Wrapf(types.ErrInvalidSigner, "expected %s, got %s", m.authority, msg.Authority)
	}
	if err := m.SetParams(ctx, msg.Params); err != nil {
		return nil, err
	}
	if err := sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventParamsUpdated{Params: msg.Params}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}

// Lock locks tokens for voting power.
func (m msgServer) Lock(ctx context.Context, msg *types.MsgLock) (*types.MsgLockResponse, error) {
	owner, err := m.address("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	locked, err := m.Keeper.Lock(ctx, owner, msg.Amount)
	if err != nil {
		return nil, err
	}
	return &types.MsgLockResponse{Locked: locked}, nil
}

// Unlock starts paying locked tokens back.
func (m msgServer) Unlock(ctx context.Context, msg *types.MsgUnlock) (*types.MsgUnlockResponse, error) {
	owner, err := m.address("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	entry, err := m.Keeper.Unlock(ctx, owner, msg.Amount)
	if err != nil {
		return nil, err
	}
	return &types.MsgUnlockResponse{UnlockId: entry.Id, CompletionTime: entry.CompletionTime}, nil
}

// CancelUnlock locks an unlocking entry again.
func (m msgServer) CancelUnlock(ctx context.Context, msg *types.MsgCancelUnlock) (*types.MsgCancelUnlockResponse, error) {
	owner, err := m.address("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	if err := m.Keeper.CancelUnlock(ctx, owner, msg.UnlockId); err != nil {
		return nil, err
	}
	return &types.MsgCancelUnlockResponse{}, nil
}

// Delegate moves the delegator's voting power to the delegatee.
func (m msgServer) Delegate(ctx context.Context, msg *types.MsgDelegate) (*types.MsgDelegateResponse, error) {
	delegator, err := m.address("delegator", msg.Delegator)
	if err != nil {
		return nil, err
	}
	delegatee, err := m.address("delegatee", msg.Delegatee)
	if err != nil {
		return nil, err
	}
	if err := m.Keeper.Delegate(ctx, delegator, delegatee); err != nil {
		return nil, err
	}
	return &types.MsgDelegateResponse{}, nil
}
