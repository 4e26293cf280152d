package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Nested agents. A coding agent the agent runs (claude -p …, codex exec,
// gemini, copilot, cursor-agent, aider, …) takes actions of its own: the
// shell analysis reports its run as opaque (ask). Run with its hooks,
// permission checks or settings switched off — a flag that bypasses
// approvals or permissions, settings that may disable hooks, or an
// environment that points it at another configuration directory, which
// has no Mandate hooks — it escapes governance entirely: deny.

// agentBypassFlags are the options (exact, or --name=value) that switch
// a nested agent's permissions or hooks off, for any agent.
var agentBypassFlags = []string{
	"--dangerously-skip-permissions", "--dangerously-bypass-approvals-and-sandbox", "--yolo",
	"--allow-all-tools", "--allow-all-paths", "--allow-all", "--yes-always", "--auto-approve", "--trust-all-tools",
	"--no-sandbox", "--bypass-permissions", "--skip-permissions",
}

// agentBypassValues are option values that do the same (--approval-mode
// yolo, --permission-mode bypassPermissions, -a never, --sandbox
// danger-full-access).
var agentBypassValues = &lazy.Value[map[string][]string]{New: func() map[string][]string {
	return map[string][]string{
		"--approval-mode":    {"yolo"},
		"--permission-mode":  {"bypassPermissions"},
		"--ask-for-approval": {"never"},
		"-a":                 {"never"},
		"--sandbox":          {"danger-full-access"},
		"-s":                 {"danger-full-access"},
	}
}}

// agentShortBypass are short options that bypass approvals for the agent
// named.
var agentShortBypass = &lazy.Value[map[string][]string]{New: func() map[string][]string {
	return map[string][]string{
		"gemini": {"-y"}, "gemini-cli": {"-y"}, "cursor-agent": {"-f", "--force"}, "cursor": {"-f", "--force"},
		"aider": {"--yes"}, "aider-chat": {"--yes"}, "sgpt": {"--no-interaction"}, "interpreter": {"-y", "--auto_run"},
		"open-interpreter": {"-y", "--auto_run"}, "goose": {"--no-confirm"},
	}
}}

// agentEnvPrefixes name the agents' environment variables; one with a
// suffix of agentEnvSuffixes points the agent at another configuration.
var agentEnvPrefixes = []string{"CLAUDE_", "CODEX_", "GEMINI_", "COPILOT_", "CURSOR_", "OPENCODE_", "HERMES_", "AIDER_", "GOOSE_", "QWEN_", "AMP_", "CRUSH_"}

var agentEnvSuffixes = []string{"_CONFIG_DIR", "_HOME", "_CONFIG", "_SETTINGS", "_SETTINGS_PATH", "_DIR", "_CONFIG_PATH", "_YES_ALWAYS", "_YOLO"}

// nestedAgents judges the coding agents the line runs.
func (ev *evaluation) nestedAgents(an *shell.Analysis) {
	for i := range an.Commands {
		c := &an.Commands[i]
		if !shell.IsAgentCLI(c.Name, c.Args) {
			continue
		}
		if why := agentBypass(c); why != "" {
			ev.builtin(groupSelf, Deny, "nested-agent", c.Line, fmt.Sprintf("%q runs a coding agent %s, so its actions would escape Mandate", c.Line, why))
		}
	}
}

// agentBypass says how a nested agent's command switches governance off,
// or "".
func agentBypass(c *shell.Command) string {
	for i, a := range c.Args {
		if a == "--" {
			break
		}
		k, v, eq := strings.Cut(a, "=")
		if !eq && i+1 < len(c.Args) {
			v = c.Args[i+1]
		}
		for _, f := range agentBypassFlags {
			if k == f {
				return "with " + f
			}
		}
		for _, f := range agentShortBypass.Get()[c.Name] {
			if k == f {
				return "with " + f
			}
		}
		for _, want := range agentBypassValues.Get()[k] {
			if strings.EqualFold(v, want) {
				return "with " + k + " " + want
			}
		}
		switch k {
		case "--settings", "--setting-sources", "--config-dir", "--settings-file", "--user-config", "--profile-dir":
			// settings the line does not show may disable its hooks
			return "with " + k + " (settings that may disable its hooks)"
		case "-c", "--config":
			if c.Name == "codex" && agentCodexConfig(v) {
				return "with -c " + v
			}
		}
	}
	for _, e := range c.Env {
		name, _, _ := strings.Cut(e, "=")
		if name == "HOME" || name == "XDG_CONFIG_HOME" || name == "XDG_DATA_HOME" {
			return "with " + name + " pointing at another configuration"
		}
		for _, p := range agentEnvPrefixes {
			if !strings.HasPrefix(name, p) {
				continue
			}
			for _, s := range agentEnvSuffixes {
				if strings.HasSuffix(name, s) {
					return "with " + name + " pointing at another configuration"
				}
			}
		}
	}
	return ""
}

// agentCodexConfig reports whether a codex -c key=value override turns
// approvals, the sandbox or hooks off.
func agentCodexConfig(kv string) bool {
	k, v, _ := strings.Cut(kv, "=")
	k = strings.ToLower(strings.TrimSpace(k))
	v = strings.Trim(strings.ToLower(strings.TrimSpace(v)), `"'`)
	switch {
	case k == "approval_policy" && v == "never", k == "sandbox_mode" && v == "danger-full-access",
		strings.HasPrefix(k, "hooks"), strings.Contains(k, "notify"):
		return true
	}
	return false
}
