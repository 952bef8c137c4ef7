package keeper

import (
	"context"
	"errors"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/internal/msgexec"
	"github.com/aitbc/aitbc/x/agent/types"
)

// SetPolicy sets what the operator may do with the wallet; the spend of the
// current period starts over.
func (k Keeper) SetPolicy(ctx context.Context, owner sdk.AccAddress, id uint64, policy types.Policy) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := policy.ValidateBasic(params.MaxPolicyEntries); err != nil {
		return err
	}
	for i, r := range policy.AllowedRecipients {
		if _, err := k.addressCodec.StringToBytes(r); err != nil {
			return errorsmod.Wrapf(types.ErrInvalidAddress, "recipient %d: %s", i, err)
		}
	}
	if err := k.Change(ctx, owner, id, "policy", func(*types.Agent) error { return nil }); err != nil {
		return err
	}
	if err := k.Policies.Set(ctx, id, policy); err != nil {
		return err
	}
	return k.Spends.Set(ctx, id, types.SpendState{PeriodStart: sdk.UnwrapSDKContext(ctx).BlockTime(), Spent: sdk.NewCoins()})
}

// CurrentSpend returns what the operator spent in the current period.
func (k Keeper) CurrentSpend(ctx context.Context, id uint64, policy types.Policy) (types.SpendState, error) {
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	s, err := k.Spends.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) || (err == nil && !now.Before(s.PeriodStart.Add(policy.Period))) {
		return types.SpendState{PeriodStart: now, Spent: sdk.NewCoins()}, nil
	}
	return s, err
}

// Exec runs msgs with the agent's wallet as signer. The owner may run any
// message while the agent is not paused; the operator only while it is
// active and within the policy: allowed message types, allowed recipients
// of bank sends, and a spend limit per period. Spend is the sum of the
// drops of the wallet's balance over each message, so bank sends, dao locks
// and any other coin-carrying message count alike. The messages run through
// the shared executor (internal/msgexec): all run or none do, and a panic
// or running out of gas in any of them is an error with nothing written.
func (k Keeper) Exec(ctx context.Context, sender sdk.AccAddress, id uint64, msgs []sdk.Msg) ([][]byte, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	agent, err := k.GetAgent(ctx, id)
	if err != nil {
		return nil, err
	}
	senderStr, err := k.addressString(sender)
	if err != nil {
		return nil, err
	}
	isOwner := agent.Owner == senderStr
	isOperator := agent.Operator != "" && agent.Operator == senderStr
	switch {
	case !isOwner && !isOperator:
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s for agent %d", senderStr, id)
	case isOwner && agent.Status == types.AGENT_STATUS_PAUSED:
		return nil, errorsmod.Wrapf(types.ErrAgentInactive, "agent %d is paused; resume it first", id)
	case !isOwner && agent.Status != types.AGENT_STATUS_ACTIVE:
		return nil, errorsmod.Wrapf(types.ErrAgentInactive, "agent %d is %s", id, agent.Status)
	}
	if len(msgs) == 0 || len(msgs) > int(params.MaxExecMessages) {
		return nil, errorsmod.Wrapf(types.ErrInvalidExec, "1 to %d messages, got %d", params.MaxExecMessages, len(msgs))
	}
	wallet, err := k.address("wallet", agent.Wallet)
	if err != nil {
		return nil, err
	}
	var (
		policy types.Policy
		state  types.SpendState
	)
	if !isOwner {
		if policy, err = k.Policies.Get(ctx, id); errors.Is(err, collections.ErrNotFound) {
			return nil, errorsmod.Wrapf(types.ErrMsgNotAllowed, "agent %d has no policy: the operator may do nothing", id)
		} else if err != nil {
			return nil, err
		}
		if state, err = k.CurrentSpend(ctx, id, policy); err != nil {
			return nil, err
		}
	}
	for i, m := range msgs {
		if err := k.checkExecMsg(i, m, wallet, isOwner, policy); err != nil {
			return nil, err
		}
	}

	spent := sdk.NewCoins()
	var balance sdk.Coins
	res, err := k.executor.Run(sdk.UnwrapSDKContext(ctx), wallet, msgs, msgexec.Options{
		Before: func(ctx sdk.Context) sdk.Context {
			balance = k.bankKeeper.GetAllBalances(ctx, wallet)
			return ctx
		},
		// Measured per message, so coins one message brings in (a refund,
		// rewards) cannot hide what another sends out.
		AfterEach: func(ctx sdk.Context, _ int, _ sdk.Msg) error {
			after := k.bankKeeper.GetAllBalances(ctx, wallet)
			spent = spent.Add(spentCoins(balance, after)...)
			balance = after
			if total := state.Spent.Add(spent...); !isOwner && !total.IsAllLTE(policy.SpendLimit) {
				return errorsmod.Wrapf(types.ErrSpendLimit, "%s spent this period, the limit is %s per %s", total, policy.SpendLimit, policy.Period)
			}
			return nil
		},
	})
	if err != nil {
		return nil, execError(err)
	}
	if !isOwner {
		state.Spent = state.Spent.Add(spent...)
		if err := k.Spends.Set(ctx, id, state); err != nil {
			return nil, err
		}
	}
	typeURLs := make([]string, len(msgs))
	for i, m := range msgs {
		typeURLs[i] = sdk.MsgTypeURL(m)
	}
	return res.Data, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventAgentExec{
		AgentId: id, Sender: senderStr, MsgTypes: typeURLs, Spent: spent.String(),
	})
}

// execError gives the executor's own failures the module's codes; a
// handler's error keeps its own.
func execError(err error) error {
	switch {
	case errors.Is(err, msgexec.ErrPanic):
		return errorsmod.Wrap(types.ErrExecPanicked, err.Error())
	case errors.Is(err, msgexec.ErrOutOfGas):
		return errorsmod.Wrap(sdkerrors.ErrOutOfGas, err.Error())
	case errors.Is(err, msgexec.ErrWrongSigner):
		return errorsmod.Wrap(types.ErrNotWalletSigned, err.Error())
	case errors.Is(err, msgexec.ErrNoHandler):
		return errorsmod.Wrap(types.ErrInvalidExec, err.Error())
	}
	return err
}

// checkExecMsg checks one message before anything runs: the executor's
// signer and handler check, the message's own ValidateBasic (no ante
// handler ran it), and for the operator the policy.
func (k Keeper) checkExecMsg(i int, m sdk.Msg, wallet sdk.AccAddress, isOwner bool, policy types.Policy) error {
	typeURL := sdk.MsgTypeURL(m)
	if err := k.executor.Check(i, m, wallet); err != nil {
		if errors.Is(err, msgexec.ErrWrongSigner) {
			return errorsmod.Wrapf(types.ErrNotWalletSigned, "%s: must be signed by %s", err, wallet)
		}
		return errorsmod.Wrap(types.ErrInvalidExec, err.Error())
	}
	if v, ok := m.(sdk.HasValidateBasic); ok {
		if err := v.ValidateBasic(); err != nil {
			return errorsmod.Wrapf(err, "message %d (%s)", i, typeURL)
		}
	}
	if isOwner {
		return nil
	}
	if !slices.Contains(policy.AllowedMsgTypes, typeURL) {
		return errorsmod.Wrapf(types.ErrMsgNotAllowed, "message %d (%s); allowed: %v", i, typeURL, policy.AllowedMsgTypes)
	}
	if len(policy.AllowedRecipients) == 0 {
		return nil
	}
	var recipients []string
	switch msg := m.(type) {
	case *banktypes.MsgSend:
		recipients = []string{msg.ToAddress}
	case *banktypes.MsgMultiSend:
		for _, o := range msg.Outputs {
			recipients = append(recipients, o.Address)
		}
	}
	for _, r := range recipients {
		if !slices.Contains(policy.AllowedRecipients, r) {
			return errorsmod.Wrapf(types.ErrRecipientBlocked, "message %d pays %s", i, r)
		}
	}
	return nil
}

// spentCoins is the per-denom drop from before to after; gains are ignored.
func spentCoins(before, after sdk.Coins) sdk.Coins {
	spent := sdk.NewCoins()
	for _, c := range before {
		if drop := c.Amount.Sub(after.AmountOf(c.Denom)); drop.IsPositive() {
			spent = spent.Add(sdk.NewCoin(c.Denom, drop))
		}
	}
	return spent
}
