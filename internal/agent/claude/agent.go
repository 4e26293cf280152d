package claude

import (
	"fmt"
	"path/filepath"

	"github.com/mandate-dev/mandate/internal/agent"
	"github.com/mandate-dev/mandate/internal/hook"
)

// Agent is Claude Code.
var Agent = &agent.Agent{
	Name:    hook.Claude,
	Display: "Claude Code",
	Hook:    Adapter{},
	// Claude Code's shape is the fallback of detection: any payload with
	// an event name that no other agent's shape claims.
	Shapes:      []hook.Shape{{Rank: 100, Match: func(f hook.Fields) bool { return f.Event() != "" }}},
	Binaries:    []string{"claude"},
	ProjectDirs: []string{".claude"},
	UserDirs:    []string{".claude", ".claude.json"},
	Install: agent.Install{
		Layout:     agent.Nested,
		Events:     []string{"PreToolUse", "PostToolUse", "PostToolUseFailure", "SessionStart", "SessionEnd"},
		ToolEvents: []string{"PreToolUse", "PostToolUse", "PostToolUseFailure"},
		PreTool:    "PreToolUse",
		Syntax: agent.Syntax{Comments: false,
			Strict:   "Claude Code (2.1.330) ignores the hooks of a settings file with comments, so Mandate's hook would never run",
			Trailing: "Claude Code (2.1.330) ignores the hooks of a settings file with one, so Mandate's hook would never run"},
		Project: func(e agent.Env) string { return filepath.Join(e.Repo, ".claude", "settings.json") },
		User: func(e agent.Env) string {
			return filepath.Join(e.Dir("CLAUDE_CONFIG_DIR", ".claude"), "settings.json")
		},
		Handler:         agent.CommandHandler,
		Note:            "Claude Code holds back settings-file hooks until the workspace trust dialog is accepted: open claude in the repository once and accept it (mandate doctor checks this).",
		DisableAllHooks: true,
	},
	Configs: configs,
	Trust:   trust,
}

// trust checks that Claude Code has accepted the workspace trust dialog
// for the repository of a project installation.
func trust(e agent.Env, in agent.Installed) []agent.Problem {
	if in.Scope != agent.Project {
		return nil
	}
	path := filepath.Join(e.Home, ".claude.json")
	if d := e.Var("CLAUDE_CONFIG_DIR"); d != "" {
		path = filepath.Join(d, ".claude.json")
	}
	fix := fmt.Sprintf("run claude in %s once and accept the workspace trust dialog (non-interactive claude -p treats the folder as trusted)", e.Repo)
	m, err := e.ReadJSON(path)
	if err != nil {
		return []agent.Problem{{Severity: agent.Error, Message: fmt.Sprintf("Claude Code has no record of trusting %s (%s unreadable): interactive sessions hold back its hooks until the trust dialog is accepted", e.Repo, path), Fix: fix}}
	}
	projects, _ := m["projects"].(map[string]any)
	for p, v := range projects {
		if pm, ok := v.(map[string]any); ok && agent.Within(e.Repo, p) {
			if t, _ := pm["hasTrustDialogAccepted"].(bool); t {
				return nil
			}
		}
	}
	return []agent.Problem{{Severity: agent.Error, Message: fmt.Sprintf("Claude Code has not trusted %s: interactive sessions hold back its project hooks until the trust dialog is accepted", e.Repo), Fix: fix}}
}
