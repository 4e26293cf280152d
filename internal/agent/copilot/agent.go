package copilot

import (
	"fmt"
	"path/filepath"

	"github.com/mandate-dev/mandate/internal/agent"
	"github.com/mandate-dev/mandate/internal/hook"
)

// Agent is Copilot CLI.
var Agent = &agent.Agent{
	Name:    hook.Copilot,
	Display: "Copilot CLI",
	Hook:    Adapter{},
	Shapes: []hook.Shape{
		// The camelCase shape, or a numeric timestamp (epoch milliseconds).
		{Rank: 20, Match: func(f hook.Fields) bool { return f.HasAny("toolName", "toolArgs", "toolResult", "sessionId") }},
		{Rank: 21, Match: func(f hook.Fields) bool { t := f.Timestamp(); return t == '-' || t >= '0' && t <= '9' }},
		// The VS Code-compatible PascalCase shape: an ISO-string
		// timestamp that Gemini CLI's shape did not claim.
		{Rank: 51, Match: func(f hook.Fields) bool { return f.Timestamp() == '"' }},
	},
	Binaries:    []string{"copilot"},
	ProjectDirs: []string{".github/hooks"},
	UserDirs:    []string{".copilot"},
	Install: agent.Install{
		Layout:  agent.Flat,
		Events:  []string{"preToolUse", "postToolUse", "sessionStart", "sessionEnd"},
		PreTool: "preToolUse",
		Syntax: agent.Syntax{Comments: false,
			Strict:   "Copilot CLI (1.0.102) ignores a hooks file with comments, so Mandate's hook would never run",
			Trailing: "a trailing comma is not JSON, and Copilot CLI ignored a hooks file that was not plain JSON"},
		Project: func(e agent.Env) string { return filepath.Join(e.Repo, ".github", "hooks", "mandate.json") },
		User: func(e agent.Env) string {
			return filepath.Join(e.Dir("COPILOT_HOME", ".copilot"), "hooks", "mandate.json")
		},
		Handler: func(cmd, event string) []agent.Member {
			return agent.Members("type", "command", "bash", cmd+" "+event, "timeoutSec", agent.Timeout)
		},
		Note:            "Copilot CLI loads repository hooks only in a trusted folder: start copilot in the repository and trust it for future sessions (recorded in ~/.copilot/config.json).",
		DisableAllHooks: true,
	},
	Configs: configs,
	Trust:   trust,
}

// trust checks that Copilot CLI trusts the repository of a project
// installation.
func trust(e agent.Env, in agent.Installed) []agent.Problem {
	if in.Scope != agent.Project {
		return nil
	}
	cfg := filepath.Join(e.Dir("COPILOT_HOME", ".copilot"), "config.json")
	m, _ := e.ReadJSON(cfg)
	for _, key := range []string{"trusted_folders", "trustedFolders"} {
		list, _ := m[key].([]any)
		for _, v := range list {
			if s, ok := v.(string); ok && agent.Within(e.Repo, s) {
				return nil
			}
		}
	}
	return []agent.Problem{{Severity: agent.Error,
		Message: fmt.Sprintf("Copilot CLI loads repository hooks only in a trusted folder, and %s does not list %s in trusted_folders: the hooks silently do not run", cfg, e.Repo),
		Fix:     "start copilot in the repository and trust it for future sessions (CI: COPILOT_ALLOW_ALL=true), or install with --user"}}
}
