//go:build linux

package resident

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// ---- round trips ----

func TestRoundTrip(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB: more than a socket buffer
	cases := []struct {
		name string
		req  *hookwire.Request
		resp *hookwire.Response
	}{
		{
			name: "empty",
			req:  &hookwire.Request{Cwd: "/empty"},
			resp: &hookwire.Response{},
		},
		{
			name: "typical",
			req: &hookwire.Request{
				Args:  []string{"hook", "claude", "PreToolUse"},
				Cwd:   "/home/dev/project",
				Env:   []string{"HOME=/home/dev", "PATH=/usr/bin:/bin", "EMPTY=", "MANDATE_HOME=/s"},
				Ppid:  4242,
				Stdin: []byte(`{"tool_name":"Bash","tool_input":{"command":"ls"}}`),
			},
			resp: &hookwire.Response{Code: 2, Stdout: []byte(`{"decision":"block"}`), Stderr: []byte("denied\n")},
		},
		{
			name: "binary and empty fields",
			req:  &hookwire.Request{Args: []string{"", "a\x00b"}, Cwd: "/bin\x00ary", Env: []string{"", "K=\xff\xfe"}, Ppid: 1<<31 - 1, Stdin: []byte{0, 1, 2, 255}},
			resp: &hookwire.Response{Code: -1, Stdout: []byte{0, 255}, Stderr: []byte{}},
		},
		{
			name: "large stdin and stdout",
			req:  &hookwire.Request{Args: []string{"hook"}, Cwd: "/large", Ppid: 1, Stdin: big},
			resp: &hookwire.Response{Code: 255, Stdout: big[:len(big)-3], Stderr: []byte("e")},
		},
	}
	answers := map[string]*hookwire.Response{}
	for _, c := range cases {
		answers[c.req.Cwd] = c.resp
	}
	var mu sync.Mutex
	var got []*hookwire.Request
	e := start(t, Options{Handler: func(_ context.Context, req *hookwire.Request) *hookwire.Response {
		mu.Lock()
		got = append(got, cloneRequest(req))
		mu.Unlock()
		return answers[req.Cwd]
	}})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mu.Lock()
			got = nil
			mu.Unlock()
			resp, err := call(e.sock, c.req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Code != c.resp.Code || !bytes.Equal(resp.Stdout, c.resp.Stdout) || !bytes.Equal(resp.Stderr, c.resp.Stderr) {
				t.Errorf("answer: code %d, %d bytes out, %d bytes err; want code %d, %d, %d",
					resp.Code, len(resp.Stdout), len(resp.Stderr), c.resp.Code, len(c.resp.Stdout), len(c.resp.Stderr))
			}
			mu.Lock()
			defer mu.Unlock()
			if len(got) != 1 {
				t.Fatalf("handler called %d times, want 1", len(got))
			}
			if !sameRequest(got[0], c.req) {
				t.Errorf("handler got a different request:\n got %+v\nwant %+v", shorten(got[0]), shorten(c.req))
			}
		})
	}
	if err := e.stop(); err != nil {
		t.Errorf("Serve: %v, want nil after its context ended", err)
	}
}

func shorten(r *hookwire.Request) string {
	s := fmt.Sprintf("%+v", *r)
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// Calls on separate connections are answered independently, sequentially
// and concurrently, including more at once than MaxConcurrent.
func TestManyCalls(t *testing.T) {
	var calls atomic.Int32
	handler := func(_ context.Context, req *hookwire.Request) *hookwire.Response {
		calls.Add(1)
		return &hookwire.Response{Code: req.Ppid % 256, Stdout: []byte("out:" + string(req.Stdin)), Stderr: []byte(req.Cwd)}
	}
	e := start(t, Options{Handler: handler})
	check := func(i int) error {
		tag := fmt.Sprintf("call-%d", i)
		resp, err := call(e.sock, &hookwire.Request{Args: []string{"hook"}, Cwd: "/" + tag, Ppid: 1000 + i, Stdin: []byte(tag)})
		if err != nil {
			return fmt.Errorf("%s: %w", tag, err)
		}
		if resp.Code != (1000+i)%256 || string(resp.Stdout) != "out:"+tag || string(resp.Stderr) != "/"+tag {
			return fmt.Errorf("%s answered %+v", tag, resp)
		}
		return nil
	}
	const sequential = 20
	for i := range sequential {
		if err := check(i); err != nil {
			t.Fatal(err)
		}
	}
	const concurrent = MaxConcurrent + 36
	var wg sync.WaitGroup
	errs := make(chan error, concurrent)
	for i := range concurrent {
		wg.Go(func() {
			if err := check(sequential + i); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := calls.Load(); n != sequential+concurrent {
		t.Errorf("handler called %d times, want %d", n, sequential+concurrent)
	}
	if err := e.stop(); err != nil {
		t.Errorf("Serve: %v", err)
	}
	if n := e.readies.Load(); n != 1 {
		t.Errorf("Ready called %d times, want once", n)
	}
}

// At most MaxConcurrent calls are handled at once; the others wait and are
// answered when a slot frees.
func TestMaxConcurrent(t *testing.T) {
	var inflight, peak, calls atomic.Int32
	release := make(chan struct{})
	handler := func(ctx context.Context, req *hookwire.Request) *hookwire.Response {
		calls.Add(1)
		n := inflight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		<-release
		inflight.Add(-1)
		return echo(ctx, req)
	}
	e := start(t, Options{Handler: handler, ReadTimeout: waitLong})
	const clients = MaxConcurrent + 8
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for i := range clients {
		wg.Go(func() {
			tag := fmt.Sprint(i)
			resp, err := call(e.sock, &hookwire.Request{Cwd: "/" + tag, Stdin: []byte(tag)})
			if err == nil && string(resp.Stdout) != tag {
				err = fmt.Errorf("answered %q", resp.Stdout)
			}
			if err != nil {
				errs <- fmt.Errorf("client %d: %w", i, err)
			}
		})
	}
	deadline := time.Now().Add(waitLong)
	for inflight.Load() < MaxConcurrent && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // room for any excess call to start
	if n, p := inflight.Load(), peak.Load(); n != MaxConcurrent || p != MaxConcurrent {
		t.Errorf("%d calls in the handler (peak %d), want exactly MaxConcurrent = %d", n, p, MaxConcurrent)
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := calls.Load(); n != clients {
		t.Errorf("handler called %d times, want %d", n, clients)
	}
}

// ---- one engine per state directory ----

func TestSecondServeIsRefused(t *testing.T) {
	e := start(t, Options{})
	err := serveErr(t, Options{StateDir: e.dir})
	if !errors.Is(err, ErrRunning) {
		t.Fatalf("second Serve: %v, want ErrRunning", err)
	}
	// The refused Serve left the first one alone.
	mustEcho(t, e.sock, "first-still-serves")
	if err := e.stop(); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	// Its lock is released with it: the directory can be served again.
	e2 := start(t, Options{StateDir: e.dir})
	mustEcho(t, e2.sock, "second-engine")
}

// Answered runs after the caller has its whole answer (the connection
// closed), and only for a call that was answered.
func TestAnsweredAfterTheAnswer(t *testing.T) {
	release := make(chan struct{})
	var answered atomic.Int32
	e := start(t, Options{
		Handler: func(ctx context.Context, req *hookwire.Request) *hookwire.Response {
			if req.Cwd == "/unanswered" {
				return nil
			}
			return echo(ctx, req)
		},
		Answered: func() {
			<-release // the caller below must not wait for this
			answered.Add(1)
		},
	})
	mustEcho(t, e.sock, "first") // returns while Answered still waits
	if n := answered.Load(); n != 0 {
		t.Fatalf("Answered ran %d times before it was released", n)
	}
	close(release)
	if _, err := call(e.sock, &hookwire.Request{Args: []string{"hook", "x"}, Cwd: "/unanswered"}); err == nil {
		t.Fatal("a nil response was answered")
	}
	mustEcho(t, e.sock, "second")
	deadline := time.Now().Add(waitLong)
	for answered.Load() != 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := answered.Load(); n != 2 {
		t.Fatalf("Answered ran %d times for two answered calls and one unanswered, want 2", n)
	}
}
