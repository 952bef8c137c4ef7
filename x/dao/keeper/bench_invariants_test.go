package keeper_test

import (
	"testing"

	"github.com/aitbc/aitbc/x/dao/types"
)

// BenchmarkCheckTallies measures the tally invariant on 20 proposals in
// voting, one of which 2,000 voters voted on: each proposal's votes are
// read by its key prefix, so the work follows the number of votes, not
// proposals × votes.
func BenchmarkCheckTallies(b *testing.B) {
	const voters, proposals = 2_000, 20
	s := newDaoVoteState(b, voters, voters)
	f := s.f
	proposer := f.addrs[0]
	for range proposals - 1 {
		_, err := f.msgs.SubmitProposal(f.ctx(), &types.MsgSubmitProposal{Proposer: proposer.String(), Class: types.ClassStandard, Title: "t", Summary: "s"})
		requireNoError(b, err)
	}
	f.app.NextBlock(b, f.now)
	ctx := f.ctx()
	for b.Loop() {
		requireNoError(b, f.k.CheckTallies(ctx))
	}
}
