package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/x/dao/types"
)

// Exporting and importing the state keeps every lock, entry and snapshot.
func TestGenesisRoundTrip(t *testing.T) {
	f := newFixture(t, 3)
	a, b, c := f.addrs[0], f.addrs[1], f.addrs[2]
	f.lock(a, 5*amount)
	f.advance(2 * time.Hour)
	f.lock(b, amount)
	f.delegate(c, a)
	f.delegate(b, c)
	f.advance(3 * 24 * time.Hour)
	f.unlock(a, amount)
	f.advance(5 * 24 * time.Hour)

	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.Len(t, exported.Locks, 3, "c keeps its delegation choice with nothing locked")
	require.Len(t, exported.Unlocks, 1)

	g := newFixture(t, 0)
	g.now = f.now
	// the new chain's escrow must hold what the exported state says
	escrow := f.app.BankKeeper.GetAllBalances(f.ctx(), f.app.AccountKeeper.GetModuleAddress(types.VoteEscrowName))
	require.NoError(t, g.app.BankKeeper.MintCoins(g.ctx(), "mint", escrow))
	require.NoError(t, g.app.BankKeeper.SendCoinsFromModuleToModule(g.ctx(), "mint", types.VoteEscrowName, escrow))
	require.NoError(t, g.k.InitGenesis(g.ctx(), *exported))

	reexported, err := g.k.ExportGenesis(g.ctx())
	require.NoError(t, err)
	require.Equal(t, exported, reexported)
	for _, addr := range f.addrs {
		for _, at := range []time.Time{f.now, f.now.Add(-36 * time.Hour), f.now.Add(-7 * 24 * time.Hour)} {
			require.Equal(t, f.power(addr, at), g.power(addr, at), "%s at %s", addr, at)
		}
	}
	// vesting still due after the import happens in the new chain too
	f.advance(vest + window)
	g.advance(vest + window)
	require.Equal(t, f.totalPower(f.now), g.totalPower(g.now))
	require.Equal(t, f.power(c, f.now), g.power(c, g.now))
	g.checkInvariants()
}

func TestGenesisRejectsInconsistentState(t *testing.T) {
	f := newFixture(t, 1)
	a := f.addrs[0]
	f.lock(a, 100)
	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)

	t.Run("escrow balance missing", func(t *testing.T) {
		g := newFixture(t, 0)
		err := g.k.InitGenesis(g.ctx(), *exported)
		require.ErrorIs(t, err, types.ErrInvalidGenesis)
		require.ErrorContains(t, err, "vote escrow holds")
	})
	t.Run("lock without votes", func(t *testing.T) {
		gs := *exported
		gs.Series = nil
		g := newFixture(t, 0)
		require.ErrorIs(t, g.k.InitGenesis(g.ctx(), gs), types.ErrInvalidGenesis)
	})
	t.Run("duplicate lock", func(t *testing.T) {
		gs := *exported
		gs.Locks = append(gs.Locks, gs.Locks[0])
		require.ErrorIs(t, gs.Validate(), types.ErrInvalidGenesis)
	})
	t.Run("checkpoints out of order", func(t *testing.T) {
		gs := *exported
		s := gs.Series[0]
		s.Checkpoints = append(s.Checkpoints, s.Checkpoints[0])
		gs.Series = append([]types.GenesisSeries{s}, gs.Series[1:]...)
		require.ErrorIs(t, gs.Validate(), types.ErrInvalidGenesis)
	})
	t.Run("negative lock", func(t *testing.T) {
		gs := *exported
		gs.Locks = []types.Lock{{Owner: a.String(), Delegatee: a.String(), Amount: math.NewInt(-1)}}
		require.ErrorIs(t, gs.Validate(), types.ErrInvalidGenesis)
	})
	t.Run("unlock id not below next id", func(t *testing.T) {
		gs := *exported
		gs.Unlocks = []types.UnlockEntry{{Id: gs.NextUnlockId, Owner: a.String(), Amount: math.NewInt(1)}}
		require.ErrorIs(t, gs.Validate(), types.ErrInvalidGenesis)
	})
}

// copyModuleBalances mints into g's module accounts what f's hold.
func copyModuleBalances(t *testing.T, f, g *fixture, modules ...string) {
	t.Helper()
	for _, m := range modules {
		coins := f.app.BankKeeper.GetAllBalances(f.ctx(), f.app.AccountKeeper.GetModuleAddress(m))
		if coins.IsZero() {
			continue
		}
		require.NoError(t, g.app.BankKeeper.MintCoins(g.ctx(), "mint", coins))
		require.NoError(t, g.app.BankKeeper.SendCoinsFromModuleToModule(g.ctx(), "mint", m, coins))
	}
}

// Proposals in every stage survive export and import and finish the same.
func TestGenesisRoundTripWithProposals(t *testing.T) {
	f := newGovFixture(t, 5)
	a := f.addrs
	f.delegate(a[1], a[0])
	f.advance(vest + window)
	require.NoError(t, f.k.SetConstitution(f.ctx(), "v1"))
	voting := f.submit(a[0], types.ClassStandard)
	challenged := f.submit(a[2], types.ClassStandard)
	require.NoError(t, f.challenge(a[4], challenged))
	f.toVoting(voting)
	f.mustVote(a[0], voting, types.VOTE_OPTION_YES)
	f.mustVote(a[1], voting, types.VOTE_OPTION_NO) // override of a[0]
	f.rule(a[0], challenged, false)

	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.Len(t, exported.Proposals, 2)
	require.Len(t, exported.Votes, 2)
	require.Len(t, exported.OverrideDeductions, 1)
	require.Len(t, exported.DelegateHistory, 1)
	require.Equal(t, "v1", exported.Constitution)

	g := newFixture(t, 0)
	g.now = f.now
	copyModuleBalances(t, f, g, types.VoteEscrowName, types.BondsName)
	require.NoError(t, g.k.InitGenesis(g.ctx(), *exported))
	reexported, err := g.k.ExportGenesis(g.ctx())
	require.NoError(t, err)
	require.Equal(t, exported, reexported)
	g.checkGov()

	// both chains finish the same way
	for _, x := range []*fixture{f, g} {
		x.rule(a[2], challenged, false) // second dismissal decides it
		x.mustVote(a[2], voting, types.VOTE_OPTION_YES)
		x.toEnd(voting)
	}
	require.Equal(t, f.proposal(voting), g.proposal(voting))
	require.Equal(t, f.proposal(challenged), g.proposal(challenged))
	require.Equal(t, types.PROPOSAL_STATUS_PASSED, g.proposal(voting).Status)
	g.checkGov()
}
