package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/aitbc/aitbc/x/dao/types"
)

func TestLockMovesTokensIntoEscrow(t *testing.T) {
	f := newFixture(t, 1)
	a := f.addrs[0]
	before := f.balance(a)
	ctx := f.ctx()
	res, err := f.msgs.Lock(ctx, &types.MsgLock{Owner: a.String(), Amount: sdk.NewInt64Coin(denom, 300)})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(300), res.Locked)
	res, err = f.msgs.Lock(ctx, &types.MsgLock{Owner: a.String(), Amount: sdk.NewInt64Coin(denom, 200)})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(500), res.Locked)
	require.Equal(t, before.SubRaw(500), f.balance(a))

	lock, err := f.k.GetLock(f.ctx(), a)
	require.NoError(t, err)
	require.Equal(t, types.Lock{Owner: a.String(), Amount: math.NewInt(500), Delegatee: a.String()}, lock, "self-delegated by default")
	// two locks in one block leave one checkpoint with the final value
	cps := f.checkpoints(types.SeriesKey(types.SERIES_KIND_VOTES, a))
	require.Len(t, cps, 1)
	require.Equal(t, math.NewInt(500), cps[0].Votes)
	require.Contains(t, eventTypes(ctx.EventManager().Events()), "aitbc.dao.v1.EventLock")
	f.checkInvariants()
}

func TestLockBadInput(t *testing.T) {
	f := newFixture(t, 1)
	a := f.addrs[0]
	f.lock(a, 1000)
	poor := sdk.AccAddress([]byte("poor-account-without-coins"))
	cases := []struct {
		name string
		msg  *types.MsgLock
		err  error
	}{
		{"zero", &types.MsgLock{Owner: a.String(), Amount: sdk.NewInt64Coin(denom, 0)}, types.ErrInvalidAmount},
		{"negative", &types.MsgLock{Owner: a.String(), Amount: sdk.Coin{Denom: denom, Amount: math.NewInt(-5)}}, types.ErrInvalidAmount},
		{"nil amount", &types.MsgLock{Owner: a.String(), Amount: sdk.Coin{Denom: denom}}, types.ErrInvalidAmount},
		{"other denom", &types.MsgLock{Owner: a.String(), Amount: sdk.NewInt64Coin("stake", 10)}, types.ErrInvalidAmount},
		{"bad owner", &types.MsgLock{Owner: "aitbc1notanaddress", Amount: sdk.NewInt64Coin(denom, 10)}, types.ErrInvalidAddress},
		{"empty owner", &types.MsgLock{Owner: "", Amount: sdk.NewInt64Coin(denom, 10)}, types.ErrInvalidAddress},
		{"more than balance", &types.MsgLock{Owner: poor.String(), Amount: sdk.NewInt64Coin(denom, 10)}, sdkerrors.ErrInsufficientFunds},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, _ := f.ctx().CacheContext() // a failed tx is discarded, as in DeliverTx
			_, err := f.msgs.Lock(ctx, tc.msg)
			require.ErrorIs(t, err, tc.err)
			lock, err := f.k.GetLock(f.ctx(), a)
			require.NoError(t, err)
			require.Equal(t, math.NewInt(1000), lock.Amount)
		})
	}
	f.checkInvariants()
}

func TestUnlockBadInput(t *testing.T) {
	f := newFixture(t, 2)
	a, b := f.addrs[0], f.addrs[1]
	f.lock(a, 1000)
	cases := []struct {
		name string
		msg  *types.MsgUnlock
		err  error
	}{
		{"more than locked", &types.MsgUnlock{Owner: a.String(), Amount: sdk.NewInt64Coin(denom, 1001)}, types.ErrInsufficientLock},
		{"nothing locked", &types.MsgUnlock{Owner: b.String(), Amount: sdk.NewInt64Coin(denom, 1)}, types.ErrInsufficientLock},
		{"zero", &types.MsgUnlock{Owner: a.String(), Amount: sdk.NewInt64Coin(denom, 0)}, types.ErrInvalidAmount},
		{"negative", &types.MsgUnlock{Owner: a.String(), Amount: sdk.Coin{Denom: denom, Amount: math.NewInt(-1)}}, types.ErrInvalidAmount},
		{"other denom", &types.MsgUnlock{Owner: a.String(), Amount: sdk.NewInt64Coin("stake", 1)}, types.ErrInvalidAmount},
		{"bad owner", &types.MsgUnlock{Owner: "cosmos1xyz", Amount: sdk.NewInt64Coin(denom, 1)}, types.ErrInvalidAddress},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.msgs.Unlock(f.ctx(), tc.msg)
			require.ErrorIs(t, err, tc.err)
		})
	}
	lock, err := f.k.GetLock(f.ctx(), a)
	require.NoError(t, err)
	require.Equal(t, math.NewInt(1000), lock.Amount, "state untouched")
	f.checkInvariants()
}

func TestUnlockPaysBackAfterUnlockPeriodOnce(t *testing.T) {
	f := newFixture(t, 1)
	a := f.addrs[0]
	start := f.balance(a)
	f.lock(a, 1000)
	res := f.unlock(a, 400)
	require.Equal(t, f.now.Add(f.params.UnlockPeriod), res.CompletionTime)
	f.checkInvariants()

	f.advance(f.params.UnlockPeriod - time.Second)
	require.Equal(t, start.SubRaw(1000), f.balance(a), "not paid before completion")
	f.advance(time.Second)
	require.Equal(t, start.SubRaw(600), f.balance(a), "paid at completion")
	f.advance(time.Hour)
	f.advance(f.params.UnlockPeriod)
	require.Equal(t, start.SubRaw(600), f.balance(a), "paid once")
	_, err := f.k.Unlocks.Get(f.ctx(), res.UnlockId)
	require.Error(t, err)
	f.checkInvariants()
}

func TestUnlockPayoutIsBoundedPerBlock(t *testing.T) {
	f := newFixture(t, 3)
	params := f.params
	params.MaxUnlocksPerBlock = 2
	require.NoError(t, f.k.SetParams(f.ctx(), params))
	for _, a := range f.addrs {
		f.lock(a, 100)
		f.unlock(a, 10)
		f.unlock(a, 20)
	}
	countOpen := func() int {
		n := 0
		require.NoError(t, f.k.Unlocks.Walk(f.ctx(), nil, func(uint64, types.UnlockEntry) (bool, error) { n++; return false, nil }))
		return n
	}
	require.Equal(t, 6, countOpen())
	f.advance(params.UnlockPeriod)
	require.Equal(t, 4, countOpen(), "two paid in the first block")
	f.checkInvariants()
	f.advance(time.Second)
	require.Equal(t, 2, countOpen(), "leftovers roll to the next block")
	f.advance(time.Second)
	require.Equal(t, 0, countOpen())
	f.checkInvariants()
}

func TestUnlockEntriesAreBounded(t *testing.T) {
	f := newFixture(t, 1)
	a := f.addrs[0]
	f.lock(a, 1000)
	for i := uint32(0); i < f.params.MaxUnlockEntries; i++ {
		f.unlock(a, 1)
	}
	_, err := f.msgs.Unlock(f.ctx(), &types.MsgUnlock{Owner: a.String(), Amount: sdk.NewInt64Coin(denom, 1)})
	require.ErrorIs(t, err, types.ErrTooManyUnlocks)
	f.checkInvariants()
}

func TestCancelUnlock(t *testing.T) {
	f := newFixture(t, 2)
	a, b := f.addrs[0], f.addrs[1]
	f.lock(a, 1000)
	res := f.unlock(a, 400)

	_, err := f.msgs.CancelUnlock(f.ctx(), &types.MsgCancelUnlock{Owner: b.String(), UnlockId: res.UnlockId})
	require.ErrorIs(t, err, types.ErrUnlockNotFound, "someone else's entry")
	_, err = f.msgs.CancelUnlock(f.ctx(), &types.MsgCancelUnlock{Owner: a.String(), UnlockId: 999})
	require.ErrorIs(t, err, types.ErrUnlockNotFound)

	f.advance(time.Hour)
	_, err = f.msgs.CancelUnlock(f.ctx(), &types.MsgCancelUnlock{Owner: a.String(), UnlockId: res.UnlockId})
	require.NoError(t, err)
	lock, err := f.k.GetLock(f.ctx(), a)
	require.NoError(t, err)
	require.Equal(t, math.NewInt(1000), lock.Amount)
	_, err = f.msgs.CancelUnlock(f.ctx(), &types.MsgCancelUnlock{Owner: a.String(), UnlockId: res.UnlockId})
	require.ErrorIs(t, err, types.ErrUnlockNotFound, "cancelled once")

	// the cancelled entry is never paid
	before := f.balance(a)
	f.advance(f.params.UnlockPeriod)
	require.Equal(t, before, f.balance(a))
	f.checkInvariants()
}

func TestDelegateBadInput(t *testing.T) {
	f := newFixture(t, 2)
	a, b := f.addrs[0], f.addrs[1]
	f.lock(a, 1000)
	_, err := f.msgs.Delegate(f.ctx(), &types.MsgDelegate{Delegator: a.String(), Delegatee: a.String()})
	require.ErrorIs(t, err, types.ErrAlreadyDelegated, "self-delegation is the default")
	f.delegate(a, b)
	_, err = f.msgs.Delegate(f.ctx(), &types.MsgDelegate{Delegator: a.String(), Delegatee: b.String()})
	require.ErrorIs(t, err, types.ErrAlreadyDelegated, "delegating twice to the same address")
	_, err = f.msgs.Delegate(f.ctx(), &types.MsgDelegate{Delegator: a.String(), Delegatee: "aitbc1invalid"})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	_, err = f.msgs.Delegate(f.ctx(), &types.MsgDelegate{Delegator: "", Delegatee: b.String()})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	lock, err := f.k.GetLock(f.ctx(), a)
	require.NoError(t, err)
	require.Equal(t, b.String(), lock.Delegatee, "state untouched by the failures")
	f.checkInvariants()
}

func TestUnlockEverythingKeepsDelegationChoice(t *testing.T) {
	f := newFixture(t, 2)
	a, b := f.addrs[0], f.addrs[1]
	f.delegate(a, b)
	f.lock(a, 100)
	f.unlock(a, 100)
	lock, err := f.k.GetLock(f.ctx(), a)
	require.NoError(t, err)
	require.Equal(t, b.String(), lock.Delegatee)
	f.lock(a, 50)
	s, err := f.k.PowerAt(f.ctx(), b, f.now)
	require.NoError(t, err)
	require.Equal(t, math.NewInt(50), s.Votes, "the next lock goes to the chosen delegatee")
	f.checkInvariants()
}

func TestVestingQueueIsBoundedPerBlock(t *testing.T) {
	f := newFixture(t, 4)
	params := f.params
	params.MaxVestingUpdatesPerBlock = 3
	require.NoError(t, f.k.SetParams(f.ctx(), params))
	for _, a := range f.addrs {
		f.lock(a, 100) // 4 votes + 4 own + 1 total series
	}
	queued := func() int {
		n := 0
		require.NoError(t, f.k.VestingQueue.Walk(f.ctx(), nil, func(_ collectionsPair) (bool, error) { n++; return false, nil }))
		return n
	}
	require.Equal(t, 9, queued())
	f.advance(vest)
	require.Equal(t, 6, queued())
	f.advance(time.Second)
	require.Equal(t, 3, queued())
	// a read in the middle of a backlog gives the exact value
	f.now = f.now.Add(window)
	require.Equal(t, math.NewInt(400), f.totalPower(f.now))
	f.advance(time.Second)
	require.Equal(t, 0, queued())
	require.Equal(t, math.NewInt(100), f.power(f.addrs[3], f.now))
}
