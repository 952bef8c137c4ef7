package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/aitbc/aitbc/x/agent/types"
)

// Description is the part of an agent its owner may change.
type Description = types.Description

// WalletAddress derives an agent's wallet: a module credential of x/agent
// and the agent id, so no private key exists for it.
func WalletAddress(id uint64) (*authtypes.ModuleCredential, error) {
	return types.WalletCredential(id)
}

// RegisterAgent registers an agent, charges the registration fee to the
// treasury and creates its wallet account.
func (k Keeper) RegisterAgent(ctx context.Context, owner sdk.AccAddress, agentType types.AgentType, d Description) (types.Agent, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.Agent{}, err
	}
	if err := types.ValidateAgentType(agentType); err != nil {
		return types.Agent{}, err
	}
	if err := d.Validate(params.Limits()); err != nil {
		return types.Agent{}, err
	}
	if !params.RegistrationFee.IsZero() {
		if err := k.bankKeeper.SendCoinsFromAccountToModule(ctx, owner, types.TreasuryName, params.RegistrationFee); err != nil {
			return types.Agent{}, errorsmod.Wrapf(err, "pay the %s registration fee", params.RegistrationFee)
		}
	}
	id, err := k.AgentSeq.Next(ctx)
	if err != nil {
		return types.Agent{}, err
	}
	cred, err := WalletAddress(id)
	if err != nil {
		return types.Agent{}, err
	}
	wallet := sdk.AccAddress(cred.Address())
	if err := k.createWalletAccount(ctx, wallet, cred); err != nil {
		return types.Agent{}, err
	}
	ownerStr, err := k.addressString(owner)
	if err != nil {
		return types.Agent{}, err
	}
	walletStr, err := k.addressString(wallet)
	if err != nil {
		return types.Agent{}, err
	}
	agent := types.Agent{
		Id: id, Owner: ownerStr, Type: agentType, Name: d.Name, Endpoint: d.Endpoint,
		Capabilities: d.Capabilities, MetadataUri: d.MetadataURI, MetadataHash: d.MetadataHash,
		Status: types.AGENT_STATUS_ACTIVE, Created: sdk.UnwrapSDKContext(ctx).BlockTime(), Wallet: walletStr,
	}
	if err := k.setAgent(ctx, agent, nil); err != nil {
		return types.Agent{}, err
	}
	if err := k.Wallets.Set(ctx, wallet, id); err != nil {
		return types.Agent{}, err
	}
	return agent, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventAgentRegistered{
		AgentId: id, Owner: agent.Owner, Type: agentType, Wallet: agent.Wallet,
	})
}

// createWalletAccount creates the wallet's account with the module
// credential as public key. Coins sent to the address before registration
// made a plain account there; it gets the credential and keeps its coins.
func (k Keeper) createWalletAccount(ctx context.Context, wallet sdk.AccAddress, cred *authtypes.ModuleCredential) error {
	if acc := k.accountKeeper.GetAccount(ctx, wallet); acc != nil {
		if acc.GetPubKey() != nil {
			return errorsmod.Wrapf(types.ErrInvalidAgent, "wallet address %s already has a key", wallet)
		}
		if err := acc.SetPubKey(cred); err != nil {
			return err
		}
		k.accountKeeper.SetAccount(ctx, acc)
		return nil
	}
	acc, err := authtypes.NewBaseAccountWithPubKey(cred)
	if err != nil {
		return err
	}
	k.accountKeeper.SetAccount(ctx, k.accountKeeper.NewAccount(ctx, acc))
	return nil
}

// setAgent stores an agent and updates the capability index from old.
func (k Keeper) setAgent(ctx context.Context, agent types.Agent, old []string) error {
	for _, c := range old {
		if err := k.Capabilities.Remove(ctx, collections.Join(c, agent.Id)); err != nil {
			return err
		}
	}
	for _, c := range agent.Capabilities {
		if err := k.Capabilities.Set(ctx, collections.Join(c, agent.Id)); err != nil {
			return err
		}
	}
	return k.Agents.Set(ctx, agent.Id, agent)
}

// GetAgent returns an agent or ErrAgentNotFound.
func (k Keeper) GetAgent(ctx context.Context, id uint64) (types.Agent, error) {
	a, err := k.Agents.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return a, errorsmod.Wrapf(types.ErrAgentNotFound, "agent %d", id)
	}
	return a, err
}

// ownedAgent returns an agent if owner owns it.
func (k Keeper) ownedAgent(ctx context.Context, owner sdk.AccAddress, id uint64) (types.Agent, error) {
	a, err := k.GetAgent(ctx, id)
	if err != nil {
		return a, err
	}
	ownerStr, err := k.addressString(owner)
	if err != nil {
		return a, err
	}
	if a.Owner != ownerStr {
		return a, errorsmod.Wrapf(types.ErrNotOwner, "agent %d is owned by %s", id, a.Owner)
	}
	return a, nil
}

// Change applies an owner's change to an agent that is not retired.
func (k Keeper) Change(ctx context.Context, owner sdk.AccAddress, id uint64, change string, apply func(*types.Agent) error) error {
	a, err := k.ownedAgent(ctx, owner, id)
	if err != nil {
		return err
	}
	if a.Status == types.AGENT_STATUS_RETIRED {
		return errorsmod.Wrapf(types.ErrAgentInactive, "agent %d is retired", id)
	}
	old := a.Capabilities
	if err := apply(&a); err != nil {
		return err
	}
	if err := k.setAgent(ctx, a, old); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventAgentUpdated{AgentId: id, Change: change})
}

// UpdateDescription replaces an agent's description.
func (k Keeper) UpdateDescription(ctx context.Context, owner sdk.AccAddress, id uint64, d Description) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := d.Validate(params.Limits()); err != nil {
		return err
	}
	return k.Change(ctx, owner, id, "description", func(a *types.Agent) error {
		a.Name, a.Endpoint, a.Capabilities, a.MetadataUri, a.MetadataHash = d.Name, d.Endpoint, d.Capabilities, d.MetadataURI, d.MetadataHash
		return nil
	})
}

// Transfer gives an agent to a new owner; operator and policy are cleared
// so the previous owner's delegates lose all power over the wallet.
func (k Keeper) Transfer(ctx context.Context, owner sdk.AccAddress, id uint64, newOwner sdk.AccAddress) error {
	newOwnerStr, err := k.addressString(newOwner)
	if err != nil {
		return err
	}
	if err := k.Change(ctx, owner, id, "owner", func(a *types.Agent) error {
		a.Owner, a.Operator = newOwnerStr, ""
		return nil
	}); err != nil {
		return err
	}
	return k.clearPolicy(ctx, id)
}

func (k Keeper) clearPolicy(ctx context.Context, id uint64) error {
	if err := k.Policies.Remove(ctx, id); err != nil {
		return err
	}
	return k.Spends.Remove(ctx, id)
}

// Retire retires an agent for good: operator and policy are cleared and
// the wallet's spendable coins go to the owner. The owner keeps MsgExec, to
// recover what the wallet still holds elsewhere (e.g. locked tokens).
func (k Keeper) Retire(ctx context.Context, owner sdk.AccAddress, id uint64) error {
	var wallet sdk.AccAddress
	if err := k.Change(ctx, owner, id, "status", func(a *types.Agent) (err error) {
		a.Status, a.Operator = types.AGENT_STATUS_RETIRED, ""
		wallet, err = k.address("wallet", a.Wallet)
		return err
	}); err != nil {
		return err
	}
	if err := k.clearPolicy(ctx, id); err != nil {
		return err
	}
	if coins := k.bankKeeper.SpendableCoins(ctx, wallet); !coins.IsZero() {
		return k.bankKeeper.SendCoins(ctx, wallet, owner, coins)
	}
	return nil
}

// AgentOfWallet returns the agent whose wallet addr is, if any.
func (k Keeper) AgentOfWallet(ctx context.Context, addr sdk.AccAddress) (types.Agent, bool, error) {
	// Only derived addresses are wallets: a vote or a rating by a key's
	// account (most of them) costs no read of a key that is not there.
	if len(addr) != types.WalletAddressLength {
		return types.Agent{}, false, nil
	}
	id, err := k.Wallets.Get(ctx, addr)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Agent{}, false, nil
	}
	if err != nil {
		return types.Agent{}, false, err
	}
	a, err := k.GetAgent(ctx, id)
	return a, err == nil, err
}

// AgentTypeOf returns the x/dao electorate group of an address: the type of
// the active agent whose wallet it is, "" for any other address.
func (k Keeper) AgentTypeOf(ctx context.Context, addr sdk.AccAddress) string {
	a, found, err := k.AgentOfWallet(ctx, addr)
	if err != nil || !found || a.Status == types.AGENT_STATUS_RETIRED {
		return ""
	}
	return a.Type.GroupName()
}

// OwnerOf returns the owner of an agent wallet, or addr itself. It never
// panics: x/reputation calls it while rating, and a stored owner that does
// not decode (which CheckInvariants reports) counts as no owner.
func (k Keeper) OwnerOf(ctx context.Context, addr sdk.AccAddress) sdk.AccAddress {
	a, found, err := k.AgentOfWallet(ctx, addr)
	if err != nil || !found {
		return addr
	}
	owner, err := k.addressCodec.StringToBytes(a.Owner)
	if err != nil {
		return addr
	}
	return owner
}
