package copilot_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook/copilot"
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
