package policy

import (
	"encoding/json"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// TestMCPCommandTools: well-known MCP tools that run commands are judged
// as those commands (mcp-git-tool, mcp-remote-write), on the fixture tree.
func TestMCPCommandTools(t *testing.T) {
	p := fixturePolicy(t, fixture.Standard(t))
	for _, c := range []struct {
		class, server, tool string
		args                map[string]any
		trust               string
		want                Effect
	}{
		{"mcp-git-tool", "git", "git_status", map[string]any{"repo_path": testRoot}, "", Allow},
		{"mcp-git-tool", "git", "git_log", map[string]any{"repo_path": testRoot, "max_count": 5}, "", Allow},
		{"mcp-git-tool", "git", "git_show", map[string]any{"repo_path": testRoot, "revision": "HEAD:README.md"}, "", Allow},
		{"mcp-git-tool", "git", "git_show", map[string]any{"repo_path": testRoot, "revision": "HEAD:.env"}, "", Deny},
		{"mcp-git-tool", "gitrepo", "git_diff", map[string]any{"repo_path": testRoot, "target": "--output=agent-policy.yaml"}, "", Deny},
		{"mcp-git-tool", "git", "git_add", map[string]any{"repo_path": testRoot, "files": []any{"src/app.go"}}, "", Allow},
		{"mcp-git-tool", "git", "git_add", map[string]any{"repo_path": testRoot, "files": "src/app.go"}, "", Deny},
		{"mcp-git-tool", "git", "git_show", map[string]any{"repo_path": testRoot}, "", Deny},
		{"mcp-git-tool", "git", "git_checkout", map[string]any{"repo_path": testRoot, "branch_name": "feature"}, "", Deny},
		{"mcp-remote-write", "github", "push_files", map[string]any{"owner": "acme", "repo": "app", "branch": "topic", "message": "x"}, "", Deny},
		{"mcp-remote-write", "github", "merge_pull_request", map[string]any{"owner": "acme", "repo": "app", "pullNumber": 1}, "", Deny},
		{"mcp-remote-write", "github", "get_file_contents", map[string]any{"owner": "acme", "repo": "app", "path": "README.md"}, "", Allow},
	} {
		raw, err := json.Marshal(c.args)
		if err != nil {
			t.Fatal(err)
		}
		trust := c.trust
		if trust == "" {
			trust = action.WriteLocal
		}
		a := &action.Action{V: 1, Kind: action.MCPCall, Tool: "mcp__" + c.server + "__" + c.tool, Server: c.server, MCPTool: c.tool,
			Arguments: raw, Cwd: testRoot, Actor: actor(trust)}
		if d := p.Evaluate(a); d.Decision != c.want {
			t.Errorf("%s: %s/%s %s: got %s, want %s (%s)", c.class, c.server, c.tool, raw, d.Decision, c.want, d.Reason)
		}
	}
}
