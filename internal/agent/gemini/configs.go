package gemini

import "github.com/mandate-dev/mandate/internal/agent"

// configs are where Gemini CLI loads configuration that can run code
// (agent.Config): settings, project, user and system; the trusted-folders
// list, which decides whether project hooks run at all; extensions, which
// register hooks and MCP servers and hold the programs those run; custom
// commands, whose !{cmd} lines run a shell command when the command is
// used; subagents; and the .env files it loads into its environment (the
// hook's).
var configs = []agent.Config{
	{Where: agent.Repo, Path: ".gemini/settings.json", Format: agent.JSON},
	{Where: agent.Home, Path: ".gemini/settings.json", Format: agent.JSON, Secrets: true},
	{Where: agent.Home, Path: ".gemini/trustedFolders.json", Format: agent.JSON},
	{Where: agent.Repo, Path: ".gemini/.env", Format: agent.Text},
	{Where: agent.Home, Path: ".gemini/.env", Format: agent.Text},
	// Gemini CLI's walk-up .env search (settings.ts, loadEnvironment): from
	// the start directory up to the root, <dir>/.gemini/.env then
	// <dir>/.env, the first found; else ~/.gemini/.env, ~/.env. Whatever
	// it finds steers the hook (MANDATE_HOME, XDG_STATE_HOME, HOME,
	// MANDATE_POLICY, MANDATE_GROUPS).
	{Where: agent.Repo, Path: ".env", Format: agent.Text, InUse: true},
	{Where: agent.Home, Path: ".env", Format: agent.Text, InUse: true},
	{Where: agent.Ancestors, Path: ".gemini/.env", Format: agent.Text, InUse: true},
	{Where: agent.Ancestors, Path: ".env", Format: agent.Text, InUse: true},
	{Where: agent.Repo, Path: ".gemini/extensions/**", Format: agent.Text},
	{Where: agent.Home, Path: ".gemini/extensions/**", Format: agent.Text},
	{Where: agent.Repo, Path: ".gemini/commands/**", Format: agent.Text},
	{Where: agent.Home, Path: ".gemini/commands/**", Format: agent.Text},
	{Where: agent.Repo, Path: ".gemini/agents/**", Format: agent.Text},
	{Where: agent.Home, Path: ".gemini/agents/**", Format: agent.Text},
	{Where: agent.System, Path: "/etc/gemini-cli/"},
	{Where: agent.System, Path: "/Library/Application Support/GeminiCli/"},
	{Where: agent.System, Path: "/etc/gemini-cli/settings.json", Format: agent.JSON, GOOS: "linux"},
	{Where: agent.System, Path: "/etc/gemini-cli/system-defaults.json", Format: agent.JSON, GOOS: "linux"},
	{Where: agent.System, Path: "/Library/Application Support/GeminiCli/settings.json", Format: agent.JSON, GOOS: "darwin"},
}
