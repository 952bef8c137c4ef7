package runner

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Paths of the mounted directories inside a container.
const (
	ContainerInputDir  = "/aitbc/input"
	ContainerOutputDir = "/aitbc/output"
	ContainerWorkDir   = "/aitbc/work"
)

// Container runs a workload's image with docker or podman.
type Container struct {
	// Runtime is the runtime's executable path.
	Runtime string
}

var _ Runner = Container{}

// NewContainer returns a runner with the first runtime found on PATH (or
// given as a path), or ErrNoContainerRuntime.
func NewContainer(runtimes []string) (Container, error) {
	for _, r := range runtimes {
		if p, err := exec.LookPath(r); err == nil {
			return Container{Runtime: p}, nil
		}
	}
	return Container{}, fmt.Errorf("%w: tried %s", ErrNoContainerRuntime, strings.Join(runtimes, ", "))
}

// Kind is KindContainer.
func (Container) Kind() string { return KindContainer }

func (c Container) flavor() string {
	if strings.Contains(filepath.Base(c.Runtime), "podman") {
		return "podman"
	}
	return "docker"
}

// Args is the runtime command line for spec under the container name.
func (c Container) Args(spec Spec, name string) []string {
	args := []string{"run", "--rm", "--name", name,
		"-v", spec.InputDir + ":" + ContainerInputDir + ":ro",
		"-v", spec.OutputDir + ":" + ContainerOutputDir,
		"-v", spec.WorkDir + ":" + ContainerWorkDir,
		"-w", ContainerWorkDir,
	}
	if len(spec.GPUs) > 0 {
		if c.flavor() == "podman" {
			for _, g := range spec.GPUs {
				args = append(args, "--device", "nvidia.com/gpu="+g)
			}
		} else {
			args = append(args, "--gpus", `"device=`+strings.Join(spec.GPUs, ",")+`"`)
		}
	}
	// Inside the container the assigned GPUs are renumbered from 0.
	inside := make([]string, len(spec.GPUs))
	for i := range inside {
		inside[i] = strconv.Itoa(i)
	}
	for _, e := range spec.Env {
		args = append(args, "-e", e.Name+"="+e.Value)
	}
	args = append(args,
		"-e", EnvInputDir+"="+ContainerInputDir,
		"-e", EnvOutputDir+"="+ContainerOutputDir,
		"-e", EnvLeaseID+"="+strconv.FormatUint(spec.LeaseID, 10),
		"-e", EnvCUDADevices+"="+strings.Join(inside, ","),
	)
	if spec.Command != "" {
		args = append(args, "--entrypoint", spec.Command)
	}
	args = append(args, spec.Image)
	return append(args, spec.Args...)
}

// Run runs the image and waits. At the deadline or when ctx ends the
// container is removed by name (killing it) and the client is killed.
func (c Container) Run(ctx context.Context, spec Spec) (Result, error) {
	if spec.Image == "" {
		return Result{}, fmt.Errorf("%w: the container runner needs an image", ErrInvalidSpec)
	}
	if c.Runtime == "" {
		return Result{}, ErrNoContainerRuntime
	}
	if err := spec.validate(); err != nil {
		return Result{}, err
	}
	stdout, stderr, err := openLogs(spec.WorkDir)
	if err != nil {
		return Result{}, err
	}
	defer stdout.Close()
	defer stderr.Close()
	res := Result{StdoutPath: stdout.Name(), StderrPath: stderr.Name()}

	name := containerName(spec.LeaseID)
	runCtx, cancel := spec.withDeadline(ctx)
	defer cancel()
	cmd := exec.CommandContext(runCtx, c.Runtime, c.Args(spec, name)...)
	cmd.Dir = spec.WorkDir
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		// The container lives in the runtime's daemon, not under the client:
		// remove it by name, then end the client.
		rm := exec.Command(c.Runtime, "rm", "-f", name)
		_ = rm.Run()
		return killGroup(cmd)
	}
	cmd.WaitDelay = 10 * time.Second

	return execute(ctx, runCtx, cmd, len(spec.GPUs), res)
}

func containerName(leaseID uint64) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("aitbc-lease-%d-%s", leaseID, hex.EncodeToString(b))
}

// WrongOutput wraps a runner with the test-only fault switch
// fault.wrong_output: after a successful run it adds a file to the output,
// so the result hash differs from an honest run's.
type WrongOutput struct{ Runner }

// FaultFile is the file WrongOutput adds.
const FaultFile = "aitbc-fault-wrong-output"

// Run runs the inner runner, then corrupts the output.
func (w WrongOutput) Run(ctx context.Context, spec Spec) (Result, error) {
	res, err := w.Runner.Run(ctx, spec)
	if err != nil {
		return res, err
	}
	content := fmt.Sprintf("lease %d: output corrupted by fault.wrong_output\n", spec.LeaseID)
	if err := os.WriteFile(filepath.Join(spec.OutputDir, FaultFile), []byte(content), 0o644); err != nil {
		return res, err
	}
	return res, nil
}
