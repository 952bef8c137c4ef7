package app_test

import (
	"slices"
	"testing"
	"time"

	"cosmossdk.io/log"
	"cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/cosmos-sdk/baseapp"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/app"
	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/testutil"
	"github.com/aitbc/aitbc/testutil/metricstest"
	agenttypes "github.com/aitbc/aitbc/x/agent/types"
	computekeeper "github.com/aitbc/aitbc/x/compute/keeper"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
	daokeeper "github.com/aitbc/aitbc/x/dao/keeper"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
	sourcedaotypes "github.com/aitbc/aitbc/x/sourcedao/types"
)

const metricsDenom = "uaitbc"

// txResult is a finalized transaction whose messages emitted events, as
// baseapp reports it (msg_index on every event).
func txResult(code uint32, events []abci.Event) *abci.ExecTxResult {
	out := make([]abci.Event, len(events))
	for i, ev := range events {
		ev.Attributes = append(append([]abci.EventAttribute(nil), ev.Attributes...), abci.EventAttribute{Key: "msg_index", Value: "0"})
		out[i] = ev
	}
	return &abci.ExecTxResult{Code: code, Events: out}
}

// blockEvents turns typed events into EndBlock events, as baseapp reports
// them (a mode attribute whose value is not JSON).
func blockEvents(t *testing.T, evs ...proto.Message) []abci.Event {
	t.Helper()
	var out []abci.Event
	for _, ev := range evs {
		e, err := sdk.TypedEventToEvent(ev)
		require.NoError(t, err)
		e.Attributes = append(e.Attributes, abci.EventAttribute{Key: "mode", Value: "EndBlock"})
		out = append(out, abci.Event(e))
	}
	return out
}

func listen(t *testing.T, res abci.ResponseFinalizeBlock) {
	t.Helper()
	require.NoError(t, app.NewMetricsListener(log.NewNopLogger()).ListenFinalizeBlock(t.Context(), abci.RequestFinalizeBlock{}, res))
}

// TestMetricsCountCommittedTransitions runs real transitions (a lock and a
// job submission in a transaction, the job's expiry in EndBlock) and feeds
// the finalized results to the listener: the counters move by what was
// committed, and a failed transaction's events count for nothing.
func TestMetricsCountCommittedTransitions(t *testing.T) {
	sink := metricstest.Enable(t)
	ta := testutil.NewTestApp(t)
	now := testutil.GenesisTime.Add(5 * time.Second)
	ctx := ta.Context(now).WithEventManager(sdk.NewEventManager())

	owner := testutil.Addrs(1)[0]
	ta.Fund(t, ctx, owner, sdk.NewCoins(sdk.NewInt64Coin(metricsDenom, 50_000_000)))
	ctx = ctx.WithEventManager(sdk.NewEventManager())
	_, err := daokeeper.NewMsgServerImpl(ta.DaoKeeper).Lock(ctx, &daotypes.MsgLock{Owner: owner.String(), Amount: sdk.NewInt64Coin(metricsDenom, 3_000_000)})
	require.NoError(t, err)
	lockEvents := ctx.EventManager().ABCIEvents()

	ctx = ctx.WithEventManager(sdk.NewEventManager())
	job := &computetypes.MsgSubmitJob{
		Consumer:           owner.String(),
		Requirements:       computetypes.Requirements{Model: "H100", Count: 1, Hours: 2},
		MaxPricePerGpuHour: sdk.NewInt64Coin(metricsDenom, 1_000_000),
		Workload:           computetypes.Workload{Image: "ghcr.io/acme/train:1"},
		Deadline:           now.Add(time.Minute),
	}
	_, err = computekeeper.NewMsgServerImpl(ta.ComputeKeeper).SubmitJob(ctx, job)
	require.NoError(t, err)
	jobEvents := ctx.EventManager().ABCIEvents()

	listen(t, abci.ResponseFinalizeBlock{TxResults: []*abci.ExecTxResult{
		txResult(0, lockEvents), txResult(0, jobEvents),
		txResult(5, lockEvents), nil, // a failed transaction: its events were not committed
	}})
	require.Equal(t, 1.0, sink.Counter(daotypes.MetricLocks), sink.Names())
	require.Equal(t, 3_000_000.0, sink.Counter(daotypes.MetricLockedAmount))
	require.Equal(t, 1.0, sink.Counter(computetypes.MetricJobsSubmitted))
	require.Equal(t, 2_000_000.0, sink.Counter(computetypes.MetricEscrowedAmount, "denom=uaitbc"))

	// The job expires in EndBlock: a real block's events, with baseapp's
	// mode attribute, count; the EndBlock timings are sampled.
	endBlockers := sink.Samples([]string{"end_blocker"}, "module=compute")
	res := ta.NextBlock(t, now.Add(2*time.Minute))
	require.Equal(t, 0.0, sink.Counter(computetypes.MetricJobsEnded, "status=expired"), "nothing counted before the listener sees the block")
	listen(t, *res)
	require.Equal(t, 1.0, sink.Counter(computetypes.MetricJobsEnded, "status=expired"), sink.Names())
	require.Equal(t, 2_000_000.0, sink.Counter(computetypes.MetricRefundedAmount, "denom=uaitbc"))
	require.Greater(t, sink.Samples([]string{"end_blocker"}, "module=compute"), endBlockers)
	require.Positive(t, sink.Samples([]string{"end_blocker"}, "module=dao"))
	require.Positive(t, sink.Samples([]string{"begin_blocker"}, "module=dao"))
}

// TestMetricsAsyncListener: the node's listener queues blocks and its
// worker records every one of them by Close.
func TestMetricsAsyncListener(t *testing.T) {
	sink := metricstest.Enable(t)
	l := app.NewAsyncMetricsListener(log.NewNopLogger(), 8)
	res := abci.ResponseFinalizeBlock{Events: blockEvents(t, &daotypes.EventLock{Amount: math.NewInt(5)})}
	for i := 0; i < 3; i++ {
		require.NoError(t, l.ListenFinalizeBlock(t.Context(), abci.RequestFinalizeBlock{}, res))
	}
	l.Close()
	l.Close() // twice is fine
	require.Equal(t, 3.0, sink.Counter(daotypes.MetricLocks), sink.Names())
	require.Equal(t, 15.0, sink.Counter(daotypes.MetricLockedAmount))
	require.Equal(t, 0.0, sink.Counter(app.MetricBlocksDropped))
}

// TestMetricsEveryModuleEvent checks the mapping of each module's events to
// its counters, labels included.
func TestMetricsEveryModuleEvent(t *testing.T) {
	sink := metricstest.Enable(t)
	coin := func(n int64) sdk.Coin { return sdk.NewInt64Coin(metricsDenom, n) }
	events := blockEvents(t,
		&daotypes.EventSubmitProposal{ProposalId: 1, Class: "standard"},
		&daotypes.EventProposalStatus{ProposalId: 1, Status: daotypes.PROPOSAL_STATUS_VOTING},
		&daotypes.EventVote{ProposalId: 1, Options: []daotypes.WeightedVoteOption{{Option: daotypes.VOTE_OPTION_YES, Weight: math.LegacyOneDec()}}, Weight: math.NewInt(7)},
		&daotypes.EventVote{ProposalId: 1, Options: []daotypes.WeightedVoteOption{
			{Option: daotypes.VOTE_OPTION_YES, Weight: math.LegacyNewDecWithPrec(5, 1)}, {Option: daotypes.VOTE_OPTION_NO, Weight: math.LegacyNewDecWithPrec(5, 1)},
		}, Weight: math.NewInt(3)},
		&daotypes.EventUnlockCompleted{Amount: math.NewInt(40)},
		&computetypes.EventAttestationCommitted{LeaseId: 1},
		&computetypes.EventAttestation{LeaseId: 1, Verdict: computetypes.VERDICT_VALID},
		&computetypes.EventLeaseSettled{LeaseId: 1, ProviderPayment: coin(90), Fee: coin(10), VerifierReward: coin(0), Refund: coin(5)},
		&computetypes.EventProviderSlashed{LeaseId: 2, Amount: coin(11)},
		&computetypes.EventLeaseFailed{LeaseId: 2, Status: computetypes.LEASE_STATUS_INVALID, Refund: coin(6), Slashed: coin(11)},
		&sourcedaotypes.EventProjectState{ProjectId: 1, To: sourcedaotypes.PROJECT_STATE_DEVELOPING},
		&sourcedaotypes.EventRewardsClaimed{Amount: "123"},
		&agenttypes.EventAgentRegistered{AgentId: 1, Type: agenttypes.AGENT_TYPE_PROVIDER},
		&agenttypes.EventAgentExec{AgentId: 1, Spent: "4uaitbc"},
		&reputationtypes.EventOutcome{Kind: reputationtypes.OUTCOME_KIND_JOB, Success: true},
	)
	events = append(events, abci.Event{Type: isolate.EventTypeItemFailed, Attributes: []abci.EventAttribute{
		{Key: isolate.AttributeModule, Value: "compute"}, {Key: isolate.AttributeItem, Value: "match job 1"}, {Key: isolate.AttributeOutcome, Value: "skipped"},
	}}, abci.Event{Type: "aitbc.dao.v1.EventNotAType", Attributes: []abci.EventAttribute{{Key: "x", Value: "{"}}}) // skipped, not a failure
	listen(t, abci.ResponseFinalizeBlock{Events: events})

	for _, c := range []struct {
		key    []string
		labels []string
		want   float64
	}{
		{daotypes.MetricProposalsSubmitted, []string{"class=standard"}, 1},
		{daotypes.MetricProposalStatusChanges, []string{"status=voting"}, 1},
		{daotypes.MetricVotes, []string{"option=yes"}, 1},
		{daotypes.MetricVotes, []string{"option=split"}, 1},
		{daotypes.MetricVoteWeight, nil, 10},
		{daotypes.MetricUnlockPaidAmount, nil, 40},
		{computetypes.MetricAttestationCommits, nil, 1},
		{computetypes.MetricAttestationReveals, []string{"verdict=valid"}, 1},
		{computetypes.MetricLeasesEnded, []string{"status=settled"}, 1},
		{computetypes.MetricLeasesEnded, []string{"status=invalid"}, 1},
		{computetypes.MetricSettledAmount, []string{"part=provider_payment", "denom=uaitbc"}, 90},
		{computetypes.MetricSettledAmount, []string{"part=fee", "denom=uaitbc"}, 10},
		{computetypes.MetricSettledAmount, []string{"part=verifier_reward", "denom=uaitbc"}, 0},
		{computetypes.MetricSlashedAmount, []string{"denom=uaitbc"}, 11}, // once, not again from EventLeaseFailed
		{computetypes.MetricRefundedAmount, []string{"denom=uaitbc"}, 11},
		{sourcedaotypes.MetricProjectStateChanges, []string{"status=developing"}, 1},
		{sourcedaotypes.MetricRewardsClaimed, nil, 123},
		{agenttypes.MetricAgentsRegistered, []string{"type=provider"}, 1},
		{agenttypes.MetricExecSpentAmount, []string{"denom=uaitbc"}, 4},
		{reputationtypes.MetricOutcomes, []string{"kind=job", "success=true"}, 1},
		{app.MetricItemsFailed, []string{"module=compute", "outcome=skipped"}, 1},
	} {
		require.Equal(t, c.want, sink.Counter(c.key, c.labels...), "%v %v in %v", c.key, c.labels, sink.Names())
	}
}

// TestMetricsOffWithoutTelemetry: an app without telemetry in its options
// (every test app, simulation) has no listener; with it, one.
func TestMetricsOffWithoutTelemetry(t *testing.T) {
	ta := testutil.NewTestApp(t)
	require.Empty(t, ta.StreamingManager().ABCIListeners)

	opts := simtestutil.AppOptionsMap{"telemetry.enabled": true, "home": t.TempDir()}
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, true, opts, baseapp.SetChainID(testutil.ChainID))
	require.Len(t, a.StreamingManager().ABCIListeners, 1)
}

// TestMetricsStateCollector reads the gauges from the committed state: the
// locked supply, module balances and the live jobs, nothing before the
// first commit of a change.
func TestMetricsStateCollector(t *testing.T) {
	ta := testutil.NewTestApp(t)
	reg := prometheus.NewRegistry()
	require.NoError(t, reg.Register(app.NewStateCollector(ta.App, "", prometheus.Labels{"chain_id": testutil.ChainID}, log.NewNopLogger())))

	now := testutil.GenesisTime.Add(5 * time.Second)
	ctx := ta.Context(now)
	owner := testutil.Addrs(1)[0]
	ta.Fund(t, ctx, owner, sdk.NewCoins(sdk.NewInt64Coin(metricsDenom, 50_000_000)))
	_, err := ta.DaoKeeper.Lock(ctx, owner, sdk.NewInt64Coin(metricsDenom, 3_000_000))
	require.NoError(t, err)
	_, err = computekeeper.NewMsgServerImpl(ta.ComputeKeeper).SubmitJob(ctx, &computetypes.MsgSubmitJob{
		Consumer:           owner.String(),
		Requirements:       computetypes.Requirements{Model: "H100", Count: 1, Hours: 2},
		MaxPricePerGpuHour: sdk.NewInt64Coin(metricsDenom, 1_000_000),
		Workload:           computetypes.Workload{Image: "ghcr.io/acme/train:1"},
		Deadline:           now.Add(time.Hour),
	})
	require.NoError(t, err)

	before := gather(t, reg)
	require.Equal(t, 0.0, before.value("aitbc_dao_locked", "denom", metricsDenom), "not committed yet")
	require.Equal(t, 0.0, before.value("aitbc_compute_jobs", "status", "open"))

	ta.NextBlock(t, now)
	after := gather(t, reg)
	require.Equal(t, float64(ta.LastBlockHeight()), after.value("aitbc_state_height"))
	require.Equal(t, 3_000_000.0, after.value("aitbc_dao_locked", "denom", metricsDenom))
	require.Equal(t, 1.0, after.value("aitbc_compute_jobs", "status", "open"))
	require.Equal(t, 0.0, after.value("aitbc_compute_leases", "status", "active"))
	require.Equal(t, 0.0, after.value("aitbc_dao_proposals", "status", "voting"))
	require.Equal(t, 2_000_000.0, after.value("aitbc_module_account_balance", "account", computetypes.EscrowName, "denom", metricsDenom))
	require.Equal(t, 3_000_000.0, after.value("aitbc_module_account_balance", "account", daotypes.VoteEscrowName, "denom", metricsDenom))
	escrow := ta.BankKeeper.GetBalance(ta.Context(now), authtypes.NewModuleAddress(computetypes.EscrowName), metricsDenom)
	require.Equal(t, escrow.Amount.Int64(), int64(after.value("aitbc_module_account_balance", "account", computetypes.EscrowName, "denom", metricsDenom)))
	for _, mf := range after {
		for _, m := range mf.Metric {
			require.Contains(t, labelsOf(m), "chain_id="+testutil.ChainID, "global labels on %s", mf.GetName())
		}
	}
}

type families []*dto.MetricFamily

func gather(t *testing.T, reg *prometheus.Registry) families {
	t.Helper()
	mfs, err := reg.Gather()
	require.NoError(t, err)
	return mfs
}

// value is the gauge name with the given label pairs; 0 when absent.
func (fs families) value(name string, labels ...string) float64 {
	for _, mf := range fs {
		if mf.GetName() != name {
			continue
		}
	metric:
		for _, m := range mf.Metric {
			have := labelsOf(m)
			for i := 0; i+1 < len(labels); i += 2 {
				if !slices.Contains(have, labels[i]+"="+labels[i+1]) {
					continue metric
				}
			}
			return m.GetGauge().GetValue()
		}
	}
	return 0
}

func labelsOf(m *dto.Metric) []string {
	var out []string
	for _, l := range m.Label {
		out = append(out, l.GetName()+"="+l.GetValue())
	}
	return out
}

// BenchmarkMetricsListener measures the listener on a block of 100
// transactions with a lock, a job and a lease settlement each: its cost per
// FinalizeBlock, with telemetry on.
func BenchmarkMetricsListener(b *testing.B) {
	metricstest.Enable(b)
	coin := sdk.NewInt64Coin(metricsDenom, 10)
	var txs []*abci.ExecTxResult
	for i := 0; i < 100; i++ {
		var evs []abci.Event
		for _, ev := range []proto.Message{
			&daotypes.EventLock{Owner: "aitbc1x", Amount: math.NewInt(5), Delegatee: "aitbc1x", Locked: math.NewInt(5)},
			&computetypes.EventJobSubmitted{JobId: uint64(i), Consumer: "aitbc1x", Escrow: coin},
			&computetypes.EventLeaseSettled{LeaseId: uint64(i), ProviderPayment: coin, Fee: coin, VerifierReward: coin, Refund: coin},
		} {
			e, err := sdk.TypedEventToEvent(ev)
			require.NoError(b, err)
			evs = append(evs, abci.Event(e))
		}
		// and the SDK's own events of a transaction, which are skipped
		evs = append(evs, abci.Event{Type: "tx", Attributes: []abci.EventAttribute{{Key: "fee", Value: "1000uaitbc"}}},
			abci.Event{Type: "message", Attributes: []abci.EventAttribute{{Key: "action", Value: "/aitbc.dao.v1.MsgLock"}}})
		txs = append(txs, txResult(0, evs))
	}
	res := abci.ResponseFinalizeBlock{TxResults: txs}
	l := app.NewMetricsListener(log.NewNopLogger())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := l.ListenFinalizeBlock(b.Context(), abci.RequestFinalizeBlock{}, res); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStateCollector measures one scrape of the state gauges with
// 1,000 open jobs (the walk of the open status is the part that grows,
// bounded by MaxGaugeCount).
func BenchmarkStateCollector(b *testing.B) {
	ta := testutil.NewTestApp(b)
	now := testutil.GenesisTime.Add(5 * time.Second)
	ctx := ta.Context(now)
	owner := testutil.Addrs(1)[0]
	ta.Fund(b, ctx, owner, sdk.NewCoins(sdk.NewInt64Coin(metricsDenom, 10_000_000_000)))
	msgs := computekeeper.NewMsgServerImpl(ta.ComputeKeeper)
	for i := 0; i < 1000; i++ {
		_, err := msgs.SubmitJob(ctx, &computetypes.MsgSubmitJob{
			Consumer:           owner.String(),
			Requirements:       computetypes.Requirements{Model: "H100", Count: 1, Hours: 1},
			MaxPricePerGpuHour: sdk.NewInt64Coin(metricsDenom, 1),
			Workload:           computetypes.Workload{Image: "ghcr.io/acme/train:1"},
			Deadline:           now.Add(time.Hour),
		})
		require.NoError(b, err)
	}
	ta.NextBlock(b, now)
	reg := prometheus.NewRegistry()
	require.NoError(b, reg.Register(app.NewStateCollector(ta.App, "", nil, log.NewNopLogger())))
	require.Equal(b, 1000.0, gatherB(b, reg).value("aitbc_compute_jobs", "status", "open"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		gatherB(b, reg)
	}
}

func gatherB(b *testing.B, reg *prometheus.Registry) families {
	mfs, err := reg.Gather()
	require.NoError(b, err)
	return mfs
}
