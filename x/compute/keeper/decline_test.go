package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
)

const declineWhy = "run: no container runtime (docker, podman) for image ghcr.io/acme/train:1"

func (f *leaseFixture) decline(who sdk.AccAddress, id uint64, reason string) (*types.MsgDeclineLeaseResponse, error) {
	return f.msgs.DeclineLease(f.ctx(), &types.MsgDeclineLease{Account: who.String(), LeaseId: id, Reason: reason})
}

func TestDeclineLeaseRefundsInFullWithoutSlash(t *testing.T) {
	f := newLeaseFixture(t)
	lease := f.leaseJob()
	consumerBefore, treasuryBefore, bondBefore := f.balance(f.consumer), f.treasury(), f.bond()

	ctx := f.ctx()
	res, err := f.msgs.DeclineLease(ctx, &types.MsgDeclineLease{Account: f.provider.String(), LeaseId: lease.Id, Reason: declineWhy})
	require.NoError(t, err)
	require.Equal(t, sdk.NewInt64Coin(denom, 16_000_000), res.Refund, "the whole lease escrow")
	require.Equal(t, consumerBefore.AddRaw(16_000_000), f.balance(f.consumer))
	require.Equal(t, treasuryBefore, f.treasury(), "no fee, no slash")
	require.Equal(t, bondBefore, f.bond(), "no slash")

	require.Equal(t, "EventLeaseDeclined", computeEventTypes(ctx)[len(computeEventTypes(ctx))-1])
	require.Empty(t, typed[*types.EventProviderSlashed](t, ctx))
	require.Equal(t, types.EventLeaseDeclined{
		LeaseId: lease.Id, JobId: lease.JobId, Provider: lease.Provider, Consumer: lease.Consumer,
		Reason: declineWhy, Refund: sdk.NewInt64Coin(denom, 16_000_000),
	}, *one[*types.EventLeaseDeclined](t, ctx))

	got, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_DECLINED, got.Status)
	require.Equal(t, types.TERMINATION_REASON_DECLINED, got.TerminationReason)
	require.Equal(t, declineWhy, got.DeclineReason)
	require.True(t, got.Escrow.IsZero())
	require.Equal(t, res.Refund, got.Settlement.Refund)
	require.True(t, got.Settlement.Slashed.IsZero())
	require.NotNil(t, got.Ended)
	f.requireJobEnded(got, types.JOB_STATUS_FAILED)
	offer, err := f.k.GetOffer(f.ctx(), f.offerID)
	require.NoError(t, err)
	require.Equal(t, uint32(0), offer.Reserved, "GPUs freed")
	require.Equal(t, "1.000000000000000000", f.score(f.provider, reputationtypes.OUTCOME_KIND_JOB).Failure.String(), "a job failure")
	f.checkMoney()

	// Declined once: no second refund, no result, no end-lease, and its
	// deadline left the queue (EndBlock at the deadline changes nothing).
	_, err = f.decline(f.provider, lease.Id, declineWhy)
	require.ErrorIs(t, err, types.ErrLeaseNotActive)
	_, err = f.result(lease.Id, "sha256:late", 1)
	require.ErrorIs(t, err, types.ErrLeaseNotActive)
	f.jailProvider()
	_, err = f.endLease(f.consumer, lease.Id)
	require.ErrorIs(t, err, types.ErrLeaseNotActive)
	f.now = lease.Deadline.Add(1)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	again, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, got, again)
	require.Equal(t, consumerBefore.AddRaw(16_000_000), f.balance(f.consumer), "refunded once")
	f.checkMoney()
}

func TestDeclineLeaseRefused(t *testing.T) {
	f := newLeaseFixture(t)
	lease := f.leaseJob()
	consumerBefore, bondBefore := f.balance(f.consumer), f.bond()

	for _, tc := range []struct {
		name string
		who  sdk.AccAddress
		id   uint64
		why  string
		want error
	}{
		{"not the provider", f.outsider, lease.Id, declineWhy, types.ErrNotLeaseProvider},
		{"the consumer", f.consumer, lease.Id, declineWhy, types.ErrNotLeaseProvider},
		{"another validator", f.attester[0], lease.Id, declineWhy, types.ErrNotLeaseProvider},
		{"unknown lease", f.provider, 999, declineWhy, types.ErrLeaseNotFound},
		{"empty reason", f.provider, lease.Id, "", types.ErrInvalidIdentifier},
		{"NUL in the reason", f.provider, lease.Id, "no\x00runtime", types.ErrInvalidIdentifier},
		{"newline in the reason", f.provider, lease.Id, "no\nruntime", types.ErrInvalidIdentifier},
		{"bidi override", f.provider, lease.Id, "no\u202eruntime", types.ErrInvalidIdentifier},
		{"invalid UTF-8", f.provider, lease.Id, "no \xff runtime", types.ErrInvalidIdentifier},
		{"too long", f.provider, lease.Id, strings.Repeat("x", types.MaxDeclineReasonLength+1), types.ErrDeclineReasonTooLong},
	} {
		_, err := f.decline(tc.who, tc.id, tc.why)
		require.ErrorIs(t, err, tc.want, tc.name)
	}
	_, err := f.msgs.DeclineLease(f.ctx(), &types.MsgDeclineLease{Account: "nope", LeaseId: lease.Id, Reason: declineWhy})
	require.ErrorIs(t, err, types.ErrInvalidAddress)

	// Past its deadline the lease can only expire, slashed.
	f.now = lease.Deadline.Add(1)
	_, err = f.decline(f.provider, lease.Id, declineWhy)
	require.ErrorIs(t, err, types.ErrDeadlinePassed)
	f.now = lease.Created

	// Once a result is in, the committee decides.
	_, err = f.result(lease.Id, "sha256:out", 3600)
	require.NoError(t, err)
	_, err = f.decline(f.provider, lease.Id, declineWhy)
	require.ErrorIs(t, err, types.ErrLeaseNotActive)

	require.Equal(t, consumerBefore, f.balance(f.consumer), "nothing refunded")
	require.Equal(t, bondBefore, f.bond())
	got, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_ATTESTING, got.Status)
	require.Empty(t, got.DeclineReason)
	f.checkMoney()
}

func TestDeclineReasonAtTheBound(t *testing.T) {
	f := newLeaseFixture(t)
	lease := f.leaseJob()
	// 255 bytes of ASCII and a 2-byte rune: 257 bytes, cut to 255.
	long := strings.Repeat("a", types.MaxDeclineReasonLength-1) + "é tail"
	why := types.DeclineReason(long)
	require.LessOrEqual(t, len(why), types.MaxDeclineReasonLength)
	require.NoError(t, types.ValidateDeclineReason(why))
	_, err := f.decline(f.provider, lease.Id, why)
	require.NoError(t, err)
	got, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, why, got.DeclineReason)
	f.checkMoney()
}
