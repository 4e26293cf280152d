package codex

import "github.com/mandate-dev/mandate/internal/agent"

// configs are where Codex loads configuration that can run code
// (agent.Config): hooks.json and inline [hooks] in config.toml, user and
// (trusted) project, CODEX_HOME moving the user directory; the .env file
// it loads into its environment, which the hook inherits (MANDATE_POLICY,
// MANDATE_HOME, PATH); managed requirements and configuration. The whole
// .codex directory is protected: its execpolicy rules, prompts, skills and
// plugins (which bundle hooks and MCP servers) live there too.
var configs = []agent.Config{
	{Where: agent.Anywhere, Path: ".codex/"},
	{Where: agent.Repo, Path: ".codex/hooks.json", Format: agent.JSON},
	{Where: agent.Repo, Path: ".codex/config.toml", Format: agent.TOML},
	{Where: agent.Home, Path: ".codex/hooks.json", Format: agent.JSON},
	{Where: agent.Home, Path: ".codex/config.toml", Format: agent.TOML, Secrets: true},
	{Where: agent.Home, Path: ".codex/.env", Format: agent.Text},
	{Where: agent.Home, Path: ".codex/plugins/**/hooks.json", Format: agent.JSON},
	{Where: agent.EnvDir, Env: "CODEX_HOME", Path: "hooks.json", Format: agent.JSON},
	{Where: agent.EnvDir, Env: "CODEX_HOME", Path: "config.toml", Format: agent.TOML},
	{Where: agent.EnvDir, Env: "CODEX_HOME", Path: ".env", Format: agent.Text},
	{Where: agent.EnvDir, Env: "CODEX_HOME", Path: "plugins/**/hooks.json", Format: agent.JSON},
	{Where: agent.System, Path: "/etc/codex/"},
	{Where: agent.System, Path: "/etc/codex/requirements.toml", Format: agent.TOML},
	{Where: agent.System, Path: "/etc/codex/config.toml", Format: agent.TOML},
}
