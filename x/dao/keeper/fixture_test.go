package keeper_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/runtime"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/testutil"
	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

const denom = "uaitbc"

// fixture is an app with funded accounts and a clock for keeper calls.
type fixture struct {
	t      testing.TB
	app    *testutil.TestApp
	k      keeper.Keeper
	msgs   types.MsgServer
	addrs  []sdk.AccAddress
	now    time.Time
	params types.Params
}

func newFixture(t testing.TB, accounts int) *fixture {
	t.Helper()
	ta := testutil.NewTestApp(t)
	f := &fixture{
		t: t, app: ta, k: ta.DaoKeeper, msgs: keeper.NewMsgServerImpl(ta.DaoKeeper),
		addrs: testutil.Addrs(accounts), now: ta.LastBlock,
	}
	ctx := f.ctx()
	for _, a := range f.addrs {
		ta.Fund(t, ctx, a, sdk.NewCoins(sdk.NewInt64Coin(denom, 1_000_000_000_000)))
	}
	params, err := f.k.Params.Get(ctx)
	require.NoError(t, err)
	f.params = params
	return f
}

// agentTypes is a stub x/agent: it gives each address its agent type.
type agentTypes func(addr sdk.AccAddress) string

func (a agentTypes) AgentTypeOf(_ context.Context, addr sdk.AccAddress) string { return a(addr) }

// withAgents rebuilds the keeper on the same store with another x/agent,
// as app wiring would pass it to the constructor.
func (f *fixture) withAgents(agents types.AgentKeeper) {
	ta := f.app
	f.k = keeper.NewKeeper(ta.AppCodec(), runtime.NewKVStoreService(ta.GetKey(types.StoreKey)),
		colls.TransientStoreService(ta.GetTransientKey(types.TStoreKey)), ta.Logger(),
		ta.AccountKeeper.AddressCodec(), ta.AccountKeeper, ta.BankKeeper, agents, ta.MsgServiceRouter(), f.k.GetAuthority())
	f.msgs = keeper.NewMsgServerImpl(f.k)
}

// ctx returns a context at the fixture's current time; writes persist.
func (f *fixture) ctx() sdk.Context { return f.app.Context(f.now) }

// advance moves the clock forward and runs the dao begin/end blockers at
// the new time, as a block would.
func (f *fixture) advance(d time.Duration) {
	f.t.Helper()
	f.now = f.now.Add(d)
	ctx := f.ctx()
	require.NoError(f.t, f.k.BeginBlocker(ctx))
	require.NoError(f.t, f.k.EndBlocker(ctx))
}

func (f *fixture) lock(addr sdk.AccAddress, amount int64) {
	f.t.Helper()
	_, err := f.msgs.Lock(f.ctx(), &types.MsgLock{Owner: addr.String(), Amount: sdk.NewInt64Coin(denom, amount)})
	require.NoError(f.t, err)
}

func (f *fixture) unlock(addr sdk.AccAddress, amount int64) *types.MsgUnlockResponse {
	f.t.Helper()
	res, err := f.msgs.Unlock(f.ctx(), &types.MsgUnlock{Owner: addr.String(), Amount: sdk.NewInt64Coin(denom, amount)})
	require.NoError(f.t, err)
	return res
}

func (f *fixture) delegate(from, to sdk.AccAddress) {
	f.t.Helper()
	_, err := f.msgs.Delegate(f.ctx(), &types.MsgDelegate{Delegator: from.String(), Delegatee: to.String()})
	require.NoError(f.t, err)
}

func (f *fixture) power(addr sdk.AccAddress, at time.Time) math.Int {
	f.t.Helper()
	s, err := f.k.PowerAt(f.ctx(), addr, at)
	require.NoError(f.t, err)
	return s.Power
}

func (f *fixture) ownPower(addr sdk.AccAddress, at time.Time) math.Int {
	f.t.Helper()
	s, err := f.k.OwnPowerAt(f.ctx(), addr, at)
	require.NoError(f.t, err)
	return s.Power
}

func (f *fixture) totalPower(at time.Time) math.Int {
	f.t.Helper()
	s, err := f.k.TotalPowerAt(f.ctx(), at)
	require.NoError(f.t, err)
	return s.Power
}

func (f *fixture) balance(addr sdk.AccAddress) math.Int {
	return f.app.BankKeeper.GetBalance(f.ctx(), addr, denom).Amount
}

// checkInvariants asserts the escrow balance, the series values and the
// series states' copies.
func (f *fixture) checkInvariants() {
	f.t.Helper()
	require.NoError(f.t, f.k.CheckEscrowBalance(f.ctx()))
	require.NoError(f.t, f.k.CheckVotes(f.ctx()))
	require.NoError(f.t, f.k.CheckSeries(f.ctx()))
}

// checkpoints reads the raw checkpoints of a series.
func (f *fixture) checkpoints(key []byte) []types.Checkpoint {
	f.t.Helper()
	st, err := f.k.SeriesStates.Get(f.ctx(), key)
	if err != nil {
		return nil
	}
	out := make([]types.Checkpoint, 0, st.Checkpoints)
	for i := uint64(0); i < st.Checkpoints; i++ {
		cp, err := f.k.Checkpoints.Get(f.ctx(), joinKey(key, i))
		require.NoError(f.t, err)
		out = append(out, cp)
	}
	return out
}

// referencePower computes the snapshot formula straight from checkpoints,
// by integrating the step function min(v(t), v(t-V)) piece by piece. It is
// independent of the keeper's vested points and running integrals.
func referencePower(cps []types.Checkpoint, at time.Time, window, vesting time.Duration) math.Int {
	value := func(t time.Time) math.Int {
		v := math.ZeroInt()
		for _, cp := range cps {
			if cp.Time.After(t) {
				break
			}
			v = cp.Votes
		}
		return v
	}
	start := at.Add(-window)
	cuts := []time.Time{start, at}
	for _, cp := range cps {
		for _, c := range []time.Time{cp.Time, cp.Time.Add(vesting)} {
			if c.After(start) && c.Before(at) {
				cuts = append(cuts, c)
			}
		}
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].Before(cuts[j]) })
	integral := math.ZeroInt()
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		f := math.MinInt(value(a), value(a.Add(-vesting)))
		integral = integral.Add(f.MulRaw(b.Sub(a).Nanoseconds()))
	}
	return math.MinInt(value(at), integral.QuoRaw(window.Nanoseconds()))
}
