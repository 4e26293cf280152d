package claude

import "github.com/mandate-dev/mandate/internal/agent"

// configs are where Claude Code loads configuration that can run code
// (agent.Config): settings (hooks, disableAllHooks, env, statusLine,
// apiKeyHelper, enabled plugins), user, project, local project and
// managed, CLAUDE_CONFIG_DIR moving the user directory; subagents, skills
// and commands, whose frontmatter registers hooks and whose !`cmd` lines
// run before the prompt (a command file is loaded exactly as a skill:
// anthropics/claude-plugins-official, command-development); MCP servers,
// programs the harness starts outside any tool call (~/.claude.json holds
// the user's and, per project, which of a project's .mcp.json servers
// run); and plugins, which bundle all of these. Cursor and Copilot CLI
// read the settings files too. Not here: CLAUDE.md, rules and output
// styles (instructions), and hook scripts, which the gate pins from the
// settings that name them (hookscripts.go).
var configs = []agent.Config{
	{Where: agent.Anywhere, Path: ".claude/settings*.json"},
	{Where: agent.Repo, Path: ".claude/settings.json", Format: agent.ClaudeSettings},
	{Where: agent.Repo, Path: ".claude/settings.local.json", Format: agent.ClaudeSettings},
	{Where: agent.Home, Path: ".claude/settings.json", Format: agent.ClaudeSettings},
	{Where: agent.Home, Path: ".claude/settings.local.json", Format: agent.ClaudeSettings},
	{Where: agent.EnvDir, Env: "CLAUDE_CONFIG_DIR", Path: "settings.json", Format: agent.ClaudeSettings},

	{Where: agent.Repo, Path: ".claude/agents/**", Format: agent.Text},
	{Where: agent.Repo, Path: ".claude/skills/**", Format: agent.Text},
	{Where: agent.Repo, Path: ".claude/commands/**", Format: agent.Text},
	{Where: agent.Home, Path: ".claude/agents/**", Format: agent.Text},
	{Where: agent.Home, Path: ".claude/skills/**", Format: agent.Text},
	{Where: agent.Home, Path: ".claude/commands/**", Format: agent.Text},
	{Where: agent.EnvDir, Env: "CLAUDE_CONFIG_DIR", Path: "agents/**", Format: agent.Text},
	{Where: agent.EnvDir, Env: "CLAUDE_CONFIG_DIR", Path: "skills/**", Format: agent.Text},
	{Where: agent.EnvDir, Env: "CLAUDE_CONFIG_DIR", Path: "commands/**", Format: agent.Text},

	{Where: agent.Repo, Path: ".mcp.json", Format: agent.JSON},
	{Where: agent.Home, Path: ".claude.json", Format: agent.ClaudeState, Secrets: true},
	{Where: agent.EnvDir, Env: "CLAUDE_CONFIG_DIR", Path: ".claude.json", Format: agent.ClaudeState},

	// Plugins: marketplaces' clones and the installed plugins' cache. The
	// whole tree is protected; its manifests, hooks and MCP files pinned.
	{Where: agent.Home, Path: ".claude/plugins/**/hooks.json", Format: agent.JSON},
	{Where: agent.EnvDir, Env: "CLAUDE_CONFIG_DIR", Path: "plugins/**/hooks.json", Format: agent.JSON},

	{Where: agent.System, Path: "/etc/claude-code/"},
	{Where: agent.System, Path: "/Library/Application Support/ClaudeCode/"},
	{Where: agent.System, Path: "/etc/claude-code/managed-settings.json", Format: agent.JSON, GOOS: "linux"},
	{Where: agent.System, Path: "/etc/claude-code/managed-settings.d/*.json", Format: agent.JSON, GOOS: "linux"},
	{Where: agent.System, Path: "/Library/Application Support/ClaudeCode/managed-settings.json", Format: agent.JSON, GOOS: "darwin"},
	{Where: agent.System, Path: "/Library/Application Support/ClaudeCode/managed-settings.d/*.json", Format: agent.JSON, GOOS: "darwin"},
}
