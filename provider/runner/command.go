package runner

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Command runs a workload's command as a subprocess in its own process
// group, so the whole tree it starts is killed together.
type Command struct{}

var _ Runner = Command{}

// Kind is KindCommand.
func (Command) Kind() string { return KindCommand }

// Run starts spec.Command with spec.Args in spec.WorkDir and waits for it.
// At the deadline or when ctx ends the process group gets SIGKILL. After a
// normal exit any process the workload left behind in its group is killed
// too: a finished job leaves nothing running.
func (Command) Run(ctx context.Context, spec Spec) (Result, error) {
	if spec.Image != "" {
		return Result{}, errors.Join(ErrInvalidSpec, errors.New("the command runner does not run images"))
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

	runCtx, cancel := spec.withDeadline(ctx)
	defer cancel()
	cmd := exec.CommandContext(runCtx, spec.Command, spec.Args...)
	cmd.Dir = spec.WorkDir
	cmd.Env = commandEnv(spec)
	cmd.Stdin = nil
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return killGroup(cmd) }
	// Logs are files, not pipes, so Wait never waits on grandchildren; the
	// delay only bounds a leader that ignores the kill.
	cmd.WaitDelay = 5 * time.Second

	return execute(ctx, runCtx, cmd, len(spec.GPUs), res)
}

// killGroup sends SIGKILL to the process group the command leads.
func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	if errors.Is(err, syscall.ESRCH) {
		return nil
	}
	return err
}

// commandEnv is a clean environment: PATH from the daemon (so commands
// resolve), HOME in the work dir, the workload's variables, then the
// provider's. The daemon's own variables (key passwords, tokens) never
// reach a workload.
func commandEnv(spec Spec) []string {
	path := os.Getenv("PATH")
	if path == "" {
		path = "/usr/local/bin:/usr/bin:/bin"
	}
	env := []string{"PATH=" + path, "HOME=" + spec.WorkDir, "TMPDIR=" + spec.WorkDir}
	for _, e := range spec.Env {
		env = append(env, e.Name+"="+e.Value)
	}
	gpus := strings.Join(spec.GPUs, ",")
	return append(env,
		EnvInputDir+"="+spec.InputDir,
		EnvOutputDir+"="+spec.OutputDir,
		EnvLeaseID+"="+strconv.FormatUint(spec.LeaseID, 10),
		EnvCUDADevices+"="+gpus,
		EnvNVIDIADevices+"="+gpus,
	)
}
