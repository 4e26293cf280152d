package claude_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/hook/claude"
	"github.com/mandate-dev/mandate/internal/hook/hooktest"
)

func TestFixtures(t *testing.T) { hooktest.Fixtures(t, claude.Adapter{}, nil) }

func TestBadInput(t *testing.T) {
	hooktest.BadInput(t, claude.Adapter{}, hooktest.BadInputSpec{
		Valid:    "testdata/fixtures/shell.pre.json",
		Post:     "testdata/fixtures/shell.post.json",
		EventKey: "hook_event_name",
		InputKey: "tool_input",
		IsDeny:   IsDeny,
	})
}

// IsDeny reports whether stdout is Claude Code's PreToolUse deny.
func IsDeny(stdout []byte) bool {
	var v struct {
		HookSpecificOutput struct {
			HookEventName      string `json:"hookEventName"`
			PermissionDecision string `json:"permissionDecision"`
			Reason             string `json:"permissionDecisionReason"`
		} `json:"hookSpecificOutput"`
	}
	return json.Unmarshal(stdout, &v) == nil && v.HookSpecificOutput.HookEventName == "PreToolUse" &&
		v.HookSpecificOutput.PermissionDecision == "deny" && v.HookSpecificOutput.Reason != ""
}

func FuzzDecode(f *testing.F) { hooktest.FuzzDecode(f, claude.Adapter{}) }

// DecodeObject of a parsed payload answers exactly as Decode of the payload.
func TestDecodeObjectIsDecode(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "fixtures", "*.json"))
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		payload, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, werr := claude.Adapter{}.Decode(payload)
		f, err := hook.Object(payload)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		got, gerr := claude.Adapter{}.DecodeObject(f)
		if fmt.Sprint(gerr) != fmt.Sprint(werr) || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: DecodeObject = %+v, %v; Decode = %+v, %v", file, got, gerr, want, werr)
		}
	}
}
