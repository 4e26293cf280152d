package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Coding agents run by the agent. A nested agent decides and runs actions
// of its own that no one analyses here: its run is opaque (a human
// decides). The policy denies one run with its hooks, permissions or
// settings switched off (internal/policy/nested.go reads its flags and
// Command.Env).

// agentCLIs are the coding agents' programs, by name (npx @scope/pkg runs
// the package's program name).
const agentCLIs = "claude claude-code codex gemini gemini-cli copilot cursor-agent aider aider-chat opencode hermes goose amp " +
	"qwen qwen-code crush cline kiro kiro-cli openhands plandex pdx codebuff droid gptme sgpt interpreter open-interpreter " +
	"auggie jules continue cn kimi windsurf"

var agentSet = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(agentCLIs) {
		m[n] = true
	}
	return m
}}

// IsAgentCLI reports whether a command named name (Command.Name) runs a
// coding agent: a program of agentCLIs, or Amazon Q's q chat, cursor
// agent, gh copilot.
func IsAgentCLI(name string, args []string) bool {
	if agentSet.Get()[name] {
		return true
	}
	if name != "q" && name != "cursor" && name != "gh" {
		return false
	}
	first := ""
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			first = a
			break
		}
	}
	switch name {
	case "q":
		return first == "chat"
	case "cursor":
		return first == "agent"
	case "gh":
		return first == "copilot"
	}
	return false
}

// nestedAgent reports a run of another coding agent.
func (c *cmd) nestedAgent() bool {
	if !agentSet.Get()[c.name] && c.name != "q" && c.name != "cursor" && c.name != "gh" {
		return false // IsAgentCLI's answer for any arguments: no list to build
	}
	if c.direct && posixSpecialBuiltins[c.name] {
		return false // continue run by the shell is its builtin (enable -n is opaque)
	}
	args := make([]string, len(c.args))
	for i, f := range c.args {
		args[i] = f.s
	}
	if !IsAgentCLI(c.name, args) {
		return false
	}
	if len(args) == 1 && (args[0] == "--version" || args[0] == "-v" || args[0] == "--help" || args[0] == "-h") {
		return false
	}
	c.opaque(c.name + " is a coding agent: the actions it takes are not analysed")
	return true
}
