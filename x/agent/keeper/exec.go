package keeper

import (
	"bytes"
	"context"
	"errors"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/x/agent/types"
)

// SetPolicy sets what the operator may do with the wallet; the spend of the
// current period starts over.
func (k Keeper) SetPolicy(ctx context.Context, owner sdk.AccAddress, id uint64, policy types.Policy) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if len(policy.AllowedMsgTypes)+len(policy.AllowedRecipients) > int(params.MaxPolicyEntries) {
		return errorsmod.Wrapf(types.ErrInvalidPolicy, "at most %d message types and recipients", params.MaxPolicyEntries)
	}
	if !policy.SpendLimit.IsValid() {
		return errorsmod.Wrapf(types.ErrInvalidPolicy, "spend_limit %s", policy.SpendLimit)
	}
	if policy.Period <= 0 {
		return errorsmod.Wrapf(types.ErrInvalidPolicy, "period must be positive, got %s", policy.Period)
	}
	for _, t := range policy.AllowedMsgTypes {
		if t == "" || t[0] != '/' {
			return errorsmod.Wrapf(types.ErrInvalidPolicy, "message type %q must be a type URL like /cosmos.bank.v1beta1.MsgSend", t)
		}
	}
	for _, r := range policy.AllowedRecipients {
		if _, err := k.addressCodec.StringToBytes(r); err != nil {
			return errorsmod.Wrapf(types.ErrInvalidAddress, "recipient %q: %s", r, err)
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
// and any other coin-carrying message count alike. All run or none do.
func (k Keeper) Exec(ctx context.Context, sender sdk.AccAddress, id uint64, msgs []sdk.Msg) ([][]byte, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	agent, err := k.GetAgent(ctx, id)
	if err != nil {
		return nil, err
	}
	isOwner := agent.Owner == sender.String()
	isOperator := agent.Operator != "" && agent.Operator == sender.String()
	switch {
	case !isOwner && !isOperator:
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s for agent %d", sender, id)
	case isOwner && agent.Status == types.AGENT_STATUS_PAUSED:
		return nil, errorsmod.Wrapf(types.ErrAgentInactive, "agent %d is paused; resume it first", id)
	case !isOwner && agent.Status != types.AGENT_STATUS_ACTIVE:
		return nil, errorsmod.Wrapf(types.ErrAgentInactive, "agent %d is %s", id, agent.Status)
	}
	if len(msgs) == 0 || len(msgs) > int(params.MaxExecMessages) {
		return nil, errorsmod.Wrapf(types.ErrInvalidExec, "1 to %d messages, got %d", params.MaxExecMessages, len(msgs))
	}
	wallet := sdk.MustAccAddressFromBech32(agent.Wallet)
	var policy types.Policy
	if !isOwner {
		if policy, err = k.Policies.Get(ctx, id); errors.Is(err, collections.ErrNotFound) {
			return nil, errorsmod.Wrapf(types.ErrMsgNotAllowed, "agent %d has no policy: the operator may do nothing", id)
		} else if err != nil {
			return nil, err
		}
	}
	for i, m := range msgs {
		if err := k.checkExecMsg(i, m, wallet, isOwner, policy); err != nil {
			return nil, err
		}
	}

	sdkCtx := sdk.UnwrapSDKContext(ctx)
	cacheCtx, write := sdkCtx.CacheContext()
	results := make([][]byte, len(msgs))
	spent := sdk.NewCoins()
	var events sdk.Events
	balance := k.bankKeeper.GetAllBalances(cacheCtx, wallet)
	for i, m := range msgs {
		res, err := k.router.Handler(m)(cacheCtx, m)
		if err != nil {
			return nil, errorsmod.Wrapf(err, "message %d (%s)", i, sdk.MsgTypeURL(m))
		}
		// Measured per message, so coins one message brings in (a refund,
		// rewards) cannot hide what another sends out.
		after := k.bankKeeper.GetAllBalances(cacheCtx, wallet)
		spent = spent.Add(spentCoins(balance, after)...)
		balance = after
		results[i] = res.Data
		for _, e := range res.GetEvents() {
			events = append(events, sdk.Event(e))
		}
	}
	if !isOwner {
		state, err := k.CurrentSpend(ctx, id, policy)
		if err != nil {
			return nil, err
		}
		state.Spent = state.Spent.Add(spent...)
		if !state.Spent.IsAllLTE(policy.SpendLimit) {
			return nil, errorsmod.Wrapf(types.ErrSpendLimit, "%s spent this period, the limit is %s per %s", state.Spent, policy.SpendLimit, policy.Period)
		}
		if err := k.Spends.Set(ctx, id, state); err != nil {
			return nil, err
		}
	}
	write()
	sdkCtx.EventManager().EmitEvents(events)
	typeURLs := make([]string, len(msgs))
	for i, m := range msgs {
		typeURLs[i] = sdk.MsgTypeURL(m)
	}
	return results, sdkCtx.EventManager().EmitTypedEvent(&types.EventAgentExec{AgentId: id, Sender: sender.String(), MsgTypes: typeURLs, Spent: spent.String()})
}

// checkExecMsg checks one message before anything runs.
func (k Keeper) checkExecMsg(i int, m sdk.Msg, wallet sdk.AccAddress, isOwner bool, policy types.Policy) error {
	typeURL := sdk.MsgTypeURL(m)
	signers, _, err := k.cdc.GetMsgV1Signers(m)
	if err != nil {
		return errorsmod.Wrapf(types.ErrInvalidExec, "message %d (%s): %s", i, typeURL, err)
	}
	if len(signers) != 1 || !bytes.Equal(signers[0], wallet) {
		return errorsmod.Wrapf(types.ErrNotWalletSigned, "message %d (%s) must be signed by %s", i, typeURL, wallet)
	}
	if k.router.Handler(m) == nil {
		return errorsmod.Wrapf(types.ErrInvalidExec, "message %d: no handler for %s", i, typeURL)
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
