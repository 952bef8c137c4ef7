package keeper_test

import (
	"fmt"
	"testing"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/runtime"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	minttypes "github.com/cosmos/cosmos-sdk/x/mint/types"

	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/x/dao/types"
)

// Every test here poisons one item of a block loop by writing state a
// transaction could not write, and checks that the block hook returns no
// error, the other items go on, the failed item ends in its documented
// safe state with an aitbc.block_item_failed event, and every x/dao
// invariant still holds.

// failedItems returns outcome by item of the block_item_failed events.
func failedItems(ctx sdk.Context) map[string]string {
	out := map[string]string{}
	for _, e := range ctx.EventManager().Events() {
		if e.Type != isolate.EventTypeItemFailed {
			continue
		}
		var module, item, outcome string
		for _, a := range e.Attributes {
			switch a.Key {
			case isolate.AttributeModule:
				module = a.Value
			case isolate.AttributeItem:
				item = a.Value
			case isolate.AttributeOutcome:
				outcome = a.Value
			}
		}
		if module == types.ModuleName {
			out[item] = outcome
		}
	}
	return out
}

// block runs BeginBlock and EndBlock at t on one context and returns it.
func (f *fixture) block(t time.Time) sdk.Context {
	f.t.Helper()
	f.now = t
	ctx := f.ctx()
	require.NoError(f.t, f.k.BeginBlocker(ctx), "BeginBlock never fails on an item")
	require.NoError(f.t, f.k.EndBlocker(ctx), "EndBlock never fails on an item")
	return ctx
}

// fundModule mints coins into a module account (module accounts are
// blocked from user sends, so Fund cannot reach them).
func (f *fixture) fundModule(module string, amount int64) {
	f.t.Helper()
	coins := sdk.NewCoins(sdk.NewInt64Coin(denom, amount))
	require.NoError(f.t, f.app.BankKeeper.MintCoins(f.ctx(), minttypes.ModuleName, coins))
	require.NoError(f.t, f.app.BankKeeper.SendCoinsFromModuleToModule(f.ctx(), minttypes.ModuleName, module, coins))
}

func (f *fixture) moduleBalance(module string) math.Int {
	return f.app.BankKeeper.GetBalance(f.ctx(), authtypes.NewModuleAddress(module), denom).Amount
}

// queued says whether the proposal has any deadline in the queue.
func (f *fixture) queued(id uint64) bool {
	f.t.Helper()
	found := false
	require.NoError(f.t, f.k.ProposalQueue.Walk(f.ctx(), nil, func(key collections.Pair[time.Time, uint64]) (bool, error) {
		found = key.K2() == id
		return found, nil
	}))
	return found
}

func (f *fixture) requireAllInvariants() {
	f.t.Helper()
	require.NoError(f.t, f.k.CheckInvariants(f.ctx()))
	require.NoError(f.t, f.app.CheckInvariants(f.ctx()))
}

// A proposal whose bond cannot be returned (its proposer is no address)
// is marked failed at the end of voting and its bond goes to the
// treasury; the other proposal due in the same block passes.
func TestEndBlockProposalThatCannotEndIsMarkedFailed(t *testing.T) {
	f := newGovFixture(t, 4)
	f.fundTreasury(100) // the spends below must succeed in the dry run at submission
	a, b := f.addrs[0], f.addrs[1]
	healthy := f.submit(a, types.ClassStandard, f.spend(a, 1))
	poisoned := f.submit(b, types.ClassStandard, f.spend(b, 1))
	f.toVoting(healthy)
	f.mustVote(a, healthy, types.VOTE_OPTION_YES)
	f.mustVote(a, poisoned, types.VOTE_OPTION_YES)
	p := f.proposal(poisoned)
	p.Proposer = "not-an-address"
	require.NoError(t, f.k.Proposals.Set(f.ctx(), poisoned, p))
	treasury := f.moduleBalance(types.ModuleName)
	aBefore := f.balance(a)

	ctx := f.block(*p.VotingEndTime)

	require.Equal(t, types.PROPOSAL_STATUS_PASSED, f.proposal(healthy).Status, "the other proposal went on")
	require.Equal(t, aBefore.Add(p.Bond.Amount), f.balance(a), "its bond was returned")
	got := f.proposal(poisoned)
	require.Equal(t, types.PROPOSAL_STATUS_FAILED, got.Status)
	require.Contains(t, got.Result, "could not be processed")
	require.Equal(t, treasury.Add(p.Bond.Amount), f.moduleBalance(types.ModuleName), "the bond that could not be returned went to the treasury")
	require.True(t, f.moduleBalance(types.BondsName).IsZero())
	require.Equal(t, map[string]string{fmt.Sprintf("proposal %d", poisoned): "marked failed"}, failedItems(ctx))
	require.False(t, f.queued(poisoned), "a failed proposal has no deadline left")
	f.requireAllInvariants()

	// Later blocks leave it alone.
	ctx = f.block(f.now.Add(f.class(types.ClassStandard).ExecutionDelay))
	require.Empty(t, failedItems(ctx))
	require.Equal(t, types.PROPOSAL_STATUS_EXECUTED, f.proposal(healthy).Status)
	require.Equal(t, types.PROPOSAL_STATUS_FAILED, f.proposal(poisoned).Status)
	f.requireAllInvariants()
}

// A challenged proposal whose challenger is no address: when the
// unruled challenge expires, returning the challenge bond fails, so the
// proposal is marked failed, the proposer's bond returned and the
// challenge bond sent to the treasury.
func TestEndBlockExpiredChallengeWithBadChallenger(t *testing.T) {
	f := newGovFixture(t, 4)
	f.fundTreasury(100) // the spends below must succeed in the dry run at submission
	a, b := f.addrs[0], f.addrs[1]
	id := f.submit(a, types.ClassStandard, f.spend(a, 1))
	_, err := f.msgs.Challenge(f.ctx(), &types.MsgChallenge{Challenger: b.String(), ProposalId: id, Reason: "spends twice"})
	require.NoError(t, err)
	p := f.proposal(id)
	p.Challenge.Challenger = "garbage"
	require.NoError(t, f.k.Proposals.Set(f.ctx(), id, p))

	ctx := f.block(p.ChallengeEndTime)
	require.Empty(t, failedItems(ctx), "at the end of the period it waits for the ruling")
	require.Equal(t, types.PROPOSAL_STATUS_CHALLENGE, f.proposal(id).Status)

	aBefore, treasury := f.balance(a), f.moduleBalance(types.ModuleName)
	ctx = f.block(p.ChallengeEndTime.Add(p.VotingPeriod))
	require.Equal(t, map[string]string{fmt.Sprintf("proposal %d", id): "marked failed"}, failedItems(ctx))
	got := f.proposal(id)
	require.Equal(t, types.PROPOSAL_STATUS_FAILED, got.Status)
	require.Equal(t, types.CHALLENGE_STATUS_EXPIRED, got.Challenge.Status)
	require.Equal(t, aBefore.Add(p.Bond.Amount), f.balance(a), "the proposer's bond is returned")
	require.Equal(t, treasury.Add(p.Challenge.Bond.Amount), f.moduleBalance(types.ModuleName), "the challenge bond goes to the treasury")
	require.True(t, f.moduleBalance(types.BondsName).IsZero())
	f.requireAllInvariants()
}

// An unlock entry that cannot be paid (its owner is a blocked module
// account) is queued again an hour later with its tokens still in the
// escrow; the entry due with it is paid.
func TestEndBlockUnpayableUnlockIsRequeued(t *testing.T) {
	f := newFixture(t, 2)
	a := f.addrs[0]
	f.lock(a, 5_000)
	res := f.unlock(a, 2_000)

	const stuck = 700
	id, err := f.k.UnlockSeq.Next(f.ctx())
	require.NoError(t, err)
	blocked := authtypes.NewModuleAddress(authtypes.FeeCollectorName)
	require.NoError(t, f.k.Unlocks.Set(f.ctx(), id, types.UnlockEntry{
		Id: id, Owner: blocked.String(), Amount: math.NewInt(stuck), CreationTime: f.now, CompletionTime: res.CompletionTime,
	}))
	f.fundModule(types.VoteEscrowName, stuck)
	f.checkInvariants()
	aBefore, feesBefore := f.balance(a), f.balance(blocked)

	ctx := f.block(res.CompletionTime)
	require.Equal(t, aBefore.AddRaw(2_000), f.balance(a), "the healthy entry is paid")
	_, err = f.k.Unlocks.Get(f.ctx(), res.UnlockId)
	require.ErrorIs(t, err, collections.ErrNotFound)
	require.Equal(t, map[string]string{fmt.Sprintf("unlock %d", id): "re-queued"}, failedItems(ctx))
	entry, err := f.k.Unlocks.Get(f.ctx(), id)
	require.NoError(t, err)
	require.Equal(t, f.now.Add(types.UnlockRetryDelay), entry.CompletionTime)
	require.Equal(t, feesBefore, f.balance(blocked))
	require.Equal(t, math.NewInt(3_000+stuck), f.moduleBalance(types.VoteEscrowName), "the tokens stay in the escrow")
	f.requireAllInvariants()

	ctx = f.block(f.now.Add(types.UnlockRetryDelay - time.Second))
	require.Empty(t, failedItems(ctx), "not retried before its new time")
	ctx = f.block(f.now.Add(time.Second))
	require.Equal(t, map[string]string{fmt.Sprintf("unlock %d", id): "re-queued"}, failedItems(ctx), "retried, and queued again")
	f.requireAllInvariants()
}

// An unlock record no transaction could write (its owner is no address,
// so its owner index cannot be updated) cannot be paid nor queued again:
// it stays stored out of the queue, its tokens still counted, and later
// blocks no longer touch it.
func TestEndBlockCorruptUnlockIsKeptOutOfTheQueue(t *testing.T) {
	f := newFixture(t, 2)
	a := f.addrs[0]
	f.lock(a, 5_000)
	res := f.unlock(a, 1_000)

	svc := runtime.NewKVStoreService(f.app.GetKey(types.StoreKey))
	sb := collections.NewSchemaBuilder(svc)
	raw := collections.NewMap(sb, types.UnlocksKey, "raw_unlocks", collections.Uint64Key, codec.CollValue[types.UnlockEntry](f.app.AppCodec()))
	queue := collections.NewKeySet(sb, types.UnlocksByCompletionKey, "raw_unlock_queue", collections.PairKeyCodec(sdk.TimeKey, collections.Uint64Key))
	const corrupt, amount = 999, 400
	require.NoError(t, raw.Set(f.ctx(), corrupt, types.UnlockEntry{
		Id: corrupt, Owner: "garbage\x00", Amount: math.NewInt(amount), CreationTime: f.now, CompletionTime: res.CompletionTime,
	}))
	require.NoError(t, queue.Set(f.ctx(), collections.Join(res.CompletionTime, uint64(corrupt))))
	f.fundModule(types.VoteEscrowName, amount)
	f.checkInvariants()
	aBefore := f.balance(a)

	ctx := f.block(res.CompletionTime)
	require.Equal(t, aBefore.AddRaw(1_000), f.balance(a), "the healthy entry is paid")
	require.Equal(t, map[string]string{fmt.Sprintf("unlock %d", corrupt): "skipped"}, failedItems(ctx))
	kept, err := raw.Get(f.ctx(), corrupt)
	require.NoError(t, err, "the record is kept, so its tokens stay accounted")
	require.Equal(t, math.NewInt(amount), kept.Amount)
	queued, err := queue.Has(f.ctx(), collections.Join(res.CompletionTime, uint64(corrupt)))
	require.NoError(t, err)
	require.False(t, queued, "it left the queue before it was handled")
	require.Equal(t, math.NewInt(4_000+amount), f.moduleBalance(types.VoteEscrowName))
	f.requireAllInvariants()

	ctx = f.block(f.now.Add(2 * types.UnlockRetryDelay))
	require.Empty(t, failedItems(ctx), "no block touches it again")
}

// A vesting entry whose series cannot record its point (its state claims
// a vested point that is not stored) is skipped; the other series due in
// the same block record theirs, and the queue entry is gone.
func TestBeginBlockVestingFailureIsSkipped(t *testing.T) {
	f := newFixture(t, 2)
	a := f.addrs[0]
	f.lock(a, 5_000)
	lockedAt := f.now
	own := types.SeriesKey(types.SERIES_KIND_OWN, a)
	votes := types.SeriesKey(types.SERIES_KIND_VOTES, a)
	st, err := f.k.SeriesStates.Get(f.ctx(), own)
	require.NoError(t, err)
	require.Zero(t, st.VestedPoints, "a first lock has no vested point before V")
	st.VestedPoints = 1
	require.NoError(t, f.k.SeriesStates.Set(f.ctx(), own, st))

	ctx := f.block(lockedAt.Add(f.params.Vesting))
	require.Equal(t, map[string]string{fmt.Sprintf("vesting of series %x", own): "skipped"}, failedItems(ctx))
	got, err := f.k.SeriesStates.Get(f.ctx(), own)
	require.NoError(t, err)
	require.Equal(t, st, got, "the failed series is untouched")
	healthy, err := f.k.SeriesStates.Get(f.ctx(), votes)
	require.NoError(t, err)
	require.Equal(t, uint64(1), healthy.VestCursor, "the other series recorded its point")
	due, err := f.k.VestingQueue.Has(f.ctx(), collections.Join(lockedAt.Add(f.params.Vesting), own))
	require.NoError(t, err)
	require.False(t, due, "the entry left the queue")
	require.ErrorIs(t, f.k.CheckSeries(f.ctx()), types.ErrBrokenInvariant, "the invariant sees the corrupt state")
	st.VestedPoints = 0
	require.NoError(t, f.k.SeriesStates.Set(f.ctx(), own, st))
	f.requireAllInvariants()
}

// A committee record that cannot be read skips the term check (retried
// next block) and does not stop the unlock payments of the same block.
func TestEndBlockUnreadableCommitteeIsSkipped(t *testing.T) {
	f := newFixture(t, 2)
	a := f.addrs[0]
	f.lock(a, 5_000)
	res := f.unlock(a, 1_000)
	f.ctx().KVStore(f.app.GetKey(types.StoreKey)).Set(types.CommitteeKey, []byte{0xff, 0xff, 0xff})
	aBefore := f.balance(a)

	ctx := f.block(res.CompletionTime)
	require.Equal(t, map[string]string{"committee terms": "skipped"}, failedItems(ctx))
	require.Equal(t, aBefore.AddRaw(1_000), f.balance(a))
	f.requireAllInvariants()
}
