package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/collections"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/runtime"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/x/agent/types"
)

// Each corruption of the indexes is caught by CheckInvariants; the healthy
// state passes.
func TestInvariantsCatchCorruptIndexes(t *testing.T) {
	f := newFixture(t)
	first := f.register("llm", "h100")
	second := f.register("llm")
	_, err := f.msgs.SetPolicy(f.ctx(), &types.MsgSetPolicy{Owner: f.owner.String(), AgentId: 1, Policy: types.Policy{
		AllowedMsgTypes: []string{"/cosmos.bank.v1beta1.MsgSend"}, SpendLimit: sdk.NewCoins(sdk.NewInt64Coin(denom, 1)), Period: time.Hour,
	}})
	require.NoError(t, err)
	require.NoError(t, f.k.CheckInvariants(f.ctx()))
	require.NoError(t, f.app.CheckInvariants(f.ctx()))

	wallet1 := sdk.MustAccAddressFromBech32(first.Wallet)
	wallet2 := sdk.MustAccAddressFromBech32(second.Wallet)
	store := runtime.NewKVStoreService(f.app.GetKey(types.StoreKey))
	ownerIndex := colls.IndexKeys(store, types.AgentsByOwner, "owner_view", sdk.AccAddressKey)
	typeIndex := colls.IndexKeys(store, types.AgentsByType, "type_view", collections.Int32Key)

	for _, tc := range []struct {
		name, want string
		corrupt    func(ctx sdk.Context) error
	}{
		{"wallet entry removed", "not in the wallet index", func(ctx sdk.Context) error { return f.k.Wallets.Remove(ctx, wallet1) }},
		{"wallet maps to another agent", "maps to agent 2", func(ctx sdk.Context) error { return f.k.Wallets.Set(ctx, wallet1, 2) }},
		{"stray wallet entry", "whose wallet is", func(ctx sdk.Context) error { return f.k.Wallets.Set(ctx, f.stranger, 1) }},
		{"stray wallet entry of an unknown agent", "maps to agent 9", func(ctx sdk.Context) error { return f.k.Wallets.Set(ctx, f.stranger, 9) }},
		{"agent's wallet replaced", "not derived from its id", func(ctx sdk.Context) error {
			a, err := f.k.Agents.Get(ctx, 1)
			if err != nil {
				return err
			}
			a.Wallet = wallet2.String()
			return f.k.Agents.Set(ctx, 1, a)
		}},
		{"capability entry removed", "missing from the index", func(ctx sdk.Context) error { return f.k.Capabilities.Remove(ctx, collections.Join("h100", uint64(1))) }},
		{"stray capability entry", "stray capability entry", func(ctx sdk.Context) error { return f.k.Capabilities.Set(ctx, collections.Join("h100", uint64(2))) }},
		{"capability of an unknown agent", "stray capability entry", func(ctx sdk.Context) error { return f.k.Capabilities.Set(ctx, collections.Join("llm", uint64(9))) }},
		{"stray owner index entry", "stray owner index entry", func(ctx sdk.Context) error { return ownerIndex.Set(ctx, collections.Join(f.stranger, uint64(1))) }},
		{"owner index entry removed", "1 owner and 2 type index entries", func(ctx sdk.Context) error { return ownerIndex.Remove(ctx, collections.Join(f.owner, uint64(2))) }},
		{"stray type index entry", "stray type index entry", func(ctx sdk.Context) error {
			return typeIndex.Set(ctx, collections.Join(int32(types.AGENT_TYPE_BUILDER), uint64(1)))
		}},
		{"agent id beyond the sequence", "not below the next id", func(ctx sdk.Context) error { return f.k.AgentSeq.Set(ctx, 2) }},
		{"policy of a retired agent", "policy of retired agent", func(ctx sdk.Context) error {
			a, err := f.k.Agents.Get(ctx, 1)
			if err != nil {
				return err
			}
			a.Status = types.AGENT_STATUS_RETIRED
			return f.k.Agents.Set(ctx, 1, a)
		}},
		{"policy without spend state", "has no spend state", func(ctx sdk.Context) error { return f.k.Spends.Remove(ctx, 1) }},
		{"spend state without policy", "2 spend states for 1 policies", func(ctx sdk.Context) error {
			return f.k.Spends.Set(ctx, 2, types.SpendState{Spent: sdk.NewCoins()})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, _ := f.ctx().CacheContext()
			require.NoError(t, tc.corrupt(ctx))
			err := f.k.CheckInvariants(ctx)
			require.ErrorIs(t, err, types.ErrBrokenInvariant)
			require.ErrorContains(t, err, tc.want)
			require.Error(t, f.app.CheckInvariants(ctx), "the app-level check runs it")
		})
	}
	require.NoError(t, f.k.CheckInvariants(f.ctx()), "the corruptions stayed in their cache")
}
