package codex_test

import (
	"encoding/json"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook/codex"
	"github.com/mandate-dev/mandate/internal/hook/hooktest"
)

func TestFixtures(t *testing.T) { hooktest.Fixtures(t, codex.Adapter{}, nil) }

func TestBadInput(t *testing.T) {
	hooktest.BadInput(t, codex.Adapter{}, hooktest.BadInputSpec{
		Valid:    "testdata/fixtures/shell.pre.json",
		Post:     "testdata/fixtures/shell.post.json",
		EventKey: "hook_event_name",
		InputKey: "tool_input",
		IsDeny: func(stdout []byte) bool {
			var raw struct {
				H map[string]string `json:"hookSpecificOutput"`
			}
			return json.Unmarshal(stdout, &raw) == nil && raw.H["hookEventName"] == "PreToolUse" &&
				raw.H["permissionDecision"] == "deny" && raw.H["permissionDecisionReason"] != ""
		},
	})
}

// A patch touching several files yields one action per file, and a move is
// a write of the new path plus a delete of the old.
func TestApplyPatchEveryFile(t *testing.T) {
	payload := `{"session_id":"s","turn_id":"t","cwd":"/repo","hook_event_name":"PreToolUse","model":"m","tool_name":"apply_patch","tool_use_id":"c","tool_input":{"command":"*** Begin Patch\n*** Add File: a.txt\n+new\n*** Update File: src/b.go\n*** Move to: src/c.go\n@@\n-x\n+y\n*** Delete File: /etc/d.conf\n*** End Patch\n"}}`
	ev, err := codex.Adapter{}.Decode([]byte(payload))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		kind action.Kind
		path string
	}{
		{action.FileWrite, "/repo/a.txt"},
		{action.FileWrite, "/repo/src/c.go"},
		{action.FileDelete, "/repo/src/b.go"},
		{action.FileDelete, "/etc/d.conf"},
	}
	if len(ev.Actions) != len(want) {
		t.Fatalf("got %d actions: %+v", len(ev.Actions), ev.Actions)
	}
	for i, w := range want {
		a := ev.Actions[i]
		if a.Kind != w.kind || len(a.Paths) != 1 || a.Paths[0] != w.path {
			t.Errorf("action %d = %s %v, want %s %s", i, a.Kind, a.Paths, w.kind, w.path)
		}
	}
	if ev.Actions[0].Content != "new\n" {
		t.Errorf("added file content %q", ev.Actions[0].Content)
	}
}

func FuzzDecode(f *testing.F) { hooktest.FuzzDecode(f, codex.Adapter{}) }
