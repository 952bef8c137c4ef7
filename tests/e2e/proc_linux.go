package e2e

import "syscall"

// childProcAttr puts a child in its own process group (so that stopping it
// reaches everything it started) and has the kernel send it SIGTERM if the
// test process dies first, e.g. on a `go test -timeout` panic.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}
