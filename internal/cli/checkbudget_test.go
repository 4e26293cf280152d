package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// TestCheckHasATimeBudget is red-team round 26 (br26b) #1, fixed: a
// `mandate check --command LINE` — a command every agent may run — has no
// time budget, in-process or in the resident engine, unlike a hook
// (hook.DefaultBudget). A line of 9,500 `cd src/xN` (122 KB, one argv
// string under Linux's 128 KiB) takes 5.6 to 11.3 s of CPU on the
// red-team machine (the cost grows with the square of the cds). An agent's allowed
// `nohup bash src/flood.sh >/dev/null 2>&1 &` running 150 of them at once
// held a 2-CPU machine at a load of 200, and Mandate's hook calls then
// took 44.7 s, 36.4 s and 24.4 s to answer (measured with the real front
// and resident engine, HOME and state directory of a scratch install).
// Every agent's hook is installed with a 30 s timeout (mandate install),
// and Claude Code 2.1.330 runs the tool call when its PreToolUse hook
// times out (verified with the real agent and the harness: a hook that
// answers deny after 12 s under a 5 s timeout — the command ran). So the
// check's unbounded cost is an amplifier for a fail-open by latency; the
// end-to-end composition with the real agent (60 checks, 15 s later a
// blocked read) was denied in under a second and is not shown to succeed.
//
// Fixed three ways: the cd chain's analysis is linear (shell cdfail.go
// touchScan); every decision of check, policy explain and policy test is
// bounded by policy.DecisionBudget, past which it is a deny
// (policy.Within); and the front answers deny at one overall deadline
// below the agents' hook timeout (internal/front deadline.go).
func TestCheckHasATimeBudget(t *testing.T) {
	repo, getenv := checkRepo(t)
	if err := os.MkdirAll(filepath.Join(repo, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := 0; i < 9500; i++ {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString("cd src/x")
		b.WriteString(itoa(i))
	}
	line := b.String()
	if len(line) >= 128<<10 {
		t.Fatalf("the line is %d bytes: over one argv string's limit", len(line))
	}
	start := time.Now()
	code, _, errOut := runCheckCLI(t, repo, getenv, "", "check", "--command", line)
	took := time.Since(start)
	t.Logf("check of a %d-byte line: exit %d after %v (stderr %.200q)", len(line), code, took, errOut)
	// The same cds, twice as many, as one line of a --batch file the agent
	// wrote (src/b.jsonl; `mandate check --batch src/b.jsonl` is allowed):
	// no argv limit, four times the cost.
	var b2 strings.Builder
	for i := 0; i < 19000; i++ {
		if i > 0 {
			b2.WriteByte(';')
		}
		b2.WriteString("cd src/x")
		b2.WriteString(itoa(i))
	}
	start = time.Now()
	code, _, errOut = runCheckCLI(t, repo, getenv, `{"kind":"exec","command":"`+b2.String()+`"}`+"\n", "check", "--batch", "-")
	if d := time.Since(start); d > took {
		took = d
	}
	t.Logf("check --batch of a %d-byte line: exit %d after %v (stderr %.200q)", b2.Len(), code, time.Since(start), errOut)
	// A hook answers within hook.DefaultBudget whatever the line; a check
	// has no bound at all. A quarter of the hook's budget is generous for a
	// read-only command an agent may run in any number at once.
	if policy.DecisionBudget > hook.DefaultBudget/4 {
		t.Errorf("policy.DecisionBudget %v is over a quarter of the hook's budget %v", policy.DecisionBudget, hook.DefaultBudget)
	}
	if took > hook.DefaultBudget/4 {
		t.Errorf("check took %v, over a quarter of the hook's budget %v: a check has no time budget, so an agent's allowed "+
			"`mandate check` calls can hold the machine's CPUs and push hook calls past the agents' 30 s hook timeout", took, hook.DefaultBudget)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var d []byte
	for ; i > 0; i /= 10 {
		d = append([]byte{byte('0' + i%10)}, d...)
	}
	return string(d)
}
