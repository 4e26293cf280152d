//go:build linux

package resident

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// ---- lifecycle ----

func TestIdleExit(t *testing.T) {
	const idle = 200 * time.Millisecond
	cases := []struct {
		name string
		idle time.Duration
		exit bool
	}{
		{"idle", idle, true},
		{"never", -1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			began := time.Now()
			e := start(t, Options{Idle: c.idle, Tick: 10 * time.Millisecond})
			if !c.exit {
				if e.returned(3 * idle) {
					t.Fatalf("Serve returned (%v) with Idle %v", e.err, c.idle)
				}
				mustEcho(t, e.sock, "still-here")
				return
			}
			if err := e.wait(waitLong); err != nil {
				t.Fatalf("Serve: %v, want nil for an idle exit", err)
			}
			if d := time.Since(began); d < c.idle {
				t.Errorf("exited after %v, before Idle (%v)", d, c.idle)
			}
			if !e.log.has("idle") {
				t.Errorf("stop not logged as idle:\n%s", e.log)
			}
			if _, err := os.Lstat(e.sock); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("socket after an idle exit: %v, want it removed", err)
			}
		})
	}
}

// Calls keep the engine from going idle; it goes once they stop.
func TestCallsDeferIdleExit(t *testing.T) {
	const idle = 200 * time.Millisecond
	e := start(t, Options{Idle: idle, Tick: 10 * time.Millisecond})
	until := time.Now().Add(5 * idle)
	var last time.Time
	for i := 0; time.Now().Before(until); i++ {
		mustEcho(t, e.sock, fmt.Sprint("keepalive-", i))
		last = time.Now()
		if e.returned(50 * time.Millisecond) {
			t.Fatalf("Serve returned (%v) although a call came every 50ms", e.err)
		}
	}
	if err := e.wait(waitLong); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if d := time.Since(last); d < idle*3/4 {
		t.Errorf("exited %v after the last call, want about Idle (%v)", d, idle)
	}
	if !e.log.has("idle") {
		t.Errorf("stop not logged as idle:\n%s", e.log)
	}
}

func TestExitsWhenExecutableChanges(t *testing.T) {
	cases := []struct {
		name   string
		change func(t *testing.T, exe string)
	}{
		{"replaced by rename", func(t *testing.T, exe string) {
			next := exe + ".new"
			if err := os.WriteFile(next, []byte("#!/bin/sh\necho new\n"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(next, exe); err != nil {
				t.Fatal(err)
			}
		}},
		{"removed", func(t *testing.T, exe string) {
			if err := os.Remove(exe); err != nil {
				t.Fatal(err)
			}
		}},
		{"rewritten in place", func(t *testing.T, exe string) {
			if err := os.WriteFile(exe, []byte("#!/bin/sh\necho newer build\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			exe := filepath.Join(t.TempDir(), "mandate")
			if err := os.WriteFile(exe, []byte("#!/bin/sh\necho old\n"), 0o755); err != nil {
				t.Fatal(err)
			}
			e := start(t, Options{Executable: exe, Idle: -1, Tick: tick})
			// Unchanged, it keeps serving over several ticks.
			if e.returned(4 * tick) {
				t.Fatalf("Serve returned (%v) with its executable unchanged:\n%s", e.err, e.log)
			}
			mustEcho(t, e.sock, "before")
			c.change(t, exe)
			if err := e.wait(fewTicks); err != nil {
				t.Fatalf("Serve: %v, want nil", err)
			}
			if !e.log.has("executable") {
				t.Errorf("stop not logged as the executable changing:\n%s", e.log)
			}
			if _, err := os.Lstat(e.sock); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("socket after exit: %v, want it removed", err)
			}
		})
	}
}

func TestExitsWhenSocketChanges(t *testing.T) {
	cases := []struct {
		name     string
		replaced bool
	}{
		{"removed", false},
		{"replaced", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := start(t, Options{Idle: -1, Tick: tick})
			if e.returned(4 * tick) {
				t.Fatalf("Serve returned (%v) with its socket in place", e.err)
			}
			if err := os.Remove(e.sock); err != nil {
				t.Fatal(err)
			}
			var other os.FileInfo
			if c.replaced {
				// A newer engine's socket took the path.
				fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
				if err != nil {
					t.Fatal(err)
				}
				defer unix.Close(fd)
				if err := unix.Bind(fd, &unix.SockaddrUnix{Name: e.sock}); err != nil {
					t.Fatal(err)
				}
				if other, err = os.Lstat(e.sock); err != nil {
					t.Fatal(err)
				}
			}
			if err := e.wait(fewTicks); err != nil {
				t.Fatalf("Serve: %v, want nil", err)
			}
			if !e.log.has("socket") {
				t.Errorf("stop not logged as the socket changing:\n%s", e.log)
			}
			if c.replaced {
				// The exiting engine leaves the newer socket alone.
				fi, err := os.Lstat(e.sock)
				if err != nil || !os.SameFile(fi, other) {
					t.Errorf("the replacement socket was removed or changed: %v", err)
				}
			}
		})
	}
}

// Calls in progress when ctx ends are answered before Serve returns.
func TestInFlightAnsweredOnStop(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	e := start(t, Options{Handler: func(ctx context.Context, req *hookwire.Request) *hookwire.Response {
		once.Do(func() { close(entered) })
		<-release
		return echo(ctx, req)
	}})
	type result struct {
		resp *hookwire.Response
		err  error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := call(e.sock, &hookwire.Request{Args: []string{"hook"}, Cwd: "/", Stdin: []byte("in flight")})
		res <- result{resp, err}
	}()
	select {
	case <-entered:
	case <-time.After(waitLong):
		t.Fatal("the handler was not called")
	}
	e.cancel()
	if e.returned(200 * time.Millisecond) {
		close(release)
		t.Fatalf("Serve returned (%v) with a call in progress", e.err)
	}
	close(release)
	r := <-res
	if r.err != nil || string(r.resp.Stdout) != "in flight" {
		t.Fatalf("call in flight at stop: %+v, %v; want it answered", r.resp, r.err)
	}
	if err := e.wait(waitLong); err != nil {
		t.Fatalf("Serve: %v", err)
	}
}

func TestNotIdleDuringLongCall(t *testing.T) {
	const idle = 150 * time.Millisecond
	var cancelled atomic.Bool
	e := start(t, Options{Idle: idle, Tick: 10 * time.Millisecond, Handler: func(ctx context.Context, req *hookwire.Request) *hookwire.Response {
		select {
		case <-ctx.Done():
			cancelled.Store(true)
		case <-time.After(3 * idle):
		}
		return echo(ctx, req)
	}})
	mustEcho(t, e.sock, "long")
	if cancelled.Load() {
		t.Errorf("the call's context was cancelled while it ran")
	}
	select {
	case <-e.done:
		t.Errorf("Serve returned right after a call longer than Idle; want it to wait Idle after the call")
	default:
	}
	if err := e.wait(waitLong); err != nil {
		t.Fatalf("Serve: %v", err)
	}
}

// Stopping while calls keep arriving: the accept loop is joined before the
// calls in progress are waited for, so that no call is handled after Serve
// returns. Run with -race, which also reports a WaitGroup Add that races
// with its Wait.
func TestStopWhileCallsArrive(t *testing.T) {
	for range 40 {
		var after atomic.Bool
		var served, late atomic.Int32
		e := start(t, Options{Handler: func(ctx context.Context, req *hookwire.Request) *hookwire.Response {
			if after.Load() {
				late.Add(1)
			}
			served.Add(1)
			return echo(ctx, req)
		}})
		stopc := make(chan struct{})
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				req := appendRequest(nil, &hookwire.Request{Cwd: "/"})
				for {
					select {
					case <-stopc:
						return
					default:
					}
					c, err := dial(e.sock, waitLong)
					if err != nil {
						runtime.Gosched()
						continue
					}
					if c.write(req) == nil {
						c.readToEnd()
					}
					c.close()
				}
			})
		}
		for deadline := time.Now().Add(waitLong); served.Load() < 3 && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
		err := e.stop()
		after.Store(true)
		// A call accepted as Serve returned is answered (or not) before its
		// client's read ends.
		close(stopc)
		wg.Wait()
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
		if n := late.Load(); n != 0 {
			t.Fatalf("%d calls handled after Serve returned", n)
		}
	}
}

// Stopping runs once, after the last call was answered, before Serve
// returns (the CLI signs the evidence's unsigned tail there).
func TestStoppingCalledOnce(t *testing.T) {
	var calls atomic.Int32
	// The idle bound must outlast a loaded machine's delay between the
	// engine's start and the first call (100 ms did not, in CI).
	e := start(t, Options{Idle: time.Second, Tick: 10 * time.Millisecond, Stopping: func() { calls.Add(1) }})
	mustEcho(t, e.sock, "one call")
	if calls.Load() != 0 {
		t.Fatal("Stopping ran while the engine served")
	}
	if err := e.wait(waitLong); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("Stopping ran %d times, want 1", n)
	}
}
