//go:build unix && !linux

package e2e

import "syscall"

// childProcAttr puts a child in its own process group, so that stopping it
// reaches everything it started.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
