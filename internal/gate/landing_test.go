package gate

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Class "landing/forged-by-agent-child" (red-team round 3 #5): a turn
// boundary or a session end lands a command line's call only when the
// process that sent it was started well after the call was allowed — the
// command "exec python3 x.py" turns into a process with the agent as its
// parent, started as the call took off, which can exec mandate with a
// Stop of its own. An asked call's command starts whenever a person
// approves it: no boundary lands it. A file tool's call lands as before.
func TestLandingByProcessStartTime(t *testing.T) {
	for _, tc := range []struct {
		name   string
		line   string // "" for a file tool call
		ask    bool
		after  time.Duration // caller's start after the take-off; <0 unknown
		end    bool
		tamper int
	}{
		{"exec: caller started with the call", "exec python3 src/x.py", false, 200 * time.Millisecond, false, 1},
		{"exec: caller started before the call", "exec python3 src/x.py", false, -time.Hour, false, 1},
		{"exec: caller's start unknown", "exec python3 src/x.py", false, -1, false, 1},
		{"exec: session end from a caller started with the call", "exec python3 src/x.py", false, time.Second, true, 1},
		{"exec: the agent's hook process, a minute later", "python3 src/x.py", false, time.Minute, false, 0},
		{"exec: the agent's session end, a minute later", "python3 src/x.py", false, time.Minute, true, 0},
		{"asked exec: a minute later still stays", "npm publish", true, time.Minute, false, 1},
		{"file tool: lands at the boundary", "", false, 200 * time.Millisecond, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newRepoEnv(t, npmPolicy+"      - require_approval_commands: [\"npm publish\"]\n")
			ctx := context.Background()
			ev := e.call(e.repo, "s-1", "toolu_A", tc.line)
			want := policy.Allow
			if tc.ask {
				want = policy.Ask
			}
			if tc.line == "" {
				p := filepath.Join(e.repo, "src", "a.go")
				ev = &hook.Event{Kind: hook.PreTool, Name: "PreToolUse", Agent: "claude", SessionID: "s-1", Cwd: e.repo,
					Tool: "Read", ToolUseID: "toolu_A", Input: map[string]any{"file_path": p},
					Actions: []action.Action{{Kind: action.FileRead, Paths: []string{p}}}}
			}
			mustDecide(t, e.g, ev, want)
			started := e.g.cfg.Now()
			caller := e.gateAt(t, e.repo)
			caller.cfg.Ppid = e.g.cfg.Ppid
			switch {
			case tc.after == -1:
				caller.cfg.CallerStart = nil
			default:
				caller.cfg.CallerStart = func() time.Time { return started.Add(tc.after) }
			}
			kind, name := hook.Other, "Stop"
			if tc.end {
				kind, name = hook.SessionEnd, "SessionEnd"
			}
			if err := caller.Session(ctx, &hook.Event{Kind: kind, Name: name, Agent: "claude", SessionID: "s-1", Cwd: e.repo}); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
			if err := e.gateAt(t, e.repo).Post(ctx, e.post(e.repo, "s-1", "toolu_A")); err != nil {
				t.Fatal(err)
			}
			if n := len(e.ofType(t, evidence.TypeTamper)); n != tc.tamper {
				t.Errorf("%d tamper records for the policy rewritten after the %s, want %d", n, name, tc.tamper)
			}
		})
	}
}
