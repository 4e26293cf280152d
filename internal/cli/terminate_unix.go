//go:build unix

package cli

import "syscall"

// terminate asks process pid to exit (SIGTERM).
func terminate(pid int) error { return syscall.Kill(pid, syscall.SIGTERM) }
