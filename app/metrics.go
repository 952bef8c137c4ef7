package app

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"

	"cosmossdk.io/log"
	"cosmossdk.io/math"
	storetypes "cosmossdk.io/store/types"
	abci "github.com/cometbft/cometbft/abci/types"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cast"

	"github.com/aitbc/aitbc/internal/isolate"
	"github.com/aitbc/aitbc/internal/metrics"
	agenttypes "github.com/aitbc/aitbc/x/agent/types"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
	sourcedaotypes "github.com/aitbc/aitbc/x/sourcedao/types"
)

// The node's metrics of the aitbc modules (docs/metrics.md), two parts,
// both outside consensus and both off while telemetry is off:
//
//   - counters of transitions, from the typed events of every finalized
//     block (an ABCI listener; a worker decodes them off the FinalizeBlock
//     path). Events are the committed record of the transitions: a
//     transaction that fails, a simulation, CheckTx or a block item whose
//     cache branch is discarded (internal/isolate) leave no event, so they
//     are never counted; the state machine itself has no telemetry calls
//     to get wrong.
//   - gauges of state (locked supply, module account balances, proposals,
//     jobs and leases in each live status), read from the last committed
//     state when Prometheus scrapes: a few reads of balances and series,
//     and key-only walks of the status indexes bounded by MaxGaugeCount.
//     Nothing is computed per block.

// MaxGaugeCount bounds each "how many in this status" gauge: a scrape walks
// at most this many index keys per status, and a larger count reads as
// MaxGaugeCount.
const MaxGaugeCount = 10_000

// MetricsAccounts are the module accounts whose balances are exported.
var MetricsAccounts = []string{
	daotypes.ModuleName, daotypes.VoteEscrowName, daotypes.BondsName,
	computetypes.EscrowName, computetypes.BondsName, sourcedaotypes.ModuleName,
}

// registerMetrics wires both parts when app.toml enables telemetry; the
// collector only when the Prometheus sink is on too.
func (app *App) registerMetrics(appOpts servertypes.AppOptions, logger log.Logger) {
	if !cast.ToBool(appOpts.Get("telemetry.enabled")) {
		return
	}
	sm := app.StreamingManager()
	sm.ABCIListeners = append(sm.ABCIListeners, NewAsyncMetricsListener(logger, MetricsQueueBlocks))
	app.SetStreamingManager(sm)
	if cast.ToInt64(appOpts.Get("telemetry.prometheus-retention-time")) <= 0 {
		return
	}
	c := NewStateCollector(app, cast.ToString(appOpts.Get("telemetry.service-name")), globalLabels(appOpts.Get("telemetry.global-labels")), logger)
	if err := registerCollector(prometheus.DefaultRegisterer, c); err != nil {
		logger.Error("metrics: registering the state collector", "err", err)
	}
}

// registerCollector registers c, replacing the collector of an earlier app
// in the same process (tests, export).
func registerCollector(r prometheus.Registerer, c prometheus.Collector) error {
	err := r.Register(c)
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		r.Unregister(are.ExistingCollector)
		err = r.Register(c)
	}
	return err
}

// globalLabels reads telemetry.global-labels ([["name", "value"], ...]).
func globalLabels(v any) prometheus.Labels {
	labels := prometheus.Labels{}
	for _, pair := range cast.ToSlice(v) {
		if kv := cast.ToStringSlice(pair); len(kv) == 2 {
			labels[kv[0]] = kv[1]
		}
	}
	return labels
}

// ---------------------------------------------------------------------------
// Counters from events

// MetricsListener counts the transitions reported by the typed events of
// finalized blocks: Begin/EndBlock events and the events of successful
// transactions. Decoding typed events costs tens of microseconds each, so
// the node's listener is asynchronous: FinalizeBlock only queues the
// response, a worker records it, and a block that finds the queue full is
// dropped and counted rather than waited for. A panic while recording is
// recovered and logged; the listener never fails a block.
type MetricsListener struct {
	logger   log.Logger
	recorder map[string]func(proto.Message) bool // by proto package prefix of the event type
	queue    chan abci.ResponseFinalizeBlock     // nil: recorded in ListenFinalizeBlock
	done     chan struct{}
	close    sync.Once
}

var _ storetypes.ABCIListener = (*MetricsListener)(nil)

// Counters of the listener itself.
var (
	// MetricItemsFailed counts block items that internal/isolate put in a
	// safe state (the event aitbc.block_item_failed), by module and outcome.
	MetricItemsFailed = metrics.Key("block", "items_failed_total")
	// MetricBlocksDropped counts blocks the listener could not queue.
	MetricBlocksDropped = metrics.Key("metrics", "blocks_dropped_total")
)

// MetricsQueueBlocks is how many finalized blocks the node's listener
// queues for its worker.
const MetricsQueueBlocks = 64

// NewMetricsListener returns a listener of the five modules that records
// each block in ListenFinalizeBlock (tests).
func NewMetricsListener(logger log.Logger) *MetricsListener {
	return &MetricsListener{logger: logger, recorder: map[string]func(proto.Message) bool{
		"aitbc.dao.v1.":        daotypes.RecordMetrics,
		"aitbc.compute.v1.":    computetypes.RecordMetrics,
		"aitbc.sourcedao.v1.":  sourcedaotypes.RecordMetrics,
		"aitbc.agent.v1.":      agenttypes.RecordMetrics,
		"aitbc.reputation.v1.": reputationtypes.RecordMetrics,
	}}
}

// NewAsyncMetricsListener returns the node's listener: blocks are queued
// (up to capacity) and recorded by a worker goroutine until Close.
func NewAsyncMetricsListener(logger log.Logger, capacity int) *MetricsListener {
	l := NewMetricsListener(logger)
	l.queue, l.done = make(chan abci.ResponseFinalizeBlock, capacity), make(chan struct{})
	go func() {
		defer close(l.done)
		for res := range l.queue {
			l.recordBlock(res)
		}
	}()
	return l
}

// Close stops the worker of an asynchronous listener once it has recorded
// every queued block. The listener must not be used afterwards.
func (l *MetricsListener) Close() {
	if l.queue == nil {
		return
	}
	l.close.Do(func() { close(l.queue) })
	<-l.done
}

// ListenFinalizeBlock implements storetypes.ABCIListener.
func (l *MetricsListener) ListenFinalizeBlock(_ context.Context, _ abci.RequestFinalizeBlock, res abci.ResponseFinalizeBlock) error {
	if l.queue == nil {
		l.recordBlock(res)
		return nil
	}
	select {
	case l.queue <- res:
	default:
		metrics.Count(MetricBlocksDropped)
	}
	return nil
}

// ListenCommit implements storetypes.ABCIListener; nothing to do.
func (*MetricsListener) ListenCommit(context.Context, abci.ResponseCommit, []*storetypes.StoreKVPair) error {
	return nil
}

func (l *MetricsListener) recordBlock(res abci.ResponseFinalizeBlock) {
	defer func() {
		if r := recover(); r != nil {
			l.logger.Error("metrics: panic recording a block's events", "panic", r)
		}
	}()
	l.Record(res.Events)
	for _, tx := range res.TxResults {
		if tx != nil && tx.Code == abci.CodeTypeOK {
			l.Record(tx.Events)
		}
	}
}

// Record counts the aitbc events among events; others are skipped.
func (l *MetricsListener) Record(events []abci.Event) {
	for _, ev := range events {
		if ev.Type == isolate.EventTypeItemFailed {
			metrics.Count(MetricItemsFailed,
				metrics.Label(isolate.AttributeModule, attribute(ev, isolate.AttributeModule)),
				metrics.Label(isolate.AttributeOutcome, attribute(ev, isolate.AttributeOutcome)))
			continue
		}
		record := l.recorderOf(ev.Type)
		if record == nil {
			continue
		}
		msg, err := metrics.ParseEvent(ev)
		if err != nil {
			l.logger.Debug("metrics: undecodable event", "type", ev.Type, "err", err)
			continue
		}
		record(msg)
	}
}

func (l *MetricsListener) recorderOf(eventType string) func(proto.Message) bool {
	if !strings.HasPrefix(eventType, metrics.Namespace+".") {
		return nil
	}
	i := strings.LastIndexByte(eventType, '.')
	return l.recorder[eventType[:i+1]]
}

func attribute(ev abci.Event, key string) string {
	for _, a := range ev.Attributes {
		if a.Key == key {
			return a.Value
		}
	}
	return ""
}

// ---------------------------------------------------------------------------
// Gauges from the last committed state

// StateCollector is a Prometheus collector that reads the gauges from the
// last committed state on every scrape, as a gRPC query would.
type StateCollector struct {
	app    *App
	logger log.Logger

	height, locked, proposals, jobs, leases, balance *prometheus.Desc
}

var _ prometheus.Collector = (*StateCollector)(nil)

// Live statuses exported by the gauges; final statuses only grow, and are
// counted by the transition counters.
var (
	metricProposalStatuses = []daotypes.ProposalStatus{daotypes.PROPOSAL_STATUS_CHALLENGE, daotypes.PROPOSAL_STATUS_VOTING, daotypes.PROPOSAL_STATUS_PASSED}
	metricJobStatuses      = []computetypes.JobStatus{computetypes.JOB_STATUS_OPEN, computetypes.JOB_STATUS_LEASED}
	metricLeaseStatuses    = []computetypes.LeaseStatus{computetypes.LEASE_STATUS_ACTIVE, computetypes.LEASE_STATUS_ATTESTING}
)

// NewStateCollector returns the collector of app's state. serviceName
// prefixes the names as the SDK's telemetry prefixes its own;
// constLabels are telemetry's global labels.
func NewStateCollector(app *App, serviceName string, constLabels prometheus.Labels, logger log.Logger) *StateCollector {
	name := func(module, n string) string {
		parts := []string{metrics.Namespace, module, n}
		if serviceName != "" {
			parts = append([]string{serviceName}, parts...)
		}
		return strings.NewReplacer("-", "_", ".", "_", " ", "_").Replace(strings.Join(parts, "_"))
	}
	status := []string{metrics.LabelStatus}
	return &StateCollector{
		app: app, logger: logger,
		height: prometheus.NewDesc(name("state", "height"),
			"Height of the committed state the aitbc gauges were read from.", nil, constLabels),
		locked: prometheus.NewDesc(name(daotypes.ModuleName, "locked"),
			"Tokens locked in the dao vote escrow (voting power before vesting), unlocking entries excluded, in base units.", []string{metrics.LabelDenom}, constLabels),
		proposals: prometheus.NewDesc(name(daotypes.ModuleName, "proposals"),
			fmt.Sprintf("Proposals in each live status (challenge, voting, passed), up to %d.", MaxGaugeCount), status, constLabels),
		jobs: prometheus.NewDesc(name(computetypes.ModuleName, "jobs"),
			fmt.Sprintf("Jobs in each live status (open, leased), up to %d.", MaxGaugeCount), status, constLabels),
		leases: prometheus.NewDesc(name(computetypes.ModuleName, "leases"),
			fmt.Sprintf("Leases in each live status (active, attesting), up to %d.", MaxGaugeCount), status, constLabels),
		balance: prometheus.NewDesc(name("module", "account_balance"),
			"Balance of an aitbc module account (escrow, bonds, vote escrow, treasury, mining pool), in base units.", []string{"account", metrics.LabelDenom}, constLabels),
	}
}

// Describe implements prometheus.Collector.
func (c *StateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.height, c.locked, c.proposals, c.jobs, c.leases, c.balance} {
		ch <- d
	}
}

// Collect implements prometheus.Collector. Before the first block there is
// nothing to read and it sends nothing; a read that fails drops its gauge
// from this scrape.
func (c *StateCollector) Collect(ch chan<- prometheus.Metric) {
	defer func() {
		if r := recover(); r != nil {
			c.logger.Error("metrics: panic reading state gauges", "panic", r)
		}
	}()
	ctx, err := c.app.CreateQueryContext(0, false)
	if err != nil {
		return
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	fail := func(what string, err error) {
		c.logger.Error("metrics: reading a state gauge", "gauge", what, "err", err)
	}
	gauge(c.height, float64(ctx.BlockHeight()))

	if params, err := c.app.DaoKeeper.Params.Get(ctx); err != nil {
		fail("dao params", err)
	} else if locked, err := c.app.DaoKeeper.TotalLocked(ctx); err != nil {
		fail("dao locked", err)
	} else {
		gauge(c.locked, float64of(locked), params.LockDenom)
	}
	for _, s := range metricProposalStatuses {
		if n, _, err := c.app.DaoKeeper.CountProposals(ctx, s, MaxGaugeCount); err != nil {
			fail("dao proposals", err)
		} else {
			gauge(c.proposals, float64(n), metrics.Enum(s, "PROPOSAL_STATUS_"))
		}
	}
	for _, s := range metricJobStatuses {
		if n, _, err := c.app.ComputeKeeper.CountJobs(ctx, s, MaxGaugeCount); err != nil {
			fail("compute jobs", err)
		} else {
			gauge(c.jobs, float64(n), metrics.Enum(s, "JOB_STATUS_"))
		}
	}
	for _, s := range metricLeaseStatuses {
		if n, _, err := c.app.ComputeKeeper.CountLeases(ctx, s, MaxGaugeCount); err != nil {
			fail("compute leases", err)
		} else {
			gauge(c.leases, float64(n), metrics.Enum(s, "LEASE_STATUS_"))
		}
	}
	c.collectBalances(ctx, gauge)
}

// collectBalances exports every denom a module account holds.
func (c *StateCollector) collectBalances(ctx sdk.Context, gauge func(*prometheus.Desc, float64, ...string)) {
	for _, name := range MetricsAccounts {
		for _, coin := range c.app.BankKeeper.GetAllBalances(ctx, authtypes.NewModuleAddress(name)) {
			gauge(c.balance, float64of(coin.Amount), name, coin.Denom)
		}
	}
}

func float64of(x math.Int) float64 {
	if x.IsNil() {
		return 0
	}
	f, _ := new(big.Float).SetInt(x.BigInt()).Float64()
	return f
}
