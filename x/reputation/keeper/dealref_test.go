package keeper_test

import (
	"strings"
	"testing"

	errorsmod "cosmossdk.io/errors"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/testutil/hostile"
	computekeeper "github.com/aitbc/aitbc/x/compute/keeper"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
	"github.com/aitbc/aitbc/x/reputation/types"
)

// requireModuleError checks that err is a registered x/reputation error,
// never an internal (code 1) one such as a key encoding error.
func requireModuleError(t *testing.T, err error, msgAndArgs ...any) {
	t.Helper()
	require.Error(t, err, msgAndArgs...)
	codespace, code, _ := errorsmod.ABCIInfo(err, false)
	require.Equal(t, types.ModuleName, codespace, msgAndArgs...)
	require.Greater(t, code, uint32(1), msgAndArgs...)
}

// finishedLease stores a settled lease of x/compute between consumer and
// the validator whose account is provider, as settlement would leave it.
func (f *fixture) finishedLease(id uint64, consumer, provider sdk.AccAddress) {
	f.t.Helper()
	require.NoError(f.t, f.app.ComputeKeeper.Leases.Set(f.ctx(), id, computetypes.Lease{
		Id: id, Consumer: consumer.String(), Provider: sdk.ValAddress(provider).String(), Status: computetypes.LEASE_STATUS_SETTLED,
	}))
}

func (f *fixture) ratings() int {
	f.t.Helper()
	n := 0
	require.NoError(f.t, f.k.Ratings.Walk(f.ctx(), nil, func(collectionsPair, types.Rating) (bool, error) { n++; return false, nil }))
	return n
}

// The case: one finished lease rated again under other spellings
// of its id. x/compute's voucher refuses every spelling but the canonical
// one, so the second rating never lands.
func TestComputeDealRefsAreCanonical(t *testing.T) {
	f := newFixture(t)
	consumer, provider := f.addrs[0], f.addrs[1]
	f.finishedLease(42, consumer, provider)
	require.NoError(t, f.rate(consumer, "compute/42", 1))
	for _, ref := range []string{
		"compute/042", "compute/0042", "compute/+42", "compute/-42", "compute/ 42", "compute/42 ", "compute/4 2",
		"compute/0x2a", "compute/42.0", "compute/4_2", "compute/42/", "compute/18446744073709551658", "compute/٤٢",
	} {
		err := f.rate(consumer, ref, 1)
		require.ErrorIs(t, err, types.ErrInvalidDealRef, ref)
	}
	require.ErrorIs(t, f.rate(consumer, "compute/42", 1), types.ErrAlreadyRated)
	require.Equal(t, 1, f.ratings(), "one lease, one rating")
	require.NoError(t, f.rate(provider, "compute/42", 5), "the other party rates once too")
	require.ErrorIs(t, f.rate(provider, "compute/43", 5), types.ErrUnknownDeal)
	require.ErrorIs(t, f.rate(provider, "compute/0", 5), types.ErrUnknownDeal, "0 is canonical but no lease")

	checker := computekeeper.NewDealChecker(f.app.ComputeKeeper)
	id, err := checker.CanonicalDealID("42")
	require.NoError(t, err)
	require.Equal(t, "42", id)
	_, found, err := checker.FinishedDeal(f.ctx(), "042")
	require.NoError(t, err)
	require.False(t, found, "the voucher itself knows no other spelling")
	require.NoError(t, f.k.CheckInvariants(f.ctx()))
}

// A voucher may also normalize; the rating is then keyed on its answer, so
// a second spelling is the same deal, already rated.
func TestRatingsKeyedOnTheVouchersCanonicalID(t *testing.T) {
	f := newFixture(t)
	consumer, provider := f.addrs[0], f.addrs[1]
	f.deals["7"] = types.DealParties{Consumer: consumer, Provider: provider}
	require.NoError(t, f.rate(consumer, "test/7", 4))
	for _, ref := range []string{"test/07", "test/007"} {
		require.ErrorIs(t, f.rate(consumer, ref, 1), types.ErrAlreadyRated, ref)
	}
	r, err := f.q.Rating(f.ctx(), &types.QueryRatingRequest{Rater: consumer.String(), DealRef: "test/7"})
	require.NoError(t, err)
	require.Equal(t, "test/7", r.Rating.DealRef)
	require.Equal(t, uint32(4), r.Rating.Score)
	require.ErrorIs(t, f.rate(consumer, "test/a/b", 1), types.ErrInvalidDealRef, "a voucher's plain error becomes ErrInvalidDealRef")
	require.Equal(t, 1, f.ratings())
}

// Every hostile string as a deal ref, bare and after a module name: refused
// with a module error, nothing stored, ValidateBasic agreeing on the form.
func TestRateHostileDealRefs(t *testing.T) {
	f := newFixture(t)
	consumer, provider := f.addrs[0], f.addrs[1]
	f.deals["1"] = types.DealParties{Consumer: consumer, Provider: provider}
	f.finishedLease(1, consumer, provider)
	for _, s := range hostile.Strings {
		for _, ref := range []string{s, "compute/" + s, "test/" + s, s + "/1"} {
			msg := &types.MsgRate{Rater: consumer.String(), DealRef: ref, Score: 5}
			_, err := f.msgs.Rate(f.ctx(), msg)
			requireModuleError(t, err, "%q", ref)
			if _, _, formErr := types.SplitDealRef(ref); formErr != nil {
				require.ErrorIs(t, err, types.ErrInvalidDealRef, "%q", ref)
				require.ErrorIs(t, msg.ValidateBasic(), types.ErrInvalidDealRef, "%q", ref)
			}
		}
	}
	require.Zero(t, f.ratings())
	for _, ref := range []string{
		"compute/042", "compute/-1", "compute/18446744073709551616", "compute/1\x00", "\x00compute/1", "compute/\u202e1",
		"compute/1\n", "/1", "compute/", "compute", "", "compute/" + strings.Repeat("1", 200),
	} {
		_, err := f.msgs.Rate(f.ctx(), &types.MsgRate{Rater: consumer.String(), DealRef: ref, Score: 5})
		require.ErrorIs(t, err, types.ErrInvalidDealRef, "%q", ref)
	}
	require.NoError(t, f.rate(consumer, "compute/1", 5), "the canonical ref still rates")
}

func TestRateHostileComments(t *testing.T) {
	f := newFixture(t)
	consumer, provider := f.addrs[0], f.addrs[1]
	f.deals["1"] = types.DealParties{Consumer: consumer, Provider: provider}
	for _, c := range []string{"ipfs://\x00", "\x1b[31mred", "\xff\xfe", "a\rb"} {
		msg := &types.MsgRate{Rater: consumer.String(), DealRef: "test/1", Score: 5, CommentUri: c}
		require.ErrorIs(t, msg.ValidateBasic(), types.ErrInvalidText, "%q", c)
		_, err := f.msgs.Rate(f.ctx(), msg)
		require.ErrorIs(t, err, types.ErrInvalidText, "%q", c)
	}
	require.Zero(t, f.ratings())
	msg := &types.MsgRate{Rater: consumer.String(), DealRef: "test/1", Score: 5, CommentUri: "ipfs://bafy\nsecond line\tok"}
	require.NoError(t, msg.ValidateBasic())
	_, err := f.msgs.Rate(f.ctx(), msg)
	require.NoError(t, err, "tab and newline are text")
	require.ErrorIs(t, (&types.MsgRate{DealRef: "test/1", Score: 6}).ValidateBasic(), types.ErrInvalidScore)
}

// Genesis import refuses a rating under a ref that is not canonical, as well
// as hostile refs and comments.
func TestGenesisRatingsMustBeCanonical(t *testing.T) {
	f := newFixture(t)
	consumer, provider := f.addrs[0], f.addrs[1]
	f.finishedLease(42, consumer, provider)
	f.deals["7"] = types.DealParties{Consumer: consumer, Provider: provider}
	require.NoError(t, f.rate(consumer, "compute/42", 4))
	require.NoError(t, f.rate(consumer, "test/7", 4))
	good, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, good.Validate())
	fresh := newFixture(t)
	require.NoError(t, fresh.k.InitGenesis(fresh.ctx(), *good))
	require.NoError(t, fresh.k.CheckInvariants(fresh.ctx()))

	for _, tc := range []struct {
		ref, comment string
		stateless    bool // refused by Validate already
	}{
		{ref: "compute/042"},
		{ref: "compute/+42"},
		{ref: "test/07"},
		{ref: "nomodule/1"},
		{ref: "compute/42\x00", stateless: true},
		{ref: "compute42", stateless: true},
		{ref: "compute/42", comment: "\x00", stateless: true},
	} {
		gs := *good
		gs.Ratings = append([]types.Rating(nil), good.Ratings...)
		gs.Ratings[0].DealRef, gs.Ratings[0].CommentUri = tc.ref, tc.comment
		if tc.stateless {
			require.ErrorIs(t, gs.Validate(), types.ErrInvalidGenesis, "%q %q", tc.ref, tc.comment)
		} else {
			require.NoError(t, gs.Validate(), tc.ref)
		}
		g := newFixture(t)
		require.ErrorIs(t, g.k.InitGenesis(g.ctx(), gs), types.ErrInvalidGenesis, "%q %q", tc.ref, tc.comment)
	}
}
