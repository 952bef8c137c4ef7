package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/aitbc/aitbc/x/compute/types"
)

type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/compute Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{Keeper: k} }

// UpdateParams replaces the params; only the dao authority.
func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if msg.Authority != m.authority {
		return nil, errorsmod.Wrapf(types.ErrInvalidSigner, "expected %s, got %s", m.authority, msg.Authority)
	}
	if err := m.SetParams(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}

// RegisterProvider registers a bonded validator as a provider.
func (m msgServer) RegisterProvider(ctx context.Context, msg *types.MsgRegisterProvider) (*types.MsgRegisterProviderResponse, error) {
	acc, err := m.account(msg.Account)
	if err != nil {
		return nil, err
	}
	op, err := m.Keeper.RegisterProvider(ctx, acc, Inventory{Endpoint: msg.Endpoint, Region: msg.Region, Gpus: msg.Gpus, Attributes: msg.Attributes}, msg.Bond)
	if err != nil {
		return nil, err
	}
	operator, err := m.operatorString(op)
	if err != nil {
		return nil, err
	}
	return &types.MsgRegisterProviderResponse{Operator: operator}, nil
}

// UpdateProvider replaces a provider's description.
func (m msgServer) UpdateProvider(ctx context.Context, msg *types.MsgUpdateProvider) (*types.MsgUpdateProviderResponse, error) {
	acc, err := m.account(msg.Account)
	if err != nil {
		return nil, err
	}
	return &types.MsgUpdateProviderResponse{}, m.UpdateInventory(ctx, acc, Inventory{Endpoint: msg.Endpoint, Region: msg.Region, Gpus: msg.Gpus, Attributes: msg.Attributes})
}

// Bond adds to the bond.
func (m msgServer) Bond(ctx context.Context, msg *types.MsgBond) (*types.MsgBondResponse, error) {
	acc, err := m.account(msg.Account)
	if err != nil {
		return nil, err
	}
	return &types.MsgBondResponse{}, m.Keeper.Bond(ctx, acc, msg.Amount)
}

// Unbond starts paying part of the bond back.
func (m msgServer) Unbond(ctx context.Context, msg *types.MsgUnbond) (*types.MsgUnbondResponse, error) {
	acc, err := m.account(msg.Account)
	if err != nil {
		return nil, err
	}
	done, err := m.Keeper.Unbond(ctx, acc, msg.Amount)
	if err != nil {
		return nil, err
	}
	return &types.MsgUnbondResponse{CompletionTime: done}, nil
}

// CreateOffer creates an offer.
func (m msgServer) CreateOffer(ctx context.Context, msg *types.MsgCreateOffer) (*types.MsgCreateOfferResponse, error) {
	acc, err := m.account(msg.Account)
	if err != nil {
		return nil, err
	}
	id, err := m.Keeper.CreateOffer(ctx, acc, OfferTerms{Gpu: msg.Gpu, Price: msg.PricePerGpuHour, MinHours: msg.MinHours, MaxHours: msg.MaxHours})
	if err != nil {
		return nil, err
	}
	return &types.MsgCreateOfferResponse{OfferId: id}, nil
}

// UpdateOffer updates an offer.
func (m msgServer) UpdateOffer(ctx context.Context, msg *types.MsgUpdateOffer) (*types.MsgUpdateOfferResponse, error) {
	acc, err := m.account(msg.Account)
	if err != nil {
		return nil, err
	}
	return &types.MsgUpdateOfferResponse{}, m.Keeper.UpdateOffer(ctx, acc, msg.OfferId, msg.Count, msg.PricePerGpuHour, msg.MinHours, msg.MaxHours)
}

// CloseOffer closes an offer.
func (m msgServer) CloseOffer(ctx context.Context, msg *types.MsgCloseOffer) (*types.MsgCloseOfferResponse, error) {
	acc, err := m.account(msg.Account)
	if err != nil {
		return nil, err
	}
	return &types.MsgCloseOfferResponse{}, m.Keeper.CloseOffer(ctx, acc, msg.OfferId)
}

// SubmitJob submits a job.
func (m msgServer) SubmitJob(ctx context.Context, msg *types.MsgSubmitJob) (*types.MsgSubmitJobResponse, error) {
	consumer, err := m.account(msg.Consumer)
	if err != nil {
		return nil, err
	}
	id, err := m.Keeper.SubmitJob(ctx, consumer, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgSubmitJobResponse{JobId: id}, nil
}

// CancelJob cancels an open job.
func (m msgServer) CancelJob(ctx context.Context, msg *types.MsgCancelJob) (*types.MsgCancelJobResponse, error) {
	consumer, err := m.account(msg.Consumer)
	if err != nil {
		return nil, err
	}
	return &types.MsgCancelJobResponse{}, m.Keeper.CancelJob(ctx, consumer, msg.JobId)
}

// AcceptOffer leases a specific offer for an open job.
func (m msgServer) AcceptOffer(ctx context.Context, msg *types.MsgAcceptOffer) (*types.MsgAcceptOfferResponse, error) {
	consumer, err := m.account(msg.Consumer)
	if err != nil {
		return nil, err
	}
	id, err := m.Keeper.AcceptOffer(ctx, consumer, msg.JobId, msg.OfferId)
	if err != nil {
		return nil, err
	}
	return &types.MsgAcceptOfferResponse{LeaseId: id}, nil
}

// SubmitResult records a lease's result and draws its committee.
func (m msgServer) SubmitResult(ctx context.Context, msg *types.MsgSubmitResult) (*types.MsgSubmitResultResponse, error) {
	acc, err := m.account(msg.Account)
	if err != nil {
		return nil, err
	}
	committee, err := m.Keeper.SubmitResult(ctx, acc, msg.LeaseId,
		ResultReport{OutputHash: msg.OutputHash, OutputURI: msg.OutputUri, GpuSecondsUsed: msg.GpuSecondsUsed})
	if err != nil {
		return nil, err
	}
	return &types.MsgSubmitResultResponse{Committee: committee}, nil
}

// CommitAttestation records a committee member's hidden verdict.
func (m msgServer) CommitAttestation(ctx context.Context, msg *types.MsgCommitAttestation) (*types.MsgCommitAttestationResponse, error) {
	acc, err := m.account(msg.Account)
	if err != nil {
		return nil, err
	}
	phase, err := m.Keeper.CommitAttestation(ctx, acc, msg.LeaseId, msg.Commitment)
	if err != nil {
		return nil, err
	}
	return &types.MsgCommitAttestationResponse{Phase: phase}, nil
}

// RevealAttestation opens a committee member's commitment.
func (m msgServer) RevealAttestation(ctx context.Context, msg *types.MsgRevealAttestation) (*types.MsgRevealAttestationResponse, error) {
	acc, err := m.account(msg.Account)
	if err != nil {
		return nil, err
	}
	status, err := m.Keeper.RevealAttestation(ctx, acc, msg.LeaseId, msg.Verdict, msg.ObservedHash, msg.Salt)
	if err != nil {
		return nil, err
	}
	return &types.MsgRevealAttestationResponse{Status: status}, nil
}

// EndLease ends an active lease whose provider is gone.
func (m msgServer) EndLease(ctx context.Context, msg *types.MsgEndLease) (*types.MsgEndLeaseResponse, error) {
	consumer, err := m.account(msg.Consumer)
	if err != nil {
		return nil, err
	}
	s, err := m.Keeper.EndLease(ctx, consumer, msg.LeaseId)
	if err != nil {
		return nil, err
	}
	return &types.MsgEndLeaseResponse{Refund: s.Refund, Slashed: s.Slashed}, nil
}

// DeclineLease ends an active lease its provider cannot run.
func (m msgServer) DeclineLease(ctx context.Context, msg *types.MsgDeclineLease) (*types.MsgDeclineLeaseResponse, error) {
	acc, err := m.account(msg.Account)
	if err != nil {
		return nil, err
	}
	s, err := m.Keeper.DeclineLease(ctx, acc, msg.LeaseId, msg.Reason)
	if err != nil {
		return nil, err
	}
	return &types.MsgDeclineLeaseResponse{Refund: s.Refund}, nil
}
