package keeper_test

import (
	"bytes"
	"math/big"
	"sort"
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	govv1beta1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1beta1"

	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

func bigInt(t *testing.T, s string) math.Int {
	t.Helper()
	n, ok := new(big.Int).SetString(s, 0)
	require.True(t, ok, s)
	return math.NewIntFromBigInt(n)
}

// roundTrip stores a vote record's encoding and reads it back, checking
// every field of the vote and the record comes back as it was.
func roundTrip(t *testing.T, k keeper.Keeper, v types.Vote, weight, deducted math.Int) types.VoteRecord {
	t.Helper()
	stored, err := k.EncodeVoteRecord(v, true, weight, deducted)
	require.NoError(t, err)
	bz, err := stored.Marshal()
	require.NoError(t, err)
	var back types.VoteRecord
	require.NoError(t, back.Unmarshal(bz))
	voter, err := sdk.AccAddressFromBech32(v.Voter)
	require.NoError(t, err)
	got, voted, gotWeight, gotDeducted, err := k.DecodeVoteRecord(v.ProposalId, voter, back)
	require.NoError(t, err)
	require.True(t, voted)
	v.Counted = keeper.SplitWeight(weight, v.Options)
	require.Equal(t, v.String(), got.String())
	require.Equal(t, weight.String(), gotWeight.String())
	require.Equal(t, deducted.String(), gotDeducted.String())
	return stored
}

// The usual vote (one option, weight 1, human, uncapped, no override)
// stores its option and its power only.
func TestVoteRecordPlainIsSmall(t *testing.T) {
	f := newFixture(t, 1)
	power := math.NewInt(1_348_477_053)
	v := types.Vote{
		ProposalId: 4, Voter: f.addrs[0].String(), Group: types.GroupHuman,
		Options:        []types.WeightedVoteOption{{Option: types.VOTE_OPTION_YES, Weight: math.LegacyOneDec()}},
		DelegatedPower: power, OwnPower: math.ZeroInt(),
	}
	stored := roundTrip(t, f.k, v, power, math.ZeroInt())
	require.Equal(t, types.VOTE_OPTION_YES, stored.Option)
	require.Empty(t, stored.Split)
	require.Empty(t, stored.CountedWeight)
	require.Empty(t, stored.Group)
	require.Empty(t, stored.OverrideOf)
	require.Equal(t, 8, stored.Size(), "option (2 bytes) and a 4-byte power (6 bytes)")
}

// Split weights keep all 18 decimals, and the per-option counts come back
// rounded down as they were counted.
func TestVoteRecordSplitWeights(t *testing.T) {
	f := newFixture(t, 1)
	options := []types.WeightedVoteOption{
		{Option: types.VOTE_OPTION_YES, Weight: math.LegacyMustNewDecFromStr("0.333333333333333333")},
		{Option: types.VOTE_OPTION_NO, Weight: math.LegacyMustNewDecFromStr("0.666666666666666666")},
		{Option: types.VOTE_OPTION_ABSTAIN, Weight: math.LegacyMustNewDecFromStr("0.000000000000000001")},
	}
	v := types.Vote{ProposalId: 1, Voter: f.addrs[0].String(), Group: types.GroupHuman, Options: options, DelegatedPower: math.NewInt(10), OwnPower: math.ZeroInt()}
	stored := roundTrip(t, f.k, v, math.NewInt(10), math.ZeroInt())
	require.Equal(t, types.VOTE_OPTION_UNSPECIFIED, stored.Option)
	require.Equal(t, []types.VoteRecordOption{
		{Option: types.VOTE_OPTION_YES, Weight: 333_333_333_333_333_333},
		{Option: types.VOTE_OPTION_NO, Weight: 666_666_666_666_666_666},
		{Option: types.VOTE_OPTION_ABSTAIN, Weight: 1},
	}, stored.Split)
	counted := keeper.SplitWeight(math.NewInt(10), options)
	require.Equal(t, "3", counted.Yes.String())
	require.Equal(t, "6", counted.No.String())
	require.Equal(t, "0", counted.Abstain.String())

	// One option weighing less than 1 is a split too.
	v.Options = []types.WeightedVoteOption{{Option: types.VOTE_OPTION_NO, Weight: math.LegacyMustNewDecFromStr("0.5")}}
	roundTrip(t, f.k, v, math.NewInt(10), math.ZeroInt())
}

// Amounts beyond uint64 (up to math.Int's 256 bits), an override, an agent
// group, a reason, a capped weight and a deduction all come back.
func TestVoteRecordBigAndFull(t *testing.T) {
	f := newFixture(t, 2)
	v := types.Vote{
		ProposalId: 1<<63 + 5, Voter: f.addrs[0].String(), Group: "provider", Reason: "because",
		Options:        []types.WeightedVoteOption{{Option: types.VOTE_OPTION_NO_WITH_VETO, Weight: math.LegacyOneDec()}},
		DelegatedPower: bigInt(t, "0x"+"ff"+"00000000000000000000000000000000000000000000000000000000000001"),
		OwnPower:       bigInt(t, "0x10000000000000001"), // 2^64 + 1
		OverrideOf:     f.addrs[1].String(),
	}
	deducted := bigInt(t, "0x20000000000000000") // 2^65
	stored := roundTrip(t, f.k, v, bigInt(t, "0x1000000000000000000000000"), deducted)
	require.NotEmpty(t, stored.CountedWeight, "capped: the weight is stored")
	require.Equal(t, f.addrs[1].Bytes(), stored.OverrideOf)
	require.Equal(t, "provider", stored.Group)

	// The largest math.Int.
	maxInt := math.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)))
	v.DelegatedPower, v.OwnPower, v.OverrideOf = maxInt, math.ZeroInt(), ""
	stored = roundTrip(t, f.k, v, maxInt, math.ZeroInt())
	require.Empty(t, stored.CountedWeight)
	require.Len(t, stored.DelegatedPower, 32)

	// A weight capped to zero is stored as such, not read as uncapped.
	stored = roundTrip(t, f.k, v, math.ZeroInt(), math.ZeroInt())
	require.Equal(t, []byte{0}, stored.CountedWeight)
}

// A placeholder holds a deduction only; one without a deduction, a
// negative amount or a vote without option is never written.
func TestVoteRecordPlaceholderAndRefusals(t *testing.T) {
	f := newFixture(t, 1)
	stored, err := f.k.EncodeVoteRecord(types.Vote{}, false, math.ZeroInt(), math.NewInt(7))
	require.NoError(t, err)
	require.Equal(t, types.VoteRecord{Deducted: []byte{7}}, stored)
	_, voted, _, deducted, err := f.k.DecodeVoteRecord(1, f.addrs[0], stored)
	require.NoError(t, err)
	require.False(t, voted)
	require.Equal(t, int64(7), deducted.Int64())

	_, err = f.k.EncodeVoteRecord(types.Vote{}, false, math.ZeroInt(), math.ZeroInt())
	require.ErrorIs(t, err, types.ErrBrokenInvariant)
	v := types.Vote{ProposalId: 1, Voter: f.addrs[0].String(), Group: types.GroupHuman, DelegatedPower: math.NewInt(-1), OwnPower: math.ZeroInt(),
		Options: []types.WeightedVoteOption{{Option: types.VOTE_OPTION_YES, Weight: math.LegacyOneDec()}}}
	_, err = f.k.EncodeVoteRecord(v, true, math.ZeroInt(), math.ZeroInt())
	require.ErrorIs(t, err, types.ErrBrokenInvariant)
	v.DelegatedPower, v.Options = math.OneInt(), nil
	_, err = f.k.EncodeVoteRecord(v, true, math.OneInt(), math.ZeroInt())
	require.ErrorIs(t, err, types.ErrInvalidVote)
}

// A delegator voting while its delegatee has not leaves a placeholder in
// the delegatee's record: it is no vote to any query, gov route, count,
// export or invariant; the delegatee's later vote reads the deduction from
// it; genesis carries it as an OverrideDeduction and import restores it.
func TestPlaceholderIsNoVote(t *testing.T) {
	f := newGovFixture(t, 4)
	// a[0], the delegatee, is the greatest address: its placeholder is the
	// proposal's last record, after the votes.
	a := append([]sdk.AccAddress(nil), f.addrs...)
	sort.Slice(a, func(i, j int) bool { return bytes.Compare(a[i], a[j]) > 0 })
	// a[3] delegated to a[0] long enough before the snapshot to count.
	f.delegate(a[3], a[0])
	f.advance(vest + window)
	id := f.submit(a[1], types.ClassStandard)
	f.toVoting(id)
	f.mustVote(a[1], id, types.VOTE_OPTION_YES)
	own := f.mustVote(a[3], id, types.VOTE_OPTION_NO)
	require.Equal(t, [2]int{2, 1}, pair(f.records(id)), "a[0]'s record holds the deduction only")
	f.requireAllInvariants()

	voters := func(votes []types.Vote) []string {
		var out []string
		for _, v := range votes {
			out = append(out, v.Voter)
		}
		return out
	}
	want := []string{a[3].String(), a[1].String()}
	q, gov, legacy := newQuery(f), keeper.NewGovQueryServer(f.k), keeper.NewGovLegacyQueryServer(f.k)
	all, err := q.Votes(f.ctx(), &types.QueryVotesRequest{ProposalId: id, Pagination: &query.PageRequest{CountTotal: true}})
	require.NoError(t, err)
	require.Equal(t, want, voters(all.Votes))
	require.Equal(t, uint64(2), all.Pagination.Total)
	// Offsets and totals count votes only, whatever the placeholder's place.
	for offset := uint64(0); offset < 3; offset++ {
		page, err := q.Votes(f.ctx(), &types.QueryVotesRequest{ProposalId: id, Pagination: &query.PageRequest{Offset: offset, Limit: 1, CountTotal: true}})
		require.NoError(t, err)
		if offset < 2 {
			require.Len(t, page.Votes, 1)
			require.Equal(t, all.Votes[offset].Voter, page.Votes[0].Voter)
			require.Equal(t, uint64(2), page.Pagination.Total)
		} else {
			require.Empty(t, page.Votes)
		}
	}
	// Key pages walk the two votes, both ways, and the last page has no
	// next key though the placeholder follows it.
	for _, reverse := range []bool{false, true} {
		var keyed []types.Vote
		var key []byte
		pages := 0
		for ; pages < 4; pages++ {
			page, err := q.Votes(f.ctx(), &types.QueryVotesRequest{ProposalId: id, Pagination: &query.PageRequest{Key: key, Limit: 1, Reverse: reverse}})
			require.NoError(t, err)
			require.Len(t, page.Votes, 1)
			keyed = append(keyed, page.Votes...)
			if key = page.Pagination.NextKey; key == nil {
				break
			}
		}
		require.Equal(t, 1, pages, "reverse %v: two pages", reverse)
		if reverse {
			keyed[0], keyed[1] = keyed[1], keyed[0]
		}
		require.Equal(t, want, voters(keyed))
	}
	whole, err := q.Votes(f.ctx(), &types.QueryVotesRequest{ProposalId: id, Pagination: &query.PageRequest{Limit: 2}})
	require.NoError(t, err)
	require.Len(t, whole.Votes, 2)
	require.Nil(t, whole.Pagination.NextKey, "only the placeholder is left")

	_, err = q.Vote(f.ctx(), &types.QueryVoteRequest{ProposalId: id, Voter: a[0].String()})
	require.Equal(t, codes.NotFound, status.Code(err))
	_, err = gov.Vote(f.ctx(), &govv1.QueryVoteRequest{ProposalId: id, Voter: a[0].String()})
	require.Equal(t, codes.NotFound, status.Code(err))
	gres, err := gov.Votes(f.ctx(), &govv1.QueryVotesRequest{ProposalId: id})
	require.NoError(t, err)
	require.Len(t, gres.Votes, 2)
	lres, err := legacy.Votes(f.ctx(), &govv1beta1.QueryVotesRequest{ProposalId: id})
	require.NoError(t, err)
	require.Len(t, lres.Votes, 2)
	byVoter, err := gov.Proposals(f.ctx(), &govv1.QueryProposalsRequest{Voter: a[0].String()})
	require.NoError(t, err)
	require.Empty(t, byVoter.Proposals, "a[0] has not voted")
	byVoter, err = gov.Proposals(f.ctx(), &govv1.QueryProposalsRequest{Voter: a[3].String()})
	require.NoError(t, err)
	require.Len(t, byVoter.Proposals, 1)
	has, err := f.k.HasVote(f.ctx(), id, a[0])
	require.NoError(t, err)
	require.False(t, has)

	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.Equal(t, want, voters(exported.Votes))
	require.Len(t, exported.OverrideDeductions, 1)
	require.Equal(t, types.OverrideDeduction{ProposalId: id, Delegatee: a[0].String(), Amount: own}, exported.OverrideDeductions[0])

	// Import restores the placeholder: same export, and a[0]'s vote there
	// counts its power less what a[3] took back, as here.
	g := newFixture(t, 0)
	g.now = f.now
	copyModuleBalances(t, f, g, types.VoteEscrowName, types.BondsName)
	require.NoError(t, g.k.InitGenesis(g.ctx(), *exported))
	reexported, err := g.k.ExportGenesis(g.ctx())
	require.NoError(t, err)
	require.Equal(t, exported, reexported)
	g.requireAllInvariants()

	for _, x := range []*fixture{f, g} {
		w := x.mustVote(a[0], id, types.VOTE_OPTION_NO)
		require.Equal(t, math.NewInt(2*govLock).Sub(own).String(), w.String(), "its own lock and a[3]'s, less a[3]'s share")
		require.Equal(t, [2]int{3, 1}, pair(x.records(id)), "the vote joins the deduction in one record")
		x.requireAllInvariants()
	}
	fromF, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	fromG, err := g.k.ExportGenesis(g.ctx())
	require.NoError(t, err)
	require.Equal(t, fromF.Votes, fromG.Votes)
	require.Equal(t, fromF.OverrideDeductions, fromG.OverrideDeductions)
}

// Genesis votes and deductions are refused when the records they make
// would not be what the chain writes: a vote whose counted tally its
// powers do not give, a deduction not positive or given twice.
func TestVoteRecordGenesisRefusals(t *testing.T) {
	f := pruneFixture(t, 4, 24*time.Hour, 100)
	a := f.addrs
	id := f.submit(a[1], types.ClassStandard)
	f.toVoting(id)
	f.mustVote(a[0], id, types.VOTE_OPTION_YES)
	f.mustVote(a[3], id, types.VOTE_OPTION_NO)
	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.Len(t, exported.OverrideDeductions, 1)

	for name, tamper := range map[string]func(gs *types.GenesisState){
		"counted": func(gs *types.GenesisState) { gs.Votes[0].Counted.Yes = gs.Votes[0].Counted.Yes.AddRaw(1) },
		"no option": func(gs *types.GenesisState) {
			gs.Votes[0].Options = nil
		},
		"zero deduction": func(gs *types.GenesisState) { gs.OverrideDeductions[0].Amount = math.ZeroInt() },
		"twice": func(gs *types.GenesisState) {
			gs.OverrideDeductions = append(gs.OverrideDeductions, gs.OverrideDeductions[0])
		},
		"unknown proposal": func(gs *types.GenesisState) { gs.OverrideDeductions[0].ProposalId = 99 },
	} {
		t.Run(name, func(t *testing.T) {
			gs := *exported
			gs.Votes = append([]types.Vote(nil), exported.Votes...)
			gs.Votes[0].Options = append([]types.WeightedVoteOption(nil), exported.Votes[0].Options...)
			gs.OverrideDeductions = append([]types.OverrideDeduction(nil), exported.OverrideDeductions...)
			tamper(&gs)
			g := newFixture(t, 0)
			g.now = f.now
			copyModuleBalances(t, f, g, types.VoteEscrowName, types.BondsName)
			require.ErrorIs(t, g.k.InitGenesis(g.ctx(), gs), types.ErrInvalidGenesis)
		})
	}
}
