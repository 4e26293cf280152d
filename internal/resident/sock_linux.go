package resident

import "golang.org/x/sys/unix"

// maxSocketPath is sun_path's size on Linux, with its NUL.
const maxSocketPath = 107

// accept takes a connection, non-blocking and closed on exec.
func accept(ln int) (int, error) {
	fd, _, err := unix.Accept4(ln, unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK)
	return fd, err
}

// peerCred is the user id and process id of the socket's peer
// (SO_PEERCRED), or -1 and 0.
func peerCred(fd int) (uid, pid int) {
	cred, err := unix.GetsockoptUcred(fd, unix.SOL_SOCKET, unix.SO_PEERCRED)
	if err != nil {
		return -1, 0
	}
	return int(cred.Uid), int(cred.Pid)
}

// socket makes a Unix stream socket that closes on exec.
func socket() (int, error) {
	return unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
}
