//go:build linux || darwin

package resident

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/mandate-dev/mandate/internal/hookwire"
	"github.com/mandate-dev/mandate/internal/smallfile"
)

// Serve runs the engine until it has a reason to stop (see the package
// doc); it returns nil for an ordinary stop, ErrRunning when another engine
// serves the directory, and an error when it cannot start.
func Serve(ctx context.Context, o Options) error {
	if o.Handler == nil {
		return errors.New("resident: no handler")
	}
	if o.Idle == 0 {
		o.Idle = DefaultIdle
	}
	if o.StepAside <= 0 {
		o.StepAside = StepAside
	}
	if o.StepAsideDelay <= 0 {
		o.StepAsideDelay = StepAsideDelay
	}
	if o.ReadTimeout <= 0 {
		o.ReadTimeout = DefaultReadTimeout
	}
	if o.Tick <= 0 {
		o.Tick = 10 * time.Second
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	dir, err := filepath.Abs(o.StateDir)
	if err != nil {
		return fmt.Errorf("resident: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("resident: %w", err)
	}
	if err := CheckPrivate(dir); err != nil {
		return err
	}
	sock := SocketPath(dir)
	if len(sock) > maxSocketPath {
		return fmt.Errorf("resident: socket path %s is longer than the %d bytes a Unix socket allows; set MANDATE_HOME to a shorter directory", sock, maxSocketPath)
	}

	lock, err := os.OpenFile(filepath.Join(dir, LockName), os.O_RDWR|os.O_CREATE|syscall.O_CLOEXEC, 0o600)
	if err != nil {
		return fmt.Errorf("resident: %w", err)
	}
	defer lock.Close()
	if err := flock(lock, unix.LOCK_EX|unix.LOCK_NB); err != nil {
		if errors.Is(err, unix.EWOULDBLOCK) {
			return ErrRunning
		}
		return fmt.Errorf("resident: locking %s: %w", lock.Name(), err)
	}

	own, err := ownContext()
	if err != nil {
		return fmt.Errorf("resident: this process's execution context cannot be read, so no peer's can be compared with it: %w", err)
	}
	ln, sockID, err := listen(sock)
	if err != nil {
		return err
	}
	exeID, _ := fileID(o.Executable)

	s := &server{o: o, ln: ln, sock: sock, sockID: sockID, exe: o.Executable, exeID: exeID, uid: os.Getuid(), ctx: own}
	s.lastCall.Store(time.Now().UnixNano())
	o.Logf("mandate engine serving %s (pid %d)", sock, os.Getpid())
	if o.Ready != nil {
		o.Ready()
	}
	why := s.run(ctx)
	o.Logf("mandate engine stopping: %s (answered %d calls)", why, s.answered.Load())
	if o.Stopping != nil {
		o.Stopping()
	}
	return nil
}

// CheckPrivate fails unless dir is a directory (not a symlink) owned by
// this user with no access for group or others.
func CheckPrivate(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("resident: %w", err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case !fi.IsDir():
		return fmt.Errorf("resident: state directory %s is not a directory", dir)
	case !ok || int(st.Uid) != os.Getuid():
		return fmt.Errorf("resident: state directory %s is not owned by this user", dir)
	case fi.Mode().Perm()&0o077 != 0:
		return fmt.Errorf("resident: state directory %s is accessible to other users (mode %v); it must be 0700", dir, fi.Mode().Perm())
	}
	return nil
}

type server struct {
	o      Options
	ln     int // the listening socket, blocking
	sock   string
	sockID smallfile.ID
	exe    string
	exeID  smallfile.ID
	uid    int // this process's, which every peer must have
	// ctx is this process's execution context, read at start, which
	// every request must claim (peerContext).
	ctx hookwire.ExecContext
	// lastOwn is when a call of this engine's own context was last
	// answered (UnixNano; 0: none yet), for stepping aside.
	lastOwn  atomic.Int64
	leaving  atomic.Bool // a step-aside is pending (refuse)
	wg       sync.WaitGroup
	answered atomic.Int64
	inflight atomic.Int64 // calls being served; the engine is not idle while any are
	closing  atomic.Bool
	// lastCall is when the last call ended (UnixNano). The idle timer
	// reads it when it fires, so that a call wakes no other goroutine.
	lastCall atomic.Int64
}

// run accepts until a stop reason, then drains; it returns the reason.
func (s *server) run(ctx context.Context) string {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	reasons := make(chan string, 1)
	stop := func(why string) {
		select {
		case reasons <- why:
		default:
		}
		cancel()
	}
	// Calls run with a context that the stop does not cancel: a call in
	// flight when the engine stops is answered as it would have been.
	hctx := context.WithoutCancel(ctx)
	acceptDone := make(chan struct{})
	go func() {
		defer close(acceptDone)
		s.acceptLoop(ctx, hctx, stop)
	}()

	idle := time.NewTimer(s.idle())
	tick := time.NewTicker(s.o.Tick)
	defer tick.Stop()
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-idle.C:
			if s.inflight.Load() > 0 {
				// A call longer than Idle: idleness counts from its end.
				idle.Reset(s.idle())
				continue
			}
			if since := time.Since(time.Unix(0, s.lastCall.Load())); since < s.idle() {
				idle.Reset(s.idle() - since)
				continue
			}
			if s.o.Idle > 0 {
				stop(fmt.Sprintf("idle for %s", s.o.Idle))
			}
		case <-tick.C:
			if why := s.stale(); why != "" {
				stop(why)
			}
		}
	}
	// shutdown wakes every worker blocked in accept; the socket is closed
	// once none can use it any more.
	s.closing.Store(true)
	unix.Shutdown(s.ln, unix.SHUT_RDWR)
	<-acceptDone // no connection is added to wg after this
	s.wg.Wait()
	unix.Close(s.ln)
	// Remove the socket only if it is still ours: a newer engine may have
	// taken the path after ours was removed.
	if id, err := fileID(s.sock); err == nil && id == s.sockID {
		os.Remove(s.sock)
	}
	select {
	case why := <-reasons:
		return why
	default:
		return "stopped"
	}
}

func (s *server) idle() time.Duration {
	if s.o.Idle < 0 {
		return 1<<63 - 1
	}
	return s.o.Idle
}

// callDone notes the end of a call, on the call's goroutine: it restarts
// the idle period and checks for an upgrade (the answer is already sent,
// so the check costs the caller nothing), so that after an executable or
// socket change the next call reaches a new engine.
func (s *server) callDone(stop func(string)) {
	s.lastCall.Store(time.Now().UnixNano())
	s.inflight.Add(-1)
	if why := s.stale(); why != "" {
		stop(why)
	}
}

// stale names a reason to stop: the socket or the executable changed.
func (s *server) stale() string {
	if id, err := fileID(s.sock); err != nil || id != s.sockID {
		return "the socket was removed or replaced"
	}
	if s.exe != "" {
		if id, err := fileID(s.exe); err != nil || id != s.exeID {
			return "the executable " + s.exe + " was replaced"
		}
	}
	return ""
}

// acceptLoop runs MaxConcurrent workers, each accepting and serving one
// connection at a time, until the listening socket is shut down.
func (s *server) acceptLoop(ctx, hctx context.Context, stop func(string)) {
	var workers sync.WaitGroup
	for range MaxConcurrent {
		workers.Add(1)
		go func() {
			defer workers.Done()
			s.worker(ctx, hctx, stop)
		}()
	}
	workers.Wait()
}

// worker accepts and serves connections until the engine stops.
func (s *server) worker(ctx, hctx context.Context, stop func(string)) {
	// The worker's request buffer, reused by every call it serves (one
	// at a time): ReadRequest would allocate and zero 32 KB per call, as
	// much as the rest of a check allocates.
	buf := make([]byte, hookwire.RequestBufferSize)
	for {
		nfd, err := accept(s.ln)
		if s.closing.Load() || ctx.Err() != nil {
			if err == nil {
				unix.Close(nfd) // unanswered: the client decides itself
			}
			return
		}
		switch {
		case err == nil:
		case err == unix.EINTR || err == unix.ECONNABORTED || err == unix.EAGAIN:
			continue
		case err == unix.EMFILE || err == unix.ENFILE || err == unix.ENOBUFS || err == unix.ENOMEM:
			// Out of descriptors or memory: clients decide in-process
			// meanwhile.
			time.Sleep(50 * time.Millisecond)
			continue
		default:
			stop("accept: " + err.Error())
			return
		}
		// Yield once before serving. A worker blocked in accept keeps its
		// goroutine "running" in the eyes of the runtime's monitor
		// (sysmon): the P's scheduling tick has not moved since the
		// previous call, so more than 10 ms later the monitor takes the
		// call for a goroutine that hogs its P and preempts it with a
		// signal in the middle of the call (a trip through the scheduler,
		// sometimes a move to another thread that must be woken first),
		// and resets its own back-off to polling every 20 µs. Gosched
		// advances the tick, so the call is not preempted (BENCHMARKS.md,
		// fourth pass).
		runtime.Gosched()
		s.wg.Add(1)
		s.inflight.Add(1)
		if s.serveConn(hctx, nfd, buf, stop) && s.o.Answered != nil {
			s.o.Answered()
		}
		s.callDone(stop)
		s.wg.Done()
	}
}

// serveConn answers one connection; on any failure it closes the
// connection unanswered, which the client takes as "decide yourself". It
// reports whether it answered.
func (s *server) serveConn(ctx context.Context, fd int, buf []byte, stop func(string)) (answered bool) {
	defer unix.Close(fd)
	uid, peer := peerCred(fd)
	if uid != s.uid {
		s.o.Logf("refused a connection from uid %d", uid)
		return
	}
	defer func() {
		if r := recover(); r != nil {
			s.o.Logf("call failed: panic: %v", r)
		}
	}()
	// The whole request must arrive within ReadTimeout; each blocking read
	// is bounded by what is left of it.
	c := &conn{fd: fd, deadline: time.Now().Add(s.o.ReadTimeout)}
	req, err := hookwire.ReadRequestBuffer(c, buf)
	if err != nil {
		s.o.Logf("bad request: %v", err)
		return
	}
	if why := peerContext(&s.ctx, peer, req.Context); why != "" {
		s.refuse(c, peer, why, stop)
		return
	}
	req.Peer = peer
	req.PeerParent = func() (int, bool) { return peerParent(fd, peer) } // fd is open until the answer is sent
	resp := s.o.Handler(ctx, req)
	if resp == nil {
		return
	}
	if err := c.writeAll(hookwire.AppendResponse(nil, resp), DefaultWriteTimeout); err != nil {
		s.o.Logf("writing the answer: %v", err)
		return
	}
	s.answered.Add(1)
	s.lastOwn.Store(time.Now().UnixNano())
	return true
}

// StepAside is how long an engine must have answered no call of its own
// execution context before a call from another context makes it stop;
// it stops StepAsideDelay later, unless a call of its own came meanwhile.
// The delay outlasts any call's budget (10 s, hook.DefaultBudget), so the
// call it refused is decided in-process while the engine still runs: a
// caller judging `kill ENGINE` sees the engine it names.
const (
	StepAside      = 30 * time.Second
	StepAsideDelay = 15 * time.Second
)

// refuse answers a peer in another execution context (or one that cannot
// be told) with hookwire.CodeRefused: the front decides in its own
// process, and never by this engine's view of the world. An engine that
// answered none of its own context's calls for StepAside then stops, so
// that the next call starts an engine where the calls come from: one
// started by an agent inside `unshare` (red-team round 21 #41) leaves at
// the agent's next real hook call. Anyone who can reach the socket from
// another context can stop an idle engine this way; that is a restart at
// most (the next call starts one), not a wrong answer.
func (s *server) refuse(c *conn, peer int, why string, stop func(string)) {
	s.o.Logf("refused a call from pid %d: %s", peer, why)
	resp := &hookwire.Response{Code: hookwire.CodeRefused, Stderr: []byte(hookwire.RefusedText)}
	if err := c.writeAll(hookwire.AppendResponse(nil, resp), DefaultWriteTimeout); err != nil {
		s.o.Logf("writing the refusal: %v", err)
	}
	stale := func() bool {
		last := s.lastOwn.Load()
		return last == 0 || time.Since(time.Unix(0, last)) >= s.o.StepAside
	}
	if !stale() || !s.leaving.CompareAndSwap(false, true) {
		return
	}
	time.AfterFunc(s.o.StepAsideDelay, func() {
		if !stale() {
			s.leaving.Store(false)
			return
		}
		stop("a call came from another execution context (" + why + ") and none from this engine's own in " + s.o.StepAside.String() + ": leaving the socket to an engine started where the calls come from")
	})
}

// errTimeout is a read or write that ran past its deadline.
var errTimeout = errors.New("i/o timeout")

// conn is one accepted connection. It is accepted non-blocking, and read
// and written with plain system calls while they complete at once, which
// is the common case (the client sends its whole request before the
// engine accepts it, and an answer fits in the socket's buffer). Only when
// a call would block is the socket made blocking, with SO_RCVTIMEO or
// SO_SNDTIMEO bounding each wait: the deadlines cost no system call on
// the common path.
type conn struct {
	fd       int
	blocking bool
	deadline time.Time     // for reading the whole request
	timeout  time.Duration // SO_RCVTIMEO as last set
}

func (c *conn) Read(p []byte) (int, error) {
	for {
		if c.blocking {
			left := time.Until(c.deadline)
			if left <= 0 {
				return 0, errTimeout
			}
			// Only when the timeout would run past the deadline: a read
			// never waits past it by more than a millisecond.
			if c.timeout == 0 || c.timeout > left+time.Millisecond {
				if err := setTimeout(c.fd, unix.SO_RCVTIMEO, left); err != nil {
					return 0, err
				}
				c.timeout = left
			}
		}
		n, err := unix.Read(c.fd, p)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN && !c.blocking:
			if err := c.block(); err != nil {
				return 0, err
			}
			continue
		case err == unix.EAGAIN:
			return 0, errTimeout
		case err != nil:
			return 0, err
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

// writeAll writes b, waiting at most timeout for the client to make room.
func (c *conn) writeAll(b []byte, timeout time.Duration) error {
	timed := false
	if c.blocking { // reading had to wait: so may writing
		if err := setTimeout(c.fd, unix.SO_SNDTIMEO, timeout); err != nil {
			return err
		}
		timed = true
	}
	for len(b) > 0 {
		n, err := unix.Write(c.fd, b)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN && !timed:
			if !c.blocking {
				if err := c.block(); err != nil {
					return err
				}
			}
			if err := setTimeout(c.fd, unix.SO_SNDTIMEO, timeout); err != nil {
				return err
			}
			timed = true
			continue
		case err == unix.EAGAIN:
			return errTimeout
		case err != nil:
			return err
		}
		b = b[n:]
	}
	return nil
}

// block makes the socket blocking: from now on every wait is bounded by a
// socket timeout.
func (c *conn) block() error {
	if err := unix.SetNonblock(c.fd, false); err != nil {
		return err
	}
	c.blocking = true
	return nil
}

func setTimeout(fd, opt int, d time.Duration) error {
	tv := unix.NsecToTimeval(max(d, time.Microsecond).Nanoseconds())
	return unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, opt, &tv)
}

// listen binds a fresh socket at path, replacing a stale one, and returns
// its (blocking) descriptor with the socket file's identity.
func listen(path string) (int, smallfile.ID, error) {
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode().Type() != os.ModeSocket {
			return -1, smallfile.ID{}, fmt.Errorf("resident: %s exists and is not a socket; not replacing it", path)
		}
		// We hold the lock, so no engine is using it: a leftover of one that
		// was killed.
		if err := os.Remove(path); err != nil {
			return -1, smallfile.ID{}, fmt.Errorf("resident: %w", err)
		}
	}
	fd, err := socket()
	if err != nil {
		return -1, smallfile.ID{}, fmt.Errorf("resident: socket: %w", err)
	}
	// Bound and listening under a private name first, then renamed into
	// place: a socket file at path always accepts, so a caller never sees
	// it between bind and listen and takes a refused connection for a
	// dead engine. The private name is no longer than path, so it fits
	// sun_path whenever path does, and fixed: we hold the lock.
	tmp := filepath.Join(filepath.Dir(path), ".serve.new")
	os.Remove(tmp)
	old := unix.Umask(0o177)
	err = unix.Bind(fd, &unix.SockaddrUnix{Name: tmp})
	unix.Umask(old)
	if err == nil {
		err = unix.Listen(fd, 128)
		if err == nil {
			err = os.Rename(tmp, path)
		}
		if err != nil {
			os.Remove(tmp)
		}
	}
	if err != nil {
		unix.Close(fd)
		return -1, smallfile.ID{}, fmt.Errorf("resident: listening on %s: %w", path, err)
	}
	id, err := fileID(path)
	if err != nil {
		unix.Close(fd)
		return -1, smallfile.ID{}, fmt.Errorf("resident: %w", err)
	}
	return fd, id, nil
}

func flock(f *os.File, how int) error {
	for {
		err := unix.Flock(int(f.Fd()), how)
		if err != unix.EINTR {
			return err
		}
	}
}

func fileID(path string) (smallfile.ID, error) {
	if path == "" {
		return smallfile.ID{}, errors.New("no path")
	}
	return smallfile.Stat(path)
}
