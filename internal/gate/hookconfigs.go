package gate

import (
	"sync"

	"github.com/mandate-dev/mandate/internal/agent"
)

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
// Each agent's locations are data in its package (agent.Agent.Configs):
// adding a location is a line there; this file maps them onto the gate's
// pins and lists those of agents Mandate has no hook for.

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

// hookConfigs lists every location: the registered agents' (each agent's
// package states them, agent.Agent.Configs, the same table
// self-protection guards) and otherHookConfigs. The registry is complete
// before main starts (agent.Register runs from init functions).
var hookConfigs = sync.OnceValue(func() []hookConfig {
	var out []hookConfig
	for _, a := range agent.All() {
		for _, c := range a.Configs {
			if h, ok := fromAgent(a.Name, c); ok {
				out = append(out, h)
			}
		}
	}
	return append(out, otherHookConfigs...)
})

// otherHookConfigs are the locations of agents Mandate has no hook for.
var otherHookConfigs = []hookConfig{
	// Windsurf (Cascade hooks): workspace, user, system.
	{agent: "windsurf", base: inRepo, path: ".windsurf/hooks.json", format: formatJSON},
	{agent: "windsurf", base: inHome, path: ".codeium/windsurf/hooks.json", format: formatJSON},
	{agent: "windsurf", base: absolute, path: "/etc/windsurf/hooks.json", format: formatJSON, goos: "linux"},
	{agent: "windsurf", base: inHome, path: ".codeium/windsurf/mcp_config.json", format: formatJSON},
	// Kiro CLI: agents (their hooks), MCP servers; workspace and user.
	{agent: "kiro", base: inRepo, path: ".kiro/agents/*.json", format: formatJSON},
	{agent: "kiro", base: inHome, path: ".kiro/agents/*.json", format: formatJSON},
	{agent: "kiro", base: inRepo, path: ".kiro/settings/mcp.json", format: formatJSON},
	{agent: "kiro", base: inHome, path: ".kiro/settings/mcp.json", format: formatJSON},
}

// fromAgent is the location of an agent's pinned configuration c; false
// when c is not pinned (agent.Config.Pinned).
func fromAgent(name string, c agent.Config) (hookConfig, bool) {
	bases := map[agent.Where]configBase{agent.Repo: inRepo, agent.Home: inHome, agent.EnvDir: inEnvDir,
		agent.System: absolute, agent.Ancestors: inAncestors}
	formats := map[agent.Format]configFormat{agent.JSON: formatJSON, agent.ClaudeSettings: formatClaudeJSON,
		agent.TOML: formatTOML, agent.YAML: formatYAML, agent.Text: formatText, agent.ClaudeState: formatClaudeState}
	b, f := bases[c.Where], formats[c.Format]
	if !c.Pinned() || b == 0 || f == 0 {
		return hookConfig{}, false
	}
	return hookConfig{agent: name, base: b, env: c.Env, path: c.Path, format: f, goos: c.GOOS, inUse: c.InUse}, true
}

// claudeVolatile are the members of a Claude Code settings file that
// Claude Code rewrites itself during a tool call, as paths of object keys.
// They are left out of the file's governance digest. Not among them:
// permissions.additionalDirectories, which makes Claude Code load another
// directory's configuration (its skills, commands, agents; red-team round
// 24 (c), #2): left out, a directory added by anyone would be unseen,
// during a call and with none in flight.
var claudeVolatile = [][]string{
	{"permissions", "allow"},
	{"permissions", "ask"},
	{"permissions", "deny"},
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

// backgroundTools run their command in the background whatever their
// input says: Claude Code's Monitor (v2.1.98+) starts its command and
// returns at once, its post-tool event arriving while the command still
// runs (red-team round 23 (c)), so the call stays in flight as a
// run_in_background Bash call does.
var backgroundTools = map[string]bool{"Monitor": true}

// mandateNames are the base names under which Mandate's binaries are
// looked up on the hook's PATH.
var mandateNames = []string{"mandate", "mandate-engine"}
