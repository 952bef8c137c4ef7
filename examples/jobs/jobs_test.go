// Package jobs_test checks the example job files: every one parses as
// `aitbcd tx compute submit-job` parses it, passes MsgSubmitJob's
// ValidateBasic, and produces the output its README promises.
package jobs_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"

	"github.com/aitbc/aitbc/provider/manifest"
	"github.com/aitbc/aitbc/x/compute/client/cli"
	"github.com/aitbc/aitbc/x/compute/types"
)

// expected is the sha256 of output.txt that each example writes, and
// result the result hash a provider reports: the manifest hash over that
// one file (provider/README.md). README.md lists both. A new example must
// add its hashes here.
var expected = map[string]string{
	"count.json":  "90433fcbd9e16297e6a7c1dacb1056394743194776e52f78ebf0a44b80b6b14f",
	"primes.json": "448c035bf451497edc357e50676a085513b7c37b8cc4e239c0ff385fef31e6d4",
}

var result = map[string]string{
	"count.json":  "sha256:448408e6eefa8d20bcb59163babc2102f8e79301494014c1e35cdb4e7d061d15",
	"primes.json": "sha256:2eb583757df03b3a48c12def51e8b5a0ac370e7cf0e725ce778594d560a326e6",
}

func jobFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no example jobs in examples/jobs")
	}
	return files
}

func parse(t *testing.T, file string) *types.MsgSubmitJob {
	t.Helper()
	registry := codectypes.NewInterfaceRegistry()
	types.RegisterInterfaces(registry)
	clientCtx := client.Context{}.WithCodec(codec.NewProtoCodec(registry))
	msg, err := cli.ParseJobFile(clientCtx, file)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return msg
}

// TestExampleJobsParse: each file is a valid MsgSubmitJob for a command
// runner (a command, no image), with its expected output documented.
func TestExampleJobsParse(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range jobFiles(t) {
		msg := parse(t, file)
		if err := msg.ValidateBasic(); err != nil {
			t.Errorf("%s: ValidateBasic: %v", file, err)
		}
		if msg.Workload.Command == "" || msg.Workload.Image != "" {
			t.Errorf("%s: want a command-runner workload (command, no image), got %+v", file, msg.Workload)
		}
		if msg.Requirements.Count == 0 || msg.Requirements.Hours == 0 || !msg.MaxPricePerGpuHour.IsPositive() {
			t.Errorf("%s: needs GPUs, hours and a price: %+v, %s", file, msg.Requirements, msg.MaxPricePerGpuHour)
		}
		if msg.Consumer != "" {
			t.Errorf("%s: names consumer %s; submit-job fills it from --from", file, msg.Consumer)
		}
		// No fixed deadline: submit-job sets now + --deadline-in, so the
		// file works as written on any day.
		if !msg.Deadline.IsZero() {
			t.Errorf("%s: sets deadline %s; leave it out (submit-job sets now + --deadline-in)", file, msg.Deadline)
		}
		now := time.Now()
		if err := cli.SetDeadline(msg, now, cli.DefaultDeadlineIn, false); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if max := types.DefaultParams().MaxJobDuration; !msg.Deadline.After(now) || msg.Deadline.After(now.Add(max)) {
			t.Errorf("%s: default deadline %s is not within max_job_duration %s of now", file, msg.Deadline, max)
		}
		want, ok := expected[file]
		if !ok {
			t.Errorf("%s: no expected output hash in jobs_test.go", file)
			continue
		}
		if !strings.Contains(string(readme), want) {
			t.Errorf("README.md does not give the expected output sha256:%s of %s", want, file)
		}
		if r := result[file]; r == "" || !strings.Contains(string(readme), r) {
			t.Errorf("README.md does not give the result hash %q of %s", r, file)
		}
	}
}

// TestExampleJobsOutput runs each workload as a provider would, with an
// empty $AITBC_OUTPUT_DIR, and checks the sha256 of the output.txt it
// writes there and the result hash of that directory.
func TestExampleJobsOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the example workloads")
	}
	for _, file := range jobFiles(t) {
		msg := parse(t, file)
		if _, err := exec.LookPath(msg.Workload.Command); err != nil {
			t.Skipf("%s: %v", file, err)
		}
		dir := t.TempDir()
		cmd := exec.Command(msg.Workload.Command, msg.Workload.Args...)
		cmd.Dir = dir
		out := t.TempDir()
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "AITBC_OUTPUT_DIR=" + out}
		for _, e := range msg.Workload.Env {
			cmd.Env = append(cmd.Env, e.Name+"="+e.Value)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", file, err, out)
		}
		bz, err := os.ReadFile(filepath.Join(out, "output.txt"))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		sum := sha256.Sum256(bz)
		if got := hex.EncodeToString(sum[:]); got != expected[file] {
			t.Errorf("%s: output.txt has sha256 %s, want %s", file, got, expected[file])
		}
		got, _, err := manifest.HashDir(out)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if got != result[file] {
			t.Errorf("%s: result hash %s, want %s", file, got, result[file])
		}
	}
}
