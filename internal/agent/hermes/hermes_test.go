package hermes_test

import (
	"encoding/json"
	"testing"

	"github.com/mandate-dev/mandate/internal/agent/hermes"
	"github.com/mandate-dev/mandate/internal/hook/hooktest"
)

func TestFixtures(t *testing.T) { hooktest.Fixtures(t, hermes.Adapter{}, nil) }

func TestBadInput(t *testing.T) {
	hooktest.BadInput(t, hermes.Adapter{}, hooktest.BadInputSpec{
		Valid:    "testdata/fixtures/shell.pre.json",
		Post:     "testdata/fixtures/shell.post.json",
		EventKey: "hook_event_name",
		InputKey: "tool_input",
		IsDeny: func(stdout []byte) bool {
			var v map[string]any
			return json.Unmarshal(stdout, &v) == nil && v["decision"] == "block" && v["reason"] != ""
		},
	})
}

// Hermes sends tool_input null when the arguments are not an object.
func TestNullToolInputDenied(t *testing.T) {
	_, err := hermes.Adapter{}.Decode([]byte(`{"hook_event_name":"pre_tool_call","tool_name":"terminal","tool_input":null,"session_id":"s","cwd":"/p"}`))
	if err == nil {
		t.Fatal("null tool_input decoded")
	}
}

func FuzzDecode(f *testing.F) { hooktest.FuzzDecode(f, hermes.Adapter{}) }

// Hermes keeps its terminal's cwd across calls while the payload reports
// the process's: the event can be read again from another directory.
func TestActionsAtAnotherCwd(t *testing.T) {
	ev, err := hermes.Adapter{}.Decode([]byte(`{"hook_event_name":"pre_tool_call","tool_name":"read_file","tool_input":{"path":".ssh/id_rsa"},"session_id":"s","cwd":"/home/dev/project"}`))
	if err != nil {
		t.Fatal(err)
	}
	if ev.ActionsAt == nil {
		t.Fatal("no ActionsAt: Hermes' persistent terminal cwd is not declared")
	}
	acts, err := ev.ActionsAt("/home/dev")
	if err != nil || len(acts) != 1 || acts[0].Cwd != "/home/dev" || ev.Actions[0].Cwd != "/home/dev/project" {
		t.Fatalf("ActionsAt(/home/dev) = %+v, %v; the event's own: %+v", acts, err, ev.Actions)
	}
}
