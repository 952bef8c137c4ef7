package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
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

// UpdateParams replaces the params; only the dao authority may send it.
func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
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

// checkAuthority checks that a message is signed by the dao authority.
func (m msgServer) checkAuthority(authority string) error {
	if authority != m.authority {
		return errorsmod.Wrapf(types.ErrInvalidSigner, "expected %s, got %s", m.authority, authority)
	}
	return nil
}

// SubmitProposal submits a proposal.
func (m msgServer) SubmitProposal(ctx context.Context, msg *types.MsgSubmitProposal) (*types.MsgSubmitProposalResponse, error) {
	proposer, err := m.address("proposer", msg.Proposer)
	if err != nil {
		return nil, err
	}
	id, err := m.Keeper.SubmitProposal(ctx, proposer, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgSubmitProposalResponse{ProposalId: id}, nil
}

// CancelProposal withdraws a proposal before voting.
func (m msgServer) CancelProposal(ctx context.Context, msg *types.MsgCancelProposal) (*types.MsgCancelProposalResponse, error) {
	proposer, err := m.address("proposer", msg.Proposer)
	if err != nil {
		return nil, err
	}
	if err := m.Keeper.CancelProposal(ctx, proposer, msg.ProposalId); err != nil {
		return nil, err
	}
	return &types.MsgCancelProposalResponse{}, nil
}

// Challenge challenges a proposal.
func (m msgServer) Challenge(ctx context.Context, msg *types.MsgChallenge) (*types.MsgChallengeResponse, error) {
	challenger, err := m.address("challenger", msg.Challenger)
	if err != nil {
		return nil, err
	}
	if err := m.Keeper.Challenge(ctx, challenger, msg.ProposalId, msg.Reason); err != nil {
		return nil, err
	}
	return &types.MsgChallengeResponse{}, nil
}

// RuleChallenge records a committee ruling.
func (m msgServer) RuleChallenge(ctx context.Context, msg *types.MsgRuleChallenge) (*types.MsgRuleChallengeResponse, error) {
	member, err := m.address("member", msg.Member)
	if err != nil {
		return nil, err
	}
	status, err := m.Keeper.RuleChallenge(ctx, member, msg.ProposalId, msg.Uphold)
	if err != nil {
		return nil, err
	}
	return &types.MsgRuleChallengeResponse{Status: status}, nil
}

// Vote casts a single-option vote.
func (m msgServer) Vote(ctx context.Context, msg *types.MsgVote) (*types.MsgVoteResponse, error) {
	voter, err := m.address("voter", msg.Voter)
	if err != nil {
		return nil, err
	}
	weight, err := m.Keeper.Vote(ctx, voter, msg.ProposalId, []types.WeightedVoteOption{{Option: msg.Option, Weight: math.LegacyOneDec()}}, msg.Reason)
	if err != nil {
		return nil, err
	}
	return &types.MsgVoteResponse{Weight: weight}, nil
}

// VoteWeighted casts a split vote.
func (m msgServer) VoteWeighted(ctx context.Context, msg *types.MsgVoteWeighted) (*types.MsgVoteResponse, error) {
	voter, err := m.address("voter", msg.Voter)
	if err != nil {
		return nil, err
	}
	weight, err := m.Keeper.Vote(ctx, voter, msg.ProposalId, msg.Options, msg.Reason)
	if err != nil {
		return nil, err
	}
	return &types.MsgVoteResponse{Weight: weight}, nil
}

// Approve records a council approval.
func (m msgServer) Approve(ctx context.Context, msg *types.MsgApprove) (*types.MsgApproveResponse, error) {
	member, err := m.address("member", msg.Member)
	if err != nil {
		return nil, err
	}
	if err := m.Keeper.Approve(ctx, member, msg.ProposalId); err != nil {
		return nil, err
	}
	return &types.MsgApproveResponse{}, nil
}

// UpdateCommittee changes the committee; only the dao authority.
func (m msgServer) UpdateCommittee(ctx context.Context, msg *types.MsgUpdateCommittee) (*types.MsgUpdateCommitteeResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	for _, addr := range append(append(append([]string{}, msg.Remove...), msg.Add...), msg.Alternates...) {
		if _, err := m.address("committee member", addr); err != nil {
			return nil, err
		}
	}
	if err := m.Keeper.UpdateCommittee(ctx, msg); err != nil {
		return nil, err
	}
	return &types.MsgUpdateCommitteeResponse{}, nil
}

// CommunitySpend pays from the treasury; only the dao authority.
func (m msgServer) CommunitySpend(ctx context.Context, msg *types.MsgCommunitySpend) (*types.MsgCommunitySpendResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	recipient, err := m.address("recipient", msg.Recipient)
	if err != nil {
		return nil, err
	}
	if err := m.Keeper.CommunitySpend(ctx, recipient, msg.Amount); err != nil {
		return nil, err
	}
	return &types.MsgCommunitySpendResponse{}, nil
}

// SetConstitution replaces the constitution; only the dao authority.
func (m msgServer) SetConstitution(ctx context.Context, msg *types.MsgSetConstitution) (*types.MsgSetConstitutionResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	if err := m.Keeper.SetConstitution(ctx, msg.Constitution); err != nil {
		return nil, err
	}
	return &types.MsgSetConstitutionResponse{}, nil
}
