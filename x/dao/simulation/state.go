package simulation

import (
	"context"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

// scanLimit bounds every read of a factory, so an operation costs the same
// however large the state has grown.
const scanLimit = 64

// proposalsIn returns up to scanLimit proposals with the status.
func proposalsIn(ctx context.Context, k keeper.Keeper, status types.ProposalStatus) []types.Proposal {
	iter, err := k.Proposals.Indexes.Status.MatchExact(ctx, int32(status))
	if err != nil {
		return nil
	}
	defer iter.Close()
	var out []types.Proposal
	for ; iter.Valid() && len(out) < scanLimit; iter.Next() {
		id, err := iter.PrimaryKey()
		if err != nil {
			return out
		}
		if p, err := k.Proposals.Get(ctx, id); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// unknownProposalID is an id no proposal has.
func unknownProposalID(ctx context.Context, k keeper.Keeper) uint64 {
	next, err := k.ProposalSeq.Peek(ctx)
	if err != nil {
		return 1 << 40
	}
	return next + 1000
}

// locks returns up to scanLimit locks whose owner is a simulation account.
func locks(ctx context.Context, k keeper.Keeper, data *simsx.ChainDataSource) []types.Lock {
	var out []types.Lock
	_ = k.Locks.Walk(ctx, nil, func(_ sdk.AccAddress, l types.Lock) (bool, error) {
		if data.HasAccount(l.Owner) {
			out = append(out, l)
		}
		return len(out) >= scanLimit, nil
	})
	return out
}

// unlocks returns up to scanLimit unlock entries of simulation accounts.
func unlocks(ctx context.Context, k keeper.Keeper, data *simsx.ChainDataSource) []types.UnlockEntry {
	var out []types.UnlockEntry
	_ = k.Unlocks.Walk(ctx, nil, func(_ uint64, e types.UnlockEntry) (bool, error) {
		if data.HasAccount(e.Owner) {
			out = append(out, e)
		}
		return len(out) >= scanLimit, nil
	})
	return out
}

// members returns the committee members the simulation holds keys of.
func members(ctx context.Context, k keeper.Keeper, data *simsx.ChainDataSource) []simsx.SimAccount {
	c, err := k.GetCommittee(ctx)
	if err != nil {
		return nil
	}
	var out []simsx.SimAccount
	for _, m := range c.Members {
		if a, ok := simops.Account(data, m.Address); ok {
			out = append(out, a)
		}
	}
	return out
}

// seated returns the simulation accounts among the members frozen for a
// stage (a committee proposal's committee, a challenge's members); with
// none frozen (a proposal stored before they were), the members now.
func seated(ctx context.Context, k keeper.Keeper, data *simsx.ChainDataSource, frozen []string) []simsx.SimAccount {
	if len(frozen) == 0 {
		return members(ctx, k, data)
	}
	var out []simsx.SimAccount
	for _, m := range frozen {
		if a, ok := simops.Account(data, m); ok {
			out = append(out, a)
		}
	}
	return out
}

// voters returns the simulation accounts that may hold voting power:
// lock owners and their delegatees, each once.
func voters(ctx context.Context, k keeper.Keeper, data *simsx.ChainDataSource) []simsx.SimAccount {
	seen := map[string]bool{}
	var out []simsx.SimAccount
	add := func(addr string) {
		if seen[addr] {
			return
		}
		seen[addr] = true
		if a, ok := simops.Account(data, addr); ok {
			out = append(out, a)
		}
	}
	for _, l := range locks(ctx, k, data) {
		add(l.Owner)
		add(l.Delegatee)
	}
	return out
}

// hasVoted says whether voter voted on the proposal.
func hasVoted(ctx context.Context, k keeper.Keeper, id uint64, voter sdk.AccAddress) bool {
	has, err := k.HasVote(ctx, id, voter)
	return err == nil && has
}
