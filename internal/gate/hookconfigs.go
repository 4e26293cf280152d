package gate

// Where each agent reads its hook configuration (from
// /work/shared/agent-hooks.md, the agents' documentation and source). A
// file here that an agent could rewrite would let it switch Mandate's hook
// off (Claude Code's disableAllHooks, Codex's [features] hooks = false, an
// emptied hooks list), run code no hook sees (a settings env that points
// MANDATE_POLICY elsewhere, a status-line command) or register a hook of
// its own. Every location is protected and integrity-pinned whether or
// not the file exists: a settings.local.json created with disableAllHooks
// is a change like any other.
//
// This is data: adding an agent or a location is a line here.

// configBase says what a location's path is relative to.
type configBase int

const (
	// inRepo is relative to the repository root (and to the directory the
	// session started in, when that is another one: Claude Code reads its
	// project settings from there).
	inRepo configBase = iota + 1
	// inHome is relative to the home directory.
	inHome
	// inEnvDir is relative to the directory an environment variable names,
	// when it is set (CODEX_HOME, COPILOT_HOME, ...).
	inEnvDir
	// absolute is a machine-wide path.
	absolute
	// inAncestors is relative to every directory above the repository
	// root (and above the start directory), up to the file-system root:
	// where an agent's walk-up search for a file goes on when the
	// repository has none (Gemini CLI's .env).
	inAncestors
)

// configFormat says how a configuration file is read to find the Mandate
// programs it registers, and what part of it governs hooks.
type configFormat int

const (
	formatJSON configFormat = iota + 1
	// formatClaudeJSON is a Claude Code settings file: JSON whose
	// permission rule lists and model Claude Code itself rewrites when a
	// person answers a permission prompt with "don't ask again" or picks a
	// model, in the middle of a tool call. Those members are left out of
	// the digest that decides whether the file changed (see govDigest);
	// every other member (hooks, disableAllHooks, env, statusLine,
	// apiKeyHelper, ...) counts.
	formatClaudeJSON
	formatTOML
	formatYAML
	// formatText is a file that registers no Mandate program that can be
	// read (an .env file, a subagent's or skill's Markdown, a hook
	// handler's code): any change to it counts.
	formatText
	// formatClaudeState is Claude Code's state file (~/.claude.json),
	// which Claude Code rewrites all the time: only the MCP servers it
	// starts count (claudeStateGov).
	formatClaudeState
)

// hookConfig is one location of an agent's hook configuration.
type hookConfig struct {
	agent  string
	base   configBase
	env    string // for inEnvDir: the variable naming the directory
	path   string // slash-separated; "*.json", "**" or "**/hooks.json" as the last elements: a directory (hooktrees.go)
	format configFormat
	goos   string // "" for every system, else only there
	// inUse: the location is protected and pinned only while its agent is
	// in use (the session's agent, or one whose hook configuration exists
	// in the repository or the home directory, agentsinuse.go): a plain
	// .env is an everyday file of many projects, and hook configuration
	// only for the agent that loads it into its environment.
	inUse bool
}

var hookConfigs = []hookConfig{
	// Claude Code: user, project, local project, managed; CLAUDE_CONFIG_DIR
	// moves the user directory. Cursor and Copilot CLI read the Claude
	// files too.
	{agent: "claude", base: inRepo, path: ".claude/settings.json", format: formatClaudeJSON},
	{agent: "claude", base: inRepo, path: ".claude/settings.local.json", format: formatClaudeJSON},
	{agent: "claude", base: inHome, path: ".claude/settings.json", format: formatClaudeJSON},
	{agent: "claude", base: inHome, path: ".claude/settings.local.json", format: formatClaudeJSON},
	{agent: "claude", base: inEnvDir, env: "CLAUDE_CONFIG_DIR", path: "settings.json", format: formatClaudeJSON},
	// Subagents and skills register hooks in their frontmatter; MCP
	// servers are programs the harness starts outside any tool call
	// (~/.claude.json holds the user's and, per project, which of a
	// project's .mcp.json servers run).
	{agent: "claude", base: inRepo, path: ".claude/agents/**", format: formatText},
	{agent: "claude", base: inRepo, path: ".claude/skills/**", format: formatText},
	{agent: "claude", base: inHome, path: ".claude/agents/**", format: formatText},
	{agent: "claude", base: inHome, path: ".claude/skills/**", format: formatText},
	{agent: "claude", base: inEnvDir, env: "CLAUDE_CONFIG_DIR", path: "agents/**", format: formatText},
	{agent: "claude", base: inEnvDir, env: "CLAUDE_CONFIG_DIR", path: "skills/**", format: formatText},
	{agent: "claude", base: inRepo, path: ".mcp.json", format: formatJSON},
	// Plugins register hooks and MCP servers (hooktrees.go).
	{agent: "claude", base: inHome, path: ".claude/plugins/**/hooks.json", format: formatJSON},
	{agent: "claude", base: inEnvDir, env: "CLAUDE_CONFIG_DIR", path: "plugins/**/hooks.json", format: formatJSON},
	{agent: "claude", base: inHome, path: ".claude.json", format: formatClaudeState},
	{agent: "claude", base: inEnvDir, env: "CLAUDE_CONFIG_DIR", path: ".claude.json", format: formatClaudeState},
	{agent: "claude", base: absolute, path: "/etc/claude-code/managed-settings.json", format: formatJSON, goos: "linux"},
	{agent: "claude", base: absolute, path: "/etc/claude-code/managed-settings.d/*.json", format: formatJSON, goos: "linux"},
	{agent: "claude", base: absolute, path: "/Library/Application Support/ClaudeCode/managed-settings.json", format: formatJSON, goos: "darwin"},
	{agent: "claude", base: absolute, path: "/Library/Application Support/ClaudeCode/managed-settings.d/*.json", format: formatJSON, goos: "darwin"},

	// Codex: hooks.json and inline [hooks] in config.toml, user and
	// (trusted) project; CODEX_HOME moves the user directory; managed
	// requirements.
	{agent: "codex", base: inRepo, path: ".codex/hooks.json", format: formatJSON},
	{agent: "codex", base: inRepo, path: ".codex/config.toml", format: formatTOML},
	{agent: "codex", base: inHome, path: ".codex/hooks.json", format: formatJSON},
	{agent: "codex", base: inHome, path: ".codex/config.toml", format: formatTOML},
	{agent: "codex", base: inEnvDir, env: "CODEX_HOME", path: "hooks.json", format: formatJSON},
	{agent: "codex", base: inEnvDir, env: "CODEX_HOME", path: "config.toml", format: formatTOML},
	// The .env file Codex loads into its environment, which the hook
	// inherits (MANDATE_POLICY, MANDATE_HOME, PATH).
	{agent: "codex", base: inHome, path: ".codex/.env", format: formatText},
	{agent: "codex", base: inEnvDir, env: "CODEX_HOME", path: ".env", format: formatText},
	{agent: "codex", base: absolute, path: "/etc/codex/requirements.toml", format: formatTOML},
	{agent: "codex", base: absolute, path: "/etc/codex/config.toml", format: formatTOML},

	// Gemini CLI: project, user, system; the trusted-folders list decides
	// whether project hooks run at all.
	{agent: "gemini", base: inRepo, path: ".gemini/settings.json", format: formatJSON},
	{agent: "gemini", base: inHome, path: ".gemini/settings.json", format: formatJSON},
	{agent: "gemini", base: inHome, path: ".gemini/trustedFolders.json", format: formatJSON},
	// The .env files Gemini CLI loads into its environment (the hook's),
	// and extensions, which register hooks and MCP servers and hold the
	// programs those run.
	{agent: "gemini", base: inRepo, path: ".gemini/.env", format: formatText},
	{agent: "gemini", base: inHome, path: ".gemini/.env", format: formatText},
	// Gemini CLI's walk-up .env search (settings.ts, loadEnvironment): from
	// the start directory up to the root, <dir>/.gemini/.env then
	// <dir>/.env, the first found; else ~/.gemini/.env, ~/.env. Whatever
	// it finds steers the hook (MANDATE_HOME, XDG_STATE_HOME, HOME,
	// MANDATE_POLICY, MANDATE_GROUPS).
	{agent: "gemini", base: inRepo, path: ".env", format: formatText, inUse: true},
	{agent: "gemini", base: inHome, path: ".env", format: formatText, inUse: true},
	{agent: "gemini", base: inAncestors, path: ".gemini/.env", format: formatText, inUse: true},
	{agent: "gemini", base: inAncestors, path: ".env", format: formatText, inUse: true},
	{agent: "gemini", base: inRepo, path: ".gemini/extensions/**", format: formatText},
	{agent: "gemini", base: inHome, path: ".gemini/extensions/**", format: formatText},
	{agent: "gemini", base: absolute, path: "/etc/gemini-cli/settings.json", format: formatJSON, goos: "linux"},
	{agent: "gemini", base: absolute, path: "/etc/gemini-cli/system-defaults.json", format: formatJSON, goos: "linux"},
	{agent: "gemini", base: absolute, path: "/Library/Application Support/GeminiCli/settings.json", format: formatJSON, goos: "darwin"},

	// Copilot CLI: repository hook files, inline hooks in the repository's
	// and the user's settings; COPILOT_HOME moves the user directory.
	{agent: "copilot", base: inRepo, path: ".github/hooks/*.json", format: formatJSON},
	{agent: "copilot", base: inRepo, path: ".github/copilot/settings.json", format: formatJSON},
	{agent: "copilot", base: inRepo, path: ".github/copilot/settings.local.json", format: formatJSON},
	{agent: "copilot", base: inHome, path: ".copilot/hooks/*.json", format: formatJSON},
	{agent: "copilot", base: inHome, path: ".copilot/settings.json", format: formatJSON},
	{agent: "copilot", base: inHome, path: ".copilot/config.json", format: formatJSON},
	{agent: "copilot", base: inEnvDir, env: "COPILOT_HOME", path: "hooks/*.json", format: formatJSON},
	{agent: "copilot", base: inEnvDir, env: "COPILOT_HOME", path: "settings.json", format: formatJSON},
	// Copilot CLI's MCP servers, programs it starts outside any tool call.
	{agent: "copilot", base: inHome, path: ".copilot/mcp-config.json", format: formatJSON},
	{agent: "copilot", base: inEnvDir, env: "COPILOT_HOME", path: "mcp-config.json", format: formatJSON},

	// Cursor: project, user, enterprise; MCP servers, project and user.
	{agent: "cursor", base: inRepo, path: ".cursor/hooks.json", format: formatJSON},
	{agent: "cursor", base: inHome, path: ".cursor/hooks.json", format: formatJSON},
	{agent: "cursor", base: inRepo, path: ".cursor/mcp.json", format: formatJSON},
	{agent: "cursor", base: inHome, path: ".cursor/mcp.json", format: formatJSON},
	{agent: "cursor", base: absolute, path: "/etc/cursor/hooks.json", format: formatJSON, goos: "linux"},
	{agent: "cursor", base: absolute, path: "/Library/Application Support/Cursor/hooks.json", format: formatJSON, goos: "darwin"},

	// Hermes: shell hooks and their consent list, gateway hooks (a
	// handler per directory), the .env file it loads; HERMES_HOME moves
	// them.
	{agent: "hermes", base: inHome, path: ".hermes/config.yaml", format: formatYAML},
	{agent: "hermes", base: inHome, path: ".hermes/shell-hooks-allowlist.json", format: formatJSON},
	{agent: "hermes", base: inHome, path: ".hermes/hooks/**", format: formatText},
	{agent: "hermes", base: inHome, path: ".hermes/.env", format: formatText},
	{agent: "hermes", base: inEnvDir, env: "HERMES_HOME", path: "config.yaml", format: formatYAML},
	{agent: "hermes", base: inEnvDir, env: "HERMES_HOME", path: "shell-hooks-allowlist.json", format: formatJSON},
	{agent: "hermes", base: inEnvDir, env: "HERMES_HOME", path: "hooks/**", format: formatText},
	{agent: "hermes", base: inEnvDir, env: "HERMES_HOME", path: ".env", format: formatText},

	// Windsurf (Cascade hooks): workspace, user, system.
	{agent: "windsurf", base: inRepo, path: ".windsurf/hooks.json", format: formatJSON},
	{agent: "windsurf", base: inHome, path: ".codeium/windsurf/hooks.json", format: formatJSON},
	{agent: "windsurf", base: absolute, path: "/etc/windsurf/hooks.json", format: formatJSON, goos: "linux"},
}

// claudeVolatile are the members of a Claude Code settings file that
// Claude Code rewrites itself during a tool call, as paths of object keys.
// They are left out of the file's governance digest.
var claudeVolatile = [][]string{
	{"permissions", "allow"},
	{"permissions", "ask"},
	{"permissions", "deny"},
	{"permissions", "additionalDirectories"},
	{"model"},
}

// turnBoundaries are the events (by agent event name) after which none of
// the session's earlier tool calls is still running, except those started
// in the background: a new user prompt, the end of the agent's turn, the
// next model call of an agent loop.
var turnBoundaries = map[string]bool{
	"UserPromptSubmit":    true, // Claude Code, Codex, Copilot (PascalCase)
	"Stop":                true, // Claude Code, Codex, Copilot (PascalCase)
	"userPromptSubmitted": true, // Copilot
	"agentStop":           true, // Copilot
	"beforeSubmitPrompt":  true, // Cursor
	"stop":                true, // Cursor
	"BeforeAgent":         true, // Gemini CLI
	"AfterAgent":          true, // Gemini CLI
	"pre_llm_call":        true, // Hermes
}

// backgroundInputs are tool-input members that start a command that keeps
// running after the tool call returns (Claude Code's Bash
// run_in_background): such a call stays in flight after its post-tool
// event, until the session ends or the in-flight bound passes.
var backgroundInputs = []string{"run_in_background", "is_background", "background"}

// mandateNames are the base names under which Mandate's binaries are
// looked up on the hook's PATH.
var mandateNames = []string{"mandate", "mandate-engine"}
