package keeper_test

import (
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

// typed returns the typed events of type T emitted on ctx, in order. Every
// x/compute event must decode: one that does not fails the test.
func typed[T proto.Message](t *testing.T, ctx sdk.Context) []T {
	t.Helper()
	var out []T
	for _, e := range ctx.EventManager().Events() {
		msg, err := sdk.ParseTypedEvent(abci.Event(e))
		if err != nil {
			require.NotContains(t, e.Type, "aitbc.compute", "x/compute event %s does not decode: %v", e.Type, err)
			continue
		}
		if m, ok := msg.(T); ok {
			out = append(out, m)
		}
	}
	return out
}

// one returns the single typed event of type T emitted on ctx.
func one[T proto.Message](t *testing.T, ctx sdk.Context) T {
	t.Helper()
	evs := typed[T](t, ctx)
	require.Len(t, evs, 1, "%T events", *new(T))
	return evs[0]
}

// computeEventTypes lists the x/compute event types emitted on ctx, in order.
func computeEventTypes(ctx sdk.Context) []string {
	var out []string
	for _, e := range ctx.EventManager().Events() {
		if name, ok := strings.CutPrefix(e.Type, "aitbc.compute.v1."); ok {
			out = append(out, name)
		}
	}
	return out
}

// rawAttr returns the JSON value of one attribute of the one event of type typ.
func rawAttr(t *testing.T, ctx sdk.Context, typ, key string) string {
	t.Helper()
	var vals []string
	for _, e := range ctx.EventManager().Events() {
		if e.Type != typ {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == key {
				vals = append(vals, a.Value)
			}
		}
	}
	require.Len(t, vals, 1, "%s.%s", typ, key)
	return vals[0]
}

func coin(n int64) sdk.Coin { return sdk.NewInt64Coin(denom, n) }

func TestProviderEvents(t *testing.T) {
	f := newFixture(t)
	operator := sdk.ValAddress(f.provider).String()

	ctx := f.ctx()
	_, err := f.msgs.RegisterProvider(ctx, &types.MsgRegisterProvider{
		Account: f.provider.String(), Gpus: []types.Gpu{h100(8)}, Bond: coin(1_000_000_000),
	})
	require.NoError(t, err)
	require.Equal(t, &types.EventProviderRegistered{Operator: operator, Account: f.provider.String(), Bond: coin(1_000_000_000), Gpus: []types.Gpu{h100(8)}},
		one[*types.EventProviderRegistered](t, ctx))
	require.Empty(t, typed[*types.EventProviderStatusChanged](t, ctx), "registration has its own event")

	ctx = f.ctx()
	_, err = f.msgs.UpdateProvider(ctx, &types.MsgUpdateProvider{Account: f.provider.String(), Gpus: []types.Gpu{h100(4)}})
	require.NoError(t, err)
	require.Equal(t, &types.EventProviderUpdated{Operator: operator, Gpus: []types.Gpu{h100(4)}}, one[*types.EventProviderUpdated](t, ctx))

	ctx = f.ctx()
	_, err = f.msgs.Bond(ctx, &types.MsgBond{Account: f.provider.String(), Amount: coin(500)})
	require.NoError(t, err)
	require.Equal(t, &types.EventProviderBonded{Operator: operator, Amount: coin(500), Bond: coin(1_000_000_500), Status: types.PROVIDER_STATUS_ACTIVE},
		one[*types.EventProviderBonded](t, ctx))

	ctx = f.ctx()
	res, err := f.msgs.Unbond(ctx, &types.MsgUnbond{Account: f.provider.String(), Amount: coin(1_000)})
	require.NoError(t, err)
	unbonding := one[*types.EventProviderUnbonding](t, ctx)
	require.Equal(t, &types.EventProviderUnbonding{
		Operator: operator, UnbondingId: unbonding.UnbondingId, Amount: coin(1_000), Bond: coin(999_999_500),
		Status: types.PROVIDER_STATUS_INACTIVE, CompletionTime: res.CompletionTime,
	}, unbonding)
	_, err = f.k.Unbondings.Get(f.ctx(), unbonding.UnbondingId)
	require.NoError(t, err, "the event names the stored unbonding")
	// The bond fell below min_bond: the provider turns inactive, once.
	require.Equal(t, &types.EventProviderStatusChanged{
		Operator: operator, From: types.PROVIDER_STATUS_ACTIVE, To: types.PROVIDER_STATUS_INACTIVE,
		ValidatorBonded: true, Bond: coin(999_999_500),
	}, one[*types.EventProviderStatusChanged](t, ctx))

	// Bonding back above min_bond makes it active again.
	ctx = f.ctx()
	_, err = f.msgs.Bond(ctx, &types.MsgBond{Account: f.provider.String(), Amount: coin(500)})
	require.NoError(t, err)
	require.Equal(t, &types.EventProviderStatusChanged{
		Operator: operator, From: types.PROVIDER_STATUS_INACTIVE, To: types.PROVIDER_STATUS_ACTIVE,
		ValidatorBonded: true, Bond: coin(1_000_000_000),
	}, one[*types.EventProviderStatusChanged](t, ctx))
	ctx = f.ctx()
	_, err = f.msgs.Bond(ctx, &types.MsgBond{Account: f.provider.String(), Amount: coin(500)})
	require.NoError(t, err)
	require.Empty(t, typed[*types.EventProviderStatusChanged](t, ctx), "no change, no event")

	// The payout at completion emits the bond-paid event, once.
	f.now = res.CompletionTime.Add(-time.Second)
	ctx = f.ctx()
	require.NoError(t, f.k.EndBlocker(ctx))
	require.Empty(t, typed[*types.EventProviderBondPaid](t, ctx), "not yet due")
	f.now = res.CompletionTime
	ctx = f.ctx()
	require.NoError(t, f.k.EndBlocker(ctx))
	require.Equal(t, &types.EventProviderBondPaid{UnbondingId: unbonding.UnbondingId, Account: f.provider.String(), Amount: coin(1_000)},
		one[*types.EventProviderBondPaid](t, ctx))
	ctx = f.ctx()
	require.NoError(t, f.k.EndBlocker(ctx))
	require.Empty(t, typed[*types.EventProviderBondPaid](t, ctx), "paid once")
}

func TestOfferEvents(t *testing.T) {
	f := newFixture(t)
	f.register()
	operator := sdk.ValAddress(f.provider).String()

	ctx := f.ctx()
	res, err := f.msgs.CreateOffer(ctx, &types.MsgCreateOffer{
		Account: f.provider.String(), Gpu: h100(4), PricePerGpuHour: coin(2_000_000), MinHours: 1, MaxHours: 72,
	})
	require.NoError(t, err)
	require.Equal(t, &types.EventOfferCreated{
		OfferId: res.OfferId, Provider: operator, Gpu: h100(4), PricePerGpuHour: coin(2_000_000), MinHours: 1, MaxHours: 72,
	}, one[*types.EventOfferCreated](t, ctx))

	ctx = f.ctx()
	_, err = f.msgs.UpdateOffer(ctx, &types.MsgUpdateOffer{
		Account: f.provider.String(), OfferId: res.OfferId, Count: 3, PricePerGpuHour: coin(1_500_000), MinHours: 2, MaxHours: 48,
	})
	require.NoError(t, err)
	require.Equal(t, &types.EventOfferUpdated{
		OfferId: res.OfferId, Provider: operator, Count: 3, PricePerGpuHour: coin(1_500_000), MinHours: 2, MaxHours: 48,
	}, one[*types.EventOfferUpdated](t, ctx))

	ctx = f.ctx()
	_, err = f.msgs.CloseOffer(ctx, &types.MsgCloseOffer{Account: f.provider.String(), OfferId: res.OfferId})
	require.NoError(t, err)
	require.Equal(t, &types.EventOfferClosed{OfferId: res.OfferId, Provider: operator}, one[*types.EventOfferClosed](t, ctx))
}

func TestJobEvents(t *testing.T) {
	f := newFixture(t)
	consumer := f.outsider
	msg := f.jobMsg(consumer)

	ctx := f.ctx()
	res, err := f.msgs.SubmitJob(ctx, msg)
	require.NoError(t, err)
	escrow := coin(3_000_000 * 2 * 4)
	require.Equal(t, &types.EventJobSubmitted{JobId: res.JobId, Consumer: consumer.String(), Escrow: escrow, Deadline: msg.Deadline},
		one[*types.EventJobSubmitted](t, ctx))

	ctx = f.ctx()
	_, err = f.msgs.CancelJob(ctx, &types.MsgCancelJob{Consumer: consumer.String(), JobId: res.JobId})
	require.NoError(t, err)
	require.Equal(t, &types.EventJobCancelled{JobId: res.JobId, Consumer: consumer.String(), Refund: escrow}, one[*types.EventJobCancelled](t, ctx))

	// No provider: the next job expires at its deadline, refunded in full.
	res, err = f.msgs.SubmitJob(f.ctx(), msg)
	require.NoError(t, err)
	f.now = msg.Deadline
	ctx = f.ctx()
	require.NoError(t, f.k.EndBlocker(ctx))
	require.Equal(t, &types.EventJobExpired{JobId: res.JobId, Consumer: consumer.String(), Refund: escrow}, one[*types.EventJobExpired](t, ctx))
}

// requireJobEnded checks a lease's job reached its final status, that the
// status index moved with it, and that the job invariant holds.
func (f *leaseFixture) requireJobEnded(lease types.Lease, want types.JobStatus) {
	f.t.Helper()
	job, err := f.k.GetJob(f.ctx(), lease.JobId)
	require.NoError(f.t, err)
	require.Equal(f.t, want, job.Status)
	require.Equal(f.t, lease.Id, job.LeaseId)
	require.True(f.t, job.Escrow.IsZero())
	for _, s := range []types.JobStatus{types.JOB_STATUS_LEASED, want} {
		res, err := f.q.Jobs(f.ctx(), &types.QueryJobsRequest{Status: s})
		require.NoError(f.t, err)
		var ids []uint64
		for _, j := range res.Jobs {
			ids = append(ids, j.Id)
		}
		if s == want {
			require.Contains(f.t, ids, job.Id, "listed as %s", s)
		} else {
			require.NotContains(f.t, ids, job.Id, "no longer listed as %s", s)
		}
	}
	mine, err := f.q.Jobs(f.ctx(), &types.QueryJobsRequest{Consumer: f.consumer.String(), Status: want})
	require.NoError(f.t, err)
	require.Len(f.t, mine.Jobs, 1, "the consumer's %s jobs", want)
	require.NoError(f.t, f.k.CheckInvariants(f.ctx()))
}

func TestLeaseEventsThroughSettlement(t *testing.T) {
	f := newLeaseFixture(t)
	operator := sdk.ValAddress(f.provider).String()
	res, err := f.msgs.SubmitJob(f.ctx(), f.jobMsg(f.consumer))
	require.NoError(t, err)

	ctx := f.ctx()
	require.NoError(t, f.k.EndBlocker(ctx))
	created := one[*types.EventLeaseCreated](t, ctx)
	lease, err := f.k.GetLease(f.ctx(), created.LeaseId)
	require.NoError(t, err)
	require.Equal(t, &types.EventLeaseCreated{
		LeaseId: lease.Id, JobId: res.JobId, OfferId: f.offerID, Provider: operator, Consumer: f.consumer.String(),
		Gpu: h100(2), Hours: 4, PricePerGpuHour: coin(leasePrice), Escrow: coin(leasePrice * 2 * 4),
		Refund: coin((3_000_000 - leasePrice) * 2 * 4), Deadline: lease.Deadline,
	}, created)
	require.Equal(t, []string{"EventLeaseCreated"}, computeEventTypes(ctx), "one event for the match")

	ctx = f.ctx()
	out, err := f.msgs.SubmitResult(ctx, &types.MsgSubmitResult{
		Account: f.provider.String(), LeaseId: lease.Id, OutputHash: "sha256:out", OutputUri: "ipfs://out", GpuSecondsUsed: 2 * 3600 * 3,
	})
	require.NoError(t, err)
	result := one[*types.EventResultSubmitted](t, ctx)
	require.Len(t, result.Committee, 3)
	for i, m := range out.Committee {
		require.Equal(t, m.Validator, result.Committee[i], "the members, in draw order")
	}
	due := f.now.Add(time.Hour)
	require.Equal(t, &types.EventResultSubmitted{
		LeaseId: lease.Id, JobId: res.JobId, Provider: operator, Consumer: f.consumer.String(), OutputHash: "sha256:out",
		OutputUri: "ipfs://out", GpuSecondsUsed: 2 * 3600 * 3, Committee: result.Committee, AttestationDeadline: &due,
	}, result)

	var settled *types.EventLeaseSettled
	for i, a := range f.attester {
		ctx = f.ctx()
		c, err := types.AttestationCommitment(types.VERDICT_VALID, "sha256:out", salt(a))
		require.NoError(t, err)
		_, err = f.msgs.CommitAttestation(ctx, &types.MsgCommitAttestation{Account: a.String(), LeaseId: lease.Id, Commitment: c})
		require.NoError(t, err)
		require.Equal(t, &types.EventAttestationCommitted{LeaseId: lease.Id, Validator: sdk.ValAddress(a).String(), Commitment: c},
			one[*types.EventAttestationCommitted](t, ctx))
		if i < 2 {
			require.Empty(t, typed[*types.EventRevealPhaseStarted](t, ctx))
		} else {
			require.Equal(t, &types.EventRevealPhaseStarted{LeaseId: lease.Id, Committed: result.Committee, AttestationDeadline: &due},
				one[*types.EventRevealPhaseStarted](t, ctx), "everyone committed: the reveal starts at once")
		}
	}
	for i, a := range f.attester {
		ctx = f.ctx()
		_, err := f.msgs.RevealAttestation(ctx, &types.MsgRevealAttestation{Account: a.String(), LeaseId: lease.Id, Verdict: types.VERDICT_VALID, ObservedHash: "sha256:out", Salt: salt(a)})
		require.NoError(t, err)
		require.Equal(t, &types.EventAttestation{
			LeaseId: lease.Id, Validator: sdk.ValAddress(a).String(), Verdict: types.VERDICT_VALID, ObservedHash: "sha256:out",
		}, one[*types.EventAttestation](t, ctx))
		if i < 2 {
			require.Empty(t, typed[*types.EventLeaseSettled](t, ctx), "a member who committed has not revealed")
			f.requireJobStatus(res.JobId, types.JOB_STATUS_LEASED)
		} else {
			settled = one[*types.EventLeaseSettled](t, ctx)
		}
	}
	// The amounts of TestValidResultSettlesWithExactPayments.
	require.Equal(t, &types.EventLeaseSettled{
		LeaseId: lease.Id, JobId: res.JobId, Provider: operator, Consumer: f.consumer.String(),
		ProviderPayment: coin(11_400_000), Fee: coin(480_000), VerifierReward: coin(120_000), Refund: coin(4_000_000),
	}, settled)
	f.requireJobEnded(lease, types.JOB_STATUS_COMPLETED)
}

func (f *leaseFixture) requireJobStatus(id uint64, want types.JobStatus) {
	f.t.Helper()
	job, err := f.k.GetJob(f.ctx(), id)
	require.NoError(f.t, err)
	require.Equal(f.t, want, job.Status)
}

func TestSingleValidatorSettlementEmitsResultThenSettled(t *testing.T) {
	f := &leaseFixture{fixture: newFixture(t), consumer: f0(t)}
	f.register()
	id, err := f.offer(h100(4), leasePrice)
	require.NoError(t, err)
	f.offerID = id
	f.app.Fund(t, f.ctx(), f.consumer, sdk.NewCoins(coin(100_000_000_000)))
	lease := f.leaseJob()

	ctx := f.ctx()
	_, err = f.msgs.SubmitResult(ctx, &types.MsgSubmitResult{Account: f.provider.String(), LeaseId: lease.Id, OutputHash: "h", GpuSecondsUsed: 2 * 4 * 3600})
	require.NoError(t, err)
	require.Equal(t, []string{"EventResultSubmitted", "EventLeaseSettled"}, computeEventTypes(ctx))
	result := one[*types.EventResultSubmitted](t, ctx)
	require.Empty(t, result.Committee)
	require.Nil(t, result.AttestationDeadline, "nobody attests")
	require.Equal(t, "[]", rawAttr(t, ctx, "aitbc.compute.v1.EventResultSubmitted", "committee"), "clients read an empty list, not a missing key")
	settled := one[*types.EventLeaseSettled](t, ctx)
	require.Equal(t, coin(16_000_000-800_000), settled.ProviderPayment)
	require.Equal(t, coin(800_000), settled.Fee)
	require.Equal(t, coin(0), settled.VerifierReward)
	require.Equal(t, coin(0), settled.Refund)
	f.requireJobEnded(lease, types.JOB_STATUS_COMPLETED)
}

func TestInvalidLeaseEventsAndJobFails(t *testing.T) {
	f := newLeaseFixture(t)
	operator := sdk.ValAddress(f.provider).String()
	lease := f.leaseJob()
	bondBefore := f.bond()
	_, err := f.result(lease.Id, "sha256:wrong", 2*4*3600)
	require.NoError(t, err)
	for _, a := range f.attester {
		_, err = f.commit(a, lease.Id, types.VERDICT_INVALID, "")
		require.NoError(t, err)
	}
	for _, a := range f.attester[:2] {
		_, err = f.reveal(a, lease.Id, types.VERDICT_INVALID, "")
		require.NoError(t, err)
	}
	ctx := f.ctx()
	_, err = f.msgs.RevealAttestation(ctx, &types.MsgRevealAttestation{Account: f.attester[2].String(), LeaseId: lease.Id, Verdict: types.VERDICT_INVALID, Salt: salt(f.attester[2])})
	require.NoError(t, err)

	slash := coin(bondBefore.QuoRaw(20).Int64())
	// The slash takes the bond below min_bond: the provider turns inactive.
	require.Equal(t, []string{"EventAttestation", "EventProviderStatusChanged", "EventProviderSlashed", "EventLeaseFailed"}, computeEventTypes(ctx))
	require.Equal(t, &types.EventProviderStatusChanged{
		Operator: operator, From: types.PROVIDER_STATUS_ACTIVE, To: types.PROVIDER_STATUS_INACTIVE,
		ValidatorBonded: true, Bond: coin(bondBefore.Int64()).Sub(slash),
	}, one[*types.EventProviderStatusChanged](t, ctx))
	require.Equal(t, &types.EventProviderSlashed{
		Operator: operator, LeaseId: lease.Id, Amount: slash, Bond: coin(bondBefore.Int64()).Sub(slash), Status: types.PROVIDER_STATUS_INACTIVE,
	}, one[*types.EventProviderSlashed](t, ctx))
	require.Equal(t, &types.EventLeaseFailed{
		LeaseId: lease.Id, JobId: lease.JobId, Provider: operator, Consumer: f.consumer.String(),
		Status: types.LEASE_STATUS_INVALID, Refund: coin(16_000_000), Slashed: slash,
	}, one[*types.EventLeaseFailed](t, ctx))
	f.requireJobEnded(lease, types.JOB_STATUS_FAILED)
}

func TestExpiredLeaseEventsAndJobFails(t *testing.T) {
	f := newLeaseFixture(t)
	operator := sdk.ValAddress(f.provider).String()
	lease := f.leaseJob()
	bondBefore := f.bond()
	f.now = lease.Deadline
	ctx := f.ctx()
	require.NoError(t, f.k.EndBlocker(ctx))
	slash := coin(bondBefore.QuoRaw(20).Int64())
	require.Equal(t, &types.EventLeaseFailed{
		LeaseId: lease.Id, JobId: lease.JobId, Provider: operator, Consumer: f.consumer.String(),
		Status: types.LEASE_STATUS_EXPIRED, Refund: coin(16_000_000), Slashed: slash,
	}, one[*types.EventLeaseFailed](t, ctx))
	require.Equal(t, slash, one[*types.EventProviderSlashed](t, ctx).Amount)
	got, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, types.Settlement{
		ProviderPayment: coin(0), Fee: coin(0), VerifierReward: coin(0), Refund: coin(16_000_000), Slashed: slash,
	}, *got.Settlement, "the same money moves as an invalid result")
	f.requireJobEnded(lease, types.JOB_STATUS_FAILED)
}

func TestNoQuorumLeaseEventsAndJobFails(t *testing.T) {
	t.Run("attestation deadline", func(t *testing.T) {
		f := newLeaseFixture(t)
		lease := f.leaseJob()
		committee, err := f.result(lease.Id, "h", 100)
		require.NoError(t, err)
		for _, a := range f.attester[:2] {
			_, err = f.commit(a, lease.Id, types.VERDICT_VALID, "h")
			require.NoError(t, err)
		}
		f.endCommitPhase(lease.Id)
		_, err = f.reveal(f.attester[0], lease.Id, types.VERDICT_VALID, "h")
		require.NoError(t, err)
		got, err := f.k.GetLease(f.ctx(), lease.Id)
		require.NoError(t, err)
		f.now = *got.AttestationDeadline
		ctx := f.ctx()
		require.NoError(t, f.k.EndBlocker(ctx))
		var absent []string
		for _, m := range committee {
			if m.Validator != sdk.ValAddress(f.attester[0]).String() {
				absent = append(absent, m.Validator)
			}
		}
		require.Equal(t, &types.EventLeaseNoQuorum{
			LeaseId: lease.Id, JobId: lease.JobId, Provider: sdk.ValAddress(f.provider).String(), Consumer: f.consumer.String(),
			Refund: coin(16_000_000), Absent: absent,
		}, one[*types.EventLeaseNoQuorum](t, ctx), "1/3 revealed is under the 1/2 floor; who committed and did not reveal is absent")
		require.Empty(t, typed[*types.EventProviderSlashed](t, ctx), "the provider is not blamed")
		f.requireJobEnded(lease, types.JOB_STATUS_FAILED)
	})
	t.Run("revealed power tied", func(t *testing.T) {
		f := newLeaseFixture(t)
		lease := f.leaseJob()
		_, err := f.result(lease.Id, "h", 100)
		require.NoError(t, err)
		votes := []vote{{f.attester[0], types.VERDICT_VALID, "h"}, {f.attester[1], types.VERDICT_INVALID, ""}, {f.attester[2], types.VERDICT_VALID, "h"}}
		for _, v := range votes {
			_, err = f.commit(v.who, lease.Id, v.v, v.hash)
			require.NoError(t, err)
		}
		for _, v := range votes[:2] {
			_, err = f.reveal(v.who, lease.Id, v.v, v.hash)
			require.NoError(t, err)
		}
		got, err := f.k.GetLease(f.ctx(), lease.Id)
		require.NoError(t, err)
		f.now = *got.AttestationDeadline
		ctx := f.ctx()
		require.NoError(t, f.k.EndBlocker(ctx))
		ev := one[*types.EventLeaseNoQuorum](t, ctx)
		require.Equal(t, coin(16_000_000), ev.Refund)
		require.Equal(t, []string{sdk.ValAddress(f.attester[2]).String()}, ev.Absent, "2/3 revealed, 1 against 1: a tie decides nothing")
		f.requireJobEnded(lease, types.JOB_STATUS_FAILED)
	})
}

// A provider whose validator is jailed turns inactive inside the staking
// EndBlocker's hooks, with the event saying the validator decided it.
func TestProviderStatusChangedByStakingHooks(t *testing.T) {
	f := newLeaseFixture(t)
	val, err := f.app.StakingKeeper.GetValidator(f.ctx(), sdk.ValAddress(f.provider))
	require.NoError(t, err)
	cons, err := val.GetConsAddr()
	require.NoError(t, err)
	ctx := f.ctx()
	require.NoError(t, f.app.StakingKeeper.Jail(ctx, cons))
	_, err = f.app.StakingKeeper.ApplyAndReturnValidatorSetUpdates(ctx)
	require.NoError(t, err)
	p, err := f.k.GetProvider(ctx, f.provider)
	require.NoError(t, err)
	require.Equal(t, &types.EventProviderStatusChanged{
		Operator: p.Operator, From: types.PROVIDER_STATUS_ACTIVE, To: types.PROVIDER_STATUS_INACTIVE,
		ValidatorBonded: false, Bond: p.Bond,
	}, one[*types.EventProviderStatusChanged](t, ctx))
}
