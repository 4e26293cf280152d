package front

import (
	"syscall"
	"time"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// residentSupported: not yet on macOS. Trusting the engine's socket needs
// its peer's executable, and macOS offers no /proc: the lookup
// (proc_pidpath) lives in libproc, which os and syscall do not reach.
// Rather than trust a socket peer by its user id alone, every hook and
// check call runs mandate-engine in this process's place, as with
// MANDATE_RESIDENT=off; mandate doctor says so. The functions below keep
// the shared code building.
const residentSupported = false

// pipe makes a pipe whose ends close on exec (macOS has no pipe2).
func pipe(p []int) error {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	if err := syscall.Pipe(p); err != nil {
		return err
	}
	syscall.CloseOnExec(p[0])
	syscall.CloseOnExec(p[1])
	return nil
}

func mtime(st *syscall.Stat_t) time.Time {
	return time.Unix(st.Mtimespec.Sec, st.Mtimespec.Nsec)
}

// socket makes a Unix stream socket that closes on exec.
func socket() (int, error) {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err == nil {
		syscall.CloseOnExec(fd)
	}
	return fd, err
}

// fits reports whether n bytes surely fit in an empty pipe: macOS cannot
// report or grow a pipe's buffer, so only PIPE_BUF (512 bytes, the
// POSIX guarantee) is assumed; a larger payload goes to a child.
func fits(_, n int) bool { return n <= 512 }

// trusted trusts no socket peer on macOS (see residentSupported).
func trusted(int, string) (verdict, string) { return notEngine, "" }

// ownContext: nothing to send (no call is forwarded, see trusted).
func ownContext() *hookwire.ExecContext { return nil }

// randomBytes fills b from /dev/urandom.
func randomBytes(b []byte) bool { return urandom(b) }
