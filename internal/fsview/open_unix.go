//go:build unix

package fsview

import "syscall"

// openFlags never wait for a writer (FIFO) or take a terminal.
const (
	openFlags    = syscall.O_NONBLOCK | syscall.O_NOCTTY
	openNoFollow = syscall.O_NOFOLLOW
)
