package cli

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/gate"
	"github.com/mandate-dev/mandate/internal/hookwire"
)

// request is the forwarded form of e.run's invocation.
func (e *hookEnv) request(payload string, args ...string) *hookwire.Request {
	return &hookwire.Request{
		Args:  append([]string{"hook"}, args...),
		Cwd:   e.home,
		Env:   []string{"HOME=" + e.home, "MANDATE_HOME=" + e.state, "PATH=" + os.Getenv("PATH")},
		Ppid:  os.Getppid(),
		Stdin: []byte(strings.ReplaceAll(payload, "REPO", e.repo)),
	}
}

// BenchmarkServeHook is one forwarded hook call in a warm engine: the part
// of a mandate-hook call that is not process start-up.
func BenchmarkServeHook(b *testing.B) {
	t := &testing.T{}
	e := newHookEnv(t, hookPolicy)
	dir, _ := gate.StateDir(lookupIn([]string{"MANDATE_HOME=" + e.state}))
	cache := &engineState{cache: &gate.Cache{}, workers: newWorkers(2)}
	req := e.request(claudePre("git status --short"), "claude")
	if r := serveHook(context.Background(), dir, cache, req); r == nil || r.Code != 0 {
		b.Fatalf("warm-up: %+v", r)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := serveHook(context.Background(), dir, cache, req); r == nil || r.Code != 0 {
			b.Fatalf("%+v", r)
		}
	}
}
