package keeper_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/x/dao/types"
)

// storeFigures counts the keys and bytes (key + value) of the dao store
// by collection prefix.
type storeFigures struct {
	keys, bytes map[byte]int
	totalKeys   int
	totalBytes  int
}

func (f *fixture) storeFigures() storeFigures {
	f.t.Helper()
	s := storeFigures{keys: map[byte]int{}, bytes: map[byte]int{}}
	it := f.ctx().KVStore(f.app.GetKey(types.StoreKey)).Iterator(nil, nil)
	defer it.Close()
	for ; it.Valid(); it.Next() {
		n := len(it.Key()) + len(it.Value())
		s.keys[it.Key()[0]]++
		s.bytes[it.Key()[0]] += n
		s.totalKeys++
		s.totalBytes += n
	}
	return s
}

// TestPruneStateSize measures the dao store on a workload run through the
// keeper: pruneSizeProposals proposals, each voted by pruneSizeVoters
// accounts, half of whom had delegated to the other half and vote
// themselves (one override deduction per pair). It prints the store by
// collection once every proposal has ended and again after vote_retention,
// when EndBlock has pruned their votes and deductions. Run with -v to see
// the figures.
func TestPruneStateSize(t *testing.T) {
	const (
		pruneSizeProposals = 10
		pruneSizeVoters    = 100
		perBlock           = 250
		retention          = 24 * time.Hour
	)
	f := newGovFixture(t, pruneSizeVoters+1)
	proposer, voters := f.addrs[0], f.addrs[1:]
	for i := 1; i < len(voters); i += 2 {
		f.delegate(voters[i], voters[i-1])
	}
	f.advance(time.Hour)
	p := f.params
	p.VoteRetention, p.MaxPrunesPerBlock = retention, perBlock
	f.setParams(p)

	base := f.storeFigures()
	ids := make([]uint64, pruneSizeProposals)
	for i := range ids {
		ids[i] = f.submit(proposer, types.ClassStandard)
	}
	f.toVoting(ids[0])
	for i, id := range ids {
		for j, v := range voters {
			option := types.VOTE_OPTION_NO
			if (i+j)%3 == 0 {
				option = types.VOTE_OPTION_YES
			}
			f.mustVote(v, id, option)
		}
	}
	end := f.toEnd(ids[0])
	for _, id := range ids {
		require.True(t, f.proposal(id).Status.IsFinal(), "proposal %d ended", id)
	}
	ended := f.storeFigures()
	votes, deductions := pruneSizeProposals*pruneSizeVoters, pruneSizeProposals*pruneSizeVoters/2
	// A deduction lives in its delegatee's vote record: no key of its own.
	require.Equal(t, votes, ended.keys[types.VotesKey[0]])
	gs, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.Len(t, gs.OverrideDeductions, deductions)
	require.NoError(t, f.k.CheckInvariants(f.ctx()))

	// Drain: one block at the prune time, then one a second apart, each
	// deleting at most perBlock records.
	blocks := 0
	for at := end.VotesPruneTime.Add(0); len(f.pruneQueue()) > 0; at = at.Add(time.Second) {
		f.block(at)
		blocks++
		require.NoError(t, f.k.CheckInvariants(f.ctx()))
	}
	pruned := f.storeFigures()
	require.Zero(t, pruned.keys[types.VotesKey[0]])
	require.Zero(t, pruned.keys[types.PruneQueueKey[0]])
	require.Equal(t, (votes+perBlock-1)/perBlock, blocks, "bounded: at most %d records a block", perBlock)
	require.Equal(t, ended.keys[types.ProposalsKey[0]], pruned.keys[types.ProposalsKey[0]], "proposal records stay")

	names := []struct {
		prefix byte
		name   string
	}{
		{types.ProposalsKey[0], "proposals"}, {types.ProposalsByStatusKey[0], "proposals by status"},
		{types.ProposalsByClassKey[0], "proposals by class"}, {types.VotesKey[0], "votes and deductions"},
		{types.PruneQueueKey[0], "prune queue"},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "dao store, %d proposals x %d votes (%d deductions), pruned in %d blocks of <= %d records:\n",
		pruneSizeProposals, pruneSizeVoters, deductions, blocks, perBlock)
	fmt.Fprintf(&b, "%-20s %20s %20s %20s\n", "collection", "before workload", "all ended", "after pruning")
	row := func(name string, fig func(storeFigures) (int, int)) {
		cell := func(s storeFigures) string { k, n := fig(s); return fmt.Sprintf("%d keys %d B", k, n) }
		fmt.Fprintf(&b, "%-20s %20s %20s %20s\n", name, cell(base), cell(ended), cell(pruned))
	}
	for _, n := range names {
		row(n.name, func(s storeFigures) (int, int) { return s.keys[n.prefix], s.bytes[n.prefix] })
	}
	row("whole dao store", func(s storeFigures) (int, int) { return s.totalKeys, s.totalBytes })
	growth, left := ended.totalBytes-base.totalBytes, pruned.totalBytes-base.totalBytes
	fmt.Fprintf(&b, "growth from the workload: %d B before pruning, %d B after (%.1f %%); %d B per vote and its share of deductions\n",
		growth, left, 100*float64(left)/float64(growth), (growth-left)/votes)
	t.Log(b.String())
	require.Less(t, left, growth/5, "pruning removes most of what the votes added")
}
