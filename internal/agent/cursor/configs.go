package cursor

import "github.com/mandate-dev/mandate/internal/agent"

// configs are where Cursor loads configuration that can run code
// (agent.Config): hooks, project, user and enterprise; MCP servers,
// project and user; and plugins (~/.cursor/plugins, local ones loaded as
// they are), which bundle hooks and MCP servers. Cursor also runs Claude
// Code's settings files (claude's table). Not here: rules, skills and
// commands, which are instructions in Cursor's formats.
var configs = []agent.Config{
	{Where: agent.Repo, Path: ".cursor/hooks.json", Format: agent.JSON},
	{Where: agent.Home, Path: ".cursor/hooks.json", Format: agent.JSON},
	{Where: agent.Repo, Path: ".cursor/mcp.json", Format: agent.JSON},
	{Where: agent.Home, Path: ".cursor/mcp.json", Format: agent.JSON, Secrets: true},
	{Where: agent.Home, Path: ".cursor/plugins/**/hooks.json", Format: agent.JSON},
	{Where: agent.System, Path: "/etc/cursor/"},
	{Where: agent.System, Path: "/etc/cursor/hooks.json", Format: agent.JSON, GOOS: "linux"},
	{Where: agent.System, Path: "/Library/Application Support/Cursor/hooks.json", Format: agent.JSON, GOOS: "darwin"},
}
