package claude_test

import (
	"encoding/json"
	"testing"

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
