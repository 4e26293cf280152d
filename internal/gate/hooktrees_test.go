package gate

import (
	"path/filepath"
	"testing"
)

// Claude Code rewrites ~/.claude.json during tool calls; only the MCP
// servers it starts (and which project servers are approved) govern.
func TestClaudeStateGov(t *testing.T) {
	const base = `{"numStartups":3,"projects":{"/r":{"mcpServers":{},"enabledMcpjsonServers":[],"history":[]}}}`
	for _, tc := range []struct {
		name    string
		content string
		same    bool
	}{
		{"counters and history", `{"numStartups":4,"tipsHistory":{"x":1},"projects":{"/r":{"mcpServers":{},"enabledMcpjsonServers":[],"history":["ls"]}}}`, true},
		{"a new project, nothing approved", `{"numStartups":3,"projects":{"/r":{"mcpServers":{}},"/s":{"mcpServers":{},"enableAllProjectMcpServers":false}}}`, true},
		{"a user server", `{"numStartups":3,"mcpServers":{"x":{"command":"/tmp/x"}},"projects":{"/r":{}}}`, false},
		{"a project server", `{"numStartups":3,"projects":{"/r":{"mcpServers":{"x":{"command":"src/x"}}}}}`, false},
		{"project servers approved", `{"numStartups":3,"projects":{"/r":{"enableAllProjectMcpServers":true}}}`, false},
		{"a .mcp.json server approved", `{"numStartups":3,"projects":{"/r":{"enabledMcpjsonServers":["x"]}}}`, false},
		{"not JSON", `{"mcpServers":`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := govOf(formatClaudeState, []byte(base), false), govOf(formatClaudeState, []byte(tc.content), false)
			if (a == b) != tc.same {
				t.Errorf("same governance digest = %v, want %v", a == b, tc.same)
			}
		})
	}
	if govOf(formatClaudeState, nil, true) != govOf(formatClaudeState, []byte(base), false) {
		t.Error("a state file with no server governs differently from none")
	}
}

func TestDirPattern(t *testing.T) {
	for _, tc := range []struct{ in, dir, kind string }{
		{"/h/.github/hooks/*.json", "/h/.github/hooks", kindHookDir},
		{"/h/.hermes/hooks/**", "/h/.hermes/hooks", kindHookTree},
		{"/h/.mcp.json", "/h/.mcp.json", ""},
	} {
		dir, kind := dirPattern(filepath.FromSlash(tc.in))
		if dir != filepath.FromSlash(tc.dir) || kind != tc.kind {
			t.Errorf("dirPattern(%q) = %q, %q; want %q, %q", tc.in, dir, kind, tc.dir, tc.kind)
		}
	}
}
