package app_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"cosmossdk.io/log"
	"cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/codec"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/aitbc/aitbc/app"
	agenttypes "github.com/aitbc/aitbc/x/agent/types"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
	sourcedaotypes "github.com/aitbc/aitbc/x/sourcedao/types"
)

// The golden export test pins ExportGenesis of our modules: the app starts
// from a rich genesis (app/testdata/export/genesis.json, every collection of
// every aitbc module non-empty), runs one empty block, exports, and each
// aitbc module's section must equal its golden file byte for byte. A
// refactor of the export code that changes order, spelling or content
// fails here.
//
// The input comes from the app simulation with a fixed seed, completed by
// hand-made entries where the simulation leaves a collection empty
// (completeExportInput). Regenerate it with
//
//	go test ./app -run TestGenesisExportGolden -update-export-input
//
// and the golden files (only when the export is meant to change) with
//
//	go test ./app -run TestGenesisExportGolden -update-export-golden
var (
	flagUpdateExportInput  = flag.Bool("update-export-input", false, "regenerate app/testdata/export/genesis.json by simulation")
	flagUpdateExportGolden = flag.Bool("update-export-golden", false, "regenerate app/testdata/export/golden/*.json from the current code")
)

const (
	exportDir      = "testdata/export"
	exportSeed     = int64(15)
	exportBlocks   = 70
	exportOps      = 60
	exportAccounts = 25
)

// exportModules are the modules whose export the golden files pin.
var exportModules = []string{daotypes.ModuleName, sourcedaotypes.ModuleName, agenttypes.ModuleName, computetypes.ModuleName, reputationtypes.ModuleName}

func TestGenesisExportGolden(t *testing.T) {
	input := filepath.Join(exportDir, "genesis.json")
	if *flagUpdateExportInput {
		writeExportInput(t, input)
	}
	gen, err := genutiltypes.AppGenesisFromFile(input)
	require.NoError(t, err)

	exported := exportAfterImport(t, gen)
	for _, module := range exportModules {
		golden := filepath.Join(exportDir, "golden", module+".json")
		got := exported[module]
		require.NotEmpty(t, got, "module %s exported nothing", module)
		if *flagUpdateExportGolden {
			require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
			require.NoError(t, os.WriteFile(golden, append(append([]byte{}, got...), '\n'), 0o644))
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err)
		if !bytes.Equal(bytes.TrimSuffix(want, []byte("\n")), got) {
			t.Errorf("module %s: the export differs from %s (regenerate only if the change is meant: -update-export-golden)\n%s",
				module, golden, firstDifference(bytes.TrimSuffix(want, []byte("\n")), got))
		}
		for _, path := range emptyCollections(t, module, got) {
			t.Errorf("module %s: the golden export has no entry at %s: the input leaves a collection untested", module, path)
		}
	}
}

// exportAfterImport starts a fresh app from gen, finalizes and commits one
// empty block at the genesis time and returns each module's section of the
// export, as exported.
func exportAfterImport(t *testing.T, gen *genutiltypes.AppGenesis) map[string]json.RawMessage {
	t.Helper()
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, true, simtestutil.NewAppOptionsWithFlagHome(t.TempDir()), baseapp.SetChainID(gen.ChainID))
	cmtGen, err := gen.ToGenesisDoc()
	require.NoError(t, err)
	consensusParams := cmtGen.ConsensusParams.ToProto()
	_, err = a.InitChain(&abci.RequestInitChain{
		ChainId:         gen.ChainID,
		Time:            gen.GenesisTime,
		ConsensusParams: &consensusParams,
		AppStateBytes:   gen.AppState,
		InitialHeight:   gen.InitialHeight,
	})
	require.NoError(t, err)
	_, err = a.FinalizeBlock(&abci.RequestFinalizeBlock{Height: gen.InitialHeight, Time: gen.GenesisTime})
	require.NoError(t, err)
	_, err = a.Commit()
	require.NoError(t, err)

	exported, err := a.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	var state map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(exported.AppState, &state))
	return state
}

// writeExportInput runs the simulation with the fixed seed, exports its
// last state as a genesis file, completes it by hand where the simulation
// left a collection empty and writes it to path.
func writeExportInput(t *testing.T, path string) {
	t.Helper()
	_, cfg := simConfig(t)
	cfg.NumBlocks, cfg.BlockSize, cfg.Seed = exportBlocks, exportOps, exportSeed
	cfg.GenesisTime = simGenesisTime.Unix()
	written := false
	simsx.RunWithSeedAndRandAcc(t, cfg, newSimApp, simStateFactory, exportSeed, nil, randomAccounts(exportAccounts),
		func(tb testing.TB, ti simsx.TestInstance[*simApp], _ []simtypes.Account) {
			tb.Helper()
			exported, err := ti.App.ExportAppStateAndValidators(false, nil, nil)
			require.NoError(tb, err)
			gen := genutiltypes.NewAppGenesisWithVersion(cfg.ChainID, exported.AppState)
			gen.GenesisTime = ti.App.lastBlockTime
			gen.InitialHeight = exported.Height
			gen.Consensus = genutiltypes.NewConsensusGenesis(exported.ConsensusParams, exported.Validators)
			completeExportInput(tb, ti.App.App, gen)
			require.NoError(tb, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(tb, gen.SaveAs(path))
			written = true
		})
	require.True(t, written, "the simulation of seed %d did not reach its last block", exportSeed)
}

// completeExportInput adds hand-made entries for what the simulation left
// empty: a project's unclaimed reward (no simulated project reaches a paid
// acceptance in so few blocks), paid from the releasable part of the pool so
// the pool invariant still holds.
func completeExportInput(tb testing.TB, a *app.App, gen *genutiltypes.AppGenesis) {
	tb.Helper()
	cdc := a.AppCodec()
	var state map[string]json.RawMessage
	require.NoError(tb, json.Unmarshal(gen.AppState, &state))

	var sd sourcedaotypes.GenesisState
	require.NoError(tb, cdc.UnmarshalJSON(state[sourcedaotypes.ModuleName], &sd))
	if len(sd.Rewards) == 0 {
		require.NotEmpty(tb, sd.Projects, "the simulation created no project to reward")
		require.NotEmpty(tb, sd.Developers, "the simulation made no developer to reward")
		project := sd.Projects[0]
		for _, p := range sd.Projects {
			if p.State == sourcedaotypes.PROJECT_STATE_FINISHED {
				project = p
				break
			}
		}
		amount := sd.Pool.Releasable.QuoRaw(1000)
		require.True(tb, amount.IsPositive(), "the pool has nothing releasable to reward")
		sd.Pool.Releasable = sd.Pool.Releasable.Sub(amount)
		sd.Pool.Claimable = sd.Pool.Claimable.Add(amount)
		sd.Rewards = append(sd.Rewards, sourcedaotypes.Reward{ProjectId: project.Id, Address: sd.Developers[0].Address, Value: 7, Amount: amount})
	}
	bz, err := cdc.MarshalJSON(&sd)
	require.NoError(tb, err)
	state[sourcedaotypes.ModuleName] = bz
	state[daotypes.ModuleName] = completeHealthBuckets(tb, cdc, state[daotypes.ModuleName], gen.GenesisTime)
	gen.AppState, err = json.Marshal(state)
	require.NoError(tb, err)
}

// completeHealthBuckets adds a hand-made x/dao health bucket (the one
// holding the genesis time) when the simulation ended no proposal.
func completeHealthBuckets(tb testing.TB, cdc codec.Codec, bz json.RawMessage, genesisTime time.Time) json.RawMessage {
	tb.Helper()
	var gs daotypes.GenesisState
	require.NoError(tb, cdc.UnmarshalJSON(bz, &gs))
	if len(gs.HealthBuckets) > 0 || gs.Params.HealthWindow == 0 {
		return bz
	}
	counts := func(voted, passed uint64, yes, no int64) daotypes.HealthCounts {
		c := daotypes.ZeroHealthCounts()
		c.Voted, c.Passed, c.Votes.Yes, c.Votes.No = voted, passed, math.NewInt(yes), math.NewInt(no)
		return c
	}
	class := counts(2, 1, 600_000_000, 400_000_000)
	class.Executed, class.Rejected, class.SnapshotTotalPower = 1, 1, math.NewInt(2_000_000_000)
	class.AgentVoted, class.AgentVotes = 1, math.NewInt(300_000_000)
	start := daotypes.HealthBucketStart(genesisTime, gs.Params.HealthWindow)
	gs.HealthBuckets = []daotypes.HealthBucket{{Start: start, End: start.Add(gs.Params.HealthWindow), Rows: []daotypes.HealthRow{
		{Class: daotypes.ClassMajor, Counts: class},
		{Class: daotypes.ClassMajor, Group: daotypes.GroupHuman, Counts: counts(2, 1, 400_000_000, 300_000_000)},
		{Class: daotypes.ClassMajor, Group: daotypes.GroupProvider, Counts: counts(1, 1, 200_000_000, 100_000_000)},
	}}}
	out, err := cdc.MarshalJSON(&gs)
	require.NoError(tb, err)
	return out
}

// nestedCollections are the arrays below the top level of an export that
// hold a collection's entries (x/dao's checkpoint series); the top-level
// arrays all do.
var nestedCollections = map[string][]string{
	daotypes.ModuleName: {".series[].checkpoints", ".series[].vested_points", ".delegate_history[].checkpoints", ".health_buckets[].rows"},
}

// emptyCollections lists the arrays of a module's export that hold a
// collection's entries and are empty wherever they occur.
func emptyCollections(t *testing.T, module string, bz json.RawMessage) []string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(bz, &v))
	filled := map[string]bool{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				walk(path+"."+k, e)
			}
		case []any:
			filled[path] = filled[path] || len(v) > 0
			for _, e := range v {
				walk(path+"[]", e)
			}
		}
	}
	walk("", v)
	var empty []string
	for path, ok := range filled {
		if !ok && (strings.Count(path, ".") == 1 || slices.Contains(nestedCollections[module], path)) {
			empty = append(empty, path)
		}
	}
	for _, path := range nestedCollections[module] {
		if _, seen := filled[path]; !seen {
			empty = append(empty, path)
		}
	}
	sort.Strings(empty)
	return empty
}

// firstDifference shows where two exports first differ.
func firstDifference(want, got []byte) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	line := strings.Count(string(want[:i]), "\n") + 1
	excerpt := func(b []byte) string {
		return string(b[max(0, i-120):min(len(b), i+120)])
	}
	return fmt.Sprintf("first difference at byte %d (line %d)\nwant: …%s…\ngot:  …%s…", i, line, excerpt(want), excerpt(got))
}
