package cursor_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/agent/cursor"
	"github.com/mandate-dev/mandate/internal/hook/hooktest"
)

func TestFixtures(t *testing.T) { hooktest.Fixtures(t, cursor.Adapter{}, nil) }

func TestBadInput(t *testing.T) {
	hooktest.BadInput(t, cursor.Adapter{}, hooktest.BadInputSpec{
		Valid:    "testdata/fixtures/shell.pre.json",
		Post:     "testdata/fixtures/edit.post.json",
		EventKey: "hook_event_name",
		InputKey: "tool_input",
		IsDeny: func(stdout []byte) bool {
			var v map[string]any
			return json.Unmarshal(stdout, &v) == nil && v["permission"] == "deny" && v["agent_message"] != ""
		},
	})
}

// The file content Cursor sends to beforeReadFile never reaches the event.
func TestReadFileContentDropped(t *testing.T) {
	ev, err := cursor.Adapter{}.Decode(hooktest.Read(t, "testdata/fixtures/before-read.pre.json"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(ev)
	if strings.Contains(string(b), "debug-marker-content") {
		t.Errorf("file content kept in the event: %s", b)
	}
}

func FuzzDecode(f *testing.F) { hooktest.FuzzDecode(f, cursor.Adapter{}) }
