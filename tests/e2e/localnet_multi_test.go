package e2e

import (
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// lastCommitSigners counts the validators whose precommit for the previous
// block is in the given block (BLOCK_ID_FLAG_COMMIT).
func lastCommitSigners(apiURL string) (height int64, signers int, err error) {
	var resp struct {
		Block struct {
			Header struct {
				Height flexInt `json:"height"`
			} `json:"header"`
			LastCommit struct {
				Signatures []struct {
					BlockIDFlag string `json:"block_id_flag"`
				} `json:"signatures"`
			} `json:"last_commit"`
		} `json:"block"`
	}
	if err := getJSON(apiURL+"/cosmos/base/tendermint/v1beta1/blocks/latest", &resp); err != nil {
		return 0, 0, err
	}
	for _, s := range resp.Block.LastCommit.Signatures {
		if s.BlockIDFlag == "BLOCK_ID_FLAG_COMMIT" {
			signers++
		}
	}
	return int64(resp.Block.Header.Height), signers, nil
}

// TestLocalnetMultiValidator starts `scripts/localnet.sh --validators 2`:
// both validators sign blocks, register as x/compute providers, offer their
// GPUs and run their provider daemons (the ready line), the second node
// serves on validator 0's ports + 10, the second node exiting is reported
// without stopping the script, and SIGINT to the script alone stops every
// node and daemon.
func TestLocalnetMultiValidator(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not found")
	}
	const validators = 2
	l := &localnet{
		t:      t,
		script: filepath.Join(ModuleRoot(t), "scripts", "localnet.sh"),
		bin:    Binary(t),
		home:   filepath.Join(t.TempDir(), "localnet"),
	}
	providerPorts, err := FreePorts(1)
	if err != nil {
		t.Fatal(err)
	}
	run := l.start(1, "--validators", strconv.Itoa(validators), "--provider-port", strconv.Itoa(providerPorts[0]))
	out := run.output(t)
	for _, want := range []string{"initialising", fmt.Sprintf("(%d validator(s))", validators), filepath.Join(l.home, "val1")} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, tailString(out, 40))
		}
	}
	var u *url.URL
	u, err = url.Parse(run.apiURL)
	if err != nil {
		t.Fatal(err)
	}
	apiPort, err := strconv.Atoi(u.Port())
	if err != nil {
		t.Fatal(err)
	}
	val1API := fmt.Sprintf("http://127.0.0.1:%d", apiPort+10)

	// Every validator signs: a block whose last commit holds all of them,
	// seen through both nodes, and both are x/compute providers.
	for _, api := range []string{run.apiURL, val1API} {
		err := waitProgress(DefaultStallTimeout, func() (bool, string, string, error) {
			if run.proc.exited() {
				return false, "", "", fmt.Errorf("localnet.sh exited (%v)", run.proc.exitErr())
			}
			h, n, err := lastCommitSigners(api)
			if err == nil && n == validators {
				return true, "", "", nil
			}
			return false, fmt.Sprint(h), fmt.Sprintf("height %d, %d signers, error %v", h, n, err), nil
		})
		if err != nil {
			t.Fatalf("%s: not every validator signs: %v\n%s", api, err, tailFile(run.log, logTailLines))
		}
	}
	err = waitProgress(DefaultStallTimeout, func() (bool, string, string, error) {
		var resp struct {
			Providers []struct {
				Operator string `json:"operator"`
				Status   string `json:"status"`
			} `json:"providers"`
		}
		h, _ := latestHeight(run.apiURL)
		if err := getJSON(run.apiURL+"/aitbc/compute/v1/providers", &resp); err != nil {
			return false, fmt.Sprint(h), err.Error(), nil
		}
		active := 0
		for _, p := range resp.Providers {
			if p.Status == "PROVIDER_STATUS_ACTIVE" {
				active++
			}
		}
		return active == validators, fmt.Sprint(h), fmt.Sprintf("providers %+v", resp.Providers), nil
	})
	if err != nil {
		t.Fatalf("the validators did not all register as providers: %v\n%s", err, tailFile(run.log, logTailLines))
	}

	// Every provider is set up and its daemon runs: the ready line, then
	// an open offer per validator.
	err = waitProgress(DefaultStallTimeout, func() (bool, string, string, error) {
		if run.proc.exited() {
			return false, "", "", fmt.Errorf("localnet.sh exited (%v)", run.proc.exitErr())
		}
		out := run.output(t)
		return strings.Contains(out, "localnet: providers ready\n"), fmt.Sprint(len(out)), "no ready line", nil
	})
	if err != nil {
		t.Fatalf("no ready line: %v\n%s", err, tailFile(run.log, logTailLines))
	}
	var offers struct {
		Offers []struct {
			Provider string `json:"provider"`
		} `json:"offers"`
	}
	if err := getJSON(run.apiURL+"/aitbc/compute/v1/offers", &offers); err != nil || len(offers.Offers) != validators {
		t.Fatalf("offers after ready: %+v (%v), want one per validator", offers, err)
	}
	daemons := make([]int, validators)
	for v := range daemons {
		vh := l.home
		if v > 0 {
			vh = filepath.Join(l.home, fmt.Sprintf("val%d", v))
		}
		daemons[v] = readPid(t, filepath.Join(vh, "provider.pid"))
		if err := syscall.Kill(daemons[v], 0); err != nil {
			t.Fatalf("validator %d's provider daemon (pid %d): %v", v, daemons[v], err)
		}
	}

	// Validator 1's node exiting is reported; the script goes on.
	if err := syscall.Kill(readPid(t, filepath.Join(l.home, "val1", "node.pid")), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err = waitProgress(DefaultStallTimeout, func() (bool, string, string, error) {
		if run.proc.exited() {
			return false, "", "", fmt.Errorf("localnet.sh exited after validator 1's node stopped (%v)", run.proc.exitErr())
		}
		out := run.output(t)
		return strings.Contains(out, "validator 1's node exited"), fmt.Sprint(len(out)), "not reported", nil
	})
	if err != nil {
		t.Fatalf("validator 1's node exit: %v\n%s", err, tailFile(run.log, logTailLines))
	}

	// SIGINT to the script only (as Ctrl-C would reach it): it stops both
	// nodes and exits, leaving nothing in its process group.
	if err := syscall.Kill(run.proc.pid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if !run.proc.wait(2 * time.Minute) {
		t.Fatalf("localnet.sh did not exit after SIGINT\n%s", tailFile(run.log, logTailLines))
	}
	if err := syscall.Kill(-run.proc.pid(), 0); !errors.Is(err, syscall.ESRCH) {
		t.Fatalf("processes of the localnet are still running after it exited (kill -0: %v)", err)
	}
	for v, pid := range daemons {
		if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
			t.Fatalf("validator %d's provider daemon (pid %d) still runs after the script exited (kill -0: %v)", v, pid, err)
		}
	}
	if out := run.output(t); !strings.Contains(out, fmt.Sprintf("stopped all %d nodes and their provider daemons", validators)) {
		t.Fatalf("no clean stop in the output:\n%s", tailString(out, 20))
	}
}
