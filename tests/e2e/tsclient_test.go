package e2e

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"cosmossdk.io/api/amino"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	signingtypes "github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
	gogoproto "github.com/cosmos/gogoproto/proto"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/aitbc/aitbc/app"
	agenttypes "github.com/aitbc/aitbc/x/agent/types"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
	sourcedaotypes "github.com/aitbc/aitbc/x/sourcedao/types"
)

// npmTestTimeout bounds `npm test` (compiling the package and its tests,
// then a dozen transactions); it is an upper bound, not a wait.
const npmTestTimeout = 15 * time.Minute

// TestTSClient runs the TypeScript client's tests (clients/ts, `npm test`)
// against a real single-validator node: a direct-mode and an Amino-JSON-mode
// account lock, submit a job that the validator's offer leases, submit a
// proposal and vote, and read dao params, the tally and the lease with the
// typed query clients; then the README's examples/quickstart.js runs as
// written. The chain's amino names of every Msg are written to a file the
// TS tests compare with their converters.
func TestTSClient(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary and node; skipped with -short")
	}
	root := ModuleRoot(t)
	namesFile := filepath.Join(t.TempDir(), "amino-names.json")
	writeAminoNames(t, namesFile)
	nodeDeps(t, root)

	const (
		bond      = 1_000_000_000 // compute min_bond, 1,000 AITBC
		price     = 2_000_000     // per GPU-hour
		offerGPUs = `{"model":"H100","vram_mib":81920,"count":4}`
		funds     = 5_000_000_000 // per TS account: a proposal bond, locks and fees
	)
	gas := []string{"--gas", "500000", "--fees", "1250" + Denom}
	c := NewChain(t, Options{
		EditGenesis: func(_ *Chain, genesis map[string]any) error {
			// As in TestDaoProposalLifecycle: locks count at once and fully,
			// and a proposal stays in voting for the whole test.
			class := "app_state.dao.params.classes.1"
			if name, err := LookupString(genesis, class+".name"); err != nil || name != "standard" {
				return fmt.Errorf("class 1 is %q (%v), want standard", name, err)
			}
			for path, value := range map[string]string{
				"app_state.dao.params.vesting":            "0s",
				"app_state.dao.params.twas_window":        "1s",
				"app_state.dao.params.max_power_fraction": "0.900000000000000000",
				class + ".challenge_period":               "0s",
				class + ".min_voting_period":              "2s",
				class + ".default_voting_period":          "600s",
				class + ".max_voting_period":              maxVotingPeriod,
			} {
				if err := SetPath(genesis, path, value); err != nil {
					return err
				}
			}
			return plainVoting(genesis, class)
		},
	})
	c.Start()

	// Two fresh keys whose mnemonics the TS tests sign with.
	type key struct {
		Address  string `json:"address"`
		Mnemonic string `json:"mnemonic"`
	}
	var direct, aminoKey key
	c.CLIJSON(&direct, "keys", "add", "ts-direct", "--output", "json")
	c.CLIJSON(&aminoKey, "keys", "add", "ts-amino", "--output", "json")
	if direct.Mnemonic == "" || aminoKey.Mnemonic == "" {
		t.Fatal("keys add --output json gave no mnemonic")
	}
	c.Tx(c.Validator, "bank", "multi-send", c.Validator, direct.Address, aminoKey.Address, strconv.Itoa(funds)+Denom)
	// The TS proposal pays 1uaitbc from the treasury: the dry run at
	// submission refuses a spend the treasury cannot pay.
	daoAddr := moduleAccountAddress(t, c, "dao")
	c.Tx(c.Validator, "bank", "send", c.Validator, daoAddr, "1"+Denom)

	// The validator is the provider whose offer the TS job is leased to.
	c.Tx(c.Validator, "compute", append([]string{"register-provider", strconv.Itoa(bond) + Denom,
		"--gpus", `{"model":"H100","vram_mib":81920,"count":8}`, "--endpoint", "https://gpu.example", "--region", "eu"}, gas...)...)
	c.Tx(c.Validator, "compute", append([]string{"create-offer", offerGPUs, strconv.Itoa(price) + Denom, "1", "72"}, gas...)...)

	ctx, cancel := context.WithTimeout(context.Background(), npmTestTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "test")
	cmd.Dir = filepath.Join(root, "clients", "ts")
	cmd.Env = append(os.Environ(),
		"AITBC_RPC=http://"+strings.TrimPrefix(c.RPC, "tcp://"),
		"AITBC_CHAIN_ID="+c.ChainID,
		"AITBC_PREFIX=aitbc",
		"AITBC_DENOM="+Denom,
		"AITBC_DIRECT_MNEMONIC="+direct.Mnemonic,
		"AITBC_AMINO_MNEMONIC="+aminoKey.Mnemonic,
		"AITBC_DAO_ADDRESS="+daoAddr,
		"AITBC_OFFER_MODEL=H100",
		"AITBC_AMINO_NAMES="+namesFile,
	)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("npm test (%s):\n%s", time.Since(start).Round(time.Millisecond), tailLines(string(out), 80))
	if err != nil {
		t.Fatalf("npm test in clients/ts: %v", err)
	}

	// The README's example, as written, with the direct account as alice.
	keyFile := filepath.Join(t.TempDir(), "alice.json")
	if err := os.WriteFile(keyFile, []byte(`{"mnemonic":"`+direct.Mnemonic+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	example := exec.CommandContext(ctx, "node", "examples/quickstart.js")
	example.Dir = cmd.Dir
	example.Env = append(os.Environ(), "AITBC_RPC=http://"+strings.TrimPrefix(c.RPC, "tcp://"), "AITBC_KEY_FILE="+keyFile)
	out, err = example.CombinedOutput()
	if want := direct.Address + " has 201000000 uaitbc locked"; err != nil || !strings.Contains(string(out), want) {
		t.Fatalf("examples/quickstart.js: %v, want %q in\n%s", err, want, out)
	}
}

// nodeDeps runs `npm ci` in clients/ts when its lockfile changed (make test
// has run it already), installing node first where it is missing.
func nodeDeps(t *testing.T, root string) {
	t.Helper()
	deps := exec.Command("bash", filepath.Join(root, "scripts", "node-deps.sh"))
	deps.Dir = root
	if out, err := deps.CombinedOutput(); err != nil {
		t.Fatalf("scripts/node-deps.sh: %v\n%s", err, out)
	}
}

// TestTSClientAminoJSON has the TS client sign, offline in Amino JSON mode,
// one transaction with every field set and one with only its signer for
// each Msg, and checks that the node's decoder and sign mode handler derive
// the very sign document CosmJS signed: every converter, not only those
// TestTSClient broadcasts, produces signatures the chain accepts.
func TestTSClientAminoJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the TypeScript client with npm; skipped with -short")
	}
	root := ModuleRoot(t)
	nodeDeps(t, root)
	pkgDir := filepath.Join(root, "clients", "ts")
	ctx, cancel := context.WithTimeout(context.Background(), npmTestTimeout)
	defer cancel()
	path := filepath.Join(t.TempDir(), "amino-fixtures.json")
	for _, args := range [][]string{{"npm", "run", "build"}, {"node", "dist/test/amino-fixtures.js", path}} {
		cmd := exec.CommandContext(ctx, args[0], args[1:]...)
		cmd.Dir = pkgDir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	bz, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fixtures []struct {
		TypeURL       string `json:"typeUrl"`
		Kind          string `json:"kind"`
		Signer        string `json:"signer"`
		AccountNumber uint64 `json:"accountNumber"`
		Sequence      uint64 `json:"sequence"`
		ChainID       string `json:"chainId"`
		Tx            string `json:"tx"`
		SignDoc       string `json:"signDoc"`
	}
	if err := json.Unmarshal(bz, &fixtures); err != nil {
		t.Fatal(err)
	}
	enc := app.MakeEncodingConfig()
	for _, register := range []func(codectypes.InterfaceRegistry){
		agenttypes.RegisterInterfaces, computetypes.RegisterInterfaces, daotypes.RegisterInterfaces,
		reputationtypes.RegisterInterfaces, sourcedaotypes.RegisterInterfaces,
	} {
		register(enc.InterfaceRegistry)
	}
	seen := map[string]bool{}
	for _, f := range fixtures {
		what := f.TypeURL + " (" + f.Kind + ")"
		raw, err := hex.DecodeString(f.Tx)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		tx, err := enc.TxConfig.TxDecoder()(raw)
		if err != nil {
			t.Errorf("%s: the node cannot decode the tx: %v", what, err)
			continue
		}
		signBytes, err := authsigning.GetSignBytesAdapter(ctx, enc.TxConfig.SignModeHandler(), signingtypes.SignMode_SIGN_MODE_LEGACY_AMINO_JSON,
			authsigning.SignerData{ChainID: f.ChainID, AccountNumber: f.AccountNumber, Sequence: f.Sequence, Address: f.Signer}, tx)
		if err != nil {
			t.Errorf("%s: amino JSON sign bytes: %v", what, err)
			continue
		}
		if string(signBytes) != f.SignDoc {
			t.Errorf("%s: the node signs\n%s\nCosmJS signed\n%s", what, signBytes, f.SignDoc)
		}
		seen[f.TypeURL] = true
	}
	if len(seen) == 0 {
		t.Fatal("no amino fixtures")
	}
	t.Logf("%d Amino JSON fixtures of %d Msgs sign the same bytes as the node", len(fixtures), len(seen))
}

// writeAminoNames writes {type URL: amino name} for every Msg our modules
// register, the names the chain's Amino JSON sign mode uses (the proto
// option amino.name). Where a module also registers the Msg with the
// legacy amino codec, the two names must agree.
func writeAminoNames(t *testing.T, path string) {
	t.Helper()
	registry := codectypes.NewInterfaceRegistry()
	sdk.RegisterInterfaces(registry)
	cdc := codec.NewLegacyAmino()
	for _, m := range []struct {
		interfaces func(codectypes.InterfaceRegistry)
		amino      func(*codec.LegacyAmino)
	}{
		{agenttypes.RegisterInterfaces, agenttypes.RegisterLegacyAminoCodec},
		{computetypes.RegisterInterfaces, computetypes.RegisterLegacyAminoCodec},
		{daotypes.RegisterInterfaces, daotypes.RegisterLegacyAminoCodec},
		{reputationtypes.RegisterInterfaces, reputationtypes.RegisterLegacyAminoCodec},
		{sourcedaotypes.RegisterInterfaces, sourcedaotypes.RegisterLegacyAminoCodec},
	} {
		m.interfaces(registry)
		m.amino(cdc)
	}
	urls := registry.ListImplementations(sdk.MsgInterfaceProtoName)
	sort.Strings(urls)
	names := map[string]string{}
	for _, url := range urls {
		if !strings.HasPrefix(url, "/aitbc.") {
			continue
		}
		desc, err := gogoproto.HybridResolver.FindDescriptorByName(protoreflect.FullName(url[1:]))
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		name, _ := proto.GetExtension(desc.Options(), amino.E_Name).(string)
		if name == "" {
			t.Fatalf("%s has no amino.name option", url)
		}
		msg, err := registry.Resolve(url)
		if err != nil {
			t.Fatalf("resolving %s: %v", url, err)
		}
		// A Msg the legacy codec knows marshals as {"type": name, "value": ...}.
		if bz, err := cdc.MarshalJSON(msg); err == nil {
			var wrapped struct {
				Type  string          `json:"type"`
				Value json.RawMessage `json:"value"`
			}
			if json.Unmarshal(bz, &wrapped) == nil && wrapped.Type != "" && wrapped.Type != name {
				t.Errorf("%s: legacy amino name %q, proto option amino.name %q", url, wrapped.Type, name)
			}
		}
		names[url] = name
	}
	if len(names) == 0 {
		t.Fatal("no Msgs registered")
	}
	bz, err := json.MarshalIndent(names, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, bz, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d Msgs with amino names", len(names))
}

// tailLines returns the last n lines of s.
func tailLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
