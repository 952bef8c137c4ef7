package app_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cosmossdk.io/log"
	storetypes "cosmossdk.io/store/types"
	"cosmossdk.io/x/feegrant"
	upgradetypes "cosmossdk.io/x/upgrade/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/baseapp"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	authzkeeper "github.com/cosmos/cosmos-sdk/x/authz/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	minttypes "github.com/cosmos/cosmos-sdk/x/mint/types"
	simcli "github.com/cosmos/cosmos-sdk/x/simulation/client/cli"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/aitbc/aitbc/app"
	agenttypes "github.com/aitbc/aitbc/x/agent/types"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
	sourcedaotypes "github.com/aitbc/aitbc/x/sourcedao/types"
)

// The simulation runs the app through random blocks of random messages of
// every module, hostile ones included, and checks every module invariant
// after every block: a broken invariant fails that block's EndBlock, so the
// run stops at the block that broke it. The last block's operations are
// checked after the run.
//
// Its size comes from a profile, -SimProfile or $AITBC_SIM:
//
//	short  (default: `go test ./app/...`, `make test`)
//	full   (`make sim`)
//	long   (`make sim-long`)
//
// The x/simulation flags (-NumBlocks, -BlockSize, -Seed, -Verbose, -Params,
// ...) override the profile when given; -Seed runs that seed alone.

var flagProfile = flag.String("SimProfile", "", "simulation size: short, full or long (default $AITBC_SIM, else short)")

func init() {
	simcli.GetSimulatorFlags()
}

// simProfile is the size of the simulation runs.
type simProfile struct {
	name        string
	numBlocks   int
	blockSize   int
	maxAccounts int     // caps the random number of accounts, and so of validators
	seeds       []int64 // TestFullAppSimulation
	importSeeds []int64 // TestAppImportExport, TestAppSimulationAfterImport
	detSeeds    []int64 // TestAppStateDeterminism
	detRuns     int     // runs of each determinism seed
}

// The seeds have a low evidence fraction. x/simulation draws it from the
// seed before anything else (so it does not change with our code) and
// sends that many double-sign misbehaviours per block, on average f/(1-f):
// each tombstones a validator for good, and with a high fraction every
// validator is gone within tens of blocks and the run is skipped.
var profiles = map[string]simProfile{
	"short": {
		name: "short", numBlocks: 30, blockSize: 50, maxAccounts: 200,
		seeds: []int64{2, 13, 15}, importSeeds: []int64{175}, detSeeds: []int64{18}, detRuns: 2,
	},
	"full": {
		name: "full", numBlocks: 150, blockSize: 100, maxAccounts: 300,
		seeds: []int64{2, 7, 12, 13, 15, 18}, importSeeds: []int64{20, 36}, detSeeds: []int64{54, 134}, detRuns: 3,
	},
	"long": {
		name: "long", numBlocks: 600, blockSize: 150, maxAccounts: 500,
		seeds: []int64{193, 206, 224}, importSeeds: []int64{134}, detSeeds: []int64{296}, detRuns: 2,
	},
}

// simGenesisTime is the genesis time unless -GenesisTime is given, so a
// seed replays the same run on any day.
var simGenesisTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// simConfig returns the profile and the simulation config of this run.
func simConfig(t testing.TB) (simProfile, simtypes.Config) {
	t.Helper()
	name := *flagProfile
	if name == "" {
		name = os.Getenv("AITBC_SIM")
	}
	if name == "" {
		name = "short"
	}
	p, ok := profiles[name]
	if !ok {
		t.Fatalf("unknown simulation profile %q", name)
	}
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	cfg := simcli.NewConfigFromFlags()
	cfg.ChainID = simsx.SimAppChainID
	if !set["NumBlocks"] {
		cfg.NumBlocks = p.numBlocks
	}
	if !set["BlockSize"] {
		cfg.BlockSize = p.blockSize
	}
	if !set["GenesisTime"] {
		cfg.GenesisTime = simGenesisTime.Unix()
	}
	if set["Seed"] {
		p.seeds, p.importSeeds, p.detSeeds = []int64{cfg.Seed}, []int64{cfg.Seed}, []int64{cfg.Seed}
	}
	return p, cfg
}

// simApp is the app the simulation runs: the production app whose
// EndBlocker also checks every module invariant (on a branch of the state,
// so the check never writes), remembering the last block's time.
type simApp struct {
	*app.App
	lastBlockTime time.Time
}

func newSimApp(logger log.Logger, db dbm.DB, traceStore io.Writer, _ bool, appOpts servertypes.AppOptions,
	baseAppOptions ...func(*baseapp.BaseApp),
) *simApp {
	a := &simApp{App: app.New(logger, db, traceStore, false, appOpts, baseAppOptions...)}
	a.SetEndBlocker(func(ctx sdk.Context) (sdk.EndBlock, error) {
		res, err := a.EndBlocker(ctx)
		if err != nil {
			return res, err
		}
		check, _ := ctx.CacheContext()
		if err := a.CheckInvariants(check); err != nil {
			return res, fmt.Errorf("invariant broken at height %d: %w", ctx.BlockHeight(), err)
		}
		a.lastBlockTime = ctx.BlockTime()
		return res, nil
	})
	// The simulator runs a block's operations after FinalizeBlock, so after
	// the dao's EndBlock folded the block's pending tallies; they are folded
	// here before Commit (which empties the transient store), as the
	// EndBlock after them would on a chain, and written with the block.
	a.SetPrecommiter(func(ctx sdk.Context) {
		if err := a.DaoKeeper.FoldPendingTallies(ctx); err != nil {
			panic(fmt.Errorf("fold the dao's pending tallies at height %d: %w", ctx.BlockHeight(), err))
		}
		ctx.MultiStore().(storetypes.CacheMultiStore).Write()
	})
	if err := a.LoadLatestVersion(); err != nil {
		panic(err)
	}
	return a
}

func simStateFactory(a *simApp) simsx.SimStateFactory {
	return simsx.SimStateFactory{
		Codec:         a.AppCodec(),
		AppStateFn:    simtestutil.AppStateFn(a.AppCodec(), a.SimulationManager(), a.DefaultGenesis()),
		BlockedAddr:   app.BlockedAddresses(),
		AccountSource: a.AccountKeeper,
		BalanceSource: a.BankKeeper,
	}
}

// randomAccounts caps x/simulation's random number of accounts (2 to
// 2,500), which also caps the validators drawn from them.
func randomAccounts(maxAccounts int) simtypes.RandomAccountFn {
	return func(r *rand.Rand, n int) []simtypes.Account {
		return simtypes.RandomAccounts(r, max(2, min(n, maxAccounts)))
	}
}

type postRun = func(tb testing.TB, ti simsx.TestInstance[*simApp], accs []simtypes.Account)

// checkFinal checks the invariants after the last block's operations,
// which no EndBlock has seen, and logs what the run reached.
func checkFinal(tb testing.TB, ti simsx.TestInstance[*simApp], _ []simtypes.Account) {
	tb.Helper()
	ctx := ti.App.NewContextLegacy(true, cmtproto.Header{Height: ti.App.LastBlockHeight()})
	require.NoError(tb, ti.App.CheckInvariants(ctx), "after the last block's operations")
	tb.Log(stateSummary(ctx, ti.App))
}

func runSim(t *testing.T, seed int64, cfg simtypes.Config, p simProfile, post ...postRun) {
	t.Helper()
	start := time.Now()
	simsx.RunWithSeedAndRandAcc(t, cfg, newSimApp, simStateFactory, seed, nil, randomAccounts(p.maxAccounts),
		append([]postRun{checkFinal}, post...)...)
	t.Logf("profile %s, seed %d: %d blocks of up to %d operations in %s",
		p.name, seed, cfg.NumBlocks, cfg.BlockSize, time.Since(start).Round(time.Millisecond))
}

// runSeeds runs each seed as a subtest. x/simulation skips a run whose
// validators were all unbonded or jailed (its random evidence jails
// double-signers); a test of which every run was skipped tested nothing
// and fails.
func runSeeds(t *testing.T, seeds []int64, cfg simtypes.Config, p simProfile, post ...postRun) {
	t.Helper()
	if testing.Short() {
		t.Skip("the app simulation does not run with -short")
	}
	completed := 0
	done := func(testing.TB, simsx.TestInstance[*simApp], []simtypes.Account) { completed++ }
	for _, seed := range seeds {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) { runSim(t, seed, cfg, p, append(post, done)...) })
	}
	if completed == 0 && !t.Failed() {
		t.Errorf("no run of seeds %v reached its last block", seeds)
	}
}

func TestFullAppSimulation(t *testing.T) {
	p, cfg := simConfig(t)
	runSeeds(t, p.seeds, cfg, p)
}

// storesCompared are the stores an imported export must reproduce, with
// the prefixes cosmos-sdk's simapp leaves out: queues and indexes that
// import rebuilds in another order or that record per-block bookkeeping.
func storesCompared() map[string][][]byte {
	return map[string][][]byte{
		authtypes.StoreKey: nil,
		banktypes.StoreKey: nil,
		stakingtypes.StoreKey: {
			stakingtypes.UnbondingQueueKey, stakingtypes.RedelegationQueueKey, stakingtypes.ValidatorQueueKey,
			stakingtypes.HistoricalInfoKey, stakingtypes.UnbondingIDKey, stakingtypes.UnbondingIndexKey,
			stakingtypes.UnbondingTypeKey, stakingtypes.ValidatorUpdatesKey,
		},
		slashingtypes.StoreKey: {slashingtypes.ValidatorMissedBlockBitmapKeyPrefix},
		minttypes.StoreKey:     nil,
		distrtypes.StoreKey:    nil,
		authzkeeper.StoreKey:   {authzkeeper.GrantQueuePrefix},
		feegrant.StoreKey:      {feegrant.FeeAllowanceQueueKeyPrefix},
		upgradetypes.StoreKey:  nil,
		// Import queues each proposal at its status's deadline; a challenged
		// proposal past its challenge period is re-queued by EndBlock to the
		// end of its would-be voting period, which export does not keep: the
		// first EndBlock after import re-queues it the same way.
		daotypes.StoreKey:        {daotypes.ProposalQueueKey},
		sourcedaotypes.StoreKey:  nil,
		agenttypes.StoreKey:      nil,
		computetypes.StoreKey:    nil,
		reputationtypes.StoreKey: nil,
	}
}

// TestAppImportExport exports the simulated state, imports it into a fresh
// app and compares the stores key by key.
func TestAppImportExport(t *testing.T) {
	p, cfg := simConfig(t)
	runSeeds(t, p.importSeeds, cfg, p, checkImportExport)
}

func checkImportExport(tb testing.TB, ti simsx.TestInstance[*simApp], _ []simtypes.Account) {
	tb.Helper()
	a := ti.App
	exported, err := a.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(tb, err)

	fresh := simsx.NewSimulationAppInstance(tb, ti.Cfg, newSimApp).App
	var genesis map[string]json.RawMessage
	require.NoError(tb, json.Unmarshal(exported.AppState, &genesis))
	ctxA := a.NewContextLegacy(true, cmtproto.Header{Height: a.LastBlockHeight()})
	ctxB := fresh.NewContextLegacy(true, cmtproto.Header{Height: a.LastBlockHeight()})
	_, err = fresh.ModuleManager.InitGenesis(ctxB, fresh.AppCodec(), genesis)
	if err != nil && strings.Contains(err.Error(), "validator set is empty after InitGenesis") {
		tb.Skip("every validator was unbonded: nothing to import")
	}
	require.NoError(tb, err)
	// As the app's InitChainer does.
	require.NoError(tb, fresh.UpgradeKeeper.SetModuleVersionMap(ctxB, fresh.ModuleManager.GetVersionMap()))
	require.NoError(tb, fresh.StoreConsensusParams(ctxB, exported.ConsensusParams))

	for name, skip := range storesCompared() {
		failedA, failedB := simtestutil.DiffKVStores(ctxA.KVStore(a.GetKey(name)), ctxB.KVStore(fresh.GetKey(name)), skip)
		require.Equal(tb, len(failedA), len(failedB), "store %s: unequal sets of differing entries", name)
		require.Empty(tb, failedA, "store %s differs after import:\n%s", name,
			simtestutil.GetSimulationLog(name, a.SimulationManager().StoreDecoders, failedA, failedB))
	}
}

// TestAppSimulationAfterImport exports the simulated state for a restart
// at height zero, starts a new chain from it and simulates on. The restart
// resets unbonding entries to height 0, which no MsgCancelUnbondingDelegation
// can name (x/staking refuses height 0), so x/staking's cancel operation is
// left out of the run after the import.
func TestAppSimulationAfterImport(t *testing.T) {
	p, cfg := simConfig(t)
	runSeeds(t, p.importSeeds, cfg, p, func(tb testing.TB, ti simsx.TestInstance[*simApp], accs []simtypes.Account) {
		tb.Helper()
		exported, err := ti.App.ExportAppStateAndValidators(true, nil, nil)
		require.NoError(tb, err)
		next := ti.Cfg
		next.InitialBlockHeight = 1
		// The new chain starts after the old one's last block, as a
		// restart does: stored deadlines and snapshots lie behind it.
		next.GenesisTime = ti.App.lastBlockTime.Add(time.Hour).Unix()
		next.ParamsFile = withWeights(tb, next.ParamsFile, map[string]uint32{"op_weight_msg_cancel_unbonding_delegation": 0})
		fromExport := func(fresh *simApp) simsx.SimStateFactory {
			f := simStateFactory(fresh)
			f.AppStateFn = func(_ *rand.Rand, _ []simtypes.Account, c simtypes.Config) (json.RawMessage, []simtypes.Account, string, time.Time) {
				return exported.AppState, accs, c.ChainID, time.Unix(c.GenesisTime, 0).UTC()
			}
			return f
		}
		simsx.RunWithSeedAndRandAcc(tb, next, newSimApp, fromExport, next.Seed, nil, randomAccounts(p.maxAccounts), checkFinal)
	})
}

// withWeights writes a params file: the given one (if any) with the
// operation weights set.
func withWeights(tb testing.TB, paramsFile string, weights map[string]uint32) string {
	tb.Helper()
	params := map[string]json.RawMessage{}
	if paramsFile != "" {
		bz, err := os.ReadFile(paramsFile)
		require.NoError(tb, err)
		require.NoError(tb, json.Unmarshal(bz, &params))
	}
	for k, w := range weights {
		params[k] = json.RawMessage(fmt.Sprint(w))
	}
	bz, err := json.Marshal(params)
	require.NoError(tb, err)
	path := filepath.Join(tb.TempDir(), "params.json")
	require.NoError(tb, os.WriteFile(path, bz, 0o600))
	return path
}

// TestAppStateDeterminism runs each seed several times and requires the
// same app hash every time.
func TestAppStateDeterminism(t *testing.T) {
	p, cfg := simConfig(t)
	for _, seed := range p.detSeeds {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			var hashes [][]byte
			runs := make([]int64, p.detRuns)
			for i := range runs {
				runs[i] = seed
			}
			runSeeds(t, runs, cfg, p, func(tb testing.TB, ti simsx.TestInstance[*simApp], _ []simtypes.Account) {
				hashes = append(hashes, ti.App.LastCommitID().Hash)
				require.Equal(tb, hashes[0], hashes[len(hashes)-1], "seed %d: the app hash of run %d differs from run 1", seed, len(hashes))
			})
			require.Len(t, hashes, p.detRuns, "seed %d: every run must reach its last block", seed)
		})
	}
}

// stateSummary counts what a run left in our modules' state, to show it
// went through their lifecycles and not only through refusals.
func stateSummary(ctx sdk.Context, a *simApp) string {
	var b strings.Builder
	proposals := map[string]int{}
	_ = a.DaoKeeper.Proposals.Walk(ctx, nil, func(_ uint64, p daotypes.Proposal) (bool, error) {
		proposals[strings.TrimPrefix(p.Status.String(), "PROPOSAL_STATUS_")]++
		return false, nil
	})
	locks := 0
	_ = a.DaoKeeper.Locks.Walk(ctx, nil, func(sdk.AccAddress, daotypes.Lock) (bool, error) { locks++; return false, nil })
	fmt.Fprintf(&b, "dao: %d locks, proposals %v", locks, proposals)

	providers := 0
	_ = a.ComputeKeeper.Providers.Walk(ctx, nil, func(sdk.ValAddress, computetypes.Provider) (bool, error) { providers++; return false, nil })
	offers := 0
	_ = a.ComputeKeeper.Offers.Walk(ctx, nil, func(uint64, computetypes.Offer) (bool, error) { offers++; return false, nil })
	jobs, leases := map[string]int{}, map[string]int{}
	_ = a.ComputeKeeper.Jobs.Walk(ctx, nil, func(_ uint64, j computetypes.Job) (bool, error) {
		jobs[strings.TrimPrefix(j.Status.String(), "JOB_STATUS_")]++
		return false, nil
	})
	_ = a.ComputeKeeper.Leases.Walk(ctx, nil, func(_ uint64, l computetypes.Lease) (bool, error) {
		leases[strings.TrimPrefix(l.Status.String(), "LEASE_STATUS_")]++
		return false, nil
	})
	fmt.Fprintf(&b, "; compute: %d providers, %d offers, jobs %v, leases %v", providers, offers, jobs, leases)

	agents := map[string]int{}
	_ = a.AgentKeeper.Agents.Walk(ctx, nil, func(_ uint64, ag agenttypes.Agent) (bool, error) {
		agents[strings.TrimPrefix(ag.Status.String(), "AGENT_STATUS_")]++
		return false, nil
	})
	policies := 0
	_ = a.AgentKeeper.Policies.Walk(ctx, nil, func(uint64, agenttypes.Policy) (bool, error) { policies++; return false, nil })
	fmt.Fprintf(&b, "; agent: agents %v, %d policies", agents, policies)

	projects := map[string]int{}
	_ = a.SourcedaoKeeper.Projects.Walk(ctx, nil, func(_ uint64, p sourcedaotypes.Project) (bool, error) {
		projects[strings.TrimPrefix(p.State.String(), "PROJECT_STATE_")]++
		return false, nil
	})
	pool, _ := a.SourcedaoKeeper.Pool.Get(ctx)
	fmt.Fprintf(&b, "; sourcedao: projects %v, %d stages unlocked, %s paid", projects, pool.StagesUnlocked, pool.Paid)

	ratings := 0
	if iter, err := a.ReputationKeeper.Ratings.Iterate(ctx, nil); err == nil {
		for ; iter.Valid(); iter.Next() {
			ratings++
		}
		iter.Close()
	}
	fmt.Fprintf(&b, "; reputation: %d ratings", ratings)
	return b.String()
}
