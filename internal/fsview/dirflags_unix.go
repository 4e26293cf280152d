//go:build linux || darwin || freebsd || netbsd || openbsd

package fsview

import "syscall"

// dirOpenFlags open a directory for listing without blocking on a FIFO
// or a device, and fail with ENOTDIR for anything that is not one.
const dirOpenFlags = syscall.O_NONBLOCK | syscall.O_DIRECTORY
