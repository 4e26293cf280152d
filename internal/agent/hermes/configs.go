package hermes

import "github.com/mandate-dev/mandate/internal/agent"

// configs are where Hermes loads configuration that can run code
// (agent.Config): shell hooks and their consent list, gateway hooks (a
// handler per directory), the .env file it loads; HERMES_HOME moves them.
// Its Python plugins, user and project (./.hermes/plugins, opt-in), run in
// the agent's process and register hooks: protected, not pinned (Python
// writes its compiled files beside them).
var configs = []agent.Config{
	{Where: agent.Home, Path: ".hermes/config.yaml", Format: agent.YAML, Secrets: true},
	{Where: agent.Home, Path: ".hermes/shell-hooks-allowlist.json", Format: agent.JSON},
	{Where: agent.Home, Path: ".hermes/hooks/**", Format: agent.Text},
	{Where: agent.Home, Path: ".hermes/.env", Format: agent.Text},
	{Where: agent.Anywhere, Path: ".hermes/plugins/"},
	{Where: agent.EnvDir, Env: "HERMES_HOME", Path: "config.yaml", Format: agent.YAML},
	{Where: agent.EnvDir, Env: "HERMES_HOME", Path: "shell-hooks-allowlist.json", Format: agent.JSON},
	{Where: agent.EnvDir, Env: "HERMES_HOME", Path: "hooks/**", Format: agent.Text},
	{Where: agent.EnvDir, Env: "HERMES_HOME", Path: ".env", Format: agent.Text},
}
