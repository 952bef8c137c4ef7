package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// localnet drives scripts/localnet.sh on free ports.
type localnet struct {
	t      *testing.T
	script string
	bin    string
	home   string
	runs   int
}

type localnetRun struct {
	proc   *process
	log    string
	apiURL string
}

func (l *localnet) args(ports []int, extra ...string) []string {
	args := []string{l.script, "--home", l.home, "--binary", l.bin}
	if ports != nil {
		args = append(args,
			"--rpc-port", fmt.Sprint(ports[0]), "--p2p-port", fmt.Sprint(ports[1]),
			"--api-port", fmt.Sprint(ports[2]), "--grpc-port", fmt.Sprint(ports[3]))
	}
	return append(args, extra...)
}

// run runs the script to completion (for runs that must not start a node)
// and returns its combined output and exit code.
func (l *localnet) run(args ...string) (string, int) {
	l.t.Helper()
	// An upper bound for a busy machine: these runs stop before the node.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", args...)
	cmd.Env = childEnv()
	cmd.SysProcAttr = childProcAttr()
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exitErr) && ctx.Err() == nil:
		return string(out), exitErr.ExitCode()
	default:
		l.t.Fatalf("bash %s: %v\n%s", strings.Join(args, " "), err, out)
		return "", -1
	}
}

// start runs the script in the background, as `make localnet` does, and
// waits until the node's REST API reports at least minHeight. The node is
// stopped when the test ends, if stop was not called before.
func (l *localnet) start(minHeight int64, extra ...string) *localnetRun {
	l.t.Helper()
	ports, err := FreePorts(4)
	if err != nil {
		l.t.Fatal(err)
	}
	l.runs++
	logPath := filepath.Join(filepath.Dir(l.home), fmt.Sprintf("localnet-%d.log", l.runs))
	logf, err := os.Create(logPath)
	if err != nil {
		l.t.Fatal(err)
	}
	p, err := startProcess("", logf, childEnv(), "bash", l.args(ports, extra...)...)
	if err != nil {
		l.t.Fatal(err)
	}
	r := &localnetRun{proc: p, log: logPath, apiURL: fmt.Sprintf("http://127.0.0.1:%d", ports[2])}
	l.t.Cleanup(func() { _ = p.stop(stopGrace) })

	// The script runs a dozen aitbcd commands before the node starts, each
	// slow on a busy machine: wait as long as something moves (the
	// script's output, its initialisation log, the node's height).
	fileSize := func(path string) int64 {
		if fi, err := os.Stat(path); err == nil {
			return fi.Size()
		}
		return 0
	}
	err = waitProgress(DefaultStallTimeout, func() (bool, string, string, error) {
		if p.exited() {
			return false, "", "", fmt.Errorf("localnet.sh exited early (%v)", p.exitErr())
		}
		h, err := latestHeight(r.apiURL)
		if err == nil && h >= minHeight {
			return true, "", "", nil
		}
		progress := fmt.Sprintf("%d/%d/%d", fileSize(logPath), fileSize(filepath.Join(l.home, "localnet-init.log")), h)
		return false, progress, fmt.Sprintf("height %d, error %v", h, err), nil
	})
	if err != nil {
		l.t.Fatalf("localnet did not reach height %d: %v; output:\n%s", minHeight, err, tailFile(logPath, logTailLines))
	}
	return r
}

// output is what the run has written so far.
func (r *localnetRun) output(t *testing.T) string {
	t.Helper()
	bz, err := os.ReadFile(r.log)
	if err != nil {
		t.Fatal(err)
	}
	return string(bz)
}

// stop ends the node (the script exec'd it, so its process group is the node).
func (r *localnetRun) stop(t *testing.T) {
	t.Helper()
	if err := r.proc.stop(stopGrace); err != nil {
		t.Fatal(err)
	}
}

// summaryAddress finds NAME's address in the summary that the script prints.
func summaryAddress(t *testing.T, out, name string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^  ` + name + `\s+(aitbc1[02-9ac-hj-np-z]+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no address of %s in the localnet summary:\n%s", name, tailString(out, 40))
	}
	return m[1]
}

func uaitbcBalance(t *testing.T, apiURL, addr string) string {
	t.Helper()
	var resp struct {
		Balances []struct {
			Denom  string `json:"denom"`
			Amount string `json:"amount"`
		} `json:"balances"`
	}
	if err := getJSON(apiURL+"/cosmos/bank/v1beta1/balances/"+addr, &resp); err != nil {
		t.Fatal(err)
	}
	for _, b := range resp.Balances {
		if b.Denom == Denom {
			return b.Amount
		}
	}
	return "0"
}

// TestLocalnetScript checks scripts/localnet.sh: a first run initialises and
// starts a chain with funded dev accounts, a second run reuses it, a broken
// home is refused until --reset, and --reset starts a new chain.
func TestLocalnetScript(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not found")
	}
	l := &localnet{
		t:      t,
		script: filepath.Join(ModuleRoot(t), "scripts", "localnet.sh"),
		bin:    Binary(t),
		home:   filepath.Join(t.TempDir(), "localnet"),
	}
	const genesisCoins = "1000000000000" // 1,000,000 AITBC

	// --help, and a clear message without a binary.
	out, code := l.run(l.script, "--help")
	if code != 0 || !strings.Contains(out, "--reset") || !strings.Contains(out, "--home") {
		t.Fatalf("--help: exit %d, output:\n%s", code, out)
	}
	out, code = l.run(l.script, "--home", l.home, "--binary", filepath.Join(t.TempDir(), "missing", "aitbcd"))
	if code == 0 || !strings.Contains(out, "make build") {
		t.Fatalf("missing binary: exit %d, output:\n%s", code, out)
	}
	if _, err := os.Stat(l.home); !os.IsNotExist(err) {
		t.Fatalf("missing binary: the home was created (%v)", err)
	}

	// First run: initialise and start.
	first := l.start(1)
	out = first.output(t)
	for _, want := range []string{"initialising", "aitbc-local-1", l.home, first.apiURL, "--fees 500uaitbc", "/cosmos/base/tendermint/v1beta1/blocks/latest"} {
		if !strings.Contains(out, want) {
			t.Fatalf("first run: output lacks %q:\n%s", want, tailString(out, 40))
		}
	}
	addrs := map[string]string{}
	for _, name := range []string{"validator", "alice", "bob", "carol"} {
		addrs[name] = summaryAddress(t, out, name)
	}
	keyAlice, err := exec.Command(l.bin, "keys", "show", "alice", "-a", "--keyring-backend", "test", "--home", l.home).Output()
	if err != nil || strings.TrimSpace(string(keyAlice)) != addrs["alice"] {
		t.Fatalf("keys show alice: %q (%v), summary says %s", keyAlice, err, addrs["alice"])
	}
	for _, name := range []string{"alice", "bob", "carol"} {
		if got := uaitbcBalance(t, first.apiURL, addrs[name]); got != genesisCoins {
			t.Fatalf("%s holds %s uaitbc, want %s", name, got, genesisCoins)
		}
	}
	// The x/sourcedao development pool: 10,000,000 AITBC, all locked.
	var sdPool struct {
		Pool    struct{ Total, Locked string }
		Balance string
	}
	if err := getJSON(first.apiURL+"/aitbc/sourcedao/v1/pool", &sdPool); err != nil ||
		sdPool.Pool.Total != "10000000000000" || sdPool.Pool.Locked != sdPool.Pool.Total || sdPool.Balance != sdPool.Pool.Total {
		t.Fatalf("sourcedao pool: %+v (%v)", sdPool, err)
	}
	if _, err := os.Stat(filepath.Join(l.home, ".localnet-complete")); err != nil {
		t.Fatalf("no marker after a successful initialisation: %v", err)
	}
	checkSwagger(t, first.apiURL, true)
	h1, err := latestHeight(first.apiURL)
	if err != nil {
		t.Fatal(err)
	}
	first.stop(t)

	// Second run on the same home (and other ports): the chain continues.
	second := l.start(h1 + 1)
	out = second.output(t)
	if !strings.Contains(out, "reusing") || strings.Contains(out, "initialising") {
		t.Fatalf("second run: the home was not reused:\n%s", tailString(out, 40))
	}
	if got := summaryAddress(t, out, "alice"); got != addrs["alice"] {
		t.Fatalf("second run: alice is %s, was %s", got, addrs["alice"])
	}
	if got := uaitbcBalance(t, second.apiURL, addrs["bob"]); got != genesisCoins {
		t.Fatalf("second run: bob holds %s uaitbc, want %s", got, genesisCoins)
	}
	second.stop(t)

	// A home without the marker is refused, and left alone.
	if err := os.Remove(filepath.Join(l.home, ".localnet-complete")); err != nil {
		t.Fatal(err)
	}
	out, code = l.run(l.args(nil)...)
	if code == 0 || !strings.Contains(out, "--reset") || strings.Contains(out, "starting the node") {
		t.Fatalf("home without marker: exit %d, output:\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(l.home, "config", "genesis.json")); err != nil {
		t.Fatalf("the refused home was modified: %v", err)
	}

	// A home with the marker but an invalid genesis is refused too.
	if err := os.WriteFile(filepath.Join(l.home, ".localnet-complete"), []byte("test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(l.home, "config", "genesis.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, code = l.run(l.args(nil)...)
	if code == 0 || !strings.Contains(out, "--reset") || !strings.Contains(out, "genesis") {
		t.Fatalf("home with a broken genesis: exit %d, output:\n%s", code, out)
	}

	// --reset deletes it and starts a new chain with new keys.
	third := l.start(1, "--reset")
	out = third.output(t)
	if !strings.Contains(out, "--reset: deleting") || !strings.Contains(out, "initialising") {
		t.Fatalf("--reset run: output:\n%s", tailString(out, 40))
	}
	newAlice := summaryAddress(t, out, "alice")
	if newAlice == addrs["alice"] {
		t.Fatal("--reset kept the old keys")
	}
	if got := uaitbcBalance(t, third.apiURL, newAlice); got != genesisCoins {
		t.Fatalf("after --reset alice holds %s uaitbc, want %s", got, genesisCoins)
	}
	third.stop(t)
}
