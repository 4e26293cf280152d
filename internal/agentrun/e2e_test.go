package agentrun

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/fakemodel"
)

// denyExit2 blocks every tool call the way all four agents understand: exit 2, reason on stderr.
const denyExit2 = `sh -c 'echo denied >&2; exit 2'`

// e2eAgent is what each agent does with the hook answers the e2e test gives.
type e2eAgent struct {
	// denyJSON is a hook command denying in the agent's own JSON format, reason "policy says no".
	denyJSON string
	// exit2Text and jsonText are what the model is told after each kind of denial.
	exit2Text, jsonText string
	// shellTool and mcpTool are the tool names the pre-tool hook payload carries.
	shellTool, mcpTool string
}

var e2eAgents = map[Agent]e2eAgent{
	Claude: {
		denyJSON:  `cat >/dev/null; echo '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"policy says no"}}'`,
		exit2Text: "denied", jsonText: "hook error: policy says no",
		shellTool: "Bash", mcpTool: "mcp__notes__write_note",
	},
	Gemini: {
		denyJSON:  `cat >/dev/null; echo '{"decision":"deny","reason":"policy says no"}'`,
		exit2Text: "Tool execution blocked: denied", jsonText: "Tool execution blocked: policy says no",
		shellTool: "run_shell_command", mcpTool: "mcp_notes_write_note",
	},
	Codex: {
		denyJSON:  `cat >/dev/null; echo '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"policy says no"}}'`,
		exit2Text: "blocked by PreToolUse hook: denied", jsonText: "blocked by PreToolUse hook: policy says no",
		shellTool: "Bash", mcpTool: "mcp__notes__write_note",
	},
	Copilot: {
		denyJSON: `cat >/dev/null; echo '{"permissionDecision":"deny","permissionDecisionReason":"policy says no"}'`,
		// Copilot does not forward an exit-2 hook's stderr
		exit2Text: "Denied by preToolUse hook", jsonText: "Denied by preToolUse hook: policy says no",
		shellTool: "bash", mcpTool: "notes-write_note",
	},
}

// TestAgents drives each real agent offline against the fake model. With a pre-tool hook
// that allows (`true`) every tool's side effect appears (shell, write, edit, MCP) and both
// hooks saw every call; with a hook that exits 2, or one that denies in the agent's JSON
// format, the shell and MCP side effects do not appear and the model is told the reason.
func TestAgents(t *testing.T) {
	if testing.Short() {
		t.Skip("real-agent e2e runs take seconds each; skipped with -short")
	}
	allTools, err := fakemodel.LoadScenario(filepath.Join("testdata", "all-tools.json"))
	if err != nil {
		t.Fatal(err)
	}
	shellMCP, err := fakemodel.LoadScenario(filepath.Join("testdata", "shell-mcp.json"))
	if err != nil {
		t.Fatal(err)
	}
	agentsDir := DefaultAgentsDir()
	mcpDir := t.TempDir()
	var notemcp string // built once, when the first installed agent needs it
	for _, a := range Agents() {
		t.Run(string(a), func(t *testing.T) {
			if _, err := Locate(agentsDir, a); err != nil {
				if errors.Is(err, ErrNotInstalled) && os.Getenv("MANDATE_REQUIRE_AGENTS") == "" {
					t.Skip(err, "(set MANDATE_REQUIRE_AGENTS=1 to fail instead)")
				}
				t.Fatal(err)
			}
			if notemcp == "" {
				if notemcp, err = BuildNoteMCP(t.Context(), mcpDir); err != nil {
					t.Fatal(err)
				}
			}
			t.Parallel() // the agents run concurrently, each agent's cases in sequence
			ea := e2eAgents[a]
			for _, tc := range []struct {
				name       string
				scen       fakemodel.Scenario
				hook       string
				executed   bool
				denialText string
				wireAPI    string // Copilot only
			}{
				{"allow", allTools, "true", true, "", ""},
				{"deny-exit2", shellMCP, denyExit2, false, ea.exit2Text, ""},
				{"deny-json", shellMCP, ea.denyJSON, false, ea.jsonText, ""},
				{"deny-exit2-responses-wire", shellMCP, denyExit2, false, ea.exit2Text, "responses"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					if tc.wireAPI != "" && a != Copilot {
						t.Skip("wire API choice is Copilot's")
					}
					work := filepath.Join(t.TempDir(), "project")
					run := t.TempDir()
					mcpLog := filepath.Join(run, "mcp.jsonl")
					res, err := Run(t.Context(), Config{Agent: a, Scenario: tc.scen, WorkDir: work, RunDir: run,
						HookCommand: tc.hook, PostHookCommand: "true", MCP: NoteMCP(notemcp, "notes", work, mcpLog),
						CopilotWireAPI: tc.wireAPI, Timeout: 3 * time.Minute})
					if err != nil {
						t.Fatal(err)
					}
					t.Logf("%s %s: exit %d in %v, %d model requests, %d hook calls", a, tc.name, res.ExitCode,
						res.Duration.Round(time.Millisecond), len(res.Requests), len(res.Hooks))
					defer func() {
						if t.Failed() {
							dump(t, res)
						}
					}()
					if res.TimedOut {
						t.Fatalf("agent timed out")
					}
					if res.ExitCode != 0 {
						t.Errorf("agent exit code %d", res.ExitCode)
					}
					if want := map[Agent]string{Claude: fakemodel.APIAnthropic, Gemini: fakemodel.APIGemini, Codex: fakemodel.APIResponses,
						Copilot: fakemodel.APIChat}[a]; tc.wireAPI == "" && !usedAPI(res, want) || tc.wireAPI == "responses" && !usedAPI(res, fakemodel.APIResponses) {
						t.Errorf("agent did not talk the expected model API (%s %s)", want, tc.wireAPI)
					}
					if len(res.Checks) != len(tc.scen.Checks) {
						t.Fatalf("checks %+v, want %d", res.Checks, len(tc.scen.Checks))
					}
					for _, c := range res.Checks {
						if c.Executed != tc.executed {
							t.Errorf("step %s: side effect present=%v, want %v", c.Step, c.Executed, tc.executed)
						}
					}
					preTools := hookTools(t, res, "pre")
					for _, want := range []string{ea.shellTool, ea.mcpTool} {
						if !slices.Contains(preTools, want) {
							t.Errorf("pre-tool hook never saw %q (saw %q)", want, preTools)
						}
					}
					if tc.executed {
						if n := res.HookCount("pre"); n < 5 {
							t.Errorf("pre-tool hook ran %d times, want at least 5 (shell, write, read, edit, mcp)", n)
						}
						if n := res.HookCount("post"); n < 5 {
							t.Errorf("post-tool hook ran %d times, want at least 5", n)
						}
						if b, err := os.ReadFile(mcpLog); err != nil || !strings.Contains(string(b), `"method":"tools/call"`) {
							t.Errorf("MCP server log shows no tools/call (%v): %.2000s", err, b)
						}
						return
					}
					if n := res.HookCount("post"); n != 0 {
						// every hooked call was denied, so no tool ran; a post hook means one did
						t.Errorf("post-tool hook ran %d times after denials", n)
					}
					var denials int
					for _, r := range res.ToolResults {
						if strings.Contains(r.Content, tc.denialText) {
							denials++
						}
					}
					if denials < 2 {
						t.Errorf("model saw %d denials containing %q, want 2 (shell, mcp): %+v", denials, tc.denialText, res.ToolResults)
					}
				})
			}
		})
	}
}

func usedAPI(res Result, api string) bool {
	for _, r := range res.Requests {
		if r.API == api && r.Action.Kind == fakemodel.ActToolCall {
			return true
		}
	}
	return false
}

// hookTools returns the tool names in the recorded payloads of event.
func hookTools(t *testing.T, res Result, event string) []string {
	t.Helper()
	var out []string
	for _, h := range res.Hooks {
		if h.Event != event {
			continue
		}
		var p struct {
			ToolName  string `json:"tool_name"` // Claude, Gemini, Codex
			ToolName2 string `json:"toolName"`  // Copilot
		}
		if err := json.Unmarshal(h.Payload, &p); err != nil {
			t.Errorf("hook payload is not JSON: %v: %.300s", err, h.Payload)
			continue
		}
		out = append(out, p.ToolName+p.ToolName2)
	}
	return out
}

func dump(t *testing.T, res Result) {
	t.Helper()
	t.Logf("run dir %s\nstdout: %s\nstderr: %s", res.RunDir, res.Stdout, res.Stderr)
	for _, r := range res.Requests {
		t.Logf("request %d %s %s api=%s hist=%d action=%+v results=%+v", r.Seq, r.Method, r.Path, r.API,
			r.HistoryToolCalls, r.Action, r.NewToolResults)
	}
	for _, h := range res.Hooks {
		t.Logf("hook %s rc=%d payload=%.300s stdout=%q stderr=%q", h.Event, h.ExitCode, h.Payload, h.Stdout, h.Stderr)
	}
}
