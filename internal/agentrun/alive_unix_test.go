//go:build unix

package agentrun

import "syscall"

// alive reports whether process pid exists (signal 0).
func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }
