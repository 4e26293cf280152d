//go:build linux

package resident

import (
	"context"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// The engine's decision table on a request's execution context (red-team
// round 21 #41): answered only when the request claims the engine's own
// context (read at start) and host name (read per call), from a peer the
// kernel names by a pid. Each entry differing or missing, the host name
// differing or missing, no context at all (an older front) and peer pid 0
// (the engine in a pid namespace below the caller's) are refused.
func TestContextRefusal(t *testing.T) {
	own := hookwire.ExecContext{}
	for i := range own.Keys {
		own.Keys[i] = hookwire.FileKey{Dev: 4, Ino: uint64(4026531840 + i)}
	}
	const host, pid = "dev1", 4242
	claim := func(edit func(c *hookwire.ExecContext)) *hookwire.ExecContext {
		c := own
		c.Host = host
		edit(&c)
		return &c
	}
	type tc struct {
		name    string
		pid     int
		claimed *hookwire.ExecContext
		why     string // "" answered
	}
	cases := []tc{
		{"the engine's own context", pid, claim(func(*hookwire.ExecContext) {}), ""},
		{"peer pid 0 (another pid namespace)", 0, claim(func(*hookwire.ExecContext) {}), "pid is unknown"},
		{"peer pid -1", -1, claim(func(*hookwire.ExecContext) {}), "pid is unknown"},
		{"no context (an older front)", pid, nil, "names none"},
		{"another host name (UTS namespace)", pid, claim(func(c *hookwire.ExecContext) { c.Host = "dev2" }), "host name"},
		{"no host name", pid, claim(func(c *hookwire.ExecContext) { c.Host = "" }), "host name"},
	}
	for i, what := range []string{"mount namespace", "root directory", "pid namespace", "user namespace"} {
		cases = append(cases,
			tc{"its " + what + " differs", pid, claim(func(c *hookwire.ExecContext) { c.Keys[i].Ino++ }), "its " + what},
			tc{"its " + what + " missing", pid, claim(func(c *hookwire.ExecContext) { c.Keys[i] = hookwire.FileKey{} }), "its " + what})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			why := contextRefusal(&own, host, c.pid, c.claimed)
			if (c.why == "") != (why == "") || !strings.Contains(why, c.why) {
				t.Errorf("contextRefusal = %q, want %q", why, c.why)
			}
		})
	}
	// This process's own context, as a front in it sends it.
	self, err := ownContext()
	if err != nil {
		t.Fatal(err)
	}
	if why := peerContext(&self, os.Getpid(), thisContext()); why != "" {
		t.Errorf("this process: %q", why)
	}
}

// Over the socket: a request claiming another context gets
// hookwire.CodeRefused and RefusedText, and never reaches the handler; an
// engine that answered none of its own context's calls for StepAside then
// stops (decided from the refused request), one that did stays.
func TestRefusedContext(t *testing.T) {
	foreignReq := func() *hookwire.Request {
		c := *thisContext()
		c.Keys[0].Ino++ // another mount namespace
		return &hookwire.Request{Args: []string{"hook", "x"}, Cwd: "/", Context: &c}
	}
	var handled atomic.Int32
	handler := func(ctx context.Context, req *hookwire.Request) *hookwire.Response {
		handled.Add(1)
		return echo(ctx, req)
	}
	t.Run("steps aside", func(t *testing.T) {
		e := start(t, Options{Handler: handler, Idle: -1, StepAside: time.Nanosecond, StepAsideDelay: 50 * time.Millisecond})
		resp, err := call(e.sock, foreignReq())
		if err != nil || resp.Code != hookwire.CodeRefused || string(resp.Stderr) != hookwire.RefusedText {
			t.Fatalf("a request from another context: %+v %v", resp, err)
		}
		if handled.Load() != 0 {
			t.Error("the handler saw a refused request")
		}
		if err := e.wait(waitLong); err != nil {
			t.Errorf("Serve: %v", err)
		}
		if !e.log.has("leaving the socket") {
			t.Errorf("no step-aside in the log:\n%s", e.log)
		}
	})
	t.Run("stays after a call of its own", func(t *testing.T) {
		e := start(t, Options{Handler: handler, Idle: -1, StepAside: time.Hour, StepAsideDelay: 10 * time.Millisecond})
		mustEcho(t, e.sock, "own")
		if resp, err := call(e.sock, foreignReq()); err != nil || resp.Code != hookwire.CodeRefused {
			t.Fatalf("a request from another context: %+v %v", resp, err)
		}
		if e.returned(200 * time.Millisecond) {
			t.Fatalf("the engine left although it had just answered a call of its own:\n%s", e.log)
		}
		mustEcho(t, e.sock, "own again")
	})
}

// What the engine spends on the context per call: the comparison and one
// uname(2) (it read 8 /proc entries of the peer's before, ~100 µs).
func BenchmarkPeerContext(b *testing.B) {
	own, err := ownContext()
	if err != nil {
		b.Fatal(err)
	}
	claimed := thisContext()
	for b.Loop() {
		if why := peerContext(&own, os.Getpid(), claimed); why != "" {
			b.Fatal(why)
		}
	}
}
