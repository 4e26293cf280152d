package policy

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// Reaches lists, for every kind of action, the paths the evaluation
// judges: round 3 #1 (MCP paths and command lines were never listed) and
// #2 (a PowerShell line was listed as bash: repo\.env was one word).
func TestReachesEveryKind(t *testing.T) {
	p := Default()
	const cwd = "/home/dev"
	mcp := func(tool string, args map[string]any) action.Action {
		raw, _ := json.Marshal(args)
		return action.Action{Kind: action.MCPCall, Server: "filesystem", MCPTool: tool, Arguments: raw}
	}
	for _, tc := range []struct {
		name string
		a    action.Action
		want []Reach
	}{
		{"file read", action.Action{Kind: action.FileRead, Paths: []string{"repo/.env"}},
			[]Reach{{Path: "/home/dev/repo/.env"}}},
		{"recursive search", action.Action{Kind: action.FileRead, Paths: []string{"repo"}, Recursive: true},
			[]Reach{{Path: "/home/dev/repo", Below: true}}},
		{"file delete", action.Action{Kind: action.FileDelete, Paths: []string{"/home/dev/repo/x"}},
			[]Reach{{Path: "/home/dev/repo/x", Below: true}}},
		{"bash line", action.Action{Kind: action.Exec, Command: "cat repo/.env"},
			[]Reach{{Path: "/home/dev/repo/.env"}}},
		{"bash glob", action.Action{Kind: action.Exec, Command: "cat */.env"},
			[]Reach{{Path: "/home/dev/*/.env", Pattern: true}}},
		{"PowerShell line", action.Action{Kind: action.Exec, Shell: action.PowerShell, Command: `Get-Content repo\.env`},
			[]Reach{{Path: "/home/dev/repo/.env"}}},
		{"MCP path argument", mcp("read_text_file", map[string]any{"path": "/home/dev/repo/.env"}),
			[]Reach{{Path: "/home/dev/repo/.env"}}},
		{"MCP command argument", mcp("run", map[string]any{"command": "cat /home/dev/repo/.env"}),
			[]Reach{{Path: "/home/dev/repo/.env"}}},
		{"MCP file URL", mcp("fetch", map[string]any{"uri": "file:///home/dev/repo/.env"}),
			[]Reach{{Path: "/home/dev/repo/.env"}}},
	} {
		a := tc.a
		a.V, a.Cwd, a.Actor.Home, a.Tool = action.Version, cwd, cwd, "t"
		got := p.Reaches(&a)
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: %+v, want it to hold %+v", tc.name, got, w)
			}
		}
	}
}
