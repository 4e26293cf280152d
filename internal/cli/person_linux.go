package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/mandate-dev/mandate/internal/smallfile"
)

// procAncestry walks /proc from pid up to init (at most 64 processes).
func procAncestry(pid int) []proc {
	var out []proc
	for i := 0; i < 64 && pid > 1; i++ {
		dir := "/proc/" + strconv.Itoa(pid)
		p := proc{pid: pid}
		p.exe, _ = os.Readlink(dir + "/exe")
		if b, err := os.ReadFile(dir + "/comm"); err == nil {
			p.comm = strings.TrimSpace(string(b))
		}
		if b, err := os.ReadFile(dir + "/cmdline"); err == nil {
			p.cmdline = strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
		}
		out = append(out, p)
		parent, ok := procParent(pid)
		if !ok {
			break
		}
		pid = parent
	}
	return out
}

// procParent is the parent of pid, as /proc says.
func procParent(pid int) (int, bool) {
	// Read on every forwarded call (callerParent): a plain open and read,
	// without os.File's poller registration (four fcntls and a failing
	// epoll_ctl for a /proc file).
	b, ok := readProcStat(pid)
	if !ok {
		return 0, false
	}
	// pid (comm) state ppid ...: comm may hold spaces and parentheses.
	j := bytes.LastIndexByte(b, ')')
	if j < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[j+1:]))
	if len(f) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(f[1])
	return ppid, err == nil
}

// readProcStat reads /proc/PID/stat. The kernel builds that file whole on
// the first read (a seq_file of one record), so a first read that returns
// less than asked is all of it, and no second read is made to be told so;
// a longer one is read to its end.
func readProcStat(pid int) ([]byte, bool) {
	path := "/proc/" + strconv.Itoa(pid) + "/stat"
	var fd int
	var err error
	for {
		fd, err = unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return nil, false
	}
	var buf [1024]byte
	n := 0
	for {
		n, err = unix.Read(fd, buf[:])
		if err != unix.EINTR {
			break
		}
	}
	unix.Close(fd)
	if err != nil || n <= 0 {
		return nil, false
	}
	if n < len(buf) {
		return buf[:n], true
	}
	b, err := smallfile.Read(path, 4096) // a command name of many escaped bytes
	return b, err == nil
}

// openTerminal returns the controlling terminal, when env's standard
// input is a terminal, and its name.
func openTerminal(env *Env) (io.ReadWriteCloser, string, error) {
	f, ok := env.Stdin.(*os.File)
	if !ok || !isTerminal(int(f.Fd())) {
		return nil, "", errors.New("its standard input is not a terminal")
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return nil, "", errors.New("it has no controlling terminal")
	}
	name, _ := os.Readlink("/proc/self/fd/" + strconv.Itoa(int(f.Fd())))
	return tty, name, nil
}

func isTerminal(fd int) bool {
	_, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	return err == nil
}
