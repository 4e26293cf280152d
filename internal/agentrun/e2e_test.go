package agentrun

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/fakemodel"
)

// denyHook blocks every tool call the way all four agents understand: exit 2, reason on stderr.
const denyHook = `sh -c 'echo denied >&2; exit 2'`

// denialText is what each agent tells the model when a pre-tool hook exits 2 with "denied".
var denialText = map[Agent]string{
	Claude:  "denied",
	Gemini:  "Tool execution blocked: denied",
	Codex:   "blocked by PreToolUse hook: denied",
	Copilot: "Denied by preToolUse hook", // Copilot does not forward the hook's stderr
}

// TestAgents drives each real agent offline: with a hook that allows (`true`) the shell and
// MCP side effects appear; with a hook that exits 2 they do not, and the model is told why.
func TestAgents(t *testing.T) {
	if testing.Short() {
		t.Skip("real-agent e2e runs take ~10 s per agent run; skipped with -short")
	}
	scen, err := fakemodel.LoadScenario(filepath.Join("testdata", "shell-mcp.json"))
	if err != nil {
		t.Fatal(err)
	}
	agentsDir := DefaultAgentsDir()
	notemcp, err := BuildNoteMCP(t.Context(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range Agents() {
		t.Run(string(a), func(t *testing.T) {
			if _, err := Locate(agentsDir, a); err != nil {
				if errors.Is(err, ErrNotInstalled) {
					t.Skipf("%v; install with scripts/install-agents.sh", err)
				}
				t.Fatal(err)
			}
			for _, tc := range []struct {
				name, hook string
				executed   bool
			}{
				{"allow", "true", true},
				{"deny", denyHook, false},
			} {
				t.Run(tc.name, func(t *testing.T) {
					work := filepath.Join(t.TempDir(), "project")
					run := t.TempDir()
					mcpLog := filepath.Join(run, "mcp.jsonl")
					res, err := Run(t.Context(), Config{Agent: a, Scenario: scen, WorkDir: work, RunDir: run,
						HookCommand: tc.hook, PostHookCommand: "true", MCP: NoteMCP(notemcp, "notes", work, mcpLog),
						Timeout: 3 * time.Minute})
					t.Logf("%s %s: exit %d in %v, %d model requests, %d hook calls", a, tc.name, res.ExitCode,
						res.Duration.Round(time.Millisecond), len(res.Requests), len(res.Hooks))
					if err != nil {
						t.Fatal(err)
					}
					if t.Failed() || res.TimedOut || res.ExitCode != 0 {
						defer dump(t, res)
					}
					if res.TimedOut {
						t.Fatalf("agent timed out")
					}
					if res.ExitCode != 0 {
						t.Errorf("agent exit code %d", res.ExitCode)
					}
					if len(res.Checks) != 2 {
						t.Fatalf("checks %+v, want shell and mcp", res.Checks)
					}
					for _, c := range res.Checks {
						if c.Executed != tc.executed {
							t.Errorf("step %s: side effect present=%v, want %v", c.Step, c.Executed, tc.executed)
						}
					}
					if n := res.HookCount("pre"); n < 2 {
						t.Errorf("pre-tool hook ran %d times, want at least 2 (shell, mcp)", n)
					}
					if tc.executed {
						if n := res.HookCount("post"); n < 2 {
							t.Errorf("post-tool hook ran %d times, want at least 2", n)
						}
						if b, err := os.ReadFile(mcpLog); err != nil || !strings.Contains(string(b), `"method":"tools/call"`) {
							t.Errorf("MCP server log shows no tools/call (%v): %.2000s", err, b)
						}
						return
					}
					var denials int
					for _, r := range res.ToolResults {
						if strings.Contains(r.Content, denialText[a]) {
							denials++
						}
					}
					if denials < 2 {
						t.Errorf("model saw %d denials containing %q, want 2 (shell, mcp): %+v", denials, denialText[a], res.ToolResults)
					}
				})
			}
		})
	}
}

func dump(t *testing.T, res Result) {
	t.Helper()
	t.Logf("run dir %s\nstdout: %s\nstderr: %s", res.RunDir, res.Stdout, res.Stderr)
	for _, r := range res.Requests {
		t.Logf("request %d %s %s api=%s hist=%d action=%+v results=%+v", r.Seq, r.Method, r.Path, r.API,
			r.HistoryToolCalls, r.Action, r.NewToolResults)
	}
	for _, h := range res.Hooks {
		t.Logf("hook %s rc=%d payload=%.300s stderr=%q", h.Event, h.ExitCode, h.Payload, h.Stderr)
	}
	if os.Getenv("MANDATE_AGENTRUN_KEEP") != "" {
		t.Logf("kept %s", res.RunDir)
	}
}
