// Package agents registers the agents Mandate has built in (claude, codex,
// gemini, copilot, cursor, hermes), in the order commands list them.
// Import it for that side effect; Lookup is agent.Adapter, for callers
// that want a hook.RunOptions.Lookup.
//
// # Contract
//
// Importing the package registers every built-in agent with the agent
// registry exactly once, from init. A new built-in agent is its package
// plus one entry here.
package agents

import (
	"github.com/mandate-dev/mandate/internal/agent"
	"github.com/mandate-dev/mandate/internal/agent/claude"
	"github.com/mandate-dev/mandate/internal/agent/codex"
	"github.com/mandate-dev/mandate/internal/agent/copilot"
	"github.com/mandate-dev/mandate/internal/agent/cursor"
	"github.com/mandate-dev/mandate/internal/agent/gemini"
	"github.com/mandate-dev/mandate/internal/agent/hermes"
	"github.com/mandate-dev/mandate/internal/hook"
)

func init() {
	agent.Register(claude.Agent, codex.Agent, gemini.Agent, copilot.Agent, cursor.Agent, hermes.Agent)
}

// Lookup returns the hook adapter of the agent named name.
func Lookup(name string) (hook.Adapter, bool) { return agent.Adapter(name) }
