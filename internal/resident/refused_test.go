//go:build linux

package resident

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// ---- requests that are not answered ----

func TestMalformedRequest(t *testing.T) {
	good := appendRequest(nil, &hookwire.Request{Args: []string{"hook", "claude"}, Cwd: "/r", Env: []string{"A=1"}, Ppid: 7, Stdin: []byte(`{"x":1}`)})
	u32 := func(v uint32) []byte { return []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)} }
	frame := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	cases := []struct {
		name      string
		send      []byte
		closeSend bool // shut down the client's writing side after sending
	}{
		{"garbage", []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), false},
		{"a response frame", hookwire.AppendResponse(nil, &hookwire.Response{Code: 0, Stdout: []byte("{}")}), false},
		{"wrong version", append([]byte("MDQ\x04"), good[4:]...), false},
		{"too many arguments", frame([]byte("MDQ\x01"), u32(1), u32(hookwire.MaxArgs+1)), false},
		{"stdin too large", frame([]byte("MDQ\x01"), u32(1), u32(0), u32(0), u32(0), u32(hookwire.MaxStdin+1)), false},
		{"truncated then closed", good[:len(good)/2], true},
		{"all but the last byte then closed", good[:len(good)-1], true},
		{"nothing then closed", nil, true},
	}
	var calls atomic.Int32
	e := start(t, Options{ReadTimeout: waitLong, Handler: func(ctx context.Context, req *hookwire.Request) *hookwire.Response {
		calls.Add(1)
		return echo(ctx, req)
	}})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := calls.Load()
			cl, err := dial(e.sock, waitLong)
			if err != nil {
				t.Fatal(err)
			}
			defer cl.close()
			if err := cl.write(c.send); err != nil {
				t.Fatal(err)
			}
			if c.closeSend {
				if err := cl.closeWrite(); err != nil {
					t.Fatal(err)
				}
			}
			began := time.Now()
			expectUnanswered(t, cl)
			// Closed for being malformed, not for the read deadline.
			if d := time.Since(began); d > waitLong/2 {
				t.Errorf("closed after %v: not on reading the bad frame", d)
			}
			if n := calls.Load() - before; n != 0 {
				t.Errorf("handler called %d times for a malformed request", n)
			}
			mustEcho(t, e.sock, "after-"+strings.ReplaceAll(c.name, " ", "-"))
		})
	}
	if !e.log.has("bad request") {
		t.Errorf("bad requests not logged:\n%s", e.log)
	}
}

// A client that does not send its request within ReadTimeout is cut off;
// others are served meanwhile.
func TestSlowClientCutOff(t *testing.T) {
	const readTimeout = 200 * time.Millisecond
	good := appendRequest(nil, &hookwire.Request{Args: []string{"hook"}, Cwd: "/slow", Stdin: []byte("slow")})
	cases := []struct {
		name string
		send []byte
	}{
		{"sends nothing", nil},
		{"stops mid-header", good[:3]},
		{"stops mid-frame", good[:len(good)-2]},
	}
	var calls atomic.Int32
	e := start(t, Options{ReadTimeout: readTimeout, Handler: func(ctx context.Context, req *hookwire.Request) *hookwire.Response {
		calls.Add(1)
		return echo(ctx, req)
	}})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := calls.Load()
			slow, err := dial(e.sock, waitLong)
			if err != nil {
				t.Fatal(err)
			}
			defer slow.close()
			began := time.Now()
			if err := slow.write(c.send); err != nil {
				t.Fatal(err)
			}
			// Others are answered while the slow one holds its connection.
			mustEcho(t, e.sock, "meanwhile")
			expectUnanswered(t, slow)
			d := time.Since(began)
			if d < readTimeout/2 || d > time.Second+readTimeout {
				t.Errorf("slow client cut off after %v, want about ReadTimeout (%v)", d, readTimeout)
			}
			if n := calls.Load() - before; n != 1 {
				t.Errorf("handler called %d times, want once (the other call)", n)
			}
		})
	}
}

// A request that arrives in pieces, slower than the engine reads but
// within ReadTimeout, is answered whole, and so is an answer larger than
// the socket's buffer, which the client reads only after a pause (the
// waits that need the socket made blocking, with its timeouts).
func TestSlowButTimelyClientServed(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB, more than a socket buffer
	e := start(t, Options{ReadTimeout: 5 * time.Second})
	req := appendRequest(nil, &hookwire.Request{Args: []string{"hook"}, Cwd: "/slow", Stdin: big})
	c, err := dial(e.sock, waitLong)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	for _, part := range [][]byte{req[:3], req[3:100], req[100:]} {
		if err := c.write(part); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // the engine's answer fills the buffer and waits
	resp, err := hookwire.ReadResponse(c)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Code != 1 || !bytes.Equal(resp.Stdout, big) || string(resp.Stderr) != "/slow" {
		t.Fatalf("answered code %d, %d bytes of stdout, stderr %q", resp.Code, len(resp.Stdout), resp.Stderr)
	}
}

// A handler that panics or returns nil leaves its call unanswered, and the
// engine keeps serving.
func TestHandlerFailureUnanswered(t *testing.T) {
	cases := []struct {
		name string
		arg  string
	}{
		{"panic with a string", "panic-string"},
		{"panic with an error", "panic-error"},
		{"nil response", "nil"},
	}
	var calls atomic.Int32
	e := start(t, Options{Handler: func(ctx context.Context, req *hookwire.Request) *hookwire.Response {
		calls.Add(1)
		if len(req.Args) > 0 {
			switch req.Args[0] {
			case "panic-string":
				panic("handler exploded")
			case "panic-error":
				panic(errors.New("handler exploded"))
			case "nil":
				return nil
			}
		}
		return echo(ctx, req)
	}})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := calls.Load()
			for i := range 3 {
				cl, err := dial(e.sock, waitLong)
				if err != nil {
					t.Fatal(err)
				}
				if err := cl.write(appendRequest(nil, &hookwire.Request{Args: []string{c.arg}, Cwd: "/"})); err != nil {
					t.Fatal(err)
				}
				expectUnanswered(t, cl)
				cl.close()
				mustEcho(t, e.sock, fmt.Sprint("after-", c.arg, "-", i))
			}
			if n := calls.Load() - before; n != 6 {
				t.Errorf("handler called %d times, want 6", n)
			}
		})
	}
	if !e.log.has("panic") {
		t.Errorf("panics not logged:\n%s", e.log)
	}
	if err := e.stop(); err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// A connection from another user's process is closed unanswered and the
// handler never sees it. Connecting as another user takes root: the
// connecting thread (only it) takes another effective uid, keeping root's
// file-system uid to reach the 0700 directory.
func TestOtherUserRefused(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to connect as another user")
	}
	const other = 65534
	var calls atomic.Int32
	e := start(t, Options{Handler: func(ctx context.Context, req *hookwire.Request) *hookwire.Response {
		calls.Add(1)
		return echo(ctx, req)
	}})
	type result struct {
		c   *client
		err error
	}
	res := make(chan result, 1)
	go func() {
		// Never unlocked: the thread whose credentials change exits with
		// this goroutine.
		runtime.LockOSThread()
		if _, _, errno := unix.RawSyscall(unix.SYS_SETRESUID, ^uintptr(0), other, ^uintptr(0)); errno != 0 {
			res <- result{nil, fmt.Errorf("setresuid: %w", errno)}
			return
		}
		unix.RawSyscall(unix.SYS_SETFSUID, 0, 0, 0)
		c, err := dial(e.sock, waitLong)
		res <- result{c, err}
	}()
	r := <-res
	if r.err != nil {
		t.Skipf("cannot connect as uid %d here: %v", other, r.err)
	}
	defer r.c.close()
	// The engine may close before the request is written: the peer is
	// checked on accepting.
	err := r.c.write(appendRequest(nil, &hookwire.Request{Args: []string{"hook"}, Cwd: "/", Stdin: []byte("intruder")}))
	if err != nil && !errors.Is(err, unix.EPIPE) && !errors.Is(err, unix.ECONNRESET) {
		t.Fatal(err)
	}
	expectUnanswered(t, r.c)
	if n := calls.Load(); n != 0 {
		t.Errorf("handler called %d times for another user's connection", n)
	}
	if !e.log.has(fmt.Sprint("uid ", other)) {
		t.Errorf("refusal not logged:\n%s", e.log)
	}
	mustEcho(t, e.sock, "owner")
}

// ---- argument checks ----

func TestServeWithoutHandler(t *testing.T) {
	dir := stateDir(t)
	if err := Serve(context.Background(), Options{StateDir: dir}); err == nil {
		t.Fatal("Serve without a handler: nil error")
	}
	if _, err := os.Lstat(SocketPath(dir)); err == nil {
		t.Error("Serve without a handler created the socket")
	}
}

func TestCheckPrivate(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, base string) string
		want  string // "" for no error
	}{
		{"private directory", func(t *testing.T, base string) string {
			return mkdirMode(t, filepath.Join(base, "d"), 0o700)
		}, ""},
		{"owner read-only", func(t *testing.T, base string) string {
			return mkdirMode(t, filepath.Join(base, "d"), 0o500)
		}, ""},
		{"group readable 0750", func(t *testing.T, base string) string {
			return mkdirMode(t, filepath.Join(base, "d"), 0o750)
		}, "accessible to other users"},
		{"group writable 0720", func(t *testing.T, base string) string {
			return mkdirMode(t, filepath.Join(base, "d"), 0o720)
		}, "accessible to other users"},
		{"others 0707", func(t *testing.T, base string) string {
			return mkdirMode(t, filepath.Join(base, "d"), 0o707)
		}, "accessible to other users"},
		{"others search 0701", func(t *testing.T, base string) string {
			return mkdirMode(t, filepath.Join(base, "d"), 0o701)
		}, "accessible to other users"},
		{"regular file", func(t *testing.T, base string) string {
			p := filepath.Join(base, "f")
			if err := os.WriteFile(p, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}, "not a directory"},
		{"symlink to a private directory", func(t *testing.T, base string) string {
			target := mkdirMode(t, filepath.Join(base, "d"), 0o700)
			link := filepath.Join(base, "l")
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
			return link
		}, "not a directory"},
		{"missing", func(t *testing.T, base string) string {
			return filepath.Join(base, "missing")
		}, "no such file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := c.setup(t, t.TempDir())
			err := CheckPrivate(dir)
			if c.want == "" {
				if err != nil {
					t.Fatalf("CheckPrivate(%s): %v, want nil", dir, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("CheckPrivate(%s): %v, want an error with %q", dir, err, c.want)
			}
		})
	}
}

// A call in progress is not idleness: an engine whose call outlasts Idle
// neither stops nor cancels the call's context before answering.
