package keeper_test

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/runtime"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/aitbc/aitbc/testutil"
	"github.com/aitbc/aitbc/x/reputation/keeper"
	"github.com/aitbc/aitbc/x/reputation/types"
)

// deals is a test voucher: deal id -> parties. Unlike x/compute, which
// refuses other spellings, it normalizes numeric ids ("01" is deal "1"),
// so the keeper's keying on the canonical id is tested on its own.
type deals map[string]types.DealParties

func (d deals) CanonicalDealID(id string) (string, error) {
	if n, err := strconv.ParseUint(id, 10, 64); err == nil {
		return strconv.FormatUint(n, 10), nil
	}
	if strings.ContainsAny(id, "/") {
		return "", fmt.Errorf("test deal id %q has a slash", id)
	}
	return id, nil
}

func (d deals) FinishedDeal(_ context.Context, id string) (types.DealParties, bool, error) {
	p, ok := d[id]
	return p, ok, nil
}

type fixture struct {
	t     testing.TB
	app   *testutil.TestApp
	k     keeper.Keeper
	msgs  types.MsgServer
	q     types.QueryServer
	now   time.Time
	deals deals
	addrs []sdk.AccAddress
}

func newFixture(t testing.TB) *fixture {
	ta := testutil.NewTestApp(t)
	f := &fixture{t: t, app: ta, k: ta.ReputationKeeper, now: ta.LastBlock, deals: deals{}, addrs: testutil.Addrs(6)}
	f.msgs = keeper.NewMsgServerImpl(f.k)
	f.q = keeper.NewQueryServerImpl(f.k)
	f.k.RegisterDealChecker("test", f.deals)
	return f
}

// ownerFunc is a stub x/agent: it gives each address its owner.
type ownerFunc func(addr sdk.AccAddress) sdk.AccAddress

func (o ownerFunc) OwnerOf(_ context.Context, addr sdk.AccAddress) sdk.AccAddress { return o(addr) }

// withAgents rebuilds the keeper on the same store with another x/agent,
// as app wiring would pass it to the constructor.
func (f *fixture) withAgents(agents types.AgentKeeper) {
	f.k = keeper.NewKeeper(f.app.AppCodec(), runtime.NewKVStoreService(f.app.GetKey(types.StoreKey)),
		f.app.AccountKeeper.AddressCodec(), agents, f.k.GetAuthority())
	f.k.RegisterDealChecker("test", f.deals)
	f.msgs = keeper.NewMsgServerImpl(f.k)
	f.q = keeper.NewQueryServerImpl(f.k)
}

func (f *fixture) ctx() sdk.Context { return f.app.Context(f.now) }

func (f *fixture) outcome(subject sdk.AccAddress, kind types.OutcomeKind, success bool, weight int64) {
	f.t.Helper()
	require.NoError(f.t, f.k.RecordOutcome(f.ctx(), subject, kind, success, sdkmath.LegacyNewDec(weight)))
}

func (f *fixture) score(subject sdk.AccAddress) uint32 {
	f.t.Helper()
	s, err := f.k.Score(f.ctx(), subject)
	require.NoError(f.t, err)
	return s
}

func (f *fixture) rate(rater sdk.AccAddress, ref string, score uint32) error {
	_, err := f.msgs.Rate(f.ctx(), &types.MsgRate{Rater: rater.String(), DealRef: ref, Score: score, CommentUri: "ipfs://review"})
	return err
}

func TestRecordOutcomeAndScore(t *testing.T) {
	f := newFixture(t)
	p := f.addrs[0]
	require.Equal(t, uint32(500), f.score(p), "no history")
	f.outcome(p, types.OUTCOME_KIND_JOB, true, 3)
	require.Equal(t, uint32(800), f.score(p), "1000 * 4/5")
	f.outcome(p, types.OUTCOME_KIND_ATTESTATION, false, 1)
	require.Equal(t, uint32(666), f.score(p), "1000 * 4/6")

	res, err := f.q.Score(f.ctx(), &types.QueryScoreRequest{Address: p.String()})
	require.NoError(t, err)
	require.Equal(t, uint32(666), res.Score)
	require.Len(t, res.Records, 4)
	require.Equal(t, sdkmath.LegacyNewDec(3), res.Records[1].Success, "job record")
	require.Equal(t, sdkmath.LegacyNewDec(1), res.Records[2].Failure, "attestation record")
	require.Equal(t, uint32(500), res.Records[3].Score, "no feedback yet")

	require.ErrorIs(t, f.k.RecordOutcome(f.ctx(), p, types.OUTCOME_KIND_ALL, true, sdkmath.LegacyOneDec()), types.ErrInvalidKind)
	require.ErrorIs(t, f.k.RecordOutcome(f.ctx(), p, types.OutcomeKind(9), true, sdkmath.LegacyOneDec()), types.ErrInvalidKind)
	require.ErrorIs(t, f.k.RecordOutcome(f.ctx(), p, types.OUTCOME_KIND_JOB, true, sdkmath.LegacyZeroDec()), types.ErrInvalidWeight)
	require.Equal(t, uint32(666), f.score(p), "state untouched")
}

// Counts decay lazily with the half-life, checked against the closed formula.
func TestScoreDecaysWithHalfLife(t *testing.T) {
	f := newFixture(t)
	p := f.addrs[0]
	f.outcome(p, types.OUTCOME_KIND_JOB, true, 100)
	f.outcome(p, types.OUTCOME_KIND_JOB, false, 20)
	half := types.DefaultHalfLife
	for _, elapsed := range []time.Duration{0, 12 * time.Hour, 10 * 24 * time.Hour, half, 3*half + time.Hour, 10 * half} {
		f.now = f.app.LastBlock.Add(elapsed)
		d := math.Pow(2, -float64(elapsed)/float64(half))
		want := uint32(1000 * (100*d + 1) / (120*d + 2))
		got := f.score(p)
		require.InDelta(t, float64(want), float64(got), 1, "after %s", elapsed) // floor may differ by the last unit
		rec, err := f.k.Current(f.ctx(), p, types.OUTCOME_KIND_JOB)
		require.NoError(t, err)
		s, _ := rec.Success.Float64()
		require.InDelta(t, 100*d, s, 1e-12, "after %s", elapsed)
	}
	// a write decays first, then adds
	f.now = f.app.LastBlock.Add(half)
	f.outcome(p, types.OUTCOME_KIND_JOB, true, 50)
	rec, err := f.k.Current(f.ctx(), p, types.OUTCOME_KIND_JOB)
	require.NoError(t, err)
	require.Equal(t, sdkmath.LegacyNewDec(100), rec.Success, "100/2 + 50")
	require.Equal(t, sdkmath.LegacyNewDec(10), rec.Failure)
}

func TestRateFinishedDeal(t *testing.T) {
	f := newFixture(t)
	consumer, provider := f.addrs[0], f.addrs[1]
	f.deals["1"] = types.DealParties{Consumer: consumer, Provider: provider}
	f.deals["2"] = types.DealParties{Consumer: consumer, Provider: provider}
	ctx := f.ctx()
	res, err := f.msgs.Rate(ctx, &types.MsgRate{Rater: consumer.String(), DealRef: "test/1", Score: 5})
	require.NoError(t, err)
	require.Equal(t, provider.String(), res.Subject)
	require.Equal(t, uint32(666), f.score(provider), "a 5 adds one success")
	require.Contains(t, eventTypes(ctx), "aitbc.reputation.v1.EventRating")
	require.NoError(t, f.rate(provider, "test/1", 1), "the other side rates too")
	require.Equal(t, uint32(333), f.score(consumer), "a 1 adds one failure")
	require.NoError(t, f.rate(consumer, "test/2", 3))
	rec, err := f.k.Current(f.ctx(), provider, types.OUTCOME_KIND_FEEDBACK)
	require.NoError(t, err)
	require.Equal(t, sdkmath.LegacyMustNewDecFromStr("1.5"), rec.Success)
	require.Equal(t, sdkmath.LegacyMustNewDecFromStr("0.5"), rec.Failure)

	r, err := f.q.Rating(f.ctx(), &types.QueryRatingRequest{Rater: consumer.String(), DealRef: "test/1"})
	require.NoError(t, err)
	require.Equal(t, uint32(5), r.Rating.Score)
	_, err = f.q.Rating(f.ctx(), &types.QueryRatingRequest{Rater: provider.String(), DealRef: "test/2"})
	require.ErrorIs(t, err, types.ErrRatingNotFound)
}

func TestRateBadInput(t *testing.T) {
	f := newFixture(t)
	consumer, provider, stranger := f.addrs[0], f.addrs[1], f.addrs[2]
	f.deals["1"] = types.DealParties{Consumer: consumer, Provider: provider}
	f.deals["self"] = types.DealParties{Consumer: consumer, Provider: consumer}
	require.NoError(t, f.rate(consumer, "test/1", 4))
	before := f.score(provider)
	cases := []struct {
		name string
		msg  types.MsgRate
		err  error
	}{
		{"twice", types.MsgRate{Rater: consumer.String(), DealRef: "test/1", Score: 5}, types.ErrAlreadyRated},
		{"not a party", types.MsgRate{Rater: stranger.String(), DealRef: "test/1", Score: 5}, types.ErrNotParty},
		{"unknown deal", types.MsgRate{Rater: consumer.String(), DealRef: "test/99", Score: 5}, types.ErrUnknownDeal},
		{"no voucher module", types.MsgRate{Rater: consumer.String(), DealRef: "compute/1", Score: 5}, types.ErrUnknownDeal},
		{"malformed ref", types.MsgRate{Rater: consumer.String(), DealRef: "test", Score: 5}, types.ErrInvalidDealRef},
		{"empty id", types.MsgRate{Rater: consumer.String(), DealRef: "test/", Score: 5}, types.ErrInvalidDealRef},
		{"score zero", types.MsgRate{Rater: provider.String(), DealRef: "test/1", Score: 0}, types.ErrInvalidScore},
		{"score six", types.MsgRate{Rater: provider.String(), DealRef: "test/1", Score: 6}, types.ErrInvalidScore},
		{"comment too long", types.MsgRate{Rater: provider.String(), DealRef: "test/1", Score: 3, CommentUri: strings.Repeat("x", 513)}, types.ErrCommentTooLong},
		{"oneself", types.MsgRate{Rater: consumer.String(), DealRef: "test/self", Score: 5}, types.ErrSelfRating},
		{"bad rater", types.MsgRate{Rater: "nope", DealRef: "test/1", Score: 5}, types.ErrInvalidAddress},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.msgs.Rate(f.ctx(), &tc.msg)
			require.ErrorIs(t, err, tc.err)
			require.Equal(t, before, f.score(provider), "nothing changed")
		})
	}

	// the same owner on both sides cannot rate
	owner := f.addrs[5]
	f.withAgents(ownerFunc(func(addr sdk.AccAddress) sdk.AccAddress {
		if addr.Equals(f.addrs[3]) || addr.Equals(f.addrs[4]) {
			return owner
		}
		return addr
	}))
	f.deals["sibling"] = types.DealParties{Consumer: f.addrs[3], Provider: f.addrs[4]}
	require.ErrorIs(t, f.rate(f.addrs[3], "test/sibling", 5), types.ErrSelfRating)
}

// Many fresh accounts rating a subject without deals change nothing.
func TestSybilRatingsWithoutDealsChangeNothing(t *testing.T) {
	f := newFixture(t)
	subject := f.addrs[0]
	f.outcome(subject, types.OUTCOME_KIND_JOB, false, 2)
	before := f.score(subject)
	for i, sybil := range testutil.Addrs(200)[10:] {
		for _, ref := range []string{fmt.Sprintf("test/%d", i), fmt.Sprintf("compute/%d", i), "test/1"} {
			require.Error(t, f.rate(sybil, ref, 5))
		}
	}
	require.Equal(t, before, f.score(subject))
	n := 0
	require.NoError(t, f.k.Ratings.Walk(f.ctx(), nil, func(_ collectionsPair, _ types.Rating) (bool, error) { n++; return false, nil }))
	require.Zero(t, n, "no rating stored")
}

// The top list reads the index kept on write, best first, per kind.
func TestTopSubjects(t *testing.T) {
	f := newFixture(t)
	a, b, c := f.addrs[0], f.addrs[1], f.addrs[2]
	f.outcome(a, types.OUTCOME_KIND_JOB, true, 1)  // 666
	f.outcome(b, types.OUTCOME_KIND_JOB, true, 8)  // 900
	f.outcome(c, types.OUTCOME_KIND_JOB, false, 1) // 333
	f.outcome(c, types.OUTCOME_KIND_ATTESTATION, true, 30)
	res, err := f.q.TopSubjects(f.ctx(), &types.QueryTopSubjectsRequest{Kind: types.OUTCOME_KIND_JOB, Pagination: &query.PageRequest{Limit: 2, CountTotal: true}})
	require.NoError(t, err)
	require.Equal(t, []string{b.String(), a.String()}, []string{res.Records[0].Subject, res.Records[1].Subject})
	require.Equal(t, uint64(3), res.Pagination.Total)
	next, err := f.q.TopSubjects(f.ctx(), &types.QueryTopSubjectsRequest{Kind: types.OUTCOME_KIND_JOB, Pagination: &query.PageRequest{Key: res.Pagination.NextKey}})
	require.NoError(t, err)
	require.Equal(t, c.String(), next.Records[0].Subject)
	all, err := f.q.TopSubjects(f.ctx(), &types.QueryTopSubjectsRequest{Kind: types.OUTCOME_KIND_ALL})
	require.NoError(t, err)
	require.Equal(t, c.String(), all.Records[0].Subject, "overall, c's attestations lead")
	// an update moves the subject in the index, with no stale entry left
	f.outcome(a, types.OUTCOME_KIND_JOB, true, 100)
	res, err = f.q.TopSubjects(f.ctx(), &types.QueryTopSubjectsRequest{Kind: types.OUTCOME_KIND_JOB})
	require.NoError(t, err)
	require.Len(t, res.Records, 3)
	require.Equal(t, a.String(), res.Records[0].Subject)
	_, err = f.q.TopSubjects(f.ctx(), &types.QueryTopSubjectsRequest{Kind: types.OutcomeKind(7)})
	require.ErrorContains(t, err, "kind 7 is not a known value") // InvalidArgument, as every module answers an unknown enum
}

func TestGenesisRoundTripAndParams(t *testing.T) {
	f := newFixture(t)
	f.deals["1"] = types.DealParties{Consumer: f.addrs[0], Provider: f.addrs[1]}
	f.outcome(f.addrs[1], types.OUTCOME_KIND_JOB, true, 4)
	require.NoError(t, f.rate(f.addrs[0], "test/1", 2))
	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())

	g := newFixture(t)
	require.NoError(t, g.k.InitGenesis(g.ctx(), *exported))
	again, err := g.k.ExportGenesis(g.ctx())
	require.NoError(t, err)
	require.Equal(t, exported, again)
	require.Equal(t, f.score(f.addrs[1]), g.score(f.addrs[1]))
	require.ErrorIs(t, g.rate(f.addrs[0], "test/1", 2), types.ErrUnknownDeal, "g has no such deal registered")

	bad := *exported
	bad.Ratings = append(bad.Ratings, bad.Ratings[0])
	require.ErrorIs(t, bad.Validate(), types.ErrInvalidGenesis)

	_, err = f.msgs.UpdateParams(f.ctx(), &types.MsgUpdateParams{Authority: f.addrs[0].String(), Params: types.DefaultParams()})
	require.ErrorIs(t, err, types.ErrInvalidSigner)
	p := types.DefaultParams()
	p.HalfLife = 0
	_, err = f.msgs.UpdateParams(f.ctx(), &types.MsgUpdateParams{Authority: f.k.GetAuthority(), Params: p})
	require.ErrorIs(t, err, types.ErrInvalidParams)
	p.HalfLife = time.Hour
	_, err = f.msgs.UpdateParams(f.ctx(), &types.MsgUpdateParams{Authority: f.k.GetAuthority(), Params: p})
	require.NoError(t, err)
}

func eventTypes(ctx sdk.Context) []string {
	var out []string
	for _, e := range ctx.EventManager().Events() {
		out = append(out, e.Type)
	}
	return out
}
