package front

import (
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"
	"unsafe"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// residentSupported: on Linux the front forwards to the resident engine,
// whose identity it checks with SO_PEERCRED and /proc (trusted).
const residentSupported = true

// pipe makes a pipe whose ends close on exec.
func pipe(p []int) error { return syscall.Pipe2(p, syscall.O_CLOEXEC) }

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

// trusted reports whether the socket's peer is this user's mandate-engine
// (judge).
func trusted(fd int, engine string) (verdict, string) {
	var cred syscall.Ucred
	size := uint32(unsafe.Sizeof(cred))
	if _, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED,
		uintptr(unsafe.Pointer(&cred)), uintptr(unsafe.Pointer(&size)), 0); e != 0 {
		return notEngine, ""
	}
	return judge(int(cred.Uid), int(cred.Pid), os.Getuid(), func(pid int) (bool, error) { return sameFile(procDir(pid)+"/exe", engine) })
}

// judge is the front's decision table on a socket's peer, with uid and pid
// as SO_PEERCRED gave them: another user's process, or another executable
// than mandate-engine, is not the engine. A peer whose pid the kernel
// could not translate (0: its pid namespace is not this one or one below
// it), or whose executable cannot be examined (a process of another user
// namespace, seen from inside one), is foreign: the front decides in its
// own process. Whether the engine's execution context is this process's
// is the engine's to say (it compares the context this process sends
// with its own and refuses, hookwire.CodeRefused): the front reads no
// /proc entry of the engine's.
func judge(uid, pid, myUID int, isEngine func(pid int) (bool, error)) (verdict, string) {
	if uid != myUID {
		return notEngine, ""
	}
	if pid <= 0 {
		return foreign, "its process is not visible from here (another pid namespace)"
	}
	switch ok, err := isEngine(pid); {
	case err != nil:
		return foreign, "its executable cannot be examined from here: " + err.Error()
	case !ok:
		return notEngine, ""
	}
	return engineOK, ""
}

func procDir(pid int) string { return "/proc/" + strconv.Itoa(pid) }

// ownContext is this process's execution context, for the request: three
// stats under /proc/self/ns, one of "/" (the root directory:
// hookwire.EntryPath) and one uname(2). An entry that cannot be read
// is left zero, which the engine refuses (the call is then decided here).
func ownContext() *hookwire.ExecContext {
	c, _ := readContext("/proc/self")
	c.Host = hostname()
	return &c
}

// readContext reads the identity of hookwire.ContextEntries of the
// process whose /proc directory is proc.
func readContext(proc string) (hookwire.ExecContext, error) {
	return hookwire.ReadContext(proc, statKey)
}

// hostname is uname(2)'s nodename, as os.Hostname reads it in the engine
// (/proc/sys/kernel/hostname: the same UTS namespace's), or "".
func hostname() string {
	var u syscall.Utsname
	if syscall.Uname(&u) != nil {
		return ""
	}
	var b [len(u.Nodename)]byte
	n := 0
	for ; n < len(u.Nodename) && u.Nodename[n] != 0; n++ {
		b[n] = byte(u.Nodename[n])
	}
	return string(b[:n])
}

// statKey is stat(2) as hookwire.ReadContext wants it.
func statKey(p string) (hookwire.FileKey, bool, error) {
	var st syscall.Stat_t
	for {
		err := syscall.Stat(p, &st)
		switch err {
		case nil:
			return hookwire.FileKey{Dev: uint64(st.Dev), Ino: uint64(st.Ino)}, false, nil
		case syscall.EINTR:
			continue
		case syscall.ENOENT:
			return hookwire.FileKey{}, true, nil
		}
		return hookwire.FileKey{}, false, err
	}
}

// sameFile reports whether the peer's executable exe is the file engine;
// err is exe's stat failing for another reason than its absence.
func sameFile(exe, engine string) (bool, error) {
	var x, y syscall.Stat_t
	if err := syscall.Stat(exe, &x); err != nil {
		if err == syscall.ENOENT {
			return false, nil
		}
		return false, err
	}
	return syscall.Stat(engine, &y) == nil && x.Dev == y.Dev && x.Ino == y.Ino, nil
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
