// Package e2e holds end-to-end tests that drive the real aitbcd binary: they
// initialise a single-validator chain with the standard commands (init, keys,
// genesis ...), start `aitbcd start` as a child process on free loopback
// ports, and talk to it through the CLI and the REST API, as a user would.
//
// The binary comes from $AITBCD_BIN (as `make test` and `make test-e2e` set
// it); without it, the harness builds ./cmd/aitbcd once per test process.
// All network traffic stays on 127.0.0.1.
//
// A typical test:
//
//	func TestSomething(t *testing.T) {
//		if testing.Short() {
//			t.Skip("e2e test")
//		}
//		c := NewChain(t, Options{Accounts: []Account{{Name: "bob"}}})
//		c.Start()
//		res := c.Tx("validator", "bank", "send", "validator", c.KeyAddress("bob"), "1uaitbc")
//		...
//	}
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
)

// Defaults of a test chain.
const (
	DefaultChainID        = "aitbc-local-1"
	Denom                 = "uaitbc"
	DefaultFees           = "500" + Denom           // enough for the default 200k gas at 0.0025uaitbc
	DefaultAccountCoins   = "1000000000000" + Denom // 1,000,000 AITBC
	DefaultValidatorStake = "100000000" + Denom     // 100 AITBC
	DefaultValidatorKey   = "validator"
	DefaultTimeoutCommit  = 500 * time.Millisecond
	DefaultStartTimeout   = 15 * time.Minute // an upper bound; Start fails earlier if the node stalls
	DefaultTxTimeout      = 15 * time.Minute // an upper bound; the wait is DefaultTxBlocks blocks

	cliTimeout   = 2 * time.Minute  // bound of one CLI invocation
	buildTimeout = 15 * time.Minute // bound of `go build ./cmd/aitbcd`
	stopGrace    = 10 * time.Second // SIGTERM → SIGKILL delay
	pollInterval = 200 * time.Millisecond
	logTailLines = 60
)

// Account is a key created in the test keyring and funded at genesis.
type Account struct {
	Name  string
	Coins string // genesis balance; DefaultAccountCoins when empty
}

// Options configures NewChain. The zero value gives a chain aitbc-local-1
// with one validator key "validator" holding DefaultAccountCoins and
// bonding DefaultValidatorStake.
type Options struct {
	ChainID string // DefaultChainID when empty
	Moniker string // "e2e" when empty

	// ValidatorKey names the key of the only validator (DefaultValidatorKey
	// when empty). It is funded with ValidatorCoins, or with the coins of the
	// entry of Accounts that has the same name.
	ValidatorKey   string
	ValidatorCoins string // DefaultAccountCoins when empty
	ValidatorStake string // DefaultValidatorStake when empty

	// Accounts are further keys funded at genesis, in this order.
	Accounts []Account

	// EditGenesis may change genesis.json after the accounts are added and
	// before gentx, collect-gentxs and validate (e.g. shorter dao periods;
	// see SetPath). Numbers in genesis are json.Number values.
	EditGenesis func(c *Chain, genesis map[string]any) error

	TimeoutCommit time.Duration // consensus timeout_commit; DefaultTimeoutCommit when zero
	StartTimeout  time.Duration // upper bound of Start; DefaultStartTimeout when zero
	TxTimeout     time.Duration // upper bound of waiting for a tx's inclusion; DefaultTxTimeout when zero
	// StallTimeout is how long a wait tolerates a node that shows no
	// progress (no new block, no new log output); DefaultStallTimeout when
	// zero. Waits end on what they observe, not on a wall-clock guess.
	StallTimeout time.Duration
	// Fees is the --fees of Tx; DefaultFees when empty.
	Fees string
}

// Chain is a single-validator chain in a temporary directory, driven through
// the aitbcd binary. Its methods fail the test on errors, except those whose
// name ends in E, which return the error.
type Chain struct {
	t testing.TB

	Bin       string // the aitbcd binary
	Dir       string // the test's temporary directory
	Home      string // the node's --home
	LogFile   string // stdout and stderr of `aitbcd start`
	ChainID   string
	Validator string // key name of the validator
	Fees      string

	// Endpoints, all on 127.0.0.1; (re)assigned by NewChain and Start.
	RPCPort, P2PPort, GRPCPort, APIPort int
	RPC                                 string // tcp://127.0.0.1:<RPCPort>, for --node
	API                                 string // http://127.0.0.1:<APIPort>, the REST server
	GRPC                                string // 127.0.0.1:<GRPCPort>

	timeoutCommit time.Duration
	startTimeout  time.Duration
	txTimeout     time.Duration
	stallTimeout  time.Duration

	mu        sync.Mutex
	proc      *process
	addrs     map[string]string
	exports   int
	slowestTx time.Duration // the slowest TxE round trip so far (see Pace)
	logStart  int64         // size of LogFile when the node last started
}

// ---------------------------------------------------------------------------
// The binary

var (
	buildOnce sync.Once
	builtBin  string
	builtDir  string
	buildErr  error
)

// Binary returns the aitbcd binary under test: $AITBCD_BIN when set
// (relative paths are tried from the working directory, then from the module
// root), else ./cmd/aitbcd built once into a temporary directory.
func Binary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("AITBCD_BIN"); p != "" {
		candidates := []string{p}
		if !filepath.IsAbs(p) {
			if root, err := moduleRoot(); err == nil {
				candidates = append(candidates, filepath.Join(root, p))
			}
		}
		for _, c := range candidates {
			if fi, err := os.Stat(c); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
				abs, err := filepath.Abs(c)
				if err != nil {
					t.Fatalf("AITBCD_BIN=%s: %v", p, err)
				}
				return abs
			}
		}
		t.Fatalf("AITBCD_BIN=%s is not an executable file (run `make build`, or unset AITBCD_BIN to let the test build it)", p)
	}
	buildOnce.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			buildErr = err
			return
		}
		builtDir, err = os.MkdirTemp("", "aitbc-e2e-bin-")
		if err != nil {
			buildErr = err
			return
		}
		bin := filepath.Join(builtDir, "aitbcd")
		ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, goTool(), "build", "-o", bin, "./cmd/aitbcd")
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build ./cmd/aitbcd in %s: %v\n%s", root, err, out)
			return
		}
		builtBin = bin
	})
	if buildErr != nil {
		t.Fatalf("building aitbcd: %v", buildErr)
	}
	return builtBin
}

// RemoveBuiltBinary deletes the binary that Binary built, if any. Call it
// from TestMain after m.Run.
func RemoveBuiltBinary() {
	if builtDir != "" {
		_ = os.RemoveAll(builtDir)
	}
}

// ModuleRoot returns the directory of the repository's go.mod.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func moduleRoot() (string, error) {
	out, err := exec.Command(goTool(), "env", "GOMOD").Output()
	if gomod := strings.TrimSpace(string(out)); err == nil && gomod != "" && gomod != os.DevNull {
		return filepath.Dir(gomod), nil
	}
	// Fall back to walking up from the working directory.
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "go"
}

// childEnv is the environment of every aitbcd child process: ours without
// AITBCD_* variables, which the binary's viper would read as flag values.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AITBCD_") {
			env = append(env, kv)
		}
	}
	return env
}

// ---------------------------------------------------------------------------
// Creating a chain

// NewChain initialises a single-validator chain in t.TempDir() with the
// standard commands (init, keys add, genesis add-genesis-account, gentx,
// collect-gentxs, validate), and configures it for free loopback ports,
// fast blocks and the REST API. It does not start the node (see Start).
// The node is stopped when the test ends.
func NewChain(t testing.TB, opts Options) *Chain {
	t.Helper()
	bin := Binary(t)
	dir := t.TempDir()
	c := &Chain{
		t:             t,
		Bin:           bin,
		Dir:           dir,
		Home:          filepath.Join(dir, "home"),
		LogFile:       filepath.Join(dir, "node.log"),
		ChainID:       orDefault(opts.ChainID, DefaultChainID),
		Validator:     orDefault(opts.ValidatorKey, DefaultValidatorKey),
		Fees:          orDefault(opts.Fees, DefaultFees),
		timeoutCommit: opts.TimeoutCommit,
		startTimeout:  opts.StartTimeout,
		txTimeout:     opts.TxTimeout,
		stallTimeout:  opts.StallTimeout,
		addrs:         map[string]string{},
	}
	if c.timeoutCommit <= 0 {
		c.timeoutCommit = DefaultTimeoutCommit
	}
	if c.startTimeout <= 0 {
		c.startTimeout = DefaultStartTimeout
	}
	if c.txTimeout <= 0 {
		c.txTimeout = DefaultTxTimeout
	}
	if c.stallTimeout <= 0 {
		c.stallTimeout = DefaultStallTimeout
	}
	t.Cleanup(func() {
		c.Stop()
		if t.Failed() {
			t.Logf("node home %s; last lines of %s:\n%s", c.Home, c.LogFile, tailFile(c.LogFile, logTailLines))
		}
	})

	// Accounts: the validator first, then the others; names are unique.
	accounts := []Account{{Name: c.Validator, Coins: opts.ValidatorCoins}}
	seen := map[string]bool{c.Validator: true}
	for _, a := range opts.Accounts {
		if a.Name == "" {
			t.Fatal("NewChain: an Account has no Name")
		}
		if a.Name == c.Validator {
			if a.Coins != "" && accounts[0].Coins == "" {
				accounts[0].Coins = a.Coins
			}
			continue
		}
		if seen[a.Name] {
			t.Fatalf("NewChain: account %q listed twice", a.Name)
		}
		seen[a.Name] = true
		accounts = append(accounts, a)
	}

	c.CLI("init", orDefault(opts.Moniker, "e2e"), "--chain-id", c.ChainID, "--default-denom", Denom)
	for _, a := range accounts {
		c.AddKey(a.Name)
	}
	for _, a := range accounts {
		c.CLI("genesis", "add-genesis-account", a.Name, orDefault(a.Coins, DefaultAccountCoins))
	}
	if opts.EditGenesis != nil {
		c.editGenesis(opts.EditGenesis)
	}
	c.CLI("genesis", "gentx", c.Validator, orDefault(opts.ValidatorStake, DefaultValidatorStake))
	c.CLI("genesis", "collect-gentxs")
	c.CLI("genesis", "validate")

	if err := c.configure(); err != nil {
		t.Fatalf("configuring the node: %v", err)
	}
	return c
}

func (c *Chain) editGenesis(edit func(*Chain, map[string]any) error) {
	c.t.Helper()
	path := filepath.Join(c.Home, "config", "genesis.json")
	bz, err := os.ReadFile(path)
	if err != nil {
		c.t.Fatal(err)
	}
	var genesis map[string]any
	if err := decodeJSON(bz, &genesis); err != nil {
		c.t.Fatalf("decoding %s: %v", path, err)
	}
	if err := edit(c, genesis); err != nil {
		c.t.Fatalf("EditGenesis: %v", err)
	}
	bz, err = json.MarshalIndent(genesis, "", "  ")
	if err != nil {
		c.t.Fatalf("encoding genesis: %v", err)
	}
	if err := os.WriteFile(path, bz, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// configure picks free loopback ports and writes them, timeout_commit and
// the API switch into config.toml, app.toml and client.toml.
func (c *Chain) configure() error {
	ports, err := FreePorts(4)
	if err != nil {
		return err
	}
	c.RPCPort, c.P2PPort, c.GRPCPort, c.APIPort = ports[0], ports[1], ports[2], ports[3]
	c.RPC = fmt.Sprintf("tcp://127.0.0.1:%d", c.RPCPort)
	c.API = fmt.Sprintf("http://127.0.0.1:%d", c.APIPort)
	c.GRPC = fmt.Sprintf("127.0.0.1:%d", c.GRPCPort)

	cfg := filepath.Join(c.Home, "config")
	if err := EditTOML(filepath.Join(cfg, "config.toml"), map[string]map[string]string{
		"rpc": {
			"laddr":       strconv.Quote(c.RPC),
			"pprof_laddr": `""`, // no pprof server
		},
		"p2p": {
			"laddr":            strconv.Quote(fmt.Sprintf("tcp://127.0.0.1:%d", c.P2PPort)),
			"external_address": `""`,
		},
		"consensus": {
			"timeout_commit": strconv.Quote(c.timeoutCommit.String()),
		},
		"instrumentation": {
			"prometheus": "false",
		},
	}); err != nil {
		return err
	}
	if err := EditTOML(filepath.Join(cfg, "app.toml"), map[string]map[string]string{
		"api": {
			"enable":  "true",
			"address": strconv.Quote("tcp://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(c.APIPort))),
		},
		"grpc": {
			"enable":  "true",
			"address": strconv.Quote(c.GRPC),
		},
	}); err != nil {
		return err
	}
	return EditTOML(filepath.Join(cfg, "client.toml"), map[string]map[string]string{
		"": {
			"chain-id":        strconv.Quote(c.ChainID),
			"keyring-backend": `"test"`,
			"node":            strconv.Quote(c.RPC),
		},
	})
}

// ---------------------------------------------------------------------------
// Running the node

// Start runs `aitbcd start` as a child process (output in c.LogFile) and
// waits until the REST API reports a block height of at least 2. A node
// that was stopped can be started again; it continues its chain. If the
// node cannot bind its ports, Start picks new ones and tries again.
func (c *Chain) Start() {
	c.t.Helper()
	if c.Running() {
		c.t.Fatal("Start: the node is already running")
	}
	const attempts = 3
	for attempt := 1; ; attempt++ {
		var offset int64
		if fi, err := os.Stat(c.LogFile); err == nil {
			offset = fi.Size()
		}
		err := c.startOnce()
		if err == nil {
			return
		}
		logTail := tailFileFrom(c.LogFile, offset, logTailLines)
		if attempt < attempts && strings.Contains(logTail, "address already in use") {
			c.t.Logf("Start: a port was taken (attempt %d), retrying with new ports", attempt)
			if cerr := c.configure(); cerr != nil {
				c.t.Fatalf("reconfiguring ports: %v", cerr)
			}
			continue
		}
		c.t.Fatalf("Start: %v\nlast lines of %s:\n%s", err, c.LogFile, logTail)
	}
}

func (c *Chain) startOnce() error {
	logf, err := os.OpenFile(c.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(logf, "\n==== e2e: aitbcd start at %s (rpc %s, api %s, grpc %s)\n",
		time.Now().Format(time.RFC3339), c.RPC, c.API, c.GRPC)
	if fi, err := logf.Stat(); err == nil {
		c.mu.Lock()
		c.logStart = fi.Size()
		c.mu.Unlock()
	}
	p, err := startProcess("", logf, childEnv(), c.Bin, "start", "--home", c.Home, "--log_no_color")
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.proc = p
	c.mu.Unlock()

	// A busy machine may take minutes to open the stores and commit the
	// first blocks: wait as long as the node makes progress (its log grows
	// or its height rises), at most startTimeout.
	began := time.Now()
	err = waitProgress(c.stallTimeout, func() (bool, string, string, error) {
		if p.exited() {
			return false, "", "", fmt.Errorf("aitbcd start exited early: %v", p.exitErr())
		}
		if time.Since(began) > c.startTimeout {
			return false, "", "", fmt.Errorf("node did not reach height 2 within %s", c.startTimeout)
		}
		h, err := c.HeightE()
		if err == nil && h >= 2 {
			return true, "", "", nil
		}
		var size int64
		if fi, serr := os.Stat(c.LogFile); serr == nil {
			size = fi.Size()
		}
		return false, fmt.Sprintf("%d/%d", size, h), fmt.Sprintf("height %d, error %v", h, err), nil
	})
	if err != nil {
		_ = p.stop(stopGrace)
		return fmt.Errorf("node did not reach height 2: %w", err)
	}
	return nil
}

// Stop stops the node (SIGTERM, then SIGKILL after a grace period) and waits
// for the process to exit. It does nothing if the node is not running.
func (c *Chain) Stop() {
	c.mu.Lock()
	p := c.proc
	c.mu.Unlock()
	if p == nil || p.exited() {
		return
	}
	if err := p.stop(stopGrace); err != nil {
		c.t.Logf("Stop: %v", err)
	}
}

// Running reports whether the node process is alive.
func (c *Chain) Running() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.proc != nil && !c.proc.exited()
}

// ---------------------------------------------------------------------------
// The CLI

// ExecE runs the binary with exactly the given arguments and returns its
// stdout and stderr. The error includes the output.
func (c *Chain) ExecE(args ...string) (stdout, stderr []byte, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.Bin, args...)
	cmd.Env = childEnv()
	cmd.WaitDelay = 5 * time.Second
	var outBuf, errBuf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &outBuf, &errBuf
	err = cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("timed out after %s: %w", cliTimeout, err)
	}
	if err != nil {
		err = fmt.Errorf("aitbcd %s: %v\nstdout: %s\nstderr: %s",
			strings.Join(args, " "), err, tailString(outBuf.String(), 30), tailString(errBuf.String(), 30))
	}
	return outBuf.Bytes(), errBuf.Bytes(), err
}

// CLIE runs `aitbcd args...` with the flags that args do not set already:
// --home always; --node for query, tx and status; --keyring-backend test for
// keys, tx, genesis gentx and genesis add-genesis-account; --chain-id for tx
// and genesis gentx. It returns stdout.
func (c *Chain) CLIE(args ...string) ([]byte, error) {
	out, _, err := c.ExecE(c.withDefaultFlags(args)...)
	return out, err
}

// CLI is CLIE that fails the test on error.
func (c *Chain) CLI(args ...string) []byte {
	c.t.Helper()
	out, err := c.CLIE(args...)
	if err != nil {
		c.t.Fatal(err)
	}
	return out
}

// CLIJSON runs CLI(args...) and decodes its stdout as JSON into out. It does
// not add -o json; pass it where the command needs it.
func (c *Chain) CLIJSON(out any, args ...string) {
	c.t.Helper()
	if err := decodeJSON(c.CLI(args...), out); err != nil {
		c.t.Fatalf("aitbcd %s: decoding output: %v", strings.Join(args, " "), err)
	}
}

func (c *Chain) withDefaultFlags(args []string) []string {
	out := append([]string(nil), args...)
	add := func(flag, value string) {
		if !hasFlag(args, flag) {
			out = append(out, flag, value)
		}
	}
	add("--home", c.Home)
	words := positional(args, 2)
	switch words[0] {
	case "tx":
		add("--node", c.RPC)
		add("--keyring-backend", "test")
		add("--chain-id", c.ChainID)
	case "q", "query", "status":
		add("--node", c.RPC)
	case "keys":
		add("--keyring-backend", "test")
	case "genesis":
		switch words[1] {
		case "gentx":
			add("--keyring-backend", "test")
			add("--chain-id", c.ChainID)
		case "add-genesis-account":
			add("--keyring-backend", "test")
		}
	}
	return out
}

// QueryE runs `aitbcd q args... -o json` and decodes the output into out
// (a struct pointer, or *map[string]any; numbers then are json.Number).
func (c *Chain) QueryE(out any, args ...string) error {
	full := append([]string{"q"}, args...)
	if !hasFlag(args, "--output") && !hasFlag(args, "-o") {
		full = append(full, "-o", "json")
	}
	stdout, err := c.CLIE(full...)
	if err != nil {
		return err
	}
	if err := decodeJSON(stdout, out); err != nil {
		return fmt.Errorf("aitbcd %s: decoding output: %w", strings.Join(full, " "), err)
	}
	return nil
}

// QueryInto is QueryE that fails the test on error.
func (c *Chain) QueryInto(out any, args ...string) {
	c.t.Helper()
	if err := c.QueryE(out, args...); err != nil {
		c.t.Fatal(err)
	}
}

// Query runs `aitbcd q args... -o json` and returns the decoded object.
func (c *Chain) Query(args ...string) map[string]any {
	c.t.Helper()
	var m map[string]any
	c.QueryInto(&m, args...)
	return m
}

// AddKey creates key name in the test keyring and returns its address.
func (c *Chain) AddKey(name string) string {
	c.t.Helper()
	var key struct {
		Address string `json:"address"`
	}
	c.CLIJSON(&key, "keys", "add", name, "--output", "json")
	if key.Address == "" {
		c.t.Fatalf("keys add %s: no address in the output", name)
	}
	c.mu.Lock()
	c.addrs[name] = key.Address
	c.mu.Unlock()
	return key.Address
}

// KeyAddress returns the address of key name (`aitbcd keys show name -a`).
func (c *Chain) KeyAddress(name string) string {
	c.t.Helper()
	c.mu.Lock()
	addr, ok := c.addrs[name]
	c.mu.Unlock()
	if ok {
		return addr
	}
	addr = strings.TrimSpace(string(c.CLI("keys", "show", name, "-a")))
	if addr == "" {
		c.t.Fatalf("keys show %s: empty address", name)
	}
	c.mu.Lock()
	c.addrs[name] = addr
	c.mu.Unlock()
	return addr
}

// ---------------------------------------------------------------------------
// Transactions

// TxResponse is the outcome of a transaction (the tx_response of
// /cosmos/tx/v1beta1/txs/{hash}, or the broadcast response of a transaction
// that CheckTx rejected, whose Height is 0).
type TxResponse struct {
	Height    int64
	TxHash    string
	Code      uint32
	Codespace string
	RawLog    string
	GasWanted int64
	GasUsed   int64
	Events    []Event
	Raw       map[string]any // the whole JSON object
}

// Event is an ABCI event of a transaction.
type Event struct {
	Type       string      `json:"type"`
	Attributes []Attribute `json:"attributes"`
}

// Attribute is a key/value pair of an Event.
type Attribute struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	Index bool   `json:"index"`
}

// UnmarshalJSON accepts the JSON of both the CLI and the REST API, where
// 64-bit integers are strings.
func (r *TxResponse) UnmarshalJSON(bz []byte) error {
	var v struct {
		Height    flexInt `json:"height"`
		TxHash    string  `json:"txhash"`
		Code      uint32  `json:"code"`
		Codespace string  `json:"codespace"`
		RawLog    string  `json:"raw_log"`
		GasWanted flexInt `json:"gas_wanted"`
		GasUsed   flexInt `json:"gas_used"`
		Events    []Event `json:"events"`
	}
	if err := json.Unmarshal(bz, &v); err != nil {
		return err
	}
	var raw map[string]any
	if err := decodeJSON(bz, &raw); err != nil {
		return err
	}
	*r = TxResponse{
		Height: int64(v.Height), TxHash: v.TxHash, Code: v.Code, Codespace: v.Codespace,
		RawLog: v.RawLog, GasWanted: int64(v.GasWanted), GasUsed: int64(v.GasUsed),
		Events: v.Events, Raw: raw,
	}
	return nil
}

// Attrs returns the values of attribute key in the events of type eventType.
func (r TxResponse) Attrs(eventType, key string) []string {
	var vals []string
	for _, e := range r.Events {
		if e.Type != eventType {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == key {
				vals = append(vals, a.Value)
			}
		}
	}
	return vals
}

// Attr returns the first value of attribute key in an event of type
// eventType, and whether there was one.
func (r TxResponse) Attr(eventType, key string) (string, bool) {
	if vals := r.Attrs(eventType, key); len(vals) > 0 {
		return vals[0], true
	}
	return "", false
}

// TxE signs and broadcasts `aitbcd tx module args...` from key from (adding
// --from, --chain-id, --keyring-backend test, --fees c.Fees unless args set
// --fees or --gas-prices, -y, -o json, --node, --home), then waits for the
// transaction to be in a block. A non-zero Code is not an error: the result
// carries it. The error reports a failing command (with an empty result) or
// a transaction that CheckTx accepted (the result has its hash) and that did
// not make it into a block.
func (c *Chain) TxE(from, module string, args ...string) (TxResponse, error) {
	full := append([]string{"tx", module}, args...)
	if !hasFlag(args, "--from") {
		full = append(full, "--from", from)
	}
	if !hasFlag(args, "--fees") && !hasFlag(args, "--gas-prices") {
		full = append(full, "--fees", c.Fees)
	}
	if !hasFlag(args, "--broadcast-mode") && !hasFlag(args, "-b") {
		full = append(full, "--broadcast-mode", "sync")
	}
	full = append(full, "-y", "-o", "json")
	began := time.Now()
	stdout, err := c.CLIE(full...)
	if err != nil {
		return TxResponse{}, err
	}
	var res TxResponse
	if err := decodeJSON(stdout, &res); err != nil {
		return TxResponse{}, fmt.Errorf("aitbcd %s: decoding output: %w", strings.Join(full, " "), err)
	}
	if res.TxHash == "" {
		return res, fmt.Errorf("aitbcd %s: no txhash in the output: %s", strings.Join(full, " "), stdout)
	}
	if res.Code != 0 { // rejected by CheckTx: it will never be in a block
		return res, nil
	}
	included, err := c.WaitForTxE(res.TxHash)
	if err != nil {
		return res, err // the broadcast response: CheckTx accepted it
	}
	c.recordTx(time.Since(began))
	return included, nil
}

// Tx is TxE that fails the test on error and on a non-zero code.
func (c *Chain) Tx(from, module string, args ...string) TxResponse {
	c.t.Helper()
	res, err := c.TxE(from, module, args...)
	if err != nil {
		c.t.Fatal(err)
	}
	if res.Code != 0 {
		c.t.Fatalf("tx %s %s from %s: code %d (codespace %q): %s",
			module, strings.Join(args, " "), from, res.Code, res.Codespace, res.RawLog)
	}
	return res
}

// WaitForTxE polls /cosmos/tx/v1beta1/txs/{hash} until the transaction is
// in a block. A transaction accepted by CheckTx is in one of the next
// blocks or never: the bound is DefaultTxBlocks new blocks (and the chain's
// TxTimeout as an upper bound of the whole wait).
func (c *Chain) WaitForTxE(hash string) (TxResponse, error) {
	var found TxResponse
	err := c.waitUntil("tx "+hash, DefaultTxBlocks, c.txTimeout, func() (bool, string) {
		var resp struct {
			TxResponse TxResponse `json:"tx_response"`
		}
		err := c.REST("/cosmos/tx/v1beta1/txs/"+hash, &resp)
		if err == nil && resp.TxResponse.Height > 0 {
			found = resp.TxResponse
			return true, ""
		}
		return false, fmt.Sprintf("not found (last error: %v)", err)
	})
	return found, err
}

// ---------------------------------------------------------------------------
// REST

// HTTPError is a non-200 answer of the REST API.
type HTTPError struct {
	URL    string
	Status int
	Body   string
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("GET %s: HTTP %d: %s", e.URL, e.Status, tailString(e.Body, 20))
}

// httpClient talks to 127.0.0.1 only, never through a proxy.
var httpClient = &http.Client{
	Timeout:   time.Minute, // a bound for a busy machine, not an expectation
	Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
}

// REST GETs path (e.g. "/cosmos/bank/v1beta1/balances/aitbc1...") from the
// node's API server and decodes the JSON answer into out (nil to discard
// it). A non-200 answer is an *HTTPError carrying the body.
func (c *Chain) REST(path string, out any) error {
	return getJSON(c.API+path, out)
}

func getJSON(url string, out any) error {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	return doJSON(req, out)
}

// doJSON sends req and decodes the JSON answer into out; a non-200 answer
// is an *HTTPError.
func doJSON(req *http.Request, out any) error {
	url := req.URL.String()
	resp, err := httpClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return fmt.Errorf("GET %s: reading body: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return &HTTPError{URL: url, Status: resp.StatusCode, Body: string(body)}
	}
	if out == nil {
		return nil
	}
	if err := decodeJSON(body, out); err != nil {
		return fmt.Errorf("GET %s: decoding %q: %w", url, tailString(string(body), 5), err)
	}
	return nil
}

// latestHeight reads /cosmos/base/tendermint/v1beta1/blocks/latest.
func latestHeight(apiURL string) (int64, error) {
	var resp struct {
		Block struct {
			Header struct {
				Height flexInt `json:"height"`
			} `json:"header"`
		} `json:"block"`
	}
	if err := getJSON(apiURL+"/cosmos/base/tendermint/v1beta1/blocks/latest", &resp); err != nil {
		return 0, err
	}
	return int64(resp.Block.Header.Height), nil
}

// HeightE returns the latest block height reported by the REST API.
func (c *Chain) HeightE() (int64, error) { return latestHeight(c.API) }

// Height is HeightE that fails the test on error.
func (c *Chain) Height() int64 {
	c.t.Helper()
	h, err := c.HeightE()
	if err != nil {
		c.t.Fatal(err)
	}
	return h
}

// WaitForHeight waits until the chain reaches height h and returns the
// height it saw. It fails when the node makes no block for the stall
// timeout, or, when timeout is not zero, after timeout.
func (c *Chain) WaitForHeight(h int64, timeout time.Duration) int64 {
	c.t.Helper()
	var cur int64
	began := time.Now()
	lastHeight, lastChange := int64(-1), began
	err := waitProgress(c.stallTimeout, func() (bool, string, string, error) {
		var err error
		cur, err = c.HeightE()
		switch {
		case err == nil && cur >= h:
			return true, "", "", nil
		case !c.Running():
			return false, "", "", errNotRunning
		case timeout > 0 && time.Since(began) > timeout:
			return false, "", "", fmt.Errorf("not within %s (height %d)", timeout, cur)
		}
		if err == nil && cur != lastHeight {
			lastHeight, lastChange = cur, time.Now()
		}
		if err := c.stuck(time.Since(lastChange)); err != nil {
			return false, "", "", err
		}
		return false, strconv.FormatInt(cur, 10), fmt.Sprintf("height %d, error %v", cur, err), nil
	})
	if err != nil {
		c.t.Fatalf("chain did not reach height %d: %v", h, err)
	}
	return cur
}

// Balance returns the balance of addr in denom, read through REST.
func (c *Chain) Balance(addr, denom string) sdkmath.Int {
	c.t.Helper()
	var resp struct {
		Balance struct {
			Amount string `json:"amount"`
		} `json:"balance"`
	}
	if err := c.REST("/cosmos/bank/v1beta1/balances/"+addr+"/by_denom?denom="+denom, &resp); err != nil {
		c.t.Fatal(err)
	}
	if resp.Balance.Amount == "" {
		return sdkmath.ZeroInt()
	}
	amt, ok := sdkmath.NewIntFromString(resp.Balance.Amount)
	if !ok {
		c.t.Fatalf("balance of %s: bad amount %q", addr, resp.Balance.Amount)
	}
	return amt
}

// ---------------------------------------------------------------------------
// Export

// Export runs `aitbcd export` (with extra flags, e.g. --for-zero-height) and
// returns the exported genesis. The node must be stopped first: its
// database is locked while it runs.
func (c *Chain) Export(args ...string) map[string]any {
	c.t.Helper()
	if c.Running() {
		c.t.Fatal("Export: call Stop first; the node's database is locked while it runs")
	}
	c.mu.Lock()
	c.exports++
	path := filepath.Join(c.Dir, fmt.Sprintf("export-%d.json", c.exports))
	c.mu.Unlock()
	c.CLI(append([]string{"export", "--output-document", path}, args...)...)
	bz, err := os.ReadFile(path)
	if err != nil {
		c.t.Fatal(err)
	}
	var genesis map[string]any
	if err := decodeJSON(bz, &genesis); err != nil {
		c.t.Fatalf("decoding the export %s: %v", path, err)
	}
	return genesis
}
