package shell

import (
	"runtime"
	"strings"
	"testing"
)

// Red-team round (issue 9, breaker1), class "resource/quadratic-braces":
// analysing a 16 KB command line of nested brace groups (within the
// nesting limit) allocates about 515 MiB, and the hook process peaks at
// 540 MB (measured with the built binary). Every agent runs a hook that
// dies by a signal fail-open — Claude Code and Gemini CLI run the tool on
// any exit but 2, Copilot CLI on anything but its deny JSON — so where the
// hook or the resident engine runs under a memory limit (a container, a
// cgroup, a small VM, several such calls in parallel in one engine) the
// kernel's OOM kill answers allow for a line like `cat .env {…}`. Analysis
// must stay within a small bound whatever the input: fail with the limits
// error instead.
func TestBreakerNestedBracesBoundedMemory(t *testing.T) {
	const n = 3999
	line := "cat .env " + strings.Repeat("{", n) + "a" + strings.Repeat(",b}", n)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	Analyze(line, Options{})
	runtime.ReadMemStats(&after)
	const limit = 64 << 20
	if got := after.TotalAlloc - before.TotalAlloc; got > limit {
		t.Errorf("analysing a %d-byte line allocated %d MiB, want at most %d MiB", len(line), got>>20, limit>>20)
	}
}
