package agent

import (
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// Scope is where hooks are installed.
type Scope string

// The scopes.
const (
	Project Scope = "project" // the repository's settings, shared with the team
	User    Scope = "user"    // the user's settings, all repositories
)

// Env is the machine an agent's settings are looked up on.
type Env struct {
	// Home is the user's home directory; Repo is the repository root.
	Home, Repo string
	// Getenv reads the agents' environment variables (CODEX_HOME, …);
	// nil means none is set.
	Getenv func(string) string
	// ReadJSON reads one of the agent's own JSON (or JSONC) files,
	// bounded; set by doctor.
	ReadJSON func(path string) (map[string]any, error)
	// ReadYAML reads a YAML settings file into its top-level node (nil
	// when the file is empty); set by doctor.
	ReadYAML func(path string) (*yaml.Node, error)
}

// Var is the environment variable k, or "".
func (e Env) Var(k string) string {
	if e.Getenv == nil {
		return ""
	}
	return e.Getenv(k)
}

// Dir is the directory the environment variable envVar names, or dflt
// below the home directory.
func (e Env) Dir(envVar, dflt string) string {
	if d := e.Var(envVar); d != "" {
		return d
	}
	return filepath.Join(e.Home, dflt)
}

// Layout is how an agent's settings file lists hooks.
type Layout int

// The layouts.
const (
	Nested    Layout = iota // event → [{matcher, hooks: [handler]}] (Claude Code, Codex, Gemini CLI)
	Flat                    // event → [handler] (Copilot CLI, Cursor), with "version": 1
	YAMLHooks               // Hermes config.yaml hooks: event → [handler]
)

// Syntax is what an agent's loader accepts in its JSON settings beyond
// plain JSON, and what it does otherwise: each was tried against the
// pinned agents (scripts/install-agents.sh) with a hook that denies
// everything, and a file the agent ignores lets every tool call run.
type Syntax struct {
	Comments bool
	// Strict says why a comment is refused (when !Comments); Trailing,
	// why a trailing comma is.
	Strict, Trailing string
}

// A Member is one member of a hook handler's JSON object: its value is a
// string, an int or a bool.
type Member struct {
	Key   string
	Value any
}

// Members is the object of alternating keys and values kv, in order.
func Members(kv ...any) []Member {
	if len(kv)%2 != 0 {
		panic("agent: Members needs a value for every key")
	}
	out := make([]Member, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		out = append(out, Member{Key: kv[i].(string), Value: kv[i+1]})
	}
	return out
}

// Install is where an agent reads its hooks and what Mandate's look like.
type Install struct {
	Layout Layout
	// Events are the events Mandate's hook is registered for; ToolEvents
	// those of them that get matcher "*" in the nested layout.
	Events     []string
	ToolEvents []string
	// PreTool is the event whose hook gates tool calls: a settings file
	// without it governs nothing.
	PreTool string
	Syntax  Syntax
	// Project and User are the settings files of each scope; Project is
	// nil for an agent without project settings.
	Project, User func(Env) string
	// Handler is the handler object that runs cmd for event (JSON layouts).
	Handler func(cmd, event string) []Member
	// Note is what the user must still do for the hooks to run.
	Note string
	// DisableAllHooks says the agent honours "disableAllHooks": true in
	// the settings file; HooksConfig, Gemini CLI's hooksConfig.enabled
	// and hooksConfig.disabled.
	DisableAllHooks, HooksConfig bool
}

// Severity of a problem: an Error means an installed hook would not run
// (a silent fail-open); a Warning needs attention but does not.
const (
	Error   = "error"
	Warning = "warning"
)

// Problem is one reason hooks would not run, with its fix.
type Problem struct {
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Fix      string `json:"fix"`
}

// Installed is Mandate's hooks in one of the agent's settings files, as
// doctor found them.
type Installed struct {
	Scope Scope
	Path  string
	// Events are the events Mandate's hook is registered for; Commands
	// the hook commands found.
	Events, Commands []string
}

// Within reports whether path is dir or below it.
func Within(path, dir string) bool {
	if dir == "" {
		return false
	}
	rel, err := filepath.Rel(filepath.Clean(dir), filepath.Clean(path))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// CommandHandler is the handler most agents take: a command with a
// timeout in seconds (Timeout).
func CommandHandler(cmd, _ string) []Member {
	return Members("type", "command", "command", cmd, "timeout", Timeout)
}

// Timeout is the agent-side timeout of each hook, in seconds
// (hookwire.HookTimeout). It is above the front's deadline for a hook
// call (hookwire.FrontDeadline), itself above the hook's own budget
// (hook.DefaultBudget), so that Mandate answers deny before the agent
// gives up and runs the tool.
const Timeout = int(hookwire.HookTimeout / time.Second)
