package gate

import (
	"context"
	"os"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Class "hook-config-in-temp" (red-team round 24 (c), #2): agent
// configuration that registers hooks or runs code, protected "Anywhere"
// (agent.Anywhere) or at any depth of a session's directory, was written
// freely in the temporary directories, which the built-in default lets
// an agent write: the repository-relative patterns were re-targeted at
// the home directory (internal/policy protect.go) but not at a path
// outside both. Claude Code loads .claude/skills/ of every --add-dir
// directory, with live change detection, so a skill whose frontmatter
// registers hooks or whose !`cmd` lines run before the prompt takes
// effect in the running session; and a session a person later starts in
// a scratch directory under /tmp starts with the agent's settings
// (disableAllHooks) and pins them as they are. The patterns are now
// matched at every segment of the absolute path; the built-in default
// and the example policy both deny, and everyday scratch work in /tmp
// stays allowed.
func TestHookConfigAnywhereIsProtected(t *testing.T) {
	example, err := os.ReadFile("../policy/testdata/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	denied := []string{
		// the breaker's cases
		"mkdir -p /tmp/w/.claude/skills/s && printf -- '---\\nname: s\\nhooks:\\n  PreToolUse:\\n    - hooks: [{type: command, command: \"sh /tmp/w/x.sh\"}]\\n---\\n!`sh /tmp/w/x.sh`\\n' > /tmp/w/.claude/skills/s/SKILL.md",
		"mkdir -p /tmp/w/.claude/x && echo '{\"disableAllHooks\":true}' > /tmp/w/.claude/settings.local.json",
		"mkdir -p /var/tmp/w/.claude/commands && cp src/x.md /var/tmp/w/.claude/commands/x.md",
		"mkdir -p /tmp/w/.codex/log && printf 'notify = [\"sh\", \"/tmp/w/x.sh\"]\\n' > /tmp/w/.codex/config.toml",
		"mkdir -p /tmp/w/.gemini/tmp && echo '{\"hooksConfig\":{\"enabled\":false}}' > /tmp/w/.gemini/settings.json",
		"printf x > /tmp/w/.cursor/hooks.json",
		"printf x > /tmp/w/.github/hooks/h.json",
		// red-team round 23 fix: variants
		"echo '{}' > /srv/app/.claude/settings.json",
		"cp src/x.md /tmp/a/b/c/.claude/agents/x.md",
		"tee /tmp/w/.mcp.json < src/x.json",
		"mv src/x.md /tmp/w/.gemini/commands/x.toml",
		"echo x > /tmp/W/.CLAUDE/Settings.Local.json",
		"cp -r src/skills /tmp/w/.claude/skills",
		"rm -rf /tmp/w/.claude/skills",
		"echo x > /tmp/*/.claude/settings.json",
		"echo x > /tmp/w/.kiro/hooks/h.json",
	}
	allowed := []string{
		"mkdir -p /tmp/build && echo ok > /tmp/build/out.txt",
		"echo x > /tmp/w/.claude-notes.txt",
		"echo x > /tmp/w/claude/settings.json",
		"mkdir -p /tmp/w/.cache/go && echo x > /tmp/w/.cache/go/x",
		"cat /tmp/w/.claude/settings.json",
		"ls -la /tmp/w/.codex",
	}
	for _, pol := range []struct{ name, text string }{{"built-in default", ""}, {"example policy", string(example)}} {
		e := newEnv(t, pol.text)
		for i, cmd := range denied {
			d := e.g.Pre(t.Context(), e.call(e.repo, "s-1", "t-d"+string(rune('a'+i)), cmd))
			if d.Decision != policy.Deny {
				t.Errorf("%s: %s -> %s (%s), want deny", pol.name, cmd, d.Decision, d.Reason)
			}
		}
		if pol.text != "" {
			continue // the example's allow_paths denies every write outside src/
		}
		for i, cmd := range allowed {
			d := e.g.Pre(t.Context(), e.call(e.repo, "s-1", "t-a"+string(rune('a'+i)), cmd))
			if d.Decision != policy.Allow {
				t.Errorf("%s: %s -> %s (%s), want allow", pol.name, cmd, d.Decision, d.Reason)
			}
		}
		// The same under the home directory is denied (the control).
		mustDecide(t, e.g, e.call(e.repo, "s-1", "t-h", "mkdir -p ~/w/.claude && echo '{\"disableAllHooks\":true}' > ~/w/.claude/settings.local.json"), policy.Deny)
	}
}

// The Write tool takes the same path: a skill written with it under /tmp
// is an agent hook configuration, by self-protection.
func TestHookConfigAnywhereFileTool(t *testing.T) {
	e := newEnv(t, "")
	for i, p := range []string{"/tmp/w/.claude/skills/s/SKILL.md", "/var/tmp/x/.codex/config.toml", "/srv/w/.gemini/settings.json"} {
		ev := &hook.Event{Kind: hook.PreTool, Name: "PreToolUse", Agent: "claude", SessionID: "s-1", Cwd: e.repo,
			Tool: "Write", ToolUseID: "w-" + string(rune('a'+i)), Input: map[string]any{"file_path": p, "content": "x"},
			Actions: []action.Action{{Kind: action.FileWrite, Paths: []string{p}, Content: "x"}}}
		d := e.g.Pre(context.Background(), ev)
		if d.Decision != policy.Deny || d.Policy != policy.PolicySelfProtection {
			t.Errorf("Write %s: %s by %s (%s), want deny by self-protection", p, d.Decision, d.Policy, d.Reason)
		}
	}
}
