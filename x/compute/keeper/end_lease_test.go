package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
)

func (f *leaseFixture) endLease(who sdk.AccAddress, id uint64) (*types.MsgEndLeaseResponse, error) {
	return f.msgs.EndLease(f.ctx(), &types.MsgEndLease{Consumer: who.String(), LeaseId: id})
}

func (f *leaseFixture) jailProvider() {
	f.t.Helper()
	val, err := f.app.StakingKeeper.GetValidator(f.ctx(), sdk.ValAddress(f.provider))
	require.NoError(f.t, err)
	cons, err := val.GetConsAddr()
	require.NoError(f.t, err)
	require.NoError(f.t, f.app.StakingKeeper.Jail(f.ctx(), cons))
}

func TestEndLeaseRefusedWhileTheProviderCanDeliver(t *testing.T) {
	f := newLeaseFixture(t)
	lease := f.leaseJob()
	escrowBefore := f.balance(f.consumer)

	_, err := f.endLease(f.consumer, lease.Id)
	require.ErrorIs(t, err, types.ErrProviderNotGone)
	_, err = f.endLease(f.outsider, lease.Id)
	require.ErrorIs(t, err, types.ErrNotLeaseConsumer)
	_, err = f.endLease(f.consumer, 999)
	require.ErrorIs(t, err, types.ErrLeaseNotFound)
	_, err = f.msgs.EndLease(f.ctx(), &types.MsgEndLease{Consumer: "nope", LeaseId: lease.Id})
	require.ErrorIs(t, err, types.ErrInvalidAddress)

	// Being attested, the lease is the committee's to decide, even if the
	// provider is gone meanwhile.
	_, err = f.result(lease.Id, "sha256:out", 3600)
	require.NoError(t, err)
	f.jailProvider()
	_, err = f.endLease(f.consumer, lease.Id)
	require.ErrorIs(t, err, types.ErrLeaseNotActive)

	require.Equal(t, escrowBefore, f.balance(f.consumer), "nothing moved")
	got, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_ATTESTING, got.Status)
	require.Equal(t, types.TERMINATION_REASON_UNSPECIFIED, got.TerminationReason)
	f.checkMoney()
}

func TestEndLeaseWhenTheValidatorIsJailed(t *testing.T) {
	f := newLeaseFixture(t)
	lease := f.leaseJob()
	consumerBefore, treasuryBefore, bondBefore := f.balance(f.consumer), f.treasury(), f.bond()
	f.jailProvider()

	ctx := f.ctx()
	res, err := f.msgs.EndLease(ctx, &types.MsgEndLease{Consumer: f.consumer.String(), LeaseId: lease.Id})
	require.NoError(t, err)
	slash := bondBefore.QuoRaw(20) // 5 %
	require.Equal(t, sdk.NewInt64Coin(denom, 16_000_000), res.Refund, "the whole lease escrow")
	require.Equal(t, slash, res.Slashed.Amount)
	require.Equal(t, consumerBefore.AddRaw(16_000_000), f.balance(f.consumer))
	require.Equal(t, treasuryBefore.Add(slash), f.treasury())
	require.Equal(t, bondBefore.Sub(slash), f.bond())

	require.Equal(t, []string{"EventProviderSlashed", "EventLeaseEnded"}, computeEventTypes(ctx)[len(computeEventTypes(ctx))-2:])
	ev := one[*types.EventLeaseEnded](t, ctx)
	require.Equal(t, types.EventLeaseEnded{
		LeaseId: lease.Id, JobId: lease.JobId, Provider: lease.Provider, Consumer: lease.Consumer,
		Reason: types.TERMINATION_REASON_PROVIDER_GONE, Why: "validator jailed",
		Refund: sdk.NewInt64Coin(denom, 16_000_000), Slashed: res.Slashed,
	}, *ev)
	require.Empty(t, typed[*types.EventLeaseFailed](t, ctx))

	got, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_PROVIDER_GONE, got.Status)
	require.Equal(t, types.TERMINATION_REASON_PROVIDER_GONE, got.TerminationReason)
	require.True(t, got.Escrow.IsZero())
	require.Equal(t, res.Slashed, got.Settlement.Slashed)
	f.requireJobEnded(got, types.JOB_STATUS_FAILED)
	offer, err := f.k.GetOffer(f.ctx(), f.offerID)
	require.NoError(t, err)
	require.Equal(t, uint32(0), offer.Reserved, "GPUs freed")
	require.Equal(t, "1.000000000000000000", f.score(f.provider, reputationtypes.OUTCOME_KIND_JOB).Failure.String())
	f.checkMoney()

	// Ended once: no second refund, no result, and its deadline is gone
	// from the queue (EndBlock at the deadline changes nothing).
	_, err = f.endLease(f.consumer, lease.Id)
	require.ErrorIs(t, err, types.ErrLeaseNotActive)
	_, err = f.result(lease.Id, "sha256:late", 1)
	require.ErrorIs(t, err, types.ErrLeaseNotActive)
	f.now = lease.Deadline
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	again, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, got, again)
	require.Equal(t, bondBefore.Sub(slash), f.bond(), "slashed once")
	f.checkMoney()
}

func TestEndLeaseWhenTheProviderIsInactive(t *testing.T) {
	f := newLeaseFixture(t)
	first := f.leaseJob()
	second := f.leaseJob()
	// The first lease is found invalid: the slash leaves the bond under
	// min_bond, so the provider is inactive though its validator is bonded.
	_, err := f.result(first.Id, "sha256:wrong", 3600)
	require.NoError(t, err)
	f.actAll(first.Id, f.attester[:2], types.VERDICT_INVALID, "")
	got, err := f.k.GetLease(f.ctx(), first.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_INVALID, got.Status)
	require.Equal(t, types.TERMINATION_REASON_RESULT_INVALID, got.TerminationReason)
	p, err := f.k.GetProvider(f.ctx(), f.provider)
	require.NoError(t, err)
	require.Equal(t, types.PROVIDER_STATUS_INACTIVE, p.Status)

	ctx := f.ctx()
	_, err = f.msgs.EndLease(ctx, &types.MsgEndLease{Consumer: f.consumer.String(), LeaseId: second.Id})
	require.NoError(t, err)
	require.Equal(t, "provider inactive", one[*types.EventLeaseEnded](t, ctx).Why)
	got, err = f.k.GetLease(f.ctx(), second.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_PROVIDER_GONE, got.Status)
	job, err := f.k.GetJob(f.ctx(), second.JobId)
	require.NoError(t, err)
	require.Equal(t, types.JOB_STATUS_FAILED, job.Status)
	f.checkMoney()
}

func TestEveryEndingRecordsItsTerminationReason(t *testing.T) {
	f := newLeaseFixture(t)
	settled, nq := f.leaseJob(), f.leaseJob()
	for _, l := range []types.Lease{settled, nq} {
		_, err := f.result(l.Id, "sha256:out", 3600)
		require.NoError(t, err)
	}
	f.actAll(settled.Id, f.attester, types.VERDICT_VALID, "sha256:out")
	// Nobody attests nq by its attestation deadline: no quorum.
	nq, err := f.k.GetLease(f.ctx(), nq.Id)
	require.NoError(t, err)
	f.now = *nq.AttestationDeadline
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	expired := f.leaseJob()
	f.now = expired.Deadline
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	for _, tc := range []struct {
		id     uint64
		status types.LeaseStatus
		want   types.TerminationReason
	}{
		{settled.Id, types.LEASE_STATUS_SETTLED, types.TERMINATION_REASON_COMPLETED},
		{nq.Id, types.LEASE_STATUS_NO_QUORUM, types.TERMINATION_REASON_NO_QUORUM},
		{expired.Id, types.LEASE_STATUS_EXPIRED, types.TERMINATION_REASON_NO_RESULT},
	} {
		got, err := f.k.GetLease(f.ctx(), tc.id)
		require.NoError(t, err)
		require.Equal(t, tc.status, got.Status)
		require.Equal(t, tc.want, got.TerminationReason, "lease %d (%s)", tc.id, got.Status)
		require.Equal(t, tc.want, types.TerminationReasonOf(got.Status))
	}
	f.checkMoney()
}
