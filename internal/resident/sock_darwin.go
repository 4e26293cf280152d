package resident

import (
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// maxSocketPath is sun_path's size on macOS, with its NUL.
const maxSocketPath = 103

// accept takes a connection, non-blocking and closed on exec (macOS has no
// accept4: the flags are set under ForkLock, so no exec in between
// inherits the descriptor).
func accept(ln int) (int, error) {
	syscall.ForkLock.RLock()
	fd, _, err := unix.Accept(ln)
	if err == nil {
		unix.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, err
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// peerCred is the user id of the socket's peer (LOCAL_PEERCRED, which is
// what getpeereid reads) and its process id (LOCAL_PEERPID), or -1 and 0.
// Without a pid the peer is served, but no call it lands is trusted to be
// the agent's (the gate compares pids).
func peerCred(fd int) (uid, pid int) {
	cred, err := unix.GetsockoptXucred(fd, unix.SOL_LOCAL, unix.LOCAL_PEERCRED)
	if err != nil || cred.Version != xucredVersion {
		return -1, 0
	}
	pid, err = unix.GetsockoptInt(fd, unix.SOL_LOCAL, unix.LOCAL_PEERPID)
	if err != nil {
		pid = 0
	}
	return int(cred.Uid), pid
}

// socket makes a Unix stream socket that closes on exec.
func socket() (int, error) {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err == nil {
		unix.CloseOnExec(fd)
	}
	return fd, err
}

// xucredVersion is XUCRED_VERSION in <sys/ucred.h>.
const xucredVersion = 0

// peerParent: macOS has no pidfd; the caller finds the parent itself.
func peerParent(fd, pid int) (int, bool) { return 0, false }

// ownContext: macOS has no namespaces and no /proc; a chroot is not told
// apart (the macOS front does not forward to the engine yet).
func ownContext() (hookwire.ExecContext, error) { return hookwire.ExecContext{}, nil }

// peerContext refuses only a peer whose pid the kernel does not give
// (the macOS front forwards no call yet, and sends no context).
func peerContext(_ *hookwire.ExecContext, pid int, _ *hookwire.ExecContext) string {
	if pid <= 0 {
		return "its pid is unknown"
	}
	return ""
}
