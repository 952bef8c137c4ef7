package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/types"
)

// A delegator that votes itself takes its own share out of its delegatee's
// count, whichever of the two votes first (GovernorCountingOverridable).
func TestVoteOverrideTakesBackTheDelegatorsShare(t *testing.T) {
	for _, delegatorFirst := range []bool{false, true} {
		f := newGovFixture(t, 4)
		d, delegator := f.addrs[0], f.addrs[1]
		f.delegate(delegator, d)
		f.advance(vest + window)
		id := f.submit(f.addrs[2], types.ClassStandard)
		f.toVoting(id)
		require.Equal(t, math.NewInt(2*govLock), f.power(d, f.proposal(id).SubmitTime))

		if delegatorFirst {
			require.Equal(t, math.NewInt(govLock), f.mustVote(delegator, id, types.VOTE_OPTION_NO))
			require.Equal(t, math.NewInt(govLock), f.mustVote(d, id, types.VOTE_OPTION_YES))
		} else {
			require.Equal(t, math.NewInt(2*govLock), f.mustVote(d, id, types.VOTE_OPTION_YES))
			require.Equal(t, math.NewInt(govLock), f.mustVote(delegator, id, types.VOTE_OPTION_NO))
		}
		p := f.proposal(id)
		require.Equal(t, math.NewInt(govLock), p.Tally.Yes, "the delegatee keeps only its own share")
		require.Equal(t, math.NewInt(govLock), p.Tally.No, "the delegator votes its share itself")
		// changing the delegator's vote does not take the share twice
		f.mustVote(delegator, id, types.VOTE_OPTION_ABSTAIN)
		p = f.proposal(id)
		require.Equal(t, math.NewInt(govLock), p.Tally.Yes)
		require.Equal(t, math.NewInt(govLock), p.Tally.Abstain)
		require.True(t, p.Tally.No.IsZero())
		f.checkGov()
	}
}

// The delegation that counts is the one at the snapshot, not the current.
func TestVoteUsesDelegationAtSnapshot(t *testing.T) {
	f := newGovFixture(t, 4)
	d, e, delegator := f.addrs[0], f.addrs[1], f.addrs[2]
	f.delegate(delegator, d)
	f.advance(vest + window)
	id := f.submit(f.addrs[3], types.ClassStandard)
	f.advance(time.Second)
	f.delegate(delegator, e) // after the snapshot
	f.toVoting(id)
	f.mustVote(d, id, types.VOTE_OPTION_YES)
	// before e: d's and e's yes (75 %) would end voting by super-quorum
	f.mustVote(delegator, id, types.VOTE_OPTION_NO)
	f.mustVote(e, id, types.VOTE_OPTION_YES)
	p := f.proposal(id)
	require.Equal(t, math.NewInt(2*govLock), p.Tally.Yes, "d lost the delegator's share, e never had it")
	require.Equal(t, math.NewInt(govLock), p.Tally.No)
	f.checkGov()
}

// A single vote weighs at most max_power_fraction of the total.
func TestVoteWhaleIsCapped(t *testing.T) {
	f := newGovFixture(t, 4)
	whale := f.addrs[0]
	f.lock(whale, 96*govLock) // the whale holds 97 % of 100 units
	f.advance(vest + window)
	params := f.params
	params.MaxPowerFraction = math.LegacyNewDecWithPrec(5, 2)
	f.setParams(params)
	id := f.submit(f.addrs[1], types.ClassStandard)
	f.toVoting(id)
	p := f.proposal(id)
	require.Equal(t, math.NewInt(100*govLock), p.SnapshotTotalPower)
	require.Equal(t, math.NewInt(5*govLock), p.PowerCap)
	require.Equal(t, math.NewInt(5*govLock), f.mustVote(whale, id, types.VOTE_OPTION_YES), "capped at 5 %")
	require.Equal(t, math.NewInt(govLock), f.mustVote(f.addrs[1], id, types.VOTE_OPTION_NO), "small voters are not capped")
	require.Equal(t, math.NewInt(5*govLock), f.proposal(id).Tally.Yes)
	f.checkGov()
}

func TestVoteAttacks(t *testing.T) {
	t.Run("flash lock and vote has zero power", func(t *testing.T) {
		f := newGovFixture(t, 3)
		attacker := f.addrs[2]
		id := f.submit(f.addrs[0], types.ClassStandard)
		f.toVoting(id)
		fresh := sdk.AccAddress([]byte("flash-loan-borrower"))
		f.app.Fund(t, f.ctx(), fresh, sdk.NewCoins(sdk.NewInt64Coin(denom, 1_000*govLock)))
		f.lock(fresh, 1_000*govLock)
		_, err := f.vote(fresh, id, types.VOTE_OPTION_YES)
		require.ErrorIs(t, err, types.ErrNoVotingPower)
		require.True(t, f.proposal(id).Tally.Yes.IsZero())
		_ = attacker
	})

	t.Run("a lock after the snapshot adds nothing", func(t *testing.T) {
		f := newGovFixture(t, 3)
		a := f.addrs[1]
		id := f.submit(f.addrs[0], types.ClassStandard)
		f.advance(time.Second)
		f.lock(a, 50*govLock)
		f.toVoting(id)
		require.Equal(t, math.NewInt(govLock), f.mustVote(a, id, types.VOTE_OPTION_YES), "only what was vested at the snapshot")
	})

	t.Run("transfer and re-lock cannot vote twice", func(t *testing.T) {
		f := newGovFixture(t, 3)
		a := f.addrs[1]
		id := f.submit(f.addrs[0], types.ClassStandard)
		f.toVoting(id)
		require.Equal(t, math.NewInt(govLock), f.mustVote(a, id, types.VOTE_OPTION_YES))
		// a unlocks: the tokens wait in escrow for the unlock period, which
		// outlasts any voting period, so they cannot reach a second voter
		f.unlock(a, govLock)
		require.Equal(t, math.NewInt(govLock), f.proposal(id).Tally.Yes, "the snapshot vote stands")
		// free tokens sent to a new account and locked now count for nothing
		accomplice := sdk.AccAddress([]byte("accomplice-account"))
		require.NoError(t, f.app.BankKeeper.SendCoins(f.ctx(), a, accomplice, sdk.NewCoins(sdk.NewInt64Coin(denom, govLock))))
		f.lock(accomplice, govLock)
		_, err := f.vote(accomplice, id, types.VOTE_OPTION_YES)
		require.ErrorIs(t, err, types.ErrNoVotingPower)
		// voting again only changes the vote
		f.mustVote(a, id, types.VOTE_OPTION_YES)
		require.Equal(t, math.NewInt(govLock), f.proposal(id).Tally.Yes)
		f.checkGov()
	})
}

// Electorate groups, when on, weight each group's yes ratio by its share.
func TestVoteElectorateGroups(t *testing.T) {
	f := newGovFixture(t, 3)
	human, provider, builder := f.addrs[0], f.addrs[1], f.addrs[2]
	f.withAgents(agentTypes(func(addr sdk.AccAddress) string {
		switch {
		case addr.Equals(provider):
			return types.GroupProvider
		case addr.Equals(builder):
			return types.GroupBuilder
		}
		return ""
	}))
	params := f.params
	params.ElectorateGroupsEnabled = true
	f.setParams(params)
	f.lock(human, 8*govLock) // humans hold 9 of 11 units
	f.advance(vest + window)

	id := f.submit(human, types.ClassStandard)
	f.toVoting(id)
	f.mustVote(human, id, types.VOTE_OPTION_NO)
	f.mustVote(provider, id, types.VOTE_OPTION_YES)
	f.mustVote(builder, id, types.VOTE_OPTION_YES)
	// token-weighted this would fail (2 yes of 11); by groups the yes ratio
	// is (0.6*0 + 0.2*1 + 0.07*1) / 0.87 = 0.31
	require.Equal(t, types.PROPOSAL_STATUS_REJECTED, f.toEnd(id).Status)
	p := f.proposal(id)
	require.Len(t, p.GroupTallies, 3)

	id = f.submit(human, types.ClassStandard)
	f.toVoting(id)
	f.mustVote(human, id, types.VOTE_OPTION_YES)
	f.mustVote(provider, id, types.VOTE_OPTION_NO)
	f.mustVote(builder, id, types.VOTE_OPTION_NO)
	// 0.6 / 0.87 = 0.69 > 0.5
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, f.toEnd(id).Status)
	f.checkGov()
}
