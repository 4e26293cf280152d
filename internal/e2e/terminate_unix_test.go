//go:build unix

package e2e

import "syscall"

// terminate sends pid SIGTERM.
func terminate(pid int) error { return syscall.Kill(pid, syscall.SIGTERM) }
