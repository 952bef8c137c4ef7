package runner_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/provider/runner"
)

// fakeRuntime writes an executable named name that records its arguments
// (one per line) in $AITBC_FAKE_LOG, then runs body.
func fakeRuntime(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" >> \"$AITBC_FAKE_LOG\"\necho --- >> \"$AITBC_FAKE_LOG\"\n" + body + "\n"
	require.NoError(t, os.WriteFile(p, []byte(script), 0o755))
	return p
}

func containerSpec(t *testing.T) runner.Spec {
	s := newSpec(t, "")
	s.Image, s.Command, s.Args = "registry.example/job:1", "/bin/job", []string{"--steps", "10"}
	s.Env = []runner.EnvVar{{Name: "SEED", Value: "7"}}
	s.GPUs = []string{"2", "3"}
	return s
}

func TestContainerDockerArgs(t *testing.T) {
	log := filepath.Join(t.TempDir(), "calls")
	t.Setenv("AITBC_FAKE_LOG", log)
	c := runner.Container{Runtime: fakeRuntime(t, "docker", "exit 0")}
	spec := containerSpec(t)
	res, err := c.Run(context.Background(), spec)
	require.NoError(t, err)
	require.Equal(t, uint64(2)*uint64((res.Wall+time.Second-1)/time.Second), res.GPUSeconds)

	calls := strings.Split(strings.TrimSuffix(readFile(t, log), "---\n"), "---\n")
	require.Len(t, calls, 1)
	args := strings.Split(strings.TrimSuffix(calls[0], "\n"), "\n")
	require.Equal(t, []string{"run", "--rm", "--name"}, args[:3])
	require.True(t, strings.HasPrefix(args[3], "aitbc-lease-42-"))
	require.Equal(t, []string{
		"-v", spec.InputDir + ":/aitbc/input:ro",
		"-v", spec.OutputDir + ":/aitbc/output",
		"-v", spec.WorkDir + ":/aitbc/work",
		"-w", "/aitbc/work",
		"--gpus", `"device=2,3"`,
		"-e", "SEED=7",
		"-e", "AITBC_INPUT_DIR=/aitbc/input",
		"-e", "AITBC_OUTPUT_DIR=/aitbc/output",
		"-e", "AITBC_LEASE_ID=42",
		"-e", "CUDA_VISIBLE_DEVICES=0,1",
		"--entrypoint", "/bin/job",
		"registry.example/job:1", "--steps", "10",
	}, args[4:])
}

func TestContainerPodmanGPUs(t *testing.T) {
	c := runner.Container{Runtime: "/usr/bin/podman"}
	spec := containerSpec(t)
	spec.Command = ""
	args := c.Args(spec, "n")
	joined := strings.Join(args, " ")
	require.Contains(t, joined, "--device nvidia.com/gpu=2 --device nvidia.com/gpu=3")
	require.NotContains(t, joined, "--gpus")
	require.NotContains(t, joined, "--entrypoint", "the image's own entrypoint runs")
	require.Equal(t, []string{"registry.example/job:1", "--steps", "10"}, args[len(args)-3:])

	spec.GPUs = nil
	require.NotContains(t, strings.Join(c.Args(spec, "n"), " "), "nvidia.com/gpu")
}

func TestContainerRemovedAtDeadline(t *testing.T) {
	log := filepath.Join(t.TempDir(), "calls")
	t.Setenv("AITBC_FAKE_LOG", log)
	// "run" blocks like a running container; "rm" returns at once.
	c := runner.Container{Runtime: fakeRuntime(t, "docker", `[ "$1" = run ] && exec sleep 60; exit 0`)}
	spec := containerSpec(t)
	spec.Deadline = time.Now().Add(300 * time.Millisecond)
	_, err := c.Run(context.Background(), spec)
	require.ErrorIs(t, err, runner.ErrDeadline)

	calls := strings.Split(strings.TrimSuffix(readFile(t, log), "---\n"), "---\n")
	require.Len(t, calls, 2)
	name := strings.Split(calls[0], "\n")[3]
	require.Equal(t, "rm\n-f\n"+name+"\n", calls[1], "the container is removed by name")
}

func TestContainerExitError(t *testing.T) {
	t.Setenv("AITBC_FAKE_LOG", filepath.Join(t.TempDir(), "calls"))
	c := runner.Container{Runtime: fakeRuntime(t, "docker", `echo "pull access denied" >&2; exit 125`)}
	res, err := c.Run(context.Background(), containerSpec(t))
	require.ErrorIs(t, err, runner.ErrExit)
	require.ErrorContains(t, err, "pull access denied")
	require.Equal(t, 125, res.ExitCode)

	spec := containerSpec(t)
	spec.Image = ""
	_, err = c.Run(context.Background(), spec)
	require.ErrorIs(t, err, runner.ErrInvalidSpec)
}
