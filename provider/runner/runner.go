// Package runner runs a lease's workload and measures its GPU-seconds.
//
// A workload with a command and no image runs with the command runner (a
// subprocess in its own process group); a workload with an image runs with
// the container runner (docker or podman). Either way the workload reads its
// input from AITBC_INPUT_DIR, writes its result to AITBC_OUTPUT_DIR, sees
// only its assigned GPUs, and is killed at the lease's deadline.
package runner

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

// Kinds, as in provider.toml runner.kinds.
const (
	KindCommand   = "command"
	KindContainer = "container"
)

// Environment variables the runner sets; a workload cannot set them.
const (
	EnvInputDir      = "AITBC_INPUT_DIR"
	EnvOutputDir     = "AITBC_OUTPUT_DIR"
	EnvLeaseID       = "AITBC_LEASE_ID"
	EnvCUDADevices   = "CUDA_VISIBLE_DEVICES"
	EnvNVIDIADevices = "NVIDIA_VISIBLE_DEVICES"
)

var reservedEnv = []string{EnvInputDir, EnvOutputDir, EnvLeaseID, EnvCUDADevices, EnvNVIDIADevices}

// Errors; the daemon declines or fails the lease with their text.
var (
	ErrInvalidSpec        = errors.New("invalid workload")
	ErrKindNotAccepted    = errors.New("runner kind not accepted by this provider")
	ErrNoContainerRuntime = errors.New("no container runtime (docker or podman) installed")
	ErrDeadline           = errors.New("workload killed at the lease deadline")
	ErrExit               = errors.New("workload exited with an error")
)

// EnvVar is one environment variable of the workload.
type EnvVar struct{ Name, Value string }

// Spec is one run of a workload.
type Spec struct {
	LeaseID uint64
	Image   string
	Command string
	Args    []string
	Env     []EnvVar
	// WorkDir is the working directory (logs land there); InputDir holds the
	// fetched input; OutputDir receives the result and must be empty.
	WorkDir, InputDir, OutputDir string
	// GPUs are the device indices assigned to the run.
	GPUs []string
	// Deadline kills the run; zero means only the context ends it.
	Deadline time.Time
}

// SpecFromWorkload maps a job's workload onto a Spec; the caller fills the
// directories, GPUs and deadline.
func SpecFromWorkload(leaseID uint64, w computetypes.Workload) Spec {
	s := Spec{LeaseID: leaseID, Image: w.Image, Command: w.Command, Args: append([]string(nil), w.Args...)}
	for _, e := range w.Env {
		s.Env = append(s.Env, EnvVar{Name: e.Name, Value: e.Value})
	}
	return s
}

// Kind is the runner kind the spec needs.
func (s Spec) Kind() string {
	if s.Image != "" {
		return KindContainer
	}
	return KindCommand
}

// Result is what a run measured. Runners return it also with an error, so
// the daemon can log how long a failed run took.
type Result struct {
	Started time.Time
	Wall    time.Duration
	// GPUSeconds is whole wall seconds (rounded up) times the GPUs assigned.
	GPUSeconds uint64
	ExitCode   int
	// StdoutPath and StderrPath are the run's logs under WorkDir.
	StdoutPath, StderrPath string
}

// Runner runs a spec to completion, the deadline, or ctx's end.
type Runner interface {
	Kind() string
	Run(ctx context.Context, spec Spec) (Result, error)
}

// Select returns the runner for spec among the accepted kinds; a container
// workload without an installed runtime fails with ErrNoContainerRuntime.
func Select(spec Spec, acceptedKinds, containerRuntimes []string) (Runner, error) {
	kind := spec.Kind()
	accepted := false
	for _, k := range acceptedKinds {
		accepted = accepted || k == kind
	}
	if !accepted {
		return nil, fmt.Errorf("%w: %q (accepted: %s)", ErrKindNotAccepted, kind, strings.Join(acceptedKinds, ", "))
	}
	if kind == KindContainer {
		return NewContainer(containerRuntimes)
	}
	return Command{}, nil
}

// GPUSeconds is ceil(wall in seconds) x gpus.
func GPUSeconds(wall time.Duration, gpus int) uint64 {
	if wall <= 0 || gpus <= 0 {
		return 0
	}
	secs := uint64(math.Ceil(wall.Seconds()))
	return secs * uint64(gpus)
}

// validate checks what both runners need and prepares the directories.
func (s Spec) validate() error {
	switch {
	case s.Image == "" && s.Command == "":
		return fmt.Errorf("%w: neither image nor command", ErrInvalidSpec)
	case s.WorkDir == "" || s.InputDir == "" || s.OutputDir == "":
		return fmt.Errorf("%w: work, input and output dirs are required", ErrInvalidSpec)
	}
	for _, e := range s.Env {
		if e.Name == "" || strings.ContainsAny(e.Name, "=\x00") {
			return fmt.Errorf("%w: env name %q", ErrInvalidSpec, e.Name)
		}
		for _, r := range reservedEnv {
			if e.Name == r {
				return fmt.Errorf("%w: env %s is set by the provider", ErrInvalidSpec, e.Name)
			}
		}
	}
	for _, g := range s.GPUs {
		if g == "" || strings.ContainsAny(g, ", ") {
			return fmt.Errorf("%w: GPU index %q", ErrInvalidSpec, g)
		}
	}
	for _, d := range []string{s.WorkDir, s.InputDir, s.OutputDir} {
		if !filepath.IsAbs(d) {
			return fmt.Errorf("%w: %s is not absolute", ErrInvalidSpec, d)
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	entries, err := os.ReadDir(s.OutputDir)
	if err != nil {
		return err
	}
	if len(entries) != 0 {
		return fmt.Errorf("%w: output dir %s is not empty", ErrInvalidSpec, s.OutputDir)
	}
	return nil
}

// withDeadline bounds ctx by the spec's deadline.
func (s Spec) withDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.Deadline.IsZero() {
		return context.WithCancel(ctx)
	}
	return context.WithDeadline(ctx, s.Deadline)
}

// execute starts cmd (its own process group, logs already attached), waits
// for it and measures the run: wall time, GPU-seconds over gpus, exit code.
// The group is killed once the leader exits, so a finished job leaves
// nothing running. Both runners end here.
func execute(parent, runCtx context.Context, cmd *exec.Cmd, gpus int, res Result) (Result, error) {
	res.Started = time.Now()
	if err := cmd.Start(); err != nil {
		return res, errors.Join(ErrInvalidSpec, err)
	}
	waitErr := cmd.Wait()
	res.Wall = time.Since(res.Started)
	_ = killGroup(cmd)
	res.GPUSeconds = GPUSeconds(res.Wall, gpus)
	if cmd.ProcessState != nil {
		res.ExitCode = cmd.ProcessState.ExitCode()
	}
	return res, classify(parent, runCtx, waitErr, &res)
}

// classify turns a finished run into the error the daemon reports.
func classify(parent, runCtx context.Context, waitErr error, res *Result) error {
	if waitErr == nil {
		return nil
	}
	if parent.Err() != nil {
		return fmt.Errorf("workload stopped: %w", parent.Err())
	}
	if errors.Is(runCtx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w after %s", ErrDeadline, res.Wall.Round(time.Millisecond))
	}
	return fmt.Errorf("%w (exit code %d): %w%s", ErrExit, res.ExitCode, waitErr, stderrTail(res.StderrPath))
}

// stderrTail is the last lines of stderr, for the operator's log.
func stderrTail(path string) string {
	bz, err := os.ReadFile(path)
	if err != nil || len(bz) == 0 {
		return ""
	}
	const max = 512
	if len(bz) > max {
		bz = bz[len(bz)-max:]
	}
	return "; stderr: " + strings.TrimSpace(string(bz))
}

func openLogs(workDir string) (stdout, stderr *os.File, err error) {
	stdout, err = os.Create(filepath.Join(workDir, "stdout.log"))
	if err != nil {
		return nil, nil, err
	}
	stderr, err = os.Create(filepath.Join(workDir, "stderr.log"))
	if err != nil {
		stdout.Close()
		return nil, nil, err
	}
	return stdout, stderr, nil
}
