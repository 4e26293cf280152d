//go:build linux

package resident

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// Bounds on how long the tests wait for something that should happen. They
// are generous (the package runs under -race on small machines); the
// behaviour under test happens in a fraction of them.
const (
	// waitLong bounds waiting for something that must happen.
	waitLong = 5 * time.Second
	// tick is the Tick the lifecycle tests use.
	tick = 50 * time.Millisecond
	// fewTicks bounds noticing a change that the engine checks every tick.
	fewTicks = 40 * tick
)

// ---- fixtures ----

// stateDir is a fresh private (0700) state directory whose socket path fits
// in sun_path.
func stateDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if len(SocketPath(dir)) > 90 {
		dir = shortTempDir(t)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

// shortTempDir is a fresh 0700 directory with a short path, removed at the
// end of the test.
func shortTempDir(t *testing.T) string {
	t.Helper()
	base := ""
	if len(os.TempDir()) > 40 {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "rs")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

// logbuf collects an engine's log; it is safe to use from any goroutine,
// even after the test ends.
type logbuf struct {
	mu    sync.Mutex
	lines []string
}

func (l *logbuf) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *logbuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func (l *logbuf) has(sub string) bool { return strings.Contains(l.String(), sub) }

// engine is a Serve running on its own goroutine.
type engine struct {
	t       *testing.T
	dir     string
	sock    string
	log     *logbuf
	cancel  context.CancelFunc
	done    chan struct{} // closed when Serve has returned
	err     error         // Serve's result, once done is closed
	readies atomic.Int32
}

// echo answers with the request's stdin as stdout and its cwd as stderr.
func echo(_ context.Context, req *hookwire.Request) *hookwire.Response {
	return &hookwire.Response{Code: len(req.Args), Stdout: bytes.Clone(req.Stdin), Stderr: []byte(req.Cwd)}
}

// start runs Serve with o (a fresh state directory, echo and a collected
// log unless o says otherwise) and returns once it accepts connections. The
// test's end cancels it and waits for Serve to return.
func start(t *testing.T, o Options) *engine {
	t.Helper()
	if o.StateDir == "" {
		o.StateDir = stateDir(t)
	}
	if o.Handler == nil {
		o.Handler = echo
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &engine{t: t, dir: o.StateDir, sock: SocketPath(o.StateDir), log: &logbuf{}, cancel: cancel, done: make(chan struct{})}
	o.Logf = e.log.logf
	ready := make(chan struct{})
	o.Ready = func() {
		if e.readies.Add(1) == 1 {
			close(ready)
		}
	}
	go func() {
		defer close(e.done)
		e.err = Serve(ctx, o)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-e.done:
		case <-time.After(waitLong):
			t.Errorf("Serve did not return within %s of its context ending", waitLong)
		}
		if t.Failed() {
			t.Logf("engine log:\n%s", e.log)
		}
	})
	select {
	case <-ready:
	case <-e.done:
		t.Fatalf("Serve returned before it was ready: %v", e.err)
	case <-time.After(waitLong):
		t.Fatalf("Serve not ready after %s", waitLong)
	}
	return e
}

// returned reports whether Serve has returned, waiting at most d.
func (e *engine) returned(d time.Duration) bool {
	select {
	case <-e.done:
		return true
	case <-time.After(d):
		return false
	}
}

// wait waits for Serve to return by itself within d and returns its error.
func (e *engine) wait(d time.Duration) error {
	e.t.Helper()
	if !e.returned(d) {
		e.t.Fatalf("Serve still running after %s", d)
	}
	return e.err
}

// stop cancels Serve's context and returns Serve's error.
func (e *engine) stop() error {
	e.t.Helper()
	e.cancel()
	return e.wait(waitLong)
}

// serveErr runs a Serve that is expected to fail to start, and returns its
// error; Ready must not be called.
func serveErr(t *testing.T, o Options) error {
	t.Helper()
	if o.Handler == nil {
		o.Handler = echo
	}
	var readies atomic.Int32
	o.Ready = func() { readies.Add(1) }
	log := &logbuf{}
	o.Logf = log.logf
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- Serve(ctx, o) }()
	select {
	case err := <-errc:
		if err == nil {
			t.Errorf("Serve returned nil, want an error")
		}
		if n := readies.Load(); n != 0 {
			t.Errorf("Ready called %d times by a Serve that failed", n)
		}
		return err
	case <-time.After(waitLong):
		cancel()
		<-errc
		t.Fatalf("Serve did not fail; it served until cancelled (log:\n%s)", log)
		return nil
	}
}

// ---- a client, as the front (internal/front) is: blocking x/sys/unix calls ----

var errClientTimeout = errors.New("client: timed out")

type client struct{ fd int }

// dial connects to sock with timeout on every read and write.
func dial(sock string, timeout time.Duration) (*client, error) {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	tv := unix.NsecToTimeval(timeout.Nanoseconds())
	if err = unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err == nil {
		err = unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &tv)
	}
	if err == nil {
		for {
			err = unix.Connect(fd, &unix.SockaddrUnix{Name: sock})
			if err != unix.EINTR {
				break
			}
		}
	}
	if err != nil {
		unix.Close(fd)
		return nil, err
	}
	return &client{fd: fd}, nil
}

func (c *client) Read(p []byte) (int, error) {
	for {
		n, err := unix.Read(c.fd, p)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			return 0, errClientTimeout
		case err != nil:
			return 0, err
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (c *client) write(b []byte) error {
	for len(b) > 0 {
		n, err := unix.Write(c.fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

func (c *client) closeWrite() error { return unix.Shutdown(c.fd, unix.SHUT_WR) }

func (c *client) close() { unix.Close(c.fd) }

// readToEnd reads until the engine closes the connection; the error is nil
// for an orderly close.
func (c *client) readToEnd() ([]byte, error) {
	var out []byte
	buf := make([]byte, 32<<10)
	for {
		n, err := c.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}

// thisContext is this process's execution context, which the engines
// the tests run on their own goroutines share.
var thisContext = sync.OnceValue(func() *hookwire.ExecContext {
	c, err := ownContext()
	if err != nil {
		panic(err)
	}
	c.Host = hostname()
	return &c
})

// appendRequest encodes req as the front sends it: with this process's
// execution context unless req names one.
func appendRequest(b []byte, req *hookwire.Request) []byte {
	if req.Context == nil {
		r := *req
		r.Context = thisContext()
		req = &r
	}
	return hookwire.AppendRequest(b, req)
}

// call sends req on a new connection and reads the answer, which must be
// followed by the engine closing the connection.
func call(sock string, req *hookwire.Request) (*hookwire.Response, error) {
	c, err := dial(sock, waitLong)
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	defer c.close()
	if err := c.write(appendRequest(nil, req)); err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	raw, err := c.readToEnd()
	if err != nil {
		return nil, fmt.Errorf("read (%d bytes): %w", len(raw), err)
	}
	resp, err := hookwire.ReadResponse(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("answer of %d bytes: %w", len(raw), err)
	}
	if want := len(hookwire.AppendResponse(nil, resp)); len(raw) != want {
		return nil, fmt.Errorf("answer of %d bytes, want exactly one frame (%d bytes)", len(raw), want)
	}
	return resp, nil
}

// mustEcho makes a call the echo handler answers and checks the answer.
func mustEcho(t *testing.T, sock, tag string) {
	t.Helper()
	req := &hookwire.Request{Args: []string{"hook", "x"}, Cwd: "/" + tag, Stdin: []byte(tag)}
	resp, err := call(sock, req)
	if err != nil {
		t.Fatalf("call %s: %v", tag, err)
	}
	if resp.Code != 2 || string(resp.Stdout) != tag || string(resp.Stderr) != "/"+tag {
		t.Fatalf("call %s answered %+v", tag, resp)
	}
}

// expectUnanswered checks that the engine closes c without writing a byte.
// A reset is a close too: the kernel reports one when the engine closes
// with some of the request still unread.
func expectUnanswered(t *testing.T, c *client) {
	t.Helper()
	got, err := c.readToEnd()
	if len(got) > 0 {
		t.Errorf("engine wrote %d bytes (%q), want the connection closed unanswered", len(got), got)
	}
	if err != nil && !errors.Is(err, unix.ECONNRESET) {
		t.Errorf("reading: %v, want the connection closed", err)
	}
}

func sameRequest(a, b *hookwire.Request) bool {
	if len(a.Args) != len(b.Args) || len(a.Env) != len(b.Env) {
		return false
	}
	for i := range a.Args {
		if a.Args[i] != b.Args[i] {
			return false
		}
	}
	for i := range a.Env {
		if a.Env[i] != b.Env[i] {
			return false
		}
	}
	return a.Cwd == b.Cwd && a.Ppid == b.Ppid && bytes.Equal(a.Stdin, b.Stdin)
}

func cloneRequest(r *hookwire.Request) *hookwire.Request {
	return &hookwire.Request{
		Args:  append([]string(nil), r.Args...),
		Cwd:   r.Cwd,
		Env:   append([]string(nil), r.Env...),
		Ppid:  r.Ppid,
		Stdin: bytes.Clone(r.Stdin),
	}
}
