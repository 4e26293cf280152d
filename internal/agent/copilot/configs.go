package copilot

import "github.com/mandate-dev/mandate/internal/agent"

// configs are where Copilot CLI loads configuration that can run code
// (agent.Config): repository hook files, inline hooks in the repository's
// and the user's settings (COPILOT_HOME moves the user directory), its
// MCP servers, and custom agents, whose frontmatter declares MCP servers
// (programs started outside any tool call). The whole ~/.copilot
// directory is protected (plugins, agents, configuration). Copilot CLI
// also runs the repository's Claude Code settings (claude's table).
var configs = []agent.Config{
	{Where: agent.Anywhere, Path: ".github/copilot/settings*.json"},
	{Where: agent.Anywhere, Path: ".copilot/"},
	{Where: agent.Repo, Path: ".github/hooks/*.json", Format: agent.JSON},
	{Where: agent.Repo, Path: ".github/copilot/settings.json", Format: agent.JSON},
	{Where: agent.Repo, Path: ".github/copilot/settings.local.json", Format: agent.JSON},
	{Where: agent.Repo, Path: ".github/agents/**", Format: agent.Text},
	{Where: agent.Home, Path: ".copilot/hooks/*.json", Format: agent.JSON},
	{Where: agent.Home, Path: ".copilot/settings.json", Format: agent.JSON},
	{Where: agent.Home, Path: ".copilot/config.json", Format: agent.JSON},
	{Where: agent.Home, Path: ".copilot/mcp-config.json", Format: agent.JSON, Secrets: true},
	{Where: agent.Home, Path: ".copilot/agents/**", Format: agent.Text},
	{Where: agent.EnvDir, Env: "COPILOT_HOME", Path: "hooks/*.json", Format: agent.JSON},
	{Where: agent.EnvDir, Env: "COPILOT_HOME", Path: "settings.json", Format: agent.JSON},
	{Where: agent.EnvDir, Env: "COPILOT_HOME", Path: "mcp-config.json", Format: agent.JSON},
	{Where: agent.EnvDir, Env: "COPILOT_HOME", Path: "agents/**", Format: agent.Text},
}
