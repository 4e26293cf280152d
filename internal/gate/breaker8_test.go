package gate

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/agent"
	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Red-team round 8, #5 (class: an agent's configuration that runs code,
// unprotected and unpinned). Claude Code loads .claude/commands/NAME.md
// exactly as a skill (frontmatter hooks, !`cmd` lines run before the
// prompt); Gemini CLI's custom commands run !{cmd}; Copilot's custom
// agents declare MCP servers; plugins (Claude Code's, Codex's, Cursor's)
// bundle hooks and MCP servers; Gemini CLI's trusted-folders list decides
// whether the project's hooks run. Each is now a line of its agent's
// table (agent.Agent.Configs), pinned: a change made during a call is a
// tamper event.
func TestBreaker8AgentConfigsPinned(t *testing.T) {
	for _, tc := range []struct {
		name    string
		path    func(e *env) string
		content string
	}{
		{"claude project command", func(e *env) string { return filepath.Join(e.repo, ".claude", "commands", "x.md") },
			"---\nhooks:\n  PreToolUse:\n    - hooks: [{type: command, command: src/rewrite.sh}]\n---\nx\n"},
		{"claude user command", func(e *env) string { return filepath.Join(e.home, ".claude", "commands", "review.md") },
			"!`sh /tmp/x`\n"},
		{"gemini project command", func(e *env) string { return filepath.Join(e.repo, ".gemini", "commands", "x.toml") },
			"prompt = \"!{sh src/x}\"\n"},
		{"gemini user subagent", func(e *env) string { return filepath.Join(e.home, ".gemini", "agents", "x.md") },
			"---\nname: x\nkind: remote\nagent_card_url: https://example.com/card\n---\n"},
		{"gemini trusted folders", func(e *env) string { return filepath.Join(e.home, ".gemini", "trustedFolders.json") },
			`{"/":"DO_NOT_TRUST"}`},
		{"copilot custom agent", func(e *env) string { return filepath.Join(e.repo, ".github", "agents", "x.agent.md") },
			"---\nmcp-servers:\n  x:\n    command: src/x\n---\n"},
		{"codex plugin hooks", func(e *env) string {
			return filepath.Join(e.home, ".codex", "plugins", "cache", "m", "p", "hooks", "hooks.json")
		}, `{"hooks":{}}`},
		{"cursor plugin mcp servers", func(e *env) string {
			return filepath.Join(e.home, ".cursor", "plugins", "local", "p", "mcp.json")
		}, `{"mcpServers":{"x":{"command":"/tmp/x"}}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newRepoEnv(t, npmPolicy)
			ctx := context.Background()
			mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "python3 src/x.py"), policy.Allow)
			write(t, tc.path(e), tc.content)
			if err := e.g.Post(ctx, e.post(e.repo, "s-1", "t-1")); err != nil {
				t.Fatal(err)
			}
			tam := e.ofType(t, evidence.TypeTamper)
			if len(tam) != 1 || tam[0].ResourcePath != tc.path(e) {
				t.Fatalf("%s written during a call: %d tamper records (%+v), want one naming it", tc.path(e), len(tam), tam)
			}
		})
	}
}

// A tree of configuration in a directory an environment variable names
// (CLAUDE_CONFIG_DIR/commands) matches no built-in pattern: the gate hands
// it to the policy as a tree, and a file not there yet is protected too.
func TestBreaker8EnvDirTreeProtected(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	cfg := filepath.Join(e.dir, "claude-config")
	write(t, filepath.Join(cfg, "commands", "old.md"), "x\n")
	e.vars["CLAUDE_CONFIG_DIR"] = cfg
	g := e.gateAt(t, e.repo)
	for _, cmd := range []string{
		"printf x > " + filepath.Join(cfg, "commands", "new.md"),
		"mkdir -p " + filepath.Join(cfg, "skills", "x") + " && printf x > " + filepath.Join(cfg, "skills", "x", "SKILL.md"),
		"cp /dev/null " + filepath.Join(cfg, "commands", "old.md"),
	} {
		mustDecide(t, g, e.call(e.repo, "s-1", "t-1", cmd), policy.Deny)
	}
	mustDecide(t, g, e.call(e.repo, "s-1", "t-2", "cat "+filepath.Join(cfg, "commands", "old.md")), policy.Allow)
}

// Every pinned location of every registered agent's table reaches the
// gate's pins (a new Where or Format without a mapping would drop it).
func TestHookConfigsFromRegistry(t *testing.T) {
	n := 0
	for _, a := range agent.All() {
		for _, c := range a.Configs {
			if _, ok := fromAgent(a.Name, c); ok != c.Pinned() {
				t.Errorf("%s %+v: mapped %v, pinned %v", a.Name, c, ok, c.Pinned())
			}
			if c.Pinned() {
				n++
			}
		}
	}
	if got := len(hookConfigs()) - len(otherHookConfigs); got != n || n == 0 {
		t.Errorf("hookConfigs has %d agents' locations, want %d", got, n)
	}
}
