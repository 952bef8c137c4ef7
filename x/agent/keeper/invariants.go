package keeper

import (
	"bytes"
	"context"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/agent/types"
)

// CheckInvariants runs every invariant of the module; tests, simulation and
// the app-level fuzz target call it after each block.
func (k Keeper) CheckInvariants(ctx context.Context) error {
	for _, check := range []func(context.Context) error{k.CheckWallets, k.CheckIndexes, k.CheckPolicies} {
		if err := check(ctx); err != nil {
			return err
		}
	}
	return nil
}

// CheckWallets checks agent wallets against agents: every agent's wallet is
// the one derived from its id and maps back to it in Wallets, and Wallets
// holds no other entry.
func (k Keeper) CheckWallets(ctx context.Context) error {
	agents := 0
	err := k.Agents.Walk(ctx, nil, func(id uint64, a types.Agent) (bool, error) {
		agents++
		if a.Id != id {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "agent stored under %d has id %d", id, a.Id)
		}
		wallet, err := k.addressCodec.StringToBytes(a.Wallet)
		if err != nil {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "agent %d: wallet %q: %s", id, a.Wallet, err)
		}
		cred, err := types.WalletCredential(id)
		if err != nil {
			return true, err
		}
		if !bytes.Equal(wallet, cred.Address()) {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "agent %d: wallet %s is not derived from its id", id, a.Wallet)
		}
		mapped, err := k.Wallets.Get(ctx, wallet)
		if err != nil {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "agent %d: wallet %s not in the wallet index: %s", id, a.Wallet, err)
		}
		if mapped != id {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "agent %d: wallet %s maps to agent %d", id, a.Wallet, mapped)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	// Each agent has its own entry (wallets derive from distinct ids), so
	// equal counts mean no stray entries; name one if there is.
	wallets := 0
	err = k.Wallets.Walk(ctx, nil, func(addr sdk.AccAddress, id uint64) (bool, error) {
		wallets++
		a, err := k.Agents.Get(ctx, id)
		if err != nil {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "wallet %s maps to agent %d: %s", addr, id, err)
		}
		if stored, err := k.addressCodec.StringToBytes(a.Wallet); err != nil || !bytes.Equal(stored, addr) {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "wallet %s maps to agent %d whose wallet is %s", addr, id, a.Wallet)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	if wallets != agents {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "%d wallet entries for %d agents", wallets, agents)
	}
	return nil
}

// CheckIndexes checks the other indexes against the agents: every
// (capability, id) entry is a capability of that agent and every
// capability has its entry; the owner and type indexes hold exactly one
// entry per agent, with its owner and type (each entry names its agent's
// current value, so with as many entries as agents none is missing); every
// id is below the sequence.
func (k Keeper) CheckIndexes(ctx context.Context) error {
	next, err := k.AgentSeq.Peek(ctx)
	if err != nil {
		return err
	}
	agents, capabilities := 0, 0
	err = k.Agents.Walk(ctx, nil, func(id uint64, a types.Agent) (bool, error) {
		agents++
		if id == 0 || id >= next {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "agent %d not below the next id %d", id, next)
		}
		for _, c := range a.Capabilities {
			capabilities++
			if ok, err := k.Capabilities.Has(ctx, collections.Join(c, id)); err != nil || !ok {
				return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "agent %d: capability %q missing from the index (%v)", id, c, err)
			}
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	entries := 0
	err = k.Capabilities.Walk(ctx, nil, func(key collections.Pair[string, uint64]) (bool, error) {
		entries++
		a, err := k.Agents.Get(ctx, key.K2())
		if err != nil || !slices.Contains(a.Capabilities, key.K1()) {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "stray capability entry (%q, %d)", key.K1(), key.K2())
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	if entries != capabilities {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "%d capability entries for %d capabilities", entries, capabilities)
	}
	owners := 0
	err = k.Agents.Indexes.Owner.Walk(ctx, nil, func(owner sdk.AccAddress, id uint64) (bool, error) {
		owners++
		a, err := k.Agents.Get(ctx, id)
		if stored, aerr := k.addressCodec.StringToBytes(a.Owner); err != nil || aerr != nil || !bytes.Equal(stored, owner) {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "stray owner index entry (%s, %d)", owner, id)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	byType := 0
	err = k.Agents.Indexes.Type.Walk(ctx, nil, func(t int32, id uint64) (bool, error) {
		byType++
		if a, err := k.Agents.Get(ctx, id); err != nil || int32(a.Type) != t {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "stray type index entry (%d, %d)", t, id)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	if owners != agents || byType != agents {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "%d agents, %d owner and %d type index entries", agents, owners, byType)
	}
	return nil
}

// CheckPolicies checks that every policy belongs to an agent that is not
// retired (retiring clears it) and has its spend state, and every spend
// state its policy.
func (k Keeper) CheckPolicies(ctx context.Context) error {
	policies := 0
	err := k.Policies.Walk(ctx, nil, func(id uint64, _ types.Policy) (bool, error) {
		policies++
		a, err := k.Agents.Get(ctx, id)
		if err != nil {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "policy of agent %d: %s", id, err)
		}
		if a.Status == types.AGENT_STATUS_RETIRED {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "policy of retired agent %d", id)
		}
		if ok, err := k.Spends.Has(ctx, id); err != nil || !ok {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "policy of agent %d has no spend state (%v)", id, err)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	spends := 0
	if err := k.Spends.Walk(ctx, nil, func(uint64, types.SpendState) (bool, error) { spends++; return false, nil }); err != nil {
		return err
	}
	if spends != policies {
		return errorsmod.Wrapf(types.ErrBrokenInvariant, "%d spend states for %d policies", spends, policies)
	}
	return nil
}
