package copilot_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/agent/copilot"
	"github.com/mandate-dev/mandate/internal/hook/hooktest"
)

// hint is the event name mandate install puts on the command line.
func hint(file string) string {
	if strings.HasSuffix(file, ".post.json") {
		return "postToolUse"
	}
	return "preToolUse"
}

func TestFixtures(t *testing.T) { hooktest.Fixtures(t, copilot.Adapter{}, hint) }

// Without the command-line event the shape decides, the same way.
func TestFixturesWithoutHint(t *testing.T) {
	for _, file := range hooktest.FixtureFiles(t) {
		b := hooktest.Read(t, file)
		a, err := copilot.Adapter{}.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		h, err := copilot.Adapter{}.DecodeEvent(b, hint(file))
		if err != nil {
			t.Fatal(err)
		}
		if a.Kind != h.Kind {
			t.Errorf("%s: shape says %s, hint says %s", file, a.Kind, h.Kind)
		}
	}
}

func TestBadInput(t *testing.T) {
	hooktest.BadInput(t, copilot.Adapter{}, hooktest.BadInputSpec{
		Valid:    "testdata/fixtures/shell.pre.json",
		Post:     "testdata/fixtures/shell.post.json",
		Hint:     "preToolUse",
		InputKey: "toolArgs",
		IsDeny: func(stdout []byte) bool {
			var v map[string]any
			return json.Unmarshal(stdout, &v) == nil && v["permissionDecision"] == "deny" && v["permissionDecisionReason"] != ""
		},
	})
}

func TestShapes(t *testing.T) {
	cases := []struct {
		name, payload string
		kind          action.Kind
		what          string
	}{
		{"toolArgs as a JSON string", `{"timestamp":1704614600000,"cwd":"/p","toolName":"bash","toolArgs":"{\"command\":\"rm -rf dist\"}"}`, action.Exec, "rm -rf dist"},
		{"VS Code shape", `{"hook_event_name":"PreToolUse","session_id":"s","timestamp":"2026-08-21T10:00:00.000Z","cwd":"/p","tool_name":"view","tool_input":{"path":".env"}}`, action.FileRead, "/p/.env"},
		{"MCP", `{"sessionId":"s","timestamp":1,"cwd":"/p","toolName":"github-create_issue","toolArgs":{"title":"x"}}`, action.MCPCall, "github/create_issue"},
		// Hooks in .claude/settings.json get Claude Code's tool names over Copilot's own
		// arguments (captured from Copilot CLI 1.0.102).
		{".claude hook: bash", `{"hook_event_name":"PreToolUse","session_id":"s","timestamp":"2026-11-21T17:47:06.190Z","cwd":"/p","tool_name":"Bash","tool_input":{"command":"echo ok > src/allowed.txt","description":"Write src/allowed.txt"}}`, action.Exec, "echo ok > src/allowed.txt"},
		{".claude hook: apply_patch", `{"hook_event_name":"PreToolUse","session_id":"s","timestamp":"2026-11-21T17:47:06.749Z","cwd":"/p","tool_name":"Edit","tool_input":"*** Begin Patch\n*** Add File: /p/src/written.txt\n+inside-written\n*** End Patch\n"}`, action.FileWrite, "/p/src/written.txt"},
		{".claude hook: create", `{"hook_event_name":"PreToolUse","session_id":"s","timestamp":"2026-11-21T17:48:11.788Z","cwd":"/p","tool_name":"Write","tool_input":{"file_text":"one\n","path":"/p/src/a.txt"}}`, action.FileWrite, "/p/src/a.txt"},
		{".claude hook: edit", `{"hook_event_name":"PreToolUse","session_id":"s","timestamp":"2026-11-21T17:48:11.989Z","cwd":"/p","tool_name":"Edit","tool_input":{"new_str":"two","old_str":"one","path":"/p/src/a.txt"}}`, action.FileWrite, "/p/src/a.txt"},
		{".claude hook: view", `{"hook_event_name":"PreToolUse","session_id":"s","timestamp":"2026-11-21T17:48:13.338Z","cwd":"/p","tool_name":"Read","tool_input":{"path":"/p/.env"}}`, action.FileRead, "/p/.env"},
		{".claude hook: MCP", `{"hook_event_name":"PreToolUse","session_id":"s","timestamp":"2026-11-21T17:47:07.086Z","cwd":"/p","tool_name":"notes-echo","tool_input":{"text":"echo-ran"}}`, action.MCPCall, "notes/echo"},
	}
	for _, c := range cases {
		ev, err := copilot.Adapter{}.Decode([]byte(c.payload))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		a := ev.Actions[0]
		if a.Kind != c.kind || a.Resource() != c.what {
			t.Errorf("%s: %s %q, want %s %q", c.name, a.Kind, a.Resource(), c.kind, c.what)
		}
	}
}

func FuzzDecode(f *testing.F) { hooktest.FuzzDecode(f, copilot.Adapter{}) }

// The post-tool result of a .claude/settings.json hook is tool_result
// {result_type, text_result_for_llm}.
func TestClaudeSettingsOutcome(t *testing.T) {
	for _, c := range []struct {
		payload string
		success bool
		exit    int
	}{
		{`{"hook_event_name":"PostToolUse","session_id":"s","timestamp":"2026-11-21T17:48:11.933Z","cwd":"/p","tool_name":"Write","tool_input":{"file_text":"one\n","path":"/p/src/a.txt"},"tool_result":{"result_type":"success","text_result_for_llm":"Created file /p/src/a.txt with 4 characters"}}`, true, -1},
		{`{"hook_event_name":"PostToolUse","session_id":"s","timestamp":"2026-11-21T17:48:11.933Z","cwd":"/p","tool_name":"Bash","tool_input":{"command":"false"},"tool_result":{"result_type":"failure","text_result_for_llm":"<exited with exit code 1>"}}`, false, 1},
	} {
		ev, err := copilot.Adapter{}.Decode([]byte(c.payload))
		if err != nil {
			t.Fatal(err)
		}
		if ev.Success == nil || *ev.Success != c.success {
			t.Errorf("%.80s: success %v, want %v", c.payload, ev.Success, c.success)
		}
		if got := -1; ev.ExitCode != nil {
			got = *ev.ExitCode
			if got != c.exit {
				t.Errorf("%.80s: exit code %d, want %d", c.payload, got, c.exit)
			}
		} else if c.exit != -1 {
			t.Errorf("%.80s: no exit code, want %d", c.payload, c.exit)
		}
	}
}
