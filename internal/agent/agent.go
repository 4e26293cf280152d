// Package agent is the registry of the coding agents Mandate governs. An
// agent's package (internal/agent/claude, …/codex, …/gemini, …/copilot,
// …/cursor, …/hermes) states everything Mandate knows about it in one
// Agent value: its hook protocol, the payload shapes that are its own,
// where its settings live and what Mandate's hooks look like there, how
// doctor checks that the agent will really run them, and the files
// self-protection must guard. internal/agent/agents registers the built-in
// agents; install, doctor, hook detection and self-protection loop over
// the registry, so adding an agent is writing its package and naming it
// there. An agent's configuration files (Configs) are one table in its
// package, the source of both self-protection and the gate's pins.
//
// # Contract
//
// Register is called from init functions only, before any hook is
// decoded or any policy prepared: it hands an agent's detection shapes to
// hook (hook.AddShape) and its protected files to policy
// (policy.ProtectAgent), which cannot import this package (hook and
// policy sit below it); the gate reads Configs from the registry. The
// registry is read-only once main starts, so it needs no lock. Names are unique; a second agent of the same name panics.
//
// The package holds data and small helpers only: reading and editing
// settings files is install's, deciding is policy's.
package agent

import (
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// An Agent is everything Mandate knows about one coding agent.
type Agent struct {
	// Name is the agent's command-line name (mandate hook <name>).
	Name string
	// Display is how the agent calls itself ("Claude Code").
	Display string
	// Hook speaks the agent's hook protocol.
	Hook hook.Adapter
	// Shapes are the payload shapes that name this agent (see hook.Detect).
	Shapes []hook.Shape
	// Binaries are the agent's program names, looked up on PATH.
	Binaries []string
	// ProjectDirs and UserDirs are files or directories, relative to the
	// repository and to the home directory, whose presence means the
	// agent is used here.
	ProjectDirs, UserDirs []string
	// Install is where the agent reads hooks and what Mandate's look like.
	Install Install
	// Trust, if set, is what doctor checks beyond the settings file: that
	// the agent trusts the folder, has approved the hooks, has not switched
	// hooks off elsewhere.
	Trust func(env Env, in Installed) []Problem
	// Configs are the files and directories the agent loads as
	// configuration that can run code (configs.go): self-protection
	// guards them and the gate pins them.
	Configs []Config
}

var registry []*Agent

// Register adds agents to the registry, in order. It is called from init
// functions (see the package doc).
func Register(agents ...*Agent) {
	for _, a := range agents {
		if _, ok := Lookup(a.Name); ok {
			panic("agent: " + a.Name + " registered twice")
		}
		registry = append(registry, a)
		for _, s := range a.Shapes {
			s.Agent = a.Name
			hook.AddShape(s)
		}
		files := PolicyFiles(a.Configs)
		files.Name = a.Name
		policy.ProtectAgent(files)
	}
}

// All returns the registered agents, in registration order.
func All() []*Agent { return registry }

// Lookup returns the agent named name.
func Lookup(name string) (*Agent, bool) {
	for _, a := range registry {
		if a.Name == name {
			return a, true
		}
	}
	return nil, false
}

// Adapter returns the hook adapter of the agent named name (the shape of
// hook.RunOptions.Lookup).
func Adapter(name string) (hook.Adapter, bool) {
	if a, ok := Lookup(name); ok {
		return a.Hook, true
	}
	return nil, false
}

// Names lists the registered agents' names, in registration order.
func Names() []string {
	out := make([]string, len(registry))
	for i, a := range registry {
		out[i] = a.Name
	}
	return out
}
