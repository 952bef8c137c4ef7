package keeper_test

import (
	"crypto/sha256"
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/aitbc/aitbc/x/compute/types"
	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
)

// leaseFixture is a fixture with the genesis validator registered as a
// provider with an H100 offer at 2 AITBC per GPU-hour, and three more
// bonded validators of power 1 to attest.
type leaseFixture struct {
	*fixture
	offerID  uint64
	attester []sdk.AccAddress
	consumer sdk.AccAddress
}

const leasePrice = 2_000_000

func newLeaseFixture(t *testing.T) *leaseFixture {
	f := &leaseFixture{fixture: newFixture(t), consumer: f0(t)}
	f.register()
	id, err := f.offer(h100(4), leasePrice)
	require.NoError(t, err)
	f.offerID = id
	for _, seed := range []string{"v1", "v2", "v3"} {
		op := f.app.AddValidator(t, f.ctx(), seed, math.NewInt(1_000_000))
		f.attester = append(f.attester, sdk.AccAddress(op))
	}
	f.app.Fund(t, f.ctx(), f.consumer, sdk.NewCoins(sdk.NewInt64Coin(denom, 100_000_000_000)))
	return f
}

func f0(t *testing.T) sdk.AccAddress {
	t.Helper()
	return sdk.AccAddress([]byte("consumer____________"))
}

// leaseJob submits the standard job (2 H100 x 4 h at most 3 AITBC) and runs
// EndBlock to match it; it returns the lease.
func (f *leaseFixture) leaseJob() types.Lease {
	f.t.Helper()
	res, err := f.msgs.SubmitJob(f.ctx(), f.jobMsg(f.consumer))
	require.NoError(f.t, err)
	require.NoError(f.t, f.k.EndBlocker(f.ctx()))
	job, err := f.k.GetJob(f.ctx(), res.JobId)
	require.NoError(f.t, err)
	require.Equal(f.t, types.JOB_STATUS_LEASED, job.Status)
	lease, err := f.k.GetLease(f.ctx(), job.LeaseId)
	require.NoError(f.t, err)
	return lease
}

func (f *leaseFixture) result(leaseID uint64, hash string, gpuSeconds uint64) ([]types.CommitteeMember, error) {
	res, err := f.msgs.SubmitResult(f.ctx(), &types.MsgSubmitResult{
		Account: f.provider.String(), LeaseId: leaseID, OutputHash: hash, OutputUri: "ipfs://out", GpuSecondsUsed: gpuSeconds,
	})
	if err != nil {
		return nil, err
	}
	return res.Committee, nil
}

// salt is the test salt of member who: 32 bytes from its address.
func salt(who sdk.AccAddress) []byte {
	s := sha256.Sum256(who)
	return s[:]
}

// commit has who commit to its verdict on the lease.
func (f *leaseFixture) commit(who sdk.AccAddress, leaseID uint64, v types.Verdict, hash string) (types.AttestationPhase, error) {
	c, err := types.AttestationCommitment(v, hash, salt(who))
	if err != nil {
		return 0, err
	}
	res, err := f.msgs.CommitAttestation(f.ctx(), &types.MsgCommitAttestation{Account: who.String(), LeaseId: leaseID, Commitment: c})
	if err != nil {
		return 0, err
	}
	return res.Phase, nil
}

// reveal has who reveal the verdict it committed (with its test salt).
func (f *leaseFixture) reveal(who sdk.AccAddress, leaseID uint64, v types.Verdict, hash string) (types.LeaseStatus, error) {
	res, err := f.msgs.RevealAttestation(f.ctx(), &types.MsgRevealAttestation{Account: who.String(), LeaseId: leaseID, Verdict: v, ObservedHash: hash, Salt: salt(who)})
	if err != nil {
		return 0, err
	}
	return res.Status, nil
}

// endCommitPhase moves the clock past the lease's commit deadline and runs
// EndBlock, which starts its reveal phase (or ends it under the floor).
func (f *leaseFixture) endCommitPhase(leaseID uint64) {
	f.t.Helper()
	l, err := f.k.GetLease(f.ctx(), leaseID)
	require.NoError(f.t, err)
	require.Equal(f.t, types.ATTESTATION_PHASE_COMMIT, l.AttestationPhase)
	f.now = l.CommitDeadline.Add(time.Second)
	require.NoError(f.t, f.k.EndBlocker(f.ctx()))
}

// vote is one member's verdict.
type vote struct {
	who  sdk.AccAddress
	v    types.Verdict
	hash string
}

// attestAll has the voters commit, ends the commit phase if they were not
// the whole committee, then has them reveal in order; it returns the
// lease's status after each reveal.
func (f *leaseFixture) attestAll(leaseID uint64, votes ...vote) []types.LeaseStatus {
	f.t.Helper()
	phase := types.ATTESTATION_PHASE_COMMIT
	for _, vt := range votes {
		var err error
		phase, err = f.commit(vt.who, leaseID, vt.v, vt.hash)
		require.NoError(f.t, err)
	}
	if phase == types.ATTESTATION_PHASE_COMMIT {
		f.endCommitPhase(leaseID)
	}
	var out []types.LeaseStatus
	for _, vt := range votes {
		status, err := f.reveal(vt.who, leaseID, vt.v, vt.hash)
		require.NoError(f.t, err)
		out = append(out, status)
	}
	return out
}

// actAll has each of the members commit and reveal the same verdict.
func (f *leaseFixture) actAll(leaseID uint64, members []sdk.AccAddress, v types.Verdict, hash string) {
	f.t.Helper()
	var votes []vote
	for _, m := range members {
		votes = append(votes, vote{m, v, hash})
	}
	f.attestAll(leaseID, votes...)
}

func (f *leaseFixture) treasury() math.Int {
	return f.balance(authtypes.NewModuleAddress(types.TreasuryName))
}

func (f *leaseFixture) bond() math.Int {
	p, err := f.k.GetProvider(f.ctx(), f.provider)
	require.NoError(f.t, err)
	return p.Bond.Amount
}

func (f *leaseFixture) score(addr sdk.AccAddress, kind reputationtypes.OutcomeKind) reputationtypes.Record {
	rec, err := f.app.ReputationKeeper.Current(f.ctx(), addr, kind)
	require.NoError(f.t, err)
	return rec
}

func TestMatchLeasesCheapestEligibleOfferAndRefundsTheDifference(t *testing.T) {
	f := newLeaseFixture(t)
	// Cheaper but with one GPU only: cannot take a 2-GPU job.
	small, err := f.offer(h100(1), 1_500_000)
	require.NoError(t, err)
	// Dearer: loses to the 2 AITBC offer.
	_, err = f.offer(h100(2), 2_500_000)
	require.NoError(t, err)
	before := f.balance(f.consumer)

	lease := f.leaseJob()
	require.Equal(t, f.offerID, lease.OfferId, "cheapest offer with capacity")
	require.NotEqual(t, small, lease.OfferId)
	require.Equal(t, sdk.NewInt64Coin(denom, leasePrice*2*4), lease.Escrow, "lease price x GPUs x hours")
	require.Equal(t, before.SubRaw(leasePrice*2*4), f.balance(f.consumer), "escrowed 24 AITBC, refunded (3-2) x 2 x 4 = 8 at the match")
	require.Equal(t, types.LEASE_STATUS_ACTIVE, lease.Status)
	require.Equal(t, f.now.Add(4*time.Hour+time.Hour), lease.Deadline, "hours + result grace")
	offer, err := f.k.GetOffer(f.ctx(), f.offerID)
	require.NoError(t, err)
	require.Equal(t, uint32(2), offer.Reserved)
	f.checkMoney()

	// The provider's bond answers for the lease: no unbonding meanwhile.
	_, err = f.msgs.Unbond(f.ctx(), &types.MsgUnbond{Account: f.provider.String(), Amount: sdk.NewInt64Coin(denom, 1)})
	require.ErrorIs(t, err, types.ErrActiveLeases)
}

func TestValidResultSettlesWithExactPayments(t *testing.T) {
	f := newLeaseFixture(t)
	lease := f.leaseJob()
	consumerBefore, providerBefore, treasuryBefore := f.balance(f.consumer), f.balance(f.provider), f.treasury()
	attesterBefore := f.balance(f.attester[0])

	committee, err := f.result(lease.Id, "sha256:out", 2*3600*3) // 3 of the 4 hours used
	require.NoError(t, err)
	require.Len(t, committee, 3, "every other bonded validator, the provider excluded")
	for _, m := range committee {
		require.NotEqual(t, sdk.ValAddress(f.provider).String(), m.Validator)
	}
	var votes []vote
	for _, a := range f.attester {
		votes = append(votes, vote{a, types.VERDICT_VALID, "sha256:out"})
	}
	require.Equal(t, []types.LeaseStatus{types.LEASE_STATUS_ATTESTING, types.LEASE_STATUS_ATTESTING, types.LEASE_STATUS_SETTLED},
		f.attestAll(lease.Id, votes...), "decided once every member who committed revealed")
	// cost = 2 AITBC x 21,600 GPU-s / 3,600 = 12 AITBC; take 5 % = 0.6;
	// verifier reward 20 % of the take = 0.12, 0.04 to each attester.
	require.Equal(t, consumerBefore.AddRaw(16_000_000-12_000_000), f.balance(f.consumer), "unused 4 AITBC refunded")
	require.Equal(t, providerBefore.AddRaw(12_000_000-600_000), f.balance(f.provider))
	require.Equal(t, treasuryBefore.AddRaw(600_000-120_000), f.treasury())
	require.Equal(t, attesterBefore.AddRaw(40_000), f.balance(f.attester[0]))
	got, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, types.Settlement{
		ProviderPayment: sdk.NewInt64Coin(denom, 11_400_000), Fee: sdk.NewInt64Coin(denom, 480_000),
		VerifierReward: sdk.NewInt64Coin(denom, 120_000), Refund: sdk.NewInt64Coin(denom, 4_000_000), Slashed: sdk.NewInt64Coin(denom, 0),
	}, *got.Settlement)
	require.True(t, got.Escrow.IsZero())
	offer, err := f.k.GetOffer(f.ctx(), f.offerID)
	require.NoError(t, err)
	require.Equal(t, uint32(0), offer.Reserved, "capacity released")
	f.checkMoney()

	require.Equal(t, "1.000000000000000000", f.score(f.provider, reputationtypes.OUTCOME_KIND_JOB).Success.String())
	require.Equal(t, "1.000000000000000000", f.score(f.attester[1], reputationtypes.OUTCOME_KIND_ATTESTATION).Success.String())

	// Once settled the lease takes nothing more.
	_, err = f.result(lease.Id, "sha256:out", 1)
	require.ErrorIs(t, err, types.ErrLeaseNotActive)
	_, err = f.msgs.Unbond(f.ctx(), &types.MsgUnbond{Account: f.provider.String(), Amount: sdk.NewInt64Coin(denom, 1)})
	require.NoError(t, err, "no unfinished lease any more")
}

func TestInvalidResultRefundsAndSlashes(t *testing.T) {
	f := newLeaseFixture(t)
	lease := f.leaseJob()
	consumerBefore, treasuryBefore, bondBefore := f.balance(f.consumer), f.treasury(), f.bond()
	_, err := f.result(lease.Id, "sha256:wrong", 2*4*3600)
	require.NoError(t, err)
	// The third member commits and never reveals: absent. Of the 2/3
	// revealed (over the 1/2 floor), all is against the result.
	_, err = f.commit(f.attester[2], lease.Id, types.VERDICT_VALID, "sha256:wrong")
	require.NoError(t, err)
	statuses := f.attestAll(lease.Id,
		vote{f.attester[0], types.VERDICT_VALID, "sha256:right"}, // a valid verdict with another hash is against the result
		vote{f.attester[1], types.VERDICT_INVALID, ""})
	require.Equal(t, []types.LeaseStatus{types.LEASE_STATUS_ATTESTING, types.LEASE_STATUS_ATTESTING}, statuses, "attester 2 may still reveal")
	got, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	f.now = *got.AttestationDeadline
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	got, err = f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_INVALID, got.Status, "2/3 revealed, all against")

	slash := bondBefore.QuoRaw(20) // 5 %
	require.Equal(t, consumerBefore.AddRaw(16_000_000), f.balance(f.consumer), "the whole lease escrow back")
	require.Equal(t, treasuryBefore.Add(slash), f.treasury())
	require.Equal(t, bondBefore.Sub(slash), f.bond())
	p, err := f.k.GetProvider(f.ctx(), f.provider)
	require.NoError(t, err)
	require.Equal(t, types.PROVIDER_STATUS_INACTIVE, p.Status, "bond under min_bond")
	f.checkMoney()
	require.Equal(t, "1.000000000000000000", f.score(f.provider, reputationtypes.OUTCOME_KIND_JOB).Failure.String())
	require.Equal(t, "1.000000000000000000", f.score(f.attester[0], reputationtypes.OUTCOME_KIND_ATTESTATION).Success.String())

	require.Equal(t, "1.000000000000000000", f.score(f.attester[2], reputationtypes.OUTCOME_KIND_ATTESTATION).Failure.String(), "absent")
	// The third member is too late: the lease is decided.
	_, err = f.reveal(f.attester[2], lease.Id, types.VERDICT_VALID, "sha256:wrong")
	require.ErrorIs(t, err, types.ErrLeaseNotAttesting)
	// An inactive provider's offers take no new job.
	_, err = f.msgs.SubmitJob(f.ctx(), f.jobMsg(f.consumer))
	require.NoError(t, err)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	open, err := f.q.Jobs(f.ctx(), &types.QueryJobsRequest{Status: types.JOB_STATUS_OPEN})
	require.NoError(t, err)
	require.Len(t, open.Jobs, 1)
}

func TestLeaseWithoutResultExpiresRefundedAndSlashed(t *testing.T) {
	f := newLeaseFixture(t)
	lease := f.leaseJob()
	consumerBefore, treasuryBefore, bondBefore := f.balance(f.consumer), f.treasury(), f.bond()

	f.now = lease.Deadline.Add(-time.Second)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	got, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_ACTIVE, got.Status, "not due yet")

	// EndBlock at the deadline ends it: a result in that block's txs would
	// still have been on time.
	f.now = lease.Deadline
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	got, err = f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_EXPIRED, got.Status)
	slash := bondBefore.QuoRaw(20)
	require.Equal(t, consumerBefore.AddRaw(16_000_000), f.balance(f.consumer))
	require.Equal(t, treasuryBefore.Add(slash), f.treasury())
	require.Equal(t, bondBefore.Sub(slash), f.bond())
	require.Equal(t, slash, got.Settlement.Slashed.Amount)
	f.checkMoney()
	require.Equal(t, "1.000000000000000000", f.score(f.provider, reputationtypes.OUTCOME_KIND_JOB).Failure.String())

	f.now = f.now.Add(time.Second)
	_, err = f.result(lease.Id, "sha256:late", 1)
	require.ErrorIs(t, err, types.ErrLeaseNotActive)
}
