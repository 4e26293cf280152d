package resident

import (
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// peerParent gives the parent of the process at the other end of a
// connection, as /proc says, and nothing for a pid that is not the peer's.
func TestPeerParent(t *testing.T) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fds[0])
	defer unix.Close(fds[1])
	_, peer := peerCred(fds[0])
	if peer != os.Getpid() {
		t.Fatalf("peer %d, want this process %d", peer, os.Getpid())
	}
	ppid, ok := peerParent(fds[0], peer)
	if !ok {
		var u unix.Utsname
		unix.Uname(&u)
		t.Skipf("no SO_PEERPIDFD or PIDFD_GET_INFO on this kernel (%s): callers read /proc", unix.ByteSliceToString(u.Release[:]))
	}
	if ppid != os.Getppid() {
		t.Errorf("peerParent = %d, want %d", ppid, os.Getppid())
	}
	if p, ok := peerParent(fds[0], peer+1); ok {
		t.Errorf("peerParent for another pid = %d, true; want nothing", p)
	}
	if p, ok := peerParent(fds[0], 0); ok {
		t.Errorf("peerParent for an unknown peer = %d, true; want nothing", p)
	}
}
