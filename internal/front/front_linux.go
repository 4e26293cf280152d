package front

import (
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"
	"unsafe"
)

// residentSupported: on Linux the front forwards to the resident engine,
// whose identity it checks with SO_PEERCRED and /proc (trusted).
const residentSupported = true

// pipe makes a pipe whose ends close on exec.
func pipe(p []int) error { return syscall.Pipe2(p, syscall.O_CLOEXEC) }

// dupStdin makes fd this process's stdin, kept across exec.
func dupStdin(fd int) error { return syscall.Dup3(fd, 0, 0) }

func mtime(st *syscall.Stat_t) time.Time { return time.Unix(st.Mtim.Sec, st.Mtim.Nsec) }

// socket makes a Unix stream socket that closes on exec.
func socket() (int, error) {
	return syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
}

// fits reports whether n bytes fit in the pipe whose write end is fd,
// growing its buffer (up to 1 MiB, the unprivileged limit) if needed.
func fits(fd, n int) bool {
	const fGetPipeSz, fSetPipeSz = 1032, 1031
	size, _, e := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), fGetPipeSz, 0)
	if e == 0 && int(size) >= n {
		return true
	}
	if n > 1<<20 {
		return false
	}
	size, _, e = syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), fSetPipeSz, uintptr(n))
	return e == 0 && int(size) >= n
}

// trusted reports whether the socket's peer is this user's mandate-engine.
func trusted(fd int, engine string) bool {
	var cred syscall.Ucred
	size := uint32(unsafe.Sizeof(cred))
	if _, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED,
		uintptr(unsafe.Pointer(&cred)), uintptr(unsafe.Pointer(&size)), 0); e != 0 {
		return false
	}
	if int(cred.Uid) != os.Getuid() || cred.Pid <= 0 {
		return false
	}
	var peer, want syscall.Stat_t
	if syscall.Stat("/proc/"+strconv.Itoa(int(cred.Pid))+"/exe", &peer) != nil || syscall.Stat(engine, &want) != nil {
		return false
	}
	return peer.Dev == want.Dev && peer.Ino == want.Ino
}

// randomBytes fills b from the kernel's random pool with one getrandom(2),
// where opening /dev/urandom costs three system calls on every call; it
// falls back to /dev/urandom on a kernel without getrandom.
func randomBytes(b []byte) bool {
	trap := getrandomTrap()
	if trap == 0 {
		return urandom(b)
	}
	for {
		n, _, e := syscall.Syscall(trap, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), 0)
		switch {
		case e == syscall.EINTR:
			continue
		case e == syscall.ENOSYS:
			return urandom(b)
		}
		return e == 0 && int(n) == len(b)
	}
}

// getrandomTrap is getrandom's system call number (package syscall
// predates it), or 0 where it is not listed here.
func getrandomTrap() uintptr {
	switch runtime.GOARCH {
	case "amd64":
		return 318
	case "arm64", "riscv64", "loong64":
		return 278
	case "386":
		return 355
	case "arm":
		return 384
	}
	return 0
}
