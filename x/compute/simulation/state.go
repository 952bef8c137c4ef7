package simulation

import (
	"context"
	"math/rand"

	"cosmossdk.io/collections"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/compute/keeper"
	"github.com/aitbc/aitbc/x/compute/types"
)

// StakingKeeper is what the operations read of x/staking: the bonded
// validators, the only accounts that may register as providers.
type StakingKeeper interface {
	GetBondedValidatorsByPower(ctx context.Context) ([]stakingtypes.Validator, error)
}

// scanLimit bounds every read of a factory, so an operation costs the same
// however large the state has grown.
const scanLimit = 64

// gpuKinds is the small catalogue providers and jobs draw from, so offers
// and jobs meet.
var gpuKinds = []types.Gpu{
	{Model: "H100", VramMib: 81920}, {Model: "A100", VramMib: 40960}, {Model: "L40S", VramMib: 46068},
	{Model: "RTX4090", VramMib: 24564}, {Model: "MI300X", VramMib: 196608},
}

var regions = []string{"eu-west", "us-east", "ap-south", ""}

// provider is a provider whose account the simulation holds.
type provider struct {
	types.Provider
	account  simsx.SimAccount
	operator sdk.ValAddress
}

func providers(ctx context.Context, k keeper.Keeper, data *simsx.ChainDataSource) []provider {
	var out []provider
	_ = k.Providers.Walk(ctx, nil, func(op sdk.ValAddress, p types.Provider) (bool, error) {
		if a, ok := simops.Account(data, p.Account); ok {
			out = append(out, provider{Provider: p, account: a, operator: op})
		}
		return len(out) >= scanLimit, nil
	})
	return out
}

// liveOffers returns a provider's offers: open ones and closed ones leases
// still hold (at most max_offers_per_provider open ones).
func liveOffers(ctx context.Context, k keeper.Keeper, op sdk.ValAddress) []types.Offer {
	iter, err := k.Offers.Indexes.Provider.MatchExact(ctx, op)
	if err != nil {
		return nil
	}
	defer iter.Close()
	var out []types.Offer
	for ; iter.Valid(); iter.Next() {
		id, err := iter.PrimaryKey()
		if err != nil {
			return out
		}
		if o, err := k.Offers.Get(ctx, id); err == nil {
			out = append(out, o)
		}
	}
	return out
}

// held is what an offer takes from its provider's inventory.
func held(o types.Offer) uint32 {
	if o.Status == types.OFFER_STATUS_OPEN {
		return o.Gpu.Count
	}
	return o.Reserved
}

// free is how many GPUs of the kind the provider has not offered.
func free(g types.Gpu, offers []types.Offer, skipOffer uint64) uint32 {
	var used uint32
	for _, o := range offers {
		if o.Gpu.Model == g.Model && o.Id != skipOffer {
			used += held(o)
		}
	}
	if used >= g.Count {
		return 0
	}
	return g.Count - used
}

// openOffers returns up to scanLimit open offers.
func openOffers(ctx context.Context, k keeper.Keeper) []types.Offer {
	var out []types.Offer
	_ = k.Offers.Walk(ctx, nil, func(_ uint64, o types.Offer) (bool, error) {
		if o.Status == types.OFFER_STATUS_OPEN && o.Reserved < o.Gpu.Count {
			out = append(out, o)
		}
		return len(out) >= scanLimit, nil
	})
	return out
}

// jobsIn returns up to scanLimit jobs with the status whose consumer the
// simulation holds.
func jobsIn(ctx context.Context, k keeper.Keeper, data *simsx.ChainDataSource, status types.JobStatus) []types.Job {
	iter, err := k.Jobs.Indexes.Status.MatchExact(ctx, int32(status))
	if err != nil {
		return nil
	}
	defer iter.Close()
	var out []types.Job
	for ; iter.Valid() && len(out) < scanLimit; iter.Next() {
		id, err := iter.PrimaryKey()
		if err != nil {
			return out
		}
		if j, err := k.Jobs.Get(ctx, id); err == nil && data.HasAccount(j.Consumer) {
			out = append(out, j)
		}
	}
	return out
}

// leasesIn returns up to scanLimit leases with the status.
func leasesIn(ctx context.Context, k keeper.Keeper, status types.LeaseStatus) []types.Lease {
	iter, err := k.Leases.Indexes.Status.MatchExact(ctx, int32(status))
	if err != nil {
		return nil
	}
	defer iter.Close()
	var out []types.Lease
	for ; iter.Valid() && len(out) < scanLimit; iter.Next() {
		id, err := iter.PrimaryKey()
		if err != nil {
			return out
		}
		if l, err := k.Leases.Get(ctx, id); err == nil {
			out = append(out, l)
		}
	}
	return out
}

// accountOf returns the simulation account of a validator operator.
func accountOf(data *simsx.ChainDataSource, operator string) (simsx.SimAccount, bool) {
	op, err := sdk.ValAddressFromBech32(operator)
	if err != nil {
		return simsx.SimAccount{}, false
	}
	return simops.Account(data, sdk.AccAddress(op).String())
}

// unknownID is an id far above the sequence.
func unknownID(ctx context.Context, seq collections.Sequence) uint64 {
	next, err := seq.Peek(ctx)
	if err != nil {
		return 1 << 40
	}
	return next + 1000
}

// inventory draws 1 to n distinct GPU kinds.
func inventory(r *rand.Rand, n int) []types.Gpu {
	order := r.Perm(len(gpuKinds))
	out := make([]types.Gpu, 0, n)
	for _, i := range order[:min(n, len(gpuKinds))] {
		g := gpuKinds[i]
		g.Count = uint32(1 + r.Intn(16))
		out = append(out, g)
	}
	return out
}

// leasesDue are the active leases, not past their deadline, whose provider
// is a simulation account: those it may still report or decline.
func leasesDue(ctx sdk.Context, k keeper.Keeper, data *simsx.ChainDataSource) []types.Lease {
	var due []types.Lease
	for _, l := range leasesIn(ctx, k, types.LEASE_STATUS_ACTIVE) {
		if _, ok := accountOf(data, l.Provider); ok && !ctx.BlockTime().After(l.Deadline) {
			due = append(due, l)
		}
	}
	return due
}
