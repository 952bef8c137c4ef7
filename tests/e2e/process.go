package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// process is a long-running child (a node, or the localnet script that execs
// one) in its own process group, with output appended to a log file.
type process struct {
	cmd  *exec.Cmd
	done chan struct{}

	mu  sync.Mutex
	err error // the result of Wait, once done is closed
}

// startProcess starts name args... in dir ("" for ours) with env, writing
// stdout and stderr to logf, which it closes when the process exits.
func startProcess(dir string, logf *os.File, env []string, name string, args ...string) (*process, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = logf
	cmd.Stderr = logf
	cmd.SysProcAttr = childProcAttr()
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		err := cmd.Wait()
		logf.Close()
		p.mu.Lock()
		p.err = err
		p.mu.Unlock()
		close(p.done)
	}()
	return p, nil
}

func (p *process) pid() int { return p.cmd.Process.Pid }

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// exitErr is the result of Wait (nil for exit status 0); only meaningful
// after exited reports true.
func (p *process) exitErr() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// wait waits at most timeout for the process to exit and reports whether
// it did.
func (p *process) wait(timeout time.Duration) bool {
	select {
	case <-p.done:
		return true
	case <-time.After(timeout):
		return false
	}
}

// stop sends SIGTERM to the process group, then SIGKILL after grace, and
// waits for the process to exit.
func (p *process) stop(grace time.Duration) error {
	if p.exited() {
		return nil
	}
	_ = syscall.Kill(-p.pid(), syscall.SIGTERM)
	if p.wait(grace) {
		return nil
	}
	_ = syscall.Kill(-p.pid(), syscall.SIGKILL)
	if p.wait(10 * time.Second) {
		return fmt.Errorf("process %d ignored SIGTERM for %s and was killed", p.pid(), grace)
	}
	return fmt.Errorf("process %d did not exit after SIGKILL", p.pid())
}
