// Package hookclient is mandate-hook, the program an agent spawns on every
// tool call. It forwards the call to the resident engine (mandate serve)
// over the engine's Unix socket and relays the answer, so that the process
// the agent waits for does almost nothing but start.
//
// # Contract
//
// mandate-hook <agent> [event] answers exactly as mandate hook <agent>
// [event] does: the engine runs the same code path with this process's
// arguments, working directory, environment, parent pid and stdin. When
// the engine cannot answer, the full mandate binary decides in-process:
//
//   - MANDATE_RESIDENT=off: mandate-hook execs `mandate hook`, which
//     reads stdin itself;
//   - no engine listening (first call, after an idle exit, after an
//     upgrade) or a socket whose peer is not this user's mandate binary:
//     mandate-hook runs `mandate hook` on the payload it read (exec'd with
//     the payload in a pipe as its stdin; a payload too large for a pipe
//     goes to a child instead), and starts an engine in the background
//     for the next call;
//   - the engine fails after the request was sent (closed unanswered,
//     malformed answer, timeout): the same, on the same payload.
//
// So no failure of the engine or of the connection can allow an action the
// in-process path would not. Only when the mandate binary itself cannot be
// found or run does mandate-hook answer alone: exit code 2 with the reason
// on stderr, which blocks in every agent Mandate supports.
//
// The full binary is "mandate" in mandate-hook's own directory, else on
// PATH. The engine is trusted only if SO_PEERCRED names this user and a
// process whose executable is that same file (compared by device and
// inode through /proc): a process that managed to bind the socket cannot
// answer for Mandate.
//
// This package links only os, syscall, strconv, path and hookwire: every
// import here is start-up time on every tool call.
package hookclient

import (
	"io"
	"os"
	"path"
	"strconv"
	"syscall"
	"time"
	"unsafe"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// Files in the state directory shared with internal/resident.
const (
	socketName = "serve.sock"
	// failedName holds why the last engine start failed; while it is
	// younger than failedBackoff, no new engine is started.
	failedName    = "serve.failed"
	failedBackoff = 10 * time.Minute
)

// Timeout bounds the exchange with the engine: the engine's own budget for
// a call is 10 s (hook.DefaultBudget), after which it answers deny itself.
const Timeout = 12 * time.Second

// Main runs mandate-hook with args (os.Args[1:]) and returns the exit code.
func Main(args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		os.Stderr.WriteString("usage: mandate-hook <agent> [event]\n" +
			"The fast path of mandate hook <agent> [event]: forwards the agent's hook call to the\n" +
			"resident Mandate engine, or runs mandate hook when none answers. Installed by mandate install.\n")
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	full := fullBinary()
	if full == "" {
		return refuse("cannot find the mandate binary (looked beside mandate-hook and on PATH)")
	}
	argv := append([]string{"mandate", "hook"}, args...)
	env := os.Environ()
	if os.Getenv("MANDATE_RESIDENT") == "off" {
		return execFull(full, argv, env)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return execFull(full, argv, env)
	}
	state, ok := stateDir(cwd)
	if !ok {
		return execFull(full, argv, env)
	}
	// The payload is read before connecting, so that the engine, woken by
	// the connection, finds the whole request waiting.
	payload, err := readStdin()
	if err != nil {
		return refuse("reading the hook payload: " + err.Error())
	}
	fd, err := connect(path.Join(state, socketName))
	if err != nil {
		if err == syscall.ENOENT || err == syscall.ECONNREFUSED {
			startEngine(full, state, env)
		}
		return runFull(full, argv, env, payload)
	}
	// The request goes out at once, so the engine, woken by the connection,
	// finds it waiting; the peer is verified before its answer is read.
	// (Anything able to bind the socket runs as this user and could read
	// this process's environment and stdin anyway; what it must not do is
	// answer.)
	req := &hookwire.Request{Args: argv[1:], Cwd: cwd, Env: env, Ppid: os.Getppid(), Stdin: payload}
	err = writeAll(fd, hookwire.AppendRequest(make([]byte, 0, requestSize(req)), req))
	if err != nil || !trusted(fd, full) {
		syscall.Close(fd)
		return runFull(full, argv, env, payload)
	}
	resp, err := hookwire.ReadResponse(fdReader(fd))
	syscall.Close(fd)
	if err != nil {
		return runFull(full, argv, env, payload)
	}
	os.Stdout.Write(resp.Stdout)
	os.Stderr.Write(resp.Stderr)
	if resp.Code == 1 {
		return 2 // exit 1 lets the tool run in most agents; never answer it
	}
	return resp.Code
}

// refuse is the answer when Mandate cannot run at all.
func refuse(why string) int {
	os.Stderr.WriteString("Mandate refused this action: mandate-hook " + why + "; governance fails closed\n")
	return 2
}

// fullBinary finds the mandate binary: beside this executable, else on
// PATH. It returns an absolute path, or "".
func fullBinary() string {
	if exe, err := os.Executable(); err == nil {
		if p := path.Join(path.Dir(exe), "mandate"); isExecutable(p) {
			return p
		}
	}
	dirs := os.Getenv("PATH")
	for len(dirs) > 0 {
		i := 0
		for i < len(dirs) && dirs[i] != ':' {
			i++
		}
		d := dirs[:i]
		if i < len(dirs) {
			dirs = dirs[i+1:]
		} else {
			dirs = ""
		}
		if d != "" && d[0] == '/' {
			if p := path.Join(d, "mandate"); isExecutable(p) {
				return p
			}
		}
	}
	return ""
}

func isExecutable(p string) bool {
	var st syscall.Stat_t
	return syscall.Stat(p, &st) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFREG && st.Mode&0o111 != 0
}

// stateDir mirrors gate.StateDir: $MANDATE_HOME, else
// $XDG_STATE_HOME/mandate, else ~/.local/state/mandate.
func stateDir(cwd string) (string, bool) {
	if d := os.Getenv("MANDATE_HOME"); d != "" {
		if d[0] != '/' {
			d = path.Join(cwd, d)
		}
		return path.Clean(d), true
	}
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && d[0] == '/' {
		return path.Join(d, "mandate"), true
	}
	if h := os.Getenv("HOME"); h != "" {
		return path.Join(h, ".local", "state", "mandate"), true
	}
	return "", false
}

// execFull replaces this process with the in-process `mandate hook`; its
// stdin is untouched, so it reads the payload itself.
func execFull(full string, argv, env []string) int {
	err := syscall.Exec(full, argv, env)
	return refuse("could not run " + full + ": " + err.Error())
}

// runFull runs `mandate hook` on the payload already read. A payload that
// fits in a pipe's buffer is put in a pipe that becomes this process's
// stdin, and `mandate hook` replaces this process; a larger one is fed to
// it as a child, whose exit code is returned.
func runFull(full string, argv, env []string, payload []byte) int {
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		return refuse("could not run " + full + ": " + err.Error())
	}
	if fits(p[1], len(payload)) {
		err := writeAll(p[1], payload)
		syscall.Close(p[1])
		if err == nil {
			err = syscall.Dup3(p[0], 0, 0) // without O_CLOEXEC: fd 0 survives the exec
		}
		if err != nil {
			return refuse("could not run " + full + ": " + err.Error())
		}
		return execFull(full, argv, env)
	}
	pid, err := syscall.ForkExec(full, argv, &syscall.ProcAttr{Env: env, Files: []uintptr{uintptr(p[0]), 1, 2}})
	syscall.Close(p[0])
	if err != nil {
		syscall.Close(p[1])
		return refuse("could not run " + full + ": " + err.Error())
	}
	// The child reads the whole payload before it answers; a child that
	// stops reading early makes this write fail, which is fine.
	writeAll(p[1], payload)
	syscall.Close(p[1])
	var ws syscall.WaitStatus
	for {
		_, err := syscall.Wait4(pid, &ws, 0, nil)
		if err != syscall.EINTR {
			if err != nil {
				return refuse("waiting for mandate hook: " + err.Error())
			}
			break
		}
	}
	if !ws.Exited() || ws.ExitStatus() == 1 {
		return 2
	}
	return ws.ExitStatus()
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

// startEngine starts `mandate serve` in its own session, detached from the
// agent, unless a recent start failed. Failing to start is not an error:
// this call and the next are answered in-process.
func startEngine(full, state string, env []string) {
	var st syscall.Stat_t
	if syscall.Stat(path.Join(state, failedName), &st) == nil &&
		time.Since(time.Unix(st.Mtim.Sec, st.Mtim.Nsec)) < failedBackoff {
		return
	}
	null, err := syscall.Open("/dev/null", syscall.O_RDWR|syscall.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	defer syscall.Close(null)
	dir := state
	if !isDir(dir) {
		dir = "/"
	}
	// Not waited for: the engine is reparented when this process (or the
	// mandate hook it becomes) exits.
	_, _ = syscall.ForkExec(full, []string{"mandate", "serve", "--background"}, &syscall.ProcAttr{
		Dir:   dir,
		Env:   env,
		Files: []uintptr{uintptr(null), uintptr(null), uintptr(null)},
		Sys:   &syscall.SysProcAttr{Setsid: true},
	})
}

func isDir(p string) bool {
	var st syscall.Stat_t
	return syscall.Stat(p, &st) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFDIR
}

// connect opens a blocking connection to the engine's socket with Timeout
// on every read and write.
func connect(sock string) (int, error) {
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	tv := syscall.NsecToTimeval(int64(Timeout))
	if err := syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv); err == nil {
		err = syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_SNDTIMEO, &tv)
	}
	if err == nil {
		err = syscall.Connect(fd, &syscall.SockaddrUnix{Name: sock})
	}
	if err != nil {
		syscall.Close(fd)
		return -1, err
	}
	return fd, nil
}

// trusted reports whether the socket's peer is this user's mandate binary.
func trusted(fd int, full string) bool {
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
	if syscall.Stat("/proc/"+strconv.Itoa(int(cred.Pid))+"/exe", &peer) != nil || syscall.Stat(full, &want) != nil {
		return false
	}
	return peer.Dev == want.Dev && peer.Ino == want.Ino
}

// readStdin reads the payload, at most hookwire.MaxStdin bytes: one more
// than the hook accepts, so that the engine answers an oversized payload
// with the agent's deny.
func readStdin() ([]byte, error) {
	buf := make([]byte, 0, 8<<10)
	for len(buf) < hookwire.MaxStdin {
		if len(buf) == cap(buf) { // grow: double, up to the bound
			grown := make([]byte, len(buf), min(2*cap(buf), hookwire.MaxStdin))
			buf = grown[:copy(grown, buf)]
		}
		n, err := syscall.Read(0, buf[len(buf):cap(buf)])
		if err == syscall.EINTR || err == syscall.EAGAIN {
			if err == syscall.EAGAIN {
				waitReadable(0)
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			break
		}
		buf = buf[:len(buf)+n]
	}
	return buf, nil
}

// waitReadable blocks until fd (a non-blocking stdin) has data.
func waitReadable(fd int) {
	var set syscall.FdSet
	set.Bits[fd/64] |= 1 << (uint(fd) % 64)
	syscall.Select(fd+1, &set, nil, nil, nil)
}

// requestSize is the encoded size of req, so that it is built in one
// allocation.
func requestSize(req *hookwire.Request) int {
	n := 64 + len(req.Cwd) + len(req.Stdin)
	for _, a := range req.Args {
		n += 4 + len(a)
	}
	for _, e := range req.Env {
		n += 4 + len(e)
	}
	return n
}

func writeAll(fd int, b []byte) error {
	for len(b) > 0 {
		n, err := syscall.Write(fd, b)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

// fdReader reads a blocking descriptor; a timeout (EAGAIN) is an error.
type fdReader int

func (r fdReader) Read(p []byte) (int, error) {
	for {
		n, err := syscall.Read(int(r), p)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, err
		}
		if n == 0 && len(p) > 0 {
			return 0, io.EOF
		}
		return n, nil
	}
}
