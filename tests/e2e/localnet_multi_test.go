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
// both validators sign blocks and register as x/compute providers, the
// second node serves on validator 0's ports + 10, and SIGINT to the script
// alone stops every node.
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
	run := l.start(1, "--validators", strconv.Itoa(validators))
	out := run.output(t)
	for _, want := range []string{"initialising", fmt.Sprintf("(%d validator(s))", validators), filepath.Join(l.home, "val1")} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, tailString(out, 40))
		}
	}
	u, err := url.Parse(run.apiURL)
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
	if out := run.output(t); !strings.Contains(out, fmt.Sprintf("stopped all %d nodes", validators)) {
		t.Fatalf("no clean stop in the output:\n%s", tailString(out, 20))
	}
}
