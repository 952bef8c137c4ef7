package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/aitbc/aitbc/testutil"
	"github.com/aitbc/aitbc/x/compute/keeper"
	"github.com/aitbc/aitbc/x/compute/types"
)

const denom = "uaitbc"

type fixture struct {
	t        *testing.T
	app      *testutil.TestApp
	k        keeper.Keeper
	msgs     types.MsgServer
	q        types.QueryServer
	now      time.Time
	provider sdk.AccAddress // the account of the genesis validator
	outsider sdk.AccAddress
}

func newFixture(t *testing.T) *fixture {
	ta := testutil.NewTestApp(t)
	f := &fixture{t: t, app: ta, k: ta.ComputeKeeper, now: ta.LastBlock, outsider: testutil.Addrs(1)[0]}
	f.msgs = keeper.NewMsgServerImpl(f.k)
	f.q = keeper.NewQueryServerImpl(f.k)
	vals, err := ta.StakingKeeper.GetAllValidators(f.ctx())
	require.NoError(t, err)
	valAddr, err := sdk.ValAddressFromBech32(vals[0].OperatorAddress)
	require.NoError(t, err)
	f.provider = sdk.AccAddress(valAddr)
	for _, a := range []sdk.AccAddress{f.provider, f.outsider} {
		ta.Fund(t, f.ctx(), a, sdk.NewCoins(sdk.NewInt64Coin(denom, 100_000_000_000)))
	}
	return f
}

func (f *fixture) ctx() sdk.Context { return f.app.Context(f.now) }

func (f *fixture) balance(a sdk.AccAddress) math.Int {
	return f.app.BankKeeper.GetBalance(f.ctx(), a, denom).Amount
}

func h100(count uint32) types.Gpu { return types.Gpu{Model: "H100", VramMib: 81920, Count: count} }

func (f *fixture) register() {
	f.t.Helper()
	_, err := f.msgs.RegisterProvider(f.ctx(), &types.MsgRegisterProvider{
		Account: f.provider.String(), Endpoint: "https://gpu.example", Region: "eu",
		Gpus: []types.Gpu{h100(8), {Model: "A100", VramMib: 40960, Count: 4}}, Bond: sdk.NewInt64Coin(denom, 1_000_000_000),
	})
	require.NoError(f.t, err)
}

func (f *fixture) offer(gpu types.Gpu, price int64) (uint64, error) {
	res, err := f.msgs.CreateOffer(f.ctx(), &types.MsgCreateOffer{
		Account: f.provider.String(), Gpu: gpu, PricePerGpuHour: sdk.NewInt64Coin(denom, price), MinHours: 1, MaxHours: 72,
	})
	if err != nil {
		return 0, err
	}
	return res.OfferId, nil
}

func TestRegisterProviderOnlyBondedValidators(t *testing.T) {
	f := newFixture(t)
	before := f.balance(f.provider)
	f.register()
	require.Equal(t, before.SubRaw(1_000_000_000), f.balance(f.provider), "bond escrowed")
	require.NoError(t, f.k.CheckBondsBalance(f.ctx()))
	p, err := f.q.Provider(f.ctx(), &types.QueryProviderRequest{Operator: sdk.ValAddress(f.provider).String()})
	require.NoError(t, err)
	require.Equal(t, types.PROVIDER_STATUS_ACTIVE, p.Provider.Status)

	cases := []struct {
		name string
		msg  types.MsgRegisterProvider
		err  error
	}{
		{"twice", types.MsgRegisterProvider{Account: f.provider.String(), Gpus: []types.Gpu{h100(1)}, Bond: sdk.NewInt64Coin(denom, 1_000_000_000)}, types.ErrProviderExists},
		{"not a validator", types.MsgRegisterProvider{Account: f.outsider.String(), Gpus: []types.Gpu{h100(1)}, Bond: sdk.NewInt64Coin(denom, 1_000_000_000)}, types.ErrNotBondedValidator},
		{"bad account", types.MsgRegisterProvider{Account: "x", Gpus: []types.Gpu{h100(1)}}, types.ErrInvalidAddress},
	}
	for _, tc := range cases {
		_, err := f.msgs.RegisterProvider(f.ctx(), &tc.msg)
		require.ErrorIs(t, err, tc.err, tc.name)
	}
}

func TestRegisterProviderBadInventoryAndBond(t *testing.T) {
	f := newFixture(t)
	for name, msg := range map[string]types.MsgRegisterProvider{
		"bond below min":   {Gpus: []types.Gpu{h100(1)}, Bond: sdk.NewInt64Coin(denom, 999_999_999)},
		"bond other denom": {Gpus: []types.Gpu{h100(1)}, Bond: sdk.NewInt64Coin("stake", 1_000_000_000)},
		"no gpus":          {Bond: sdk.NewInt64Coin(denom, 1_000_000_000)},
		"gpu no vram":      {Gpus: []types.Gpu{{Model: "H100", Count: 1}}, Bond: sdk.NewInt64Coin(denom, 1_000_000_000)},
		"gpu twice":        {Gpus: []types.Gpu{h100(1), h100(2)}, Bond: sdk.NewInt64Coin(denom, 1_000_000_000)},
	} {
		msg.Account = f.provider.String()
		_, err := f.msgs.RegisterProvider(f.ctx(), &msg)
		require.Error(t, err, name)
	}
	_, err := f.q.Provider(f.ctx(), &types.QueryProviderRequest{Operator: sdk.ValAddress(f.provider).String()})
	require.ErrorIs(t, err, types.ErrProviderNotFound, "nothing registered")
}

func TestBondAndUnbond(t *testing.T) {
	f := newFixture(t)
	f.register()
	_, err := f.msgs.Bond(f.ctx(), &types.MsgBond{Account: f.provider.String(), Amount: sdk.NewInt64Coin(denom, 500)})
	require.NoError(t, err)
	before := f.balance(f.provider)
	res, err := f.msgs.Unbond(f.ctx(), &types.MsgUnbond{Account: f.provider.String(), Amount: sdk.NewInt64Coin(denom, 1_000)})
	require.NoError(t, err)
	require.Equal(t, f.now.Add(types.DefaultParams().BondUnbondingPeriod), res.CompletionTime)
	p, err := f.k.GetProvider(f.ctx(), f.provider)
	require.NoError(t, err)
	require.Equal(t, types.PROVIDER_STATUS_INACTIVE, p.Status, "below min_bond: no new leases")
	require.NoError(t, f.k.CheckBondsBalance(f.ctx()))

	_, err = f.msgs.Unbond(f.ctx(), &types.MsgUnbond{Account: f.provider.String(), Amount: sdk.NewInt64Coin(denom, 10_000_000_000)})
	require.ErrorIs(t, err, types.ErrInvalidBond, "more than bonded")
	_, err = f.msgs.Bond(f.ctx(), &types.MsgBond{Account: f.provider.String(), Amount: sdk.NewInt64Coin(denom, 0)})
	require.ErrorIs(t, err, types.ErrInvalidBond)
	_, err = f.msgs.Bond(f.ctx(), &types.MsgBond{Account: f.outsider.String(), Amount: sdk.NewInt64Coin(denom, 1)})
	require.ErrorIs(t, err, types.ErrProviderNotFound)

	f.now = res.CompletionTime.Add(-time.Second)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	require.Equal(t, before, f.balance(f.provider), "not yet")
	f.now = res.CompletionTime
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	require.Equal(t, before.AddRaw(1_000), f.balance(f.provider), "paid back")
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	require.Equal(t, before.AddRaw(1_000), f.balance(f.provider), "paid once")
	require.NoError(t, f.k.CheckBondsBalance(f.ctx()))
}

func TestOffersCapacityAndPriceIndex(t *testing.T) {
	f := newFixture(t)
	f.register()
	a, err := f.offer(h100(4), 3_000_000)
	require.NoError(t, err)
	b, err := f.offer(h100(3), 2_000_000)
	require.NoError(t, err)
	_, err = f.offer(h100(2), 1_000_000)
	require.ErrorIs(t, err, types.ErrNoCapacity, "only 8 H100")
	_, err = f.offer(types.Gpu{Model: "B200", VramMib: 1, Count: 1}, 1)
	require.ErrorIs(t, err, types.ErrNoCapacity, "no such GPU")
	_, err = f.offer(types.Gpu{Model: "A100", VramMib: 81920, Count: 1}, 1)
	require.ErrorIs(t, err, types.ErrNoCapacity, "claims more VRAM than the cards have")
	_, err = f.offer(h100(1), 0)
	require.ErrorIs(t, err, types.ErrInvalidPrice)
	_, err = f.msgs.CreateOffer(f.ctx(), &types.MsgCreateOffer{Account: f.provider.String(), Gpu: h100(1), PricePerGpuHour: sdk.NewInt64Coin(denom, 1), MinHours: 5, MaxHours: 2})
	require.ErrorIs(t, err, types.ErrInvalidHours)
	_, err = f.msgs.CreateOffer(f.ctx(), &types.MsgCreateOffer{Account: f.outsider.String(), Gpu: h100(1), PricePerGpuHour: sdk.NewInt64Coin(denom, 1), MinHours: 1, MaxHours: 2})
	require.ErrorIs(t, err, types.ErrProviderNotFound)
	c, err := f.offer(types.Gpu{Model: "A100", VramMib: 40960, Count: 4}, 500_000)
	require.NoError(t, err)

	res, err := f.q.Offers(f.ctx(), &types.QueryOffersRequest{Model: "H100", Pagination: &query.PageRequest{CountTotal: true}})
	require.NoError(t, err)
	require.Equal(t, []uint64{b, a}, []uint64{res.Offers[0].Id, res.Offers[1].Id}, "cheapest first")
	require.Equal(t, uint64(2), res.Pagination.Total)

	// a price change moves the offer in the index; closing removes it
	_, err = f.msgs.UpdateOffer(f.ctx(), &types.MsgUpdateOffer{Account: f.provider.String(), OfferId: a, Count: 4, PricePerGpuHour: sdk.NewInt64Coin(denom, 1_500_000), MinHours: 1, MaxHours: 72})
	require.NoError(t, err)
	_, err = f.msgs.UpdateOffer(f.ctx(), &types.MsgUpdateOffer{Account: f.provider.String(), OfferId: a, Count: 6, PricePerGpuHour: sdk.NewInt64Coin(denom, 1_500_000), MinHours: 1, MaxHours: 72})
	require.ErrorIs(t, err, types.ErrNoCapacity, "6 + 3 > 8")
	res, err = f.q.Offers(f.ctx(), &types.QueryOffersRequest{Model: "H100"})
	require.NoError(t, err)
	require.Equal(t, a, res.Offers[0].Id)
	_, err = f.msgs.CloseOffer(f.ctx(), &types.MsgCloseOffer{Account: f.provider.String(), OfferId: a})
	require.NoError(t, err)
	_, err = f.msgs.CloseOffer(f.ctx(), &types.MsgCloseOffer{Account: f.provider.String(), OfferId: a})
	require.ErrorIs(t, err, types.ErrOfferNotFound, "a closed offer no lease holds is deleted")
	res, err = f.q.Offers(f.ctx(), &types.QueryOffersRequest{Model: "H100"})
	require.NoError(t, err)
	require.Len(t, res.Offers, 1)
	_, err = f.offer(h100(5), 1_000_000)
	require.NoError(t, err, "the closed offer's GPUs are free again")

	// the inventory cannot shrink below what is offered
	_, err = f.msgs.UpdateProvider(f.ctx(), &types.MsgUpdateProvider{Account: f.provider.String(), Gpus: []types.Gpu{h100(8)}})
	require.ErrorIs(t, err, types.ErrNoCapacity, "the A100 offer needs A100s")
	_, err = f.msgs.CloseOffer(f.ctx(), &types.MsgCloseOffer{Account: f.provider.String(), OfferId: c})
	require.NoError(t, err)
	_, err = f.msgs.UpdateProvider(f.ctx(), &types.MsgUpdateProvider{Account: f.provider.String(), Gpus: []types.Gpu{h100(8)}})
	require.NoError(t, err)

	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
}
