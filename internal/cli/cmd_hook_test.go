package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hookEnv is a repository with a policy, an isolated HOME and state dir.
type hookEnv struct {
	home, repo, state string
}

func newHookEnv(t testing.TB, policy string) *hookEnv {
	d := t.TempDir()
	e := &hookEnv{home: filepath.Join(d, "home"), repo: filepath.Join(d, "repo"), state: filepath.Join(d, "state")}
	for _, p := range []string{e.home, filepath.Join(e.repo, ".git")} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if policy != "" {
		if err := os.WriteFile(filepath.Join(e.repo, "agent-policy.yaml"), []byte(policy), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func (e *hookEnv) run(t *testing.T, payload string, args ...string) cliRun {
	t.Helper()
	return e.runEnv(t, payload, nil, args...)
}

// runEnv is run with more variables in the hook's environment.
func (e *hookEnv) runEnv(t *testing.T, payload string, vars map[string]string, args ...string) cliRun {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(strings.ReplaceAll(payload, "REPO", e.repo)), Stdout: &out, Stderr: &errb, Cwd: e.home,
		Now: func() time.Time { return time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC) },
		Getenv: func(k string) string {
			switch k {
			case "HOME":
				return e.home
			case "MANDATE_HOME":
				return e.state
			}
			return vars[k]
		}}
	code := Main(context.Background(), env, append([]string{"hook"}, args...))
	return cliRun{code, out.String(), errb.String()}
}

const hookPolicy = `policies:
  - name: dependency-control
    rules:
      - block_commands: ["npm install"]
`

func claudePre(command string) string {
	return `{"session_id":"s-1","transcript_path":"/t.jsonl","cwd":"REPO","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"` + command + `"},"tool_use_id":"toolu_1"}`
}

// The real gate decides from the policy at the payload's cwd (the hook
// process runs elsewhere), records, and answers in Claude Code's format.
func TestHookCommandDecides(t *testing.T) {
	e := newHookEnv(t, hookPolicy)
	r := e.run(t, claudePre("npm install left-pad"), "claude")
	var v struct {
		H map[string]string `json:"hookSpecificOutput"`
	}
	if r.code != 2 || json.Unmarshal([]byte(r.stdout), &v) != nil || v.H["permissionDecision"] != "deny" ||
		!strings.Contains(r.stderr, "dependency-control") {
		t.Fatalf("npm install: %+v", r)
	}
	r = e.run(t, claudePre("ls -la"), "claude")
	if r.code != 0 || r.stdout != "" {
		t.Errorf("ls: %+v", r)
	}
	if _, err := os.Stat(e.state); err != nil {
		t.Errorf("no evidence written: %v", err)
	}
}

// A Copilot payload sent to "mandate hook claude" is answered in Copilot's
// format.
func TestHookCommandAnswersRealCaller(t *testing.T) {
	e := newHookEnv(t, hookPolicy)
	r := e.run(t, `{"sessionId":"c-1","timestamp":1795279126809,"cwd":"REPO","toolName":"bash","toolArgs":{"command":"npm install x"}}`, "claude")
	if r.code != 2 || !strings.HasPrefix(r.stdout, `{"permissionDecision":"deny"`) {
		t.Errorf("%+v", r)
	}
}

// An unreadable policy, a bad payload and a wrong agent name are denies in
// the agent's format, never exit 1.
func TestHookCommandFailsClosed(t *testing.T) {
	e := newHookEnv(t, "policies: [\n")
	r := e.run(t, `{"session_id":"g","cwd":"REPO","hook_event_name":"BeforeTool","timestamp":"2026-11-21T16:38:29.341Z","tool_name":"run_shell_command","tool_input":{"command":"ls"}}`, "gemini")
	if r.code != 2 || !strings.Contains(r.stdout, `"decision":"deny"`) || !strings.Contains(r.stderr, "agent-policy.yaml") {
		t.Errorf("broken policy: %+v", r)
	}
	e = newHookEnv(t, hookPolicy)
	if r := e.run(t, `{"hook_event_name":"BeforeTool","timestamp":"x","tool_name":`, "gemini"); r.code != 2 || !strings.Contains(r.stdout, `"decision":"deny"`) {
		t.Errorf("truncated: %+v", r)
	}
	if r := e.run(t, claudePre("ls"), "claude-code"); r.code != 2 || !strings.Contains(r.stderr, "names no known agent") {
		t.Errorf("wrong agent: %+v", r)
	}
	if r := e.run(t, ""); r.code != ExitUsage {
		t.Errorf("no agent: %+v", r)
	}
}
