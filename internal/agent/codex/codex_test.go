package codex_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/agent/codex"
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

// Codex applies the patch of "[cd DIR &&] apply_patch <<EOF" itself,
// reading the here-document and DIR as written (no expansion, no ~): the
// files of that reading are actions besides the shell line's exec; any
// other form runs in the shell and is the exec alone.
func TestInterceptedApplyPatch(t *testing.T) {
	for _, c := range []struct {
		cmd  string
		want []string // the actions after the exec
	}{
		{"apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: x\n+1\n*** End Patch\nEOF\n", []string{"file.write /repo/x"}},
		{"applypatch <<EOF\n*** Begin Patch\n*** Delete File: $HOME/x\\$y\n*** End Patch\nEOF", []string{"file.delete /repo/$HOME/x\\$y"}},
		{"cd ~ && apply_patch <<'EOF'\n*** Begin Patch\n*** Delete File: .ssh/id_rsa\n*** End Patch\nEOF", []string{"file.delete /repo/~/.ssh/id_rsa"}},
		{"cd 'a b' && apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: c\n*** Move to: /etc/d\n@@\n-1\n+2\n*** End Patch\nEOF", []string{"file.write /etc/d", "file.delete /repo/a b/c"}},
		{"cd \"$D\" && apply_patch <<'EOF'\n*** Begin Patch\n*** Delete File: x\n*** End Patch\nEOF", nil},
		{"cd \"src$D\" && apply_patch <<'EOF'\n*** Begin Patch\n*** Delete File: x\n*** End Patch\nEOF", []string{"file.delete /repo/src/x", "file.delete /repo/src$D/x"}},
		{"echo hi && apply_patch <<'EOF'\n*** Begin Patch\n*** Delete File: x\n*** End Patch\nEOF", nil},
		{"apply_patch '*** Begin Patch\n*** Delete File: x\n*** End Patch'", nil},
		{"apply_patch <<'EOF'\nnot a patch\nEOF", nil},
	} {
		in, _ := json.Marshal(map[string]any{"command": c.cmd})
		payload := `{"session_id":"s","cwd":"/repo","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":` + string(in) + `}`
		ev, err := codex.Adapter{}.Decode([]byte(payload))
		if err != nil {
			t.Fatalf("%q: %v", c.cmd, err)
		}
		if len(ev.Actions) == 0 || ev.Actions[0].Kind != action.Exec || ev.Actions[0].Command != c.cmd {
			t.Fatalf("%q: first action %+v, want the exec", c.cmd, ev.Actions)
		}
		var got []string
		for _, a := range ev.Actions[1:] {
			got = append(got, string(a.Kind)+" "+strings.Join(a.Paths, ","))
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: got %q, want %q", c.cmd, got, c.want)
		}
	}
}
