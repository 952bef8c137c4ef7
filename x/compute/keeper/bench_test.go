package keeper_test

import (
	"fmt"
	"testing"
	"time"

	"cosmossdk.io/collections"
	storetypes "cosmossdk.io/store/types"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/testutil"
	"github.com/aitbc/aitbc/x/compute/keeper"
	"github.com/aitbc/aitbc/x/compute/types"
)

// The benchmarks build large state straight into the keeper's collections
// (the msg server checks a provider's offers against its inventory on
// every new offer, which is quadratic) and commit it to the IAVL stores
// without running a block, so EndBlock does not touch it before the
// measurement. Each measured EndBlock runs on a cache of the committed
// state, as it does in FinalizeBlock.

// benchChain is a test app whose genesis validator is a registered
// provider, with params raised for large state.
type benchChain struct {
	app      *testutil.TestApp
	k        keeper.Keeper
	now      time.Time
	provider sdk.AccAddress
	operator string
}

func newBenchChain(b *testing.B, mutate func(*types.Params)) *benchChain {
	b.Helper()
	ta := testutil.NewTestApp(b)
	c := &benchChain{app: ta, k: ta.ComputeKeeper, now: ta.LastBlock.Add(time.Second)}
	ctx := c.ctx()
	vals, err := ta.StakingKeeper.GetAllValidators(ctx)
	if err != nil || len(vals) != 1 {
		b.Fatalf("validators %v: %v", vals, err)
	}
	op, err := sdk.ValAddressFromBech32(vals[0].OperatorAddress)
	if err != nil {
		b.Fatal(err)
	}
	c.provider, c.operator = sdk.AccAddress(op), op.String()
	ta.Fund(b, ctx, c.provider, sdk.NewCoins(sdk.NewInt64Coin(denom, 10_000_000_000)))
	params := types.DefaultParams()
	params.MaxOffersPerProvider = 20_000
	if mutate != nil {
		mutate(&params)
	}
	if err := c.k.Params.Set(ctx, params); err != nil {
		b.Fatal(err)
	}
	if _, err := keeper.NewMsgServerImpl(c.k).RegisterProvider(ctx, &types.MsgRegisterProvider{
		Account: c.provider.String(), Gpus: []types.Gpu{{Model: "H100", VramMib: 81920, Count: 4_000_000}},
		Bond: sdk.NewInt64Coin(denom, 1_000_000_000),
	}); err != nil {
		b.Fatal(err)
	}
	return c
}

func (c *benchChain) ctx() sdk.Context { return c.app.Context(c.now) }

// commit writes what the uncached contexts wrote to the IAVL stores as a
// new version, without FinalizeBlock: no EndBlock runs on it.
func (c *benchChain) commit() {
	c.app.CommitMultiStore().Commit()
}

// listOffer stores an open offer with the price index entries setOffer
// keeps for a listed offer.
func (c *benchChain) listOffer(b *testing.B, ctx sdk.Context, o types.Offer) {
	b.Helper()
	price := o.PricePerGpuHour.Amount.Uint64()
	if err := c.k.Offers.Set(ctx, o.Id, o); err != nil {
		b.Fatal(err)
	}
	if err := c.k.OfferPrices.Set(ctx, collections.Join3(o.Gpu.Model, price, o.Id)); err != nil {
		b.Fatal(err)
	}
	if err := c.k.OfferPricesAnyModel.Set(ctx, collections.Join(price, o.Id)); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkMatch matches 1,000 open jobs (1 H100 for 1 hour each) in one
// EndBlock against N listed H100 offers of 10 GPUs each at distinct
// prices, so the 100 cheapest offers take all the jobs whatever N is: the
// work per match is the same and only the size of the price index grows.
// It reports the time and the store gas of one match.
func BenchmarkMatch(b *testing.B) {
	const (
		jobs      = 1_000
		perOffer  = 10
		basePrice = 1_000_000
	)
	for _, offers := range []int{100, 10_000} {
		b.Run(fmt.Sprintf("offers=%d", offers), func(b *testing.B) {
			c := newBenchChain(b, func(p *types.Params) { p.MaxMatchesPerBlock = jobs })
			ctx := c.ctx()
			// Offers at distinct prices, inserted most expensive first so the
			// ids do not follow the price order.
			for i := 0; i < offers; i++ {
				c.listOffer(b, ctx, types.Offer{
					Id: uint64(i + 1), Provider: c.operator, Gpu: types.Gpu{Model: "H100", VramMib: 81920, Count: perOffer},
					PricePerGpuHour: sdk.NewInt64Coin(denom, int64(basePrice+offers-i)), MinHours: 1, MaxHours: 72,
					Status: types.OFFER_STATUS_OPEN,
				})
			}
			if err := c.k.OfferSeq.Set(ctx, uint64(offers+1)); err != nil {
				b.Fatal(err)
			}
			// The jobs pay at most more than any offer asks: every match
			// refunds the difference, as a real one does.
			msgs := keeper.NewMsgServerImpl(c.k)
			consumer := c.app.Funded
			for i := 0; i < jobs; i++ {
				if _, err := msgs.SubmitJob(ctx, &types.MsgSubmitJob{
					Consumer: consumer.String(), Requirements: types.Requirements{Model: "H100", Count: 1, Hours: 1},
					MaxPricePerGpuHour: sdk.NewInt64Coin(denom, int64(basePrice+offers+1)),
					Workload:           types.Workload{Image: "ghcr.io/acme/train:1"}, Deadline: c.now.Add(24 * time.Hour),
				}); err != nil {
					b.Fatal(err)
				}
			}
			c.commit()
			c.now = c.now.Add(time.Second)

			base := c.ctx()
			firstLease, err := c.k.LeaseSeq.Peek(base)
			if err != nil {
				b.Fatal(err)
			}
			var (
				gas   storetypes.Gas
				iters int
			)
			for b.Loop() {
				b.StopTimer()
				cctx, _ := base.CacheContext()
				meter := storetypes.NewInfiniteGasMeter()
				cctx = cctx.WithGasMeter(meter)
				b.StartTimer()
				if err := c.k.EndBlocker(cctx); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				gas = meter.GasConsumed()
				if iters == 0 {
					checkMatched(b, c.k, cctx, firstLease, jobs, offers)
				}
				iters++
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(iters*jobs), "ns/match")
			b.ReportMetric(float64(gas)/jobs, "gas/match")
		})
	}
}

// checkMatched checks that EndBlock leased every job, the first one to the
// cheapest offer (the last inserted).
func checkMatched(b *testing.B, k keeper.Keeper, ctx sdk.Context, firstLease uint64, jobs, offers int) {
	b.Helper()
	next, err := k.LeaseSeq.Peek(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if int(next-firstLease) != jobs {
		b.Fatalf("EndBlock leased %d jobs, want %d", next-firstLease, jobs)
	}
	l, err := k.GetLease(ctx, firstLease)
	if err != nil {
		b.Fatal(err)
	}
	if l.OfferId != uint64(offers) || l.Status != types.LEASE_STATUS_ACTIVE {
		b.Fatalf("first lease %+v, want offer %d (the cheapest)", l, offers)
	}
}

// BenchmarkEndBlockNoDueDeadlines runs EndBlock over N active leases whose
// result deadlines are all in the future, with no open job: it should read
// a few empty ranges whatever N is.
func BenchmarkEndBlockNoDueDeadlines(b *testing.B) {
	for _, leases := range []int{100, 10_000} {
		b.Run(fmt.Sprintf("leases=%d", leases), func(b *testing.B) {
			c := newBenchChain(b, nil)
			ctx := c.ctx()
			offer := types.Offer{
				Id: 1, Provider: c.operator, Gpu: types.Gpu{Model: "H100", VramMib: 81920, Count: uint32(leases)},
				PricePerGpuHour: sdk.NewInt64Coin(denom, 2_000_000), MinHours: 1, MaxHours: 72,
				Status: types.OFFER_STATUS_OPEN, Reserved: uint32(leases),
			}
			if err := c.k.Offers.Set(ctx, offer.Id, offer); err != nil { // full: not in the price index
				b.Fatal(err)
			}
			consumer := c.app.Funded.String()
			for i := 1; i <= leases; i++ {
				deadline := c.now.Add(2*time.Hour + time.Duration(i)*time.Second)
				l := types.Lease{
					Id: uint64(i), JobId: uint64(i), OfferId: offer.Id, Provider: c.operator, Consumer: consumer,
					Gpu: types.Gpu{Model: "H100", VramMib: 81920, Count: 1}, Hours: 1, PricePerGpuHour: offer.PricePerGpuHour,
					Escrow: sdk.NewInt64Coin(denom, 2_000_000), Created: c.now, Deadline: deadline, Status: types.LEASE_STATUS_ACTIVE,
				}
				if err := c.k.Leases.Set(ctx, l.Id, l); err != nil {
					b.Fatal(err)
				}
				if err := c.k.LeaseDeadlines.Set(ctx, collections.Join(deadline, l.Id)); err != nil {
					b.Fatal(err)
				}
			}
			if err := c.k.LeaseSeq.Set(ctx, uint64(leases+1)); err != nil {
				b.Fatal(err)
			}
			c.commit()
			c.now = c.now.Add(time.Hour) // an hour on: still before every deadline

			// EndBlock only rewrites the match cursor, so one cache serves
			// every iteration.
			cctx, _ := c.ctx().CacheContext()
			meter := storetypes.NewInfiniteGasMeter()
			if err := c.k.EndBlocker(cctx.WithGasMeter(meter)); err != nil {
				b.Fatal(err)
			}
			gas := meter.GasConsumed()
			active, err := c.k.Leases.Indexes.Status.MatchExact(cctx, int32(types.LEASE_STATUS_ACTIVE))
			if err != nil {
				b.Fatal(err)
			}
			keys, err := active.PrimaryKeys()
			if err != nil {
				b.Fatal(err)
			}
			if len(keys) != leases {
				b.Fatalf("%d active leases after EndBlock, want %d", len(keys), leases)
			}
			for b.Loop() {
				if err := c.k.EndBlocker(cctx.WithGasMeter(storetypes.NewInfiniteGasMeter())); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(gas), "gas/op")
		})
	}
}
