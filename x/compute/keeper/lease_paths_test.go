package keeper_test

import (
	"strconv"
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/aitbc/aitbc/x/compute/keeper"
	"github.com/aitbc/aitbc/x/compute/types"
	reputationkeeper "github.com/aitbc/aitbc/x/reputation/keeper"
	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
)

func TestResultAndAttestationBadInputs(t *testing.T) {
	f := newLeaseFixture(t)
	lease := f.leaseJob()
	leased := uint64(2 * 4 * 3600)

	_, err := f.msgs.SubmitResult(f.ctx(), &types.MsgSubmitResult{Account: f.attester[0].String(), LeaseId: lease.Id, OutputHash: "h", GpuSecondsUsed: 1})
	require.ErrorIs(t, err, types.ErrNotLeaseProvider)
	_, err = f.result(99, "h", 1)
	require.ErrorIs(t, err, types.ErrLeaseNotFound)
	_, err = f.result(lease.Id, "", 1)
	require.ErrorIs(t, err, types.ErrInvalidResult, "no hash")
	_, err = f.result(lease.Id, "h", leased+1)
	require.ErrorIs(t, err, types.ErrInvalidResult, "more GPU-seconds than leased")
	_, err = f.commit(f.attester[0], lease.Id, types.VERDICT_VALID, "h")
	require.ErrorIs(t, err, types.ErrLeaseNotAttesting, "no result yet")
	_, err = f.reveal(f.attester[0], lease.Id, types.VERDICT_VALID, "h")
	require.ErrorIs(t, err, types.ErrLeaseNotAttesting, "no result yet")
	late := f.now
	f.now = lease.Deadline.Add(time.Second) // EndBlock has not expired it yet
	_, err = f.result(lease.Id, "h", 1)
	require.ErrorIs(t, err, types.ErrDeadlinePassed)
	f.now = late

	_, err = f.result(lease.Id, "h", leased)
	require.NoError(t, err)
	_, err = f.result(lease.Id, "h", leased)
	require.ErrorIs(t, err, types.ErrLeaseNotActive, "twice")

	commitCases := []struct {
		name       string
		who        sdk.AccAddress
		commitment []byte
		err        error
	}{
		{"the provider itself", f.provider, make([]byte, 32), types.ErrNotCommitteeMember},
		{"a non-validator", f.consumer, make([]byte, 32), types.ErrNotCommitteeMember},
		{"a short commitment", f.attester[0], make([]byte, 31), types.ErrInvalidCommitment},
		{"no commitment", f.attester[0], nil, types.ErrInvalidCommitment},
	}
	for _, tc := range commitCases {
		_, err := f.msgs.CommitAttestation(f.ctx(), &types.MsgCommitAttestation{Account: tc.who.String(), LeaseId: lease.Id, Commitment: tc.commitment})
		require.ErrorIs(t, err, tc.err, tc.name)
	}
	_, err = f.reveal(f.attester[0], lease.Id, types.VERDICT_VALID, "h")
	require.ErrorIs(t, err, types.ErrWrongAttestationPhase, "a reveal in the commit phase")
	_, err = f.commit(f.attester[0], lease.Id, types.VERDICT_VALID, "h")
	require.NoError(t, err)
	_, err = f.commit(f.attester[0], lease.Id, types.VERDICT_INVALID, "")
	require.ErrorIs(t, err, types.ErrAlreadyAttested)
	_, err = f.commit(f.attester[1], lease.Id, types.VERDICT_INVALID, "")
	require.NoError(t, err)
	got, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	f.now = got.CommitDeadline.Add(time.Second) // EndBlock has not started the reveal yet
	_, err = f.commit(f.attester[2], lease.Id, types.VERDICT_VALID, "h")
	require.ErrorIs(t, err, types.ErrDeadlinePassed)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	got, err = f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, types.ATTESTATION_PHASE_REVEAL, got.AttestationPhase, "2/3 committed is over the 1/2 floor")
	_, err = f.commit(f.attester[2], lease.Id, types.VERDICT_VALID, "h")
	require.ErrorIs(t, err, types.ErrWrongAttestationPhase)

	revealCases := []struct {
		name string
		who  sdk.AccAddress
		v    types.Verdict
		hash string
		salt []byte
		err  error
	}{
		{"the provider itself", f.provider, types.VERDICT_VALID, "h", salt(f.provider), types.ErrNotCommitteeMember},
		{"a member who did not commit", f.attester[2], types.VERDICT_VALID, "h", salt(f.attester[2]), types.ErrNotCommitted},
		{"no verdict", f.attester[0], types.VERDICT_UNSPECIFIED, "h", salt(f.attester[0]), types.ErrInvalidVerdict},
		{"valid without a hash", f.attester[0], types.VERDICT_VALID, "", salt(f.attester[0]), types.ErrInvalidVerdict},
		{"another verdict", f.attester[0], types.VERDICT_INVALID, "h", salt(f.attester[0]), types.ErrCommitmentMismatch},
		{"another hash", f.attester[0], types.VERDICT_VALID, "h2", salt(f.attester[0]), types.ErrCommitmentMismatch},
		{"another salt", f.attester[0], types.VERDICT_VALID, "h", salt(f.attester[1]), types.ErrCommitmentMismatch},
		{"a short salt", f.attester[0], types.VERDICT_VALID, "h", salt(f.attester[0])[:31], types.ErrInvalidVerdict},
	}
	for _, tc := range revealCases {
		_, err := f.msgs.RevealAttestation(f.ctx(), &types.MsgRevealAttestation{Account: tc.who.String(), LeaseId: lease.Id, Verdict: tc.v, ObservedHash: tc.hash, Salt: tc.salt})
		require.ErrorIs(t, err, tc.err, tc.name)
	}
	status, err := f.reveal(f.attester[0], lease.Id, types.VERDICT_VALID, "h")
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_ATTESTING, status, "attester 1 committed and may still reveal")
	_, err = f.reveal(f.attester[0], lease.Id, types.VERDICT_VALID, "h")
	require.ErrorIs(t, err, types.ErrAlreadyAttested)
	f.now = got.AttestationDeadline.Add(time.Second)
	_, err = f.reveal(f.attester[1], lease.Id, types.VERDICT_INVALID, "")
	require.ErrorIs(t, err, types.ErrDeadlinePassed)
	f.checkMoney()
}

func TestNoQuorumRefundsWithoutBlamingTheProvider(t *testing.T) {
	t.Run("commit deadline under the floor", func(t *testing.T) {
		f := newLeaseFixture(t)
		lease := f.leaseJob()
		consumerBefore, bondBefore := f.balance(f.consumer), f.bond()
		_, err := f.result(lease.Id, "h", 100)
		require.NoError(t, err)
		_, err = f.commit(f.attester[0], lease.Id, types.VERDICT_VALID, "h")
		require.NoError(t, err)
		f.endCommitPhase(lease.Id) // 1/3 committed cannot reach the 1/2 floor: ends at once
		got, err := f.k.GetLease(f.ctx(), lease.Id)
		require.NoError(t, err)
		require.Equal(t, types.LEASE_STATUS_NO_QUORUM, got.Status)
		require.Equal(t, consumerBefore.AddRaw(16_000_000), f.balance(f.consumer))
		require.Equal(t, bondBefore, f.bond(), "no slash")
		require.True(t, f.score(f.provider, reputationtypes.OUTCOME_KIND_JOB).Failure.IsZero(), "the provider is not blamed")
		for i, a := range f.attester {
			failed := f.score(a, reputationtypes.OUTCOME_KIND_ATTESTATION).Failure
			require.Equal(t, i > 0, failed.IsPositive(), "attester %d: only those who did not commit lose", i)
		}
		f.checkMoney()
	})
	t.Run("split committee decides by revealed majority", func(t *testing.T) {
		f := newLeaseFixture(t)
		lease := f.leaseJob()
		_, err := f.result(lease.Id, "h", 100)
		require.NoError(t, err)
		statuses := f.attestAll(lease.Id, vote{f.attester[0], types.VERDICT_VALID, "h"}, vote{f.attester[1], types.VERDICT_VALID, "h"},
			vote{f.attester[2], types.VERDICT_INVALID, ""})
		require.Equal(t, []types.LeaseStatus{types.LEASE_STATUS_ATTESTING, types.LEASE_STATUS_ATTESTING, types.LEASE_STATUS_SETTLED}, statuses,
			"decided once all who committed revealed: 2 of 3 is a strict majority")
		require.True(t, f.score(f.attester[2], reputationtypes.OUTCOME_KIND_ATTESTATION).Failure.IsPositive(), "the minority was wrong")
		f.checkMoney()
	})
}

func TestSingleValidatorChainSettlesUnattested(t *testing.T) {
	f := &leaseFixture{fixture: newFixture(t), consumer: f0(t)}
	f.register()
	id, err := f.offer(h100(4), leasePrice)
	require.NoError(t, err)
	f.offerID = id
	f.app.Fund(t, f.ctx(), f.consumer, sdk.NewCoins(sdk.NewInt64Coin(denom, 100_000_000_000)))
	lease := f.leaseJob()
	treasuryBefore := f.treasury()
	committee, err := f.result(lease.Id, "h", 2*4*3600)
	require.NoError(t, err)
	require.Empty(t, committee)
	got, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_SETTLED, got.Status)
	require.Equal(t, treasuryBefore.AddRaw(800_000), f.treasury(), "the whole 5 % take: no attester to reward")
	f.checkMoney()
}

func TestAcceptOfferPicksASpecificOffer(t *testing.T) {
	f := newLeaseFixture(t)
	dear, err := f.offer(h100(2), 2_500_000)
	require.NoError(t, err)
	res, err := f.msgs.SubmitJob(f.ctx(), f.jobMsg(f.consumer))
	require.NoError(t, err)
	before := f.balance(f.consumer)

	cases := []struct {
		name     string
		consumer sdk.AccAddress
		job      uint64
		offer    uint64
		err      error
	}{
		{"someone else's job", f.outsider, res.JobId, dear, types.ErrNotJobOwner},
		{"unknown job", f.consumer, 99, dear, types.ErrJobNotFound},
		{"unknown offer", f.consumer, res.JobId, 99, types.ErrOfferNotFound},
	}
	for _, tc := range cases {
		_, err := f.msgs.AcceptOffer(f.ctx(), &types.MsgAcceptOffer{Consumer: tc.consumer.String(), JobId: tc.job, OfferId: tc.offer})
		require.ErrorIs(t, err, tc.err, tc.name)
	}
	acc, err := f.msgs.AcceptOffer(f.ctx(), &types.MsgAcceptOffer{Consumer: f.consumer.String(), JobId: res.JobId, OfferId: dear})
	require.NoError(t, err)
	lease, err := f.k.GetLease(f.ctx(), acc.LeaseId)
	require.NoError(t, err)
	require.Equal(t, dear, lease.OfferId, "the consumer's pick, though not the cheapest")
	require.Equal(t, before.AddRaw((3_000_000-2_500_000)*2*4), f.balance(f.consumer))
	_, err = f.msgs.AcceptOffer(f.ctx(), &types.MsgAcceptOffer{Consumer: f.consumer.String(), JobId: res.JobId, OfferId: f.offerID})
	require.ErrorIs(t, err, types.ErrJobNotOpen)

	// Ineligible picks say why.
	msg := f.jobMsg(f.consumer)
	msg.MaxPricePerGpuHour = sdk.NewInt64Coin(denom, 1_000_000)
	cheap, err := f.msgs.SubmitJob(f.ctx(), msg)
	require.NoError(t, err)
	_, err = f.msgs.AcceptOffer(f.ctx(), &types.MsgAcceptOffer{Consumer: f.consumer.String(), JobId: cheap.JobId, OfferId: f.offerID})
	require.ErrorIs(t, err, types.ErrOfferIneligible, "over the job's max price")
	own, err := f.msgs.SubmitJob(f.ctx(), f.jobMsg(f.provider))
	require.NoError(t, err)
	_, err = f.msgs.AcceptOffer(f.ctx(), &types.MsgAcceptOffer{Consumer: f.provider.String(), JobId: own.JobId, OfferId: f.offerID})
	require.ErrorIs(t, err, types.ErrOfferIneligible, "a provider's own offer")
	f.checkMoney()
}

func TestMatchingSkipsJobsNoOfferCanTake(t *testing.T) {
	f := newLeaseFixture(t)
	params, err := f.k.Params.Get(f.ctx())
	require.NoError(t, err)
	params.MaxMatchesPerBlock = 1
	require.NoError(t, f.k.Params.Set(f.ctx(), params))

	nobody := f.jobMsg(f.consumer)
	nobody.Requirements.Model = "B200"
	stuck, err := f.msgs.SubmitJob(f.ctx(), nobody)
	require.NoError(t, err)
	ok, err := f.msgs.SubmitJob(f.ctx(), f.jobMsg(f.consumer))
	require.NoError(t, err)

	require.NoError(t, f.k.EndBlocker(f.ctx())) // looks at the B200 job only
	job, err := f.k.GetJob(f.ctx(), ok.JobId)
	require.NoError(t, err)
	require.Equal(t, types.JOB_STATUS_OPEN, job.Status, "one job per block")
	require.NoError(t, f.k.EndBlocker(f.ctx())) // the cursor moved past it
	job, err = f.k.GetJob(f.ctx(), ok.JobId)
	require.NoError(t, err)
	require.Equal(t, types.JOB_STATUS_LEASED, job.Status, "not starved by the job before it")

	// The B200 job stays open until its deadline, then is refunded in full.
	before := f.balance(f.consumer)
	f.now = nobody.Deadline
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	job, err = f.k.GetJob(f.ctx(), stuck.JobId)
	require.NoError(t, err)
	require.Equal(t, types.JOB_STATUS_EXPIRED, job.Status)
	require.Equal(t, before.AddRaw(3_000_000*2*4+leasePrice*2*4), f.balance(f.consumer), "its escrow, and the other job's lease expired unanswered")
	f.checkMoney()
}

func TestMatchingByVramTiesAndReputation(t *testing.T) {
	f := newLeaseFixture(t)
	// A second provider (attester 0) offers A100s at the H100 offer's price.
	second := f.attester[0]
	f.app.Fund(t, f.ctx(), second, sdk.NewCoins(sdk.NewInt64Coin(denom, 10_000_000_000)))
	_, err := f.msgs.RegisterProvider(f.ctx(), &types.MsgRegisterProvider{
		Account: second.String(), Gpus: []types.Gpu{{Model: "A100", VramMib: 81920, Count: 4}}, Bond: sdk.NewInt64Coin(denom, 1_000_000_000),
	})
	require.NoError(t, err)
	res, err := f.msgs.CreateOffer(f.ctx(), &types.MsgCreateOffer{
		Account: second.String(), Gpu: types.Gpu{Model: "A100", VramMib: 81920, Count: 4},
		PricePerGpuHour: sdk.NewInt64Coin(denom, leasePrice), MinHours: 1, MaxHours: 72,
	})
	require.NoError(t, err)
	a100 := res.OfferId

	// Same price: the older offer wins while reputations are equal.
	vram := f.jobMsg(f.consumer)
	vram.Requirements = types.Requirements{MinVramMib: 80000, Count: 1, Hours: 1}
	_, err = f.msgs.SubmitJob(f.ctx(), vram)
	require.NoError(t, err)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	leases, err := f.q.Leases(f.ctx(), &types.QueryLeasesRequest{Status: types.LEASE_STATUS_ACTIVE})
	require.NoError(t, err)
	require.Len(t, leases.Leases, 1)
	require.Equal(t, f.offerID, leases.Leases[0].OfferId, "a VRAM-only job takes any model; the older offer wins a tie")

	// A better score wins the tie; a min reputation above the first
	// provider's score excludes it.
	require.NoError(t, f.app.ReputationKeeper.RecordOutcome(f.ctx(), second, reputationtypes.OUTCOME_KIND_JOB, true, math.LegacyNewDec(5)))
	_, err = f.msgs.SubmitJob(f.ctx(), vram)
	require.NoError(t, err)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	leases, err = f.q.Leases(f.ctx(), &types.QueryLeasesRequest{Provider: sdk.ValAddress(second).String()})
	require.NoError(t, err)
	require.Len(t, leases.Leases, 1)
	require.Equal(t, a100, leases.Leases[0].OfferId)

	picky := f.jobMsg(f.consumer)
	picky.MinProviderReputation = 600
	_, err = f.msgs.SubmitJob(f.ctx(), picky) // H100 only: the first provider scores 500
	require.NoError(t, err)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	stats, err := f.q.MarketStats(f.ctx(), &types.QueryMarketStatsRequest{})
	require.NoError(t, err)
	require.Equal(t, uint64(1), stats.OpenJobs)
	require.Equal(t, uint64(2), stats.ActiveLeases)
	require.Equal(t, []types.ModelStats{
		{Model: "A100", OpenOffers: 1, FreeGpus: 3, MedianPricePerGpuHour: sdk.NewInt64Coin(denom, leasePrice)},
		{Model: "H100", OpenOffers: 1, FreeGpus: 3, MedianPricePerGpuHour: sdk.NewInt64Coin(denom, leasePrice), OpenJobs: 1},
	}, stats.Models)
	f.checkMoney()
}

func TestFullOffersLeaveThePriceIndexAndClosedOffersAreDeletedWhenFree(t *testing.T) {
	f := newLeaseFixture(t)
	msg := f.jobMsg(f.consumer)
	msg.Requirements.Count = 4
	_, err := f.msgs.SubmitJob(f.ctx(), msg)
	require.NoError(t, err)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	offers, err := f.q.Offers(f.ctx(), &types.QueryOffersRequest{Model: "H100"})
	require.NoError(t, err)
	require.Empty(t, offers.Offers, "all 4 GPUs leased: not listed")

	_, err = f.msgs.CloseOffer(f.ctx(), &types.MsgCloseOffer{Account: f.provider.String(), OfferId: f.offerID})
	require.NoError(t, err)
	_, err = f.offer(h100(8), 1_000_000)
	require.ErrorIs(t, err, types.ErrNoCapacity, "the closed offer's leased GPUs are still busy")
	_, err = f.offer(h100(4), 1_000_000)
	require.NoError(t, err)

	leases, err := f.q.Leases(f.ctx(), &types.QueryLeasesRequest{Provider: sdk.ValAddress(f.provider).String(), Status: types.LEASE_STATUS_ACTIVE})
	require.NoError(t, err)
	require.Len(t, leases.Leases, 1)
	f.now = leases.Leases[0].Deadline
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	_, err = f.k.GetOffer(f.ctx(), f.offerID)
	require.ErrorIs(t, err, types.ErrOfferNotFound, "deleted once its last lease ended")
	f.checkMoney()
}

func TestConsumerRatesProviderOnceAfterTheLease(t *testing.T) {
	f := newLeaseFixture(t)
	lease := f.leaseJob()
	checker := keeper.NewDealChecker(f.k)
	id := strconv.FormatUint(lease.Id, 10)
	_, found, err := checker.FinishedDeal(f.ctx(), id)
	require.NoError(t, err)
	require.False(t, found, "still active")
	_, err = f.result(lease.Id, "h", 1)
	require.NoError(t, err)
	f.actAll(lease.Id, f.attester, types.VERDICT_VALID, "h")
	parties, found, err := checker.FinishedDeal(f.ctx(), id)
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, f.consumer, parties.Consumer)
	require.Equal(t, f.provider, parties.Provider)
	for _, bad := range []string{"x", "99"} {
		_, found, err := checker.FinishedDeal(f.ctx(), bad)
		require.NoError(t, err)
		require.False(t, found, bad)
	}

	rate := &reputationtypes.MsgRate{Rater: f.consumer.String(), DealRef: "compute/" + id, Score: 5}
	rater := reputationkeeper.NewMsgServerImpl(f.app.ReputationKeeper)
	_, err = rater.Rate(f.ctx(), rate)
	require.NoError(t, err)
	_, err = rater.Rate(f.ctx(), rate)
	require.ErrorIs(t, err, reputationtypes.ErrAlreadyRated, "once per lease")
}

func TestGenesisRoundTripWithLeasesInEveryState(t *testing.T) {
	f := newLeaseFixture(t)
	params, err := f.k.Params.Get(f.ctx())
	require.NoError(t, err)
	params.MaxOffersPerProvider = 64
	require.NoError(t, f.k.Params.Set(f.ctx(), params))
	settled := f.leaseJob()
	_, err = f.result(settled.Id, "h", 10)
	require.NoError(t, err)
	f.actAll(settled.Id, f.attester, types.VERDICT_VALID, "h")
	attesting := f.leaseJob()
	_, err = f.result(attesting.Id, "h", 10)
	require.NoError(t, err)
	_, err = f.commit(f.attester[0], attesting.Id, types.VERDICT_VALID, "h")
	require.NoError(t, err)
	active := f.leaseJob()
	_, err = f.msgs.SubmitJob(f.ctx(), f.jobMsg(f.outsider)) // stays open: both leases hold the offer's 4 GPUs
	require.NoError(t, err)

	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.Len(t, exported.Leases, 3)
	require.Len(t, exported.Attestations, 4)
	requireJobStatusesRefused(t, *exported, settled.JobId, attesting.JobId)

	fresh := newFixture(t)
	// The fresh app's module accounts must hold what the state says.
	fresh.app.Fund(t, fresh.ctx(), fresh.outsider, sdk.NewCoins(sdk.NewInt64Coin(denom, 1)))
	require.NoError(t, fresh.app.BankKeeper.SendCoinsFromAccountToModule(fresh.ctx(), fresh.provider, types.BondsName,
		sdk.NewCoins(sdk.NewInt64Coin(denom, 1_000_000_000))))
	held := f.app.BankKeeper.GetBalance(f.ctx(), authtypes.NewModuleAddress(types.EscrowName), denom)
	fresh.app.Fund(t, fresh.ctx(), fresh.outsider, sdk.NewCoins(held))
	require.NoError(t, fresh.app.BankKeeper.SendCoinsFromAccountToModule(fresh.ctx(), fresh.outsider, types.EscrowName, sdk.NewCoins(held)))
	require.NoError(t, fresh.k.InitGenesis(fresh.ctx(), *exported))
	again, err := fresh.k.ExportGenesis(fresh.ctx())
	require.NoError(t, err)
	require.Equal(t, exported, again)

	// The imported attesting lease still settles and deadlines still fire.
	fresh.now = active.Deadline
	require.NoError(t, fresh.k.EndBlocker(fresh.ctx()))
	got, err := fresh.k.GetLease(fresh.ctx(), active.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_EXPIRED, got.Status)
	got, err = fresh.k.GetLease(fresh.ctx(), attesting.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_NO_QUORUM, got.Status)
	fresh.checkMoney()
}

func TestUnbondedValidatorTakesNoNewLease(t *testing.T) {
	f := newLeaseFixture(t)
	val, err := f.app.StakingKeeper.GetValidator(f.ctx(), sdk.ValAddress(f.provider))
	require.NoError(t, err)
	cons, err := val.GetConsAddr()
	require.NoError(t, err)
	require.NoError(t, f.app.StakingKeeper.Jail(f.ctx(), cons))

	res, err := f.msgs.SubmitJob(f.ctx(), f.jobMsg(f.consumer))
	require.NoError(t, err)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	job, err := f.k.GetJob(f.ctx(), res.JobId)
	require.NoError(t, err)
	require.Equal(t, types.JOB_STATUS_OPEN, job.Status, "a jailed validator's offer is skipped")
	_, err = f.msgs.AcceptOffer(f.ctx(), &types.MsgAcceptOffer{Consumer: f.consumer.String(), JobId: res.JobId, OfferId: f.offerID})
	require.ErrorIs(t, err, types.ErrOfferIneligible)
	require.ErrorContains(t, err, "not a bonded validator")
	f.checkMoney()
}

func TestInactiveProvidersOffersLeaveThePriceIndex(t *testing.T) {
	f := newLeaseFixture(t)
	listed := func() int {
		res, err := f.q.Offers(f.ctx(), &types.QueryOffersRequest{Model: "H100"})
		require.NoError(t, err)
		return len(res.Offers)
	}
	require.Equal(t, 1, listed())
	// Under min_bond: inactive, delisted; bonding back relists.
	_, err := f.msgs.Unbond(f.ctx(), &types.MsgUnbond{Account: f.provider.String(), Amount: sdk.NewInt64Coin(denom, 1)})
	require.NoError(t, err)
	require.Equal(t, 0, listed())
	_, err = f.msgs.Bond(f.ctx(), &types.MsgBond{Account: f.provider.String(), Amount: sdk.NewInt64Coin(denom, 1)})
	require.NoError(t, err)
	require.Equal(t, 1, listed())

	// Jailed and out of the bonded set: the staking hook delists.
	val, err := f.app.StakingKeeper.GetValidator(f.ctx(), sdk.ValAddress(f.provider))
	require.NoError(t, err)
	cons, err := val.GetConsAddr()
	require.NoError(t, err)
	require.NoError(t, f.app.StakingKeeper.Jail(f.ctx(), cons))
	_, err = f.app.StakingKeeper.ApplyAndReturnValidatorSetUpdates(f.ctx())
	require.NoError(t, err)
	p, err := f.k.GetProvider(f.ctx(), f.provider)
	require.NoError(t, err)
	require.Equal(t, types.PROVIDER_STATUS_INACTIVE, p.Status)
	require.Equal(t, 0, listed())
	stats, err := f.q.MarketStats(f.ctx(), &types.QueryMarketStatsRequest{})
	require.NoError(t, err)
	require.Empty(t, stats.Models)
	// Bonded again: relisted.
	require.NoError(t, f.app.StakingKeeper.Unjail(f.ctx(), cons))
	_, err = f.app.StakingKeeper.ApplyAndReturnValidatorSetUpdates(f.ctx())
	require.NoError(t, err)
	require.Equal(t, 1, listed())
}

func TestConsumerValidatorIsNotOnItsOwnCommittee(t *testing.T) {
	f := newLeaseFixture(t)
	f.consumer = f.attester[0]
	f.app.Fund(t, f.ctx(), f.consumer, sdk.NewCoins(sdk.NewInt64Coin(denom, 100_000_000)))
	lease := f.leaseJob()
	committee, err := f.result(lease.Id, "h", 1)
	require.NoError(t, err)
	require.Len(t, committee, 2)
	for _, m := range committee {
		require.NotEqual(t, sdk.ValAddress(f.consumer).String(), m.Validator)
	}
	_, err = f.commit(f.consumer, lease.Id, types.VERDICT_INVALID, "")
	require.ErrorIs(t, err, types.ErrNotCommitteeMember)
}

// requireJobStatusesRefused checks that genesis validation refuses a job
// whose status does not follow its lease's, or that names no lease of its
// own: finishing the lease relies on it.
func requireJobStatusesRefused(t *testing.T, gs types.GenesisState, settledJob, attestingJob uint64) {
	t.Helper()
	for name, corrupt := range map[string]func(*types.Job){
		"settled lease, job still leased": func(j *types.Job) {
			if j.Id == settledJob {
				j.Status = types.JOB_STATUS_LEASED
			}
		},
		"running lease, job failed": func(j *types.Job) {
			if j.Id == attestingJob {
				j.Status = types.JOB_STATUS_FAILED
			}
		},
		"leased job without a lease": func(j *types.Job) {
			if j.Id == attestingJob {
				j.LeaseId = 999
			}
		},
	} {
		bad := gs
		bad.Jobs = append([]types.Job(nil), gs.Jobs...)
		for i := range bad.Jobs {
			corrupt(&bad.Jobs[i])
		}
		require.ErrorIs(t, bad.Validate(), types.ErrInvalidGenesis, name)
	}
	var statuses []types.JobStatus
	for _, j := range gs.Jobs {
		statuses = append(statuses, j.Status)
	}
	require.Equal(t, []types.JobStatus{types.JOB_STATUS_COMPLETED, types.JOB_STATUS_LEASED, types.JOB_STATUS_LEASED, types.JOB_STATUS_OPEN}, statuses)
	require.NoError(t, gs.Validate(), "the original is untouched")
}
