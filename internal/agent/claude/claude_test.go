package claude_test

import (
	"encoding/json"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/agent/claude"
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

// A PowerShell tool's line is marked as PowerShell, so that the policy
// reads it as such (shell.Options.PowerShell); Bash's is not.
func TestShellOfExecTools(t *testing.T) {
	for _, c := range []struct{ tool, want string }{
		{"Bash", ""},
		{"PowerShell", action.PowerShell},
	} {
		as, err := claude.Actions(c.tool, "/p", "", map[string]any{"command": "iex 'ls'"})
		if err != nil || len(as) != 1 {
			t.Fatalf("%s: %v %v", c.tool, as, err)
		}
		if as[0].Shell != c.want {
			t.Errorf("%s: Shell %q, want %q", c.tool, as[0].Shell, c.want)
		}
	}
}
