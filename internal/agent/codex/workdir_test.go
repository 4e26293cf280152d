package codex

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/hook"
)

func TestPinAllowed(t *testing.T) {
	for _, tc := range []struct {
		name, tool, cwd, cmd string
		want                 string // the pinned command, "" for no answer
	}{
		{"shell line", "Bash", "/home/dev/project", "cat main.tf", "unset -f cd 2>/dev/null; \\cd -- '/home/dev/project' && [ \"$PWD\" = '/home/dev/project' ] || exit 1; unset OLDPWD\ncat main.tf"},
		{"quote in the directory", "Bash", "/tmp/it's here", "ls", "unset -f cd 2>/dev/null; \\cd -- '/tmp/it'\\''s here' && [ \"$PWD\" = '/tmp/it'\\''s here' ] || exit 1; unset OLDPWD\nls"},
		{"multi-line line", "Bash", "/p", "a\nb", "unset -f cd 2>/dev/null; \\cd -- '/p' && [ \"$PWD\" = '/p' ] || exit 1; unset OLDPWD\na\nb"},
		{"a patch Codex takes over", "Bash", "/p", "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: a\n+x\n*** End Patch\nEOF", ""},
		{"relative cwd", "Bash", "p", "ls", ""},
		{"not a shell call", "apply_patch", "/p", "*** Begin Patch\n*** End Patch", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := &hook.Event{Kind: hook.PreTool, Tool: tc.tool, Cwd: tc.cwd, Input: map[string]any{"command": tc.cmd}}
			out := pinAllowed(ev)
			if tc.want == "" {
				if out != nil {
					t.Fatalf("answer %+v, want none", out)
				}
				return
			}
			b, err := json.Marshal(out)
			if err != nil {
				t.Fatal(err)
			}
			var raw map[string]map[string]any
			if err := json.Unmarshal(b, &raw); err != nil {
				t.Fatal(err)
			}
			h := raw["hookSpecificOutput"]
			in, _ := h["updatedInput"].(map[string]any)
			if len(raw) != 1 || h["hookEventName"] != "PreToolUse" || h["permissionDecision"] != "allow" || len(in) != 1 || in["command"] != tc.want {
				t.Errorf("answer %s, want allow with command %q", b, tc.want)
			}
		})
	}
}

// TestPinnedLineRuns runs pinned lines in real shells started elsewhere:
// the line's relative paths are the pinned directory's, a cd function does
// not divert it, and a missing directory stops the line.
func TestPinnedLineRuns(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "it's pinned")
	other := t.TempDir()
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, sh := range []string{"bash", "sh", "dash", "zsh"} {
		path, err := exec.LookPath(sh)
		if err != nil {
			continue
		}
		t.Run(sh, func(t *testing.T) {
			line := pinnedLine(dir, "echo ran > out.txt")
			c := exec.Command(path, "-c", "cd() { builtin cd /; }\n"+line)
			if sh == "sh" || sh == "dash" {
				c = exec.Command(path, "-c", "cd() { return 0; }\n"+line)
			}
			c.Dir = other
			if b, err := c.CombinedOutput(); err != nil {
				t.Fatalf("%v: %s", err, b)
			}
			if b, err := os.ReadFile(filepath.Join(dir, "out.txt")); err != nil || strings.TrimSpace(string(b)) != "ran" {
				t.Errorf("out.txt in the pinned directory: %q, %v", b, err)
			}
			os.Remove(filepath.Join(dir, "out.txt"))
			c = exec.Command(path, "-c", pinnedLine(filepath.Join(dir, "gone"), "echo ran > out.txt"))
			c.Dir = other
			if err := c.Run(); err == nil {
				t.Errorf("a line pinned to a missing directory ran to the end")
			}
			if _, err := os.Stat(filepath.Join(other, "out.txt")); err == nil {
				t.Errorf("a line pinned to a missing directory ran where the shell started")
			}
		})
	}
}
