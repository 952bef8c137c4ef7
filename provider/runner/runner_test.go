package runner_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/provider/manifest"
	"github.com/aitbc/aitbc/provider/runner"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

// generous bounds a wait on a condition; no test sleeps for a fixed time.
const generous = 20 * time.Second

func newSpec(t *testing.T, script string, args ...string) runner.Spec {
	t.Helper()
	base := t.TempDir()
	return runner.Spec{
		LeaseID: 42, Command: "sh", Args: append([]string{"-c", script, "job"}, args...),
		WorkDir: filepath.Join(base, "work"), InputDir: filepath.Join(base, "in"), OutputDir: filepath.Join(base, "out"),
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	bz, err := os.ReadFile(p)
	require.NoError(t, err)
	return string(bz)
}

// alive reports whether pid runs (a zombie awaiting its reaper is dead).
func alive(pid int) bool {
	bz, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(bz)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

func waitPIDFile(t *testing.T, p string) int {
	t.Helper()
	var pid int
	require.Eventually(t, func() bool {
		bz, err := os.ReadFile(p)
		if err != nil || !strings.HasSuffix(string(bz), "\n") {
			return false
		}
		pid, err = strconv.Atoi(strings.TrimSpace(string(bz)))
		return err == nil
	}, generous, 10*time.Millisecond)
	return pid
}

func TestCommandRunsWithEnvDirsAndGPUs(t *testing.T) {
	t.Setenv("AITBC_TEST_DAEMON_SECRET", "hunter2")
	script := `set -e
cat "$AITBC_INPUT_DIR/in.txt" > "$AITBC_OUTPUT_DIR/copy.txt"
{
echo "args=$*"
echo "pwd=$(pwd)"
echo "in=$AITBC_INPUT_DIR"
echo "out=$AITBC_OUTPUT_DIR"
echo "lease=$AITBC_LEASE_ID"
echo "cuda=$CUDA_VISIBLE_DEVICES"
echo "nvidia=$NVIDIA_VISIBLE_DEVICES"
echo "foo=$FOO"
echo "secret=${AITBC_TEST_DAEMON_SECRET:-unset}"
} > "$AITBC_OUTPUT_DIR/env.txt"
echo to-stdout
echo to-stderr >&2`
	spec := newSpec(t, script, "a b", "c")
	spec.Env = []runner.EnvVar{{Name: "FOO", Value: "bar baz"}}
	spec.GPUs = []string{"1", "3"}
	require.NoError(t, os.MkdirAll(spec.InputDir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(spec.InputDir, "in.txt"), []byte("input\n"), 0o644))

	res, err := runner.Command{}.Run(context.Background(), spec)
	require.NoError(t, err)
	require.Equal(t, "input\n", readFile(t, filepath.Join(spec.OutputDir, "copy.txt")))
	require.Equal(t, strings.Join([]string{
		"args=a b c",
		"pwd=" + spec.WorkDir,
		"in=" + spec.InputDir,
		"out=" + spec.OutputDir,
		"lease=42",
		"cuda=1,3",
		"nvidia=1,3",
		"foo=bar baz",
		"secret=unset",
	}, "\n")+"\n", readFile(t, filepath.Join(spec.OutputDir, "env.txt")))
	require.Equal(t, "to-stdout\n", readFile(t, res.StdoutPath))
	require.Equal(t, "to-stderr\n", readFile(t, res.StderrPath))
	require.Equal(t, 0, res.ExitCode)
	require.Positive(t, res.Wall)
	// Wall time rounds up to whole seconds, times the two GPUs.
	require.Equal(t, runner.GPUSeconds(res.Wall, 2), res.GPUSeconds)
	require.Equal(t, uint64(2)*uint64((res.Wall+time.Second-1)/time.Second), res.GPUSeconds)
}

func TestGPUSeconds(t *testing.T) {
	require.Equal(t, uint64(0), runner.GPUSeconds(0, 4))
	require.Equal(t, uint64(0), runner.GPUSeconds(time.Hour, 0))
	require.Equal(t, uint64(4), runner.GPUSeconds(time.Millisecond, 4))
	require.Equal(t, uint64(3600*2), runner.GPUSeconds(time.Hour, 2))
	require.Equal(t, uint64(3601*2), runner.GPUSeconds(time.Hour+time.Nanosecond, 2))
}

func TestCommandExitError(t *testing.T) {
	spec := newSpec(t, `echo "bad input" >&2; exit 3`)
	res, err := runner.Command{}.Run(context.Background(), spec)
	require.ErrorIs(t, err, runner.ErrExit)
	require.ErrorContains(t, err, "exit code 3")
	require.ErrorContains(t, err, "bad input")
	require.Equal(t, 3, res.ExitCode)
}

func TestCommandKilledAtDeadline(t *testing.T) {
	spec := newSpec(t, `sleep 60 & echo $! > "$HOME/child.pid"; wait`)
	spec.Deadline = time.Now().Add(300 * time.Millisecond)
	start := time.Now()
	res, err := runner.Command{}.Run(context.Background(), spec)
	require.ErrorIs(t, err, runner.ErrDeadline)
	require.Less(t, time.Since(start), generous, "killed, not waited for")
	require.Less(t, res.Wall, generous)
	pid := waitPIDFile(t, filepath.Join(spec.WorkDir, "child.pid"))
	require.Eventually(t, func() bool { return !alive(pid) }, generous, 10*time.Millisecond, "the whole group is killed")
}

func TestCommandKilledOnCancel(t *testing.T) {
	spec := newSpec(t, `sleep 60 & echo $! > "$HOME/child.pid"; wait`)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := runner.Command{}.Run(ctx, spec)
		done <- err
	}()
	pid := waitPIDFile(t, filepath.Join(spec.WorkDir, "child.pid"))
	require.True(t, alive(pid))
	cancel()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.Canceled)
		require.NotErrorIs(t, err, runner.ErrDeadline)
	case <-time.After(generous):
		t.Fatal("run did not stop on cancel")
	}
	require.Eventually(t, func() bool { return !alive(pid) }, generous, 10*time.Millisecond)
}

func TestCommandLeavesNothingRunning(t *testing.T) {
	spec := newSpec(t, `sleep 60 & echo $! > "$HOME/child.pid"; exit 0`)
	_, err := runner.Command{}.Run(context.Background(), spec)
	require.NoError(t, err)
	pid := waitPIDFile(t, filepath.Join(spec.WorkDir, "child.pid"))
	require.Eventually(t, func() bool { return !alive(pid) }, generous, 10*time.Millisecond)
}

func TestCommandInvalidSpecs(t *testing.T) {
	cases := map[string]func(*runner.Spec){
		"reserved env":   func(s *runner.Spec) { s.Env = []runner.EnvVar{{Name: runner.EnvOutputDir, Value: "/"}} },
		"cuda env":       func(s *runner.Spec) { s.Env = []runner.EnvVar{{Name: "CUDA_VISIBLE_DEVICES", Value: "0"}} },
		"bad env name":   func(s *runner.Spec) { s.Env = []runner.EnvVar{{Name: "A=B", Value: ""}} },
		"no command":     func(s *runner.Spec) { s.Command = "" },
		"image":          func(s *runner.Spec) { s.Image = "alpine" },
		"relative dir":   func(s *runner.Spec) { s.OutputDir = "out" },
		"no work dir":    func(s *runner.Spec) { s.WorkDir = "" },
		"bad gpu":        func(s *runner.Spec) { s.GPUs = []string{"0,1"} },
		"missing binary": func(s *runner.Spec) { s.Command = "/nonexistent/aitbc-job" },
		"output not empty": func(s *runner.Spec) {
			require.NoError(t, os.MkdirAll(s.OutputDir, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(s.OutputDir, "stale"), nil, 0o644))
		},
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			spec := newSpec(t, `touch "$AITBC_OUTPUT_DIR/ran"`)
			mutate(&spec)
			_, err := runner.Command{}.Run(context.Background(), spec)
			require.ErrorIs(t, err, runner.ErrInvalidSpec)
			_, statErr := os.Stat(filepath.Join(spec.OutputDir, "ran"))
			require.True(t, os.IsNotExist(statErr), "nothing ran")
		})
	}
}

func TestSelect(t *testing.T) {
	cmd := runner.Spec{Command: "sh"}
	img := runner.Spec{Image: "alpine"}
	r, err := runner.Select(cmd, []string{"container", "command"}, nil)
	require.NoError(t, err)
	require.Equal(t, runner.KindCommand, r.Kind())

	_, err = runner.Select(img, []string{"command"}, []string{"docker"})
	require.ErrorIs(t, err, runner.ErrKindNotAccepted)
	_, err = runner.Select(cmd, []string{"container"}, nil)
	require.ErrorIs(t, err, runner.ErrKindNotAccepted)

	_, err = runner.Select(img, []string{"command", "container"}, []string{"aitbc-no-such-runtime", "/nonexistent/podman"})
	require.ErrorIs(t, err, runner.ErrNoContainerRuntime)
	require.ErrorContains(t, err, "aitbc-no-such-runtime")

	fake := fakeRuntime(t, "docker", `exit 0`)
	r, err = runner.Select(img, []string{"container"}, []string{"aitbc-no-such-runtime", fake})
	require.NoError(t, err)
	require.Equal(t, runner.Container{Runtime: fake}, r)

	_, err = runner.Container{}.Run(context.Background(), img)
	require.ErrorIs(t, err, runner.ErrNoContainerRuntime)
}

func TestSpecFromWorkload(t *testing.T) {
	w := computetypes.Workload{Image: "img", Command: "run", Args: []string{"-x"}, Env: []computetypes.EnvVar{{Name: "A", Value: "1"}}}
	s := runner.SpecFromWorkload(5, w)
	require.Equal(t, runner.Spec{LeaseID: 5, Image: "img", Command: "run", Args: []string{"-x"}, Env: []runner.EnvVar{{Name: "A", Value: "1"}}}, s)
	require.Equal(t, runner.KindContainer, s.Kind())
	w.Args[0] = "changed"
	require.Equal(t, "-x", s.Args[0], "the spec owns its args")
	require.Equal(t, runner.KindCommand, runner.SpecFromWorkload(5, computetypes.Workload{Command: "sh"}).Kind())
}

func TestWrongOutputChangesTheResultHash(t *testing.T) {
	script := `echo deterministic > "$AITBC_OUTPUT_DIR/result.txt"`
	honest := newSpec(t, script)
	_, err := runner.Command{}.Run(context.Background(), honest)
	require.NoError(t, err)
	again := newSpec(t, script)
	_, err = runner.Command{}.Run(context.Background(), again)
	require.NoError(t, err)
	faulty := newSpec(t, script)
	_, err = runner.WrongOutput{Runner: runner.Command{}}.Run(context.Background(), faulty)
	require.NoError(t, err)

	h1, _, err := manifest.HashDir(honest.OutputDir)
	require.NoError(t, err)
	h2, _, err := manifest.HashDir(again.OutputDir)
	require.NoError(t, err)
	h3, _, err := manifest.HashDir(faulty.OutputDir)
	require.NoError(t, err)
	require.Equal(t, h1, h2, "an honest re-run reproduces the hash")
	require.NotEqual(t, h1, h3)
}
