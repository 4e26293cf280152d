package install

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/mandate-dev/mandate/internal/hook"
)

// Scope is where hooks are installed.
type Scope string

// The scopes.
const (
	Project Scope = "project" // the repository's settings, shared with the team
	User    Scope = "user"    // the user's settings, all repositories
)

// Timeout is the agent-side timeout of each hook, in seconds. It is above
// the hook's own budget (hook.DefaultBudget) so that Mandate answers deny
// before the agent gives up and runs the tool.
const Timeout = 30

// Errors.
var (
	ErrAgent = errors.New("install: unknown agent")
	ErrScope = errors.New("install: scope not supported for this agent")
	ErrParse = errors.New("install: cannot use the settings file")
)

// Options say what to install where.
type Options struct {
	Agent string
	// Scope defaults to DefaultScope(Agent).
	Scope Scope
	// Home is the user's home directory; Repo is the repository root.
	Home, Repo string
	// Exe is the absolute path of the program a user install's hooks run
	// (the caller checks it is Mandate: CheckMandate). A project install
	// writes the bare mandate (see HookCommand) and ignores Exe.
	Exe string
	// Getenv reads CODEX_HOME, COPILOT_HOME, HERMES_HOME and
	// CLAUDE_CONFIG_DIR; nil means none is set.
	Getenv func(string) string
}

// Result says what Install or Uninstall did.
type Result struct {
	Path  string `json:"path"`
	Scope Scope  `json:"scope"`
	// Command is the hook command Install registered.
	Command string `json:"command,omitempty"`
	Changed bool   `json:"changed"`
	// Removed is set when Uninstall deleted a file that became empty.
	Removed bool `json:"removed,omitempty"`
	// Notes are what the user must still do for the hooks to run.
	Notes []string `json:"notes,omitempty"`
}

type layout int

const (
	nested    layout = iota // event → [{matcher, hooks: [handler]}] (Claude Code, Codex, Gemini CLI)
	flat                    // event → [handler] (Copilot CLI, Cursor), with "version": 1
	yamlHooks               // Hermes config.yaml hooks: event → [handler]
)

// syntax is what an agent's loader accepts in its JSON settings beyond
// plain JSON, and what it does otherwise: each was tried against the
// pinned agents (scripts/install-agents.sh) with a hook that denies
// everything, and a file the agent ignores lets every tool call run.
type syntax struct {
	comments bool
	// strict says why a comment is refused (when !comments);
	// trailing, why a trailing comma is.
	strict, trailing string
}

var syntaxes = map[string]syntax{
	hook.Claude: {false,
		"Claude Code (2.1.330) ignores the hooks of a settings file with comments, so Mandate's hook would never run",
		"Claude Code (2.1.330) ignores the hooks of a settings file with one, so Mandate's hook would never run"},
	hook.Codex: {false,
		"Codex (0.169.0) ignores a hooks.json with comments, so Mandate's hook would never run",
		"a trailing comma is not JSON, and Codex ignored a hooks.json that was not plain JSON"},
	hook.Gemini: {true, "",
		"Gemini CLI (0.61.0) refuses to start with a settings file that has one"},
	hook.Copilot: {false,
		"Copilot CLI (1.0.102) ignores a hooks file with comments, so Mandate's hook would never run",
		"a trailing comma is not JSON, and Copilot CLI ignored a hooks file that was not plain JSON"},
	hook.Cursor: {false,
		"Cursor documents hooks.json as JSON, and Mandate has not verified that Cursor reads a file with comments",
		"a trailing comma is not JSON, which Cursor documents hooks.json as"},
}

type spec struct {
	agent  string
	layout layout
	events []string
	// tool events get matcher "*" in the nested layout.
	tool    map[string]bool
	syntax  syntax
	project func(o Options) string
	user    func(o Options) string
	handler func(cmd, event string) jobj
	notes   func(o Options, path string) []string
}

func env(o Options, k string) string {
	if o.Getenv == nil {
		return ""
	}
	return o.Getenv(k)
}

func homeDir(o Options, envVar, dflt string) string {
	if d := env(o, envVar); d != "" {
		return d
	}
	return filepath.Join(o.Home, dflt)
}

func commandHandler(cmd, event string) jobj {
	return jobj{{"type", jstr("command")}, {"command", jstr(cmd)}, {"timeout", jint(Timeout)}}
}

func specFor(agent string) (spec, bool) {
	switch agent {
	case hook.Claude:
		return spec{
			agent: agent, layout: nested, syntax: syntaxes[agent],
			events:  []string{"PreToolUse", "PostToolUse", "PostToolUseFailure", "SessionStart", "SessionEnd"},
			tool:    map[string]bool{"PreToolUse": true, "PostToolUse": true, "PostToolUseFailure": true},
			project: func(o Options) string { return filepath.Join(o.Repo, ".claude", "settings.json") },
			user: func(o Options) string {
				return filepath.Join(homeDir(o, "CLAUDE_CONFIG_DIR", ".claude"), "settings.json")
			},
			handler: commandHandler,
			notes: func(o Options, path string) []string {
				return []string{"Claude Code holds back settings-file hooks until the workspace trust dialog is accepted: open claude in the repository once and accept it (mandate doctor checks this)."}
			},
		}, true
	case hook.Codex:
		return spec{
			agent: agent, layout: nested, syntax: syntaxes[agent],
			events:  []string{"PreToolUse", "PostToolUse", "SessionStart"},
			tool:    map[string]bool{"PreToolUse": true, "PostToolUse": true},
			project: func(o Options) string { return filepath.Join(o.Repo, ".codex", "hooks.json") },
			user:    func(o Options) string { return filepath.Join(homeDir(o, "CODEX_HOME", ".codex"), "hooks.json") },
			handler: commandHandler,
			notes: func(o Options, path string) []string {
				return []string{"Codex skips hooks silently until they are trusted: run codex, open /hooks and trust the Mandate hooks (CI: codex exec --dangerously-bypass-hook-trust); project hooks also need the project trusted in ~/.codex/config.toml."}
			},
		}, true
	case hook.Gemini:
		return spec{
			agent: agent, layout: nested, syntax: syntaxes[agent],
			events:  []string{"BeforeTool", "AfterTool", "SessionStart", "SessionEnd"},
			tool:    map[string]bool{"BeforeTool": true, "AfterTool": true},
			project: func(o Options) string { return filepath.Join(o.Repo, ".gemini", "settings.json") },
			user:    func(o Options) string { return filepath.Join(o.Home, ".gemini", "settings.json") },
			handler: func(cmd, event string) jobj {
				return jobj{{"type", jstr("command")}, {"name", jstr("mandate")}, {"command", jstr(cmd)}, {"timeout", jint(Timeout * 1000)}}
			},
			notes: func(o Options, path string) []string {
				return []string{"Gemini CLI runs project hooks only in a trusted folder: trust the repository when Gemini asks (it is recorded in ~/.gemini/trustedFolders.json)."}
			},
		}, true
	case hook.Copilot:
		return spec{
			agent: agent, layout: flat, syntax: syntaxes[agent],
			events:  []string{"preToolUse", "postToolUse", "sessionStart", "sessionEnd"},
			project: func(o Options) string { return filepath.Join(o.Repo, ".github", "hooks", "mandate.json") },
			user: func(o Options) string {
				return filepath.Join(homeDir(o, "COPILOT_HOME", ".copilot"), "hooks", "mandate.json")
			},
			handler: func(cmd, event string) jobj {
				return jobj{{"type", jstr("command")}, {"bash", jstr(cmd + " " + event)}, {"timeoutSec", jint(Timeout)}}
			},
			notes: func(o Options, path string) []string {
				return []string{"Copilot CLI loads repository hooks only in a trusted folder: start copilot in the repository and trust it for future sessions (recorded in ~/.copilot/config.json)."}
			},
		}, true
	case hook.Cursor:
		return spec{
			agent: agent, layout: flat, syntax: syntaxes[agent],
			events:  []string{"preToolUse", "postToolUse", "sessionStart", "sessionEnd"},
			project: func(o Options) string { return filepath.Join(o.Repo, ".cursor", "hooks.json") },
			user:    func(o Options) string { return filepath.Join(o.Home, ".cursor", "hooks.json") },
			handler: func(cmd, event string) jobj {
				h := jobj{{"command", jstr(cmd)}, {"timeout", jint(Timeout)}}
				if event == "preToolUse" {
					h = append(h, jkv{"failClosed", jbool(true)})
				}
				return h
			},
			notes: func(o Options, path string) []string {
				return []string{"Cursor runs project hooks only in a trusted workspace; Mandate cannot check Cursor's trust state, so confirm the workspace is trusted."}
			},
		}, true
	case hook.Hermes:
		return spec{
			agent: agent, layout: yamlHooks,
			events: []string{"pre_tool_call", "post_tool_call", "on_session_start", "on_session_end"},
			user:   func(o Options) string { return filepath.Join(homeDir(o, "HERMES_HOME", ".hermes"), "config.yaml") },
			notes: func(o Options, path string) []string {
				return []string{"Hermes asks for consent before a new hook first runs, and non-interactive runs skip unapproved hooks silently: run hermes once interactively and approve the Mandate hooks (mandate doctor checks ~/.hermes/shell-hooks-allowlist.json)."}
			},
		}, true
	}
	return spec{}, false
}

// DefaultScope is the scope Install uses when none is given: Project,
// or User for an agent without project settings (Hermes).
func DefaultScope(agent string) Scope {
	if sp, ok := specFor(agent); ok && sp.project == nil {
		return User
	}
	return Project
}

// resolve returns the settings file and the scope for o.
func resolve(o Options) (spec, string, Scope, error) {
	sp, ok := specFor(o.Agent)
	if !ok {
		return sp, "", "", fmt.Errorf("%w %q (want one of %s)", ErrAgent, o.Agent, strings.Join(hook.Names, ", "))
	}
	scope := o.Scope
	if scope == "" {
		scope = DefaultScope(o.Agent)
	}
	switch scope {
	case Project:
		if sp.project == nil {
			return sp, "", scope, fmt.Errorf("%w: %s has no project settings; use --user", ErrScope, o.Agent)
		}
		if o.Repo == "" {
			return sp, "", scope, errors.New("install: no repository directory")
		}
		return sp, sp.project(o), scope, nil
	case User:
		if o.Home == "" {
			return sp, "", scope, errors.New("install: no home directory")
		}
		return sp, sp.user(o), scope, nil
	}
	return sp, "", scope, fmt.Errorf("%w: %q", ErrScope, scope)
}

// Path returns the settings file Install writes for agent at scope.
func Path(o Options) (string, error) {
	_, path, _, err := resolve(o)
	return path, err
}

// Install adds Mandate's hooks to the agent's settings file, editing it in
// place (see the package doc); nothing is written when they are already
// there.
func Install(o Options) (Result, error) {
	sp, path, scope, err := resolve(o)
	if err != nil {
		return Result{}, err
	}
	if scope == User && !filepath.IsAbs(o.Exe) {
		return Result{}, fmt.Errorf("install: a user install's hook command needs the absolute path of the mandate binary, got %q", o.Exe)
	}
	cmd := HookCommand(scope, o.Exe, o.Agent)
	res := Result{Path: path, Scope: scope, Command: cmd, Notes: sp.notes(o, path)}
	old, err := readSettings(path, true)
	if err != nil {
		return res, err
	}
	var out []byte
	if sp.layout == yamlHooks {
		out, err = installYAML(path, old, sp, cmd)
	} else {
		out, err = installJSONFile(path, old, sp, cmd)
	}
	if err != nil {
		return res, err
	}
	if old != nil && bytes.Equal(out, old) {
		return res, nil
	}
	if err := writeFile(path, out); err != nil {
		return res, err
	}
	res.Changed = true
	return res, nil
}

// Uninstall removes Mandate's hooks (and only them) from the agent's
// settings file; a file that install created is deleted.
func Uninstall(o Options) (Result, error) {
	sp, path, scope, err := resolve(o)
	if err != nil {
		return Result{}, err
	}
	res := Result{Path: path, Scope: scope}
	old, err := readSettings(path, true)
	if err != nil || old == nil {
		return res, err
	}
	var out []byte
	var remove bool
	if sp.layout == yamlHooks {
		out, remove, err = uninstallYAML(path, old, sp)
	} else {
		out, remove, err = uninstallJSONFile(path, old, sp)
	}
	if err != nil {
		return res, err
	}
	if remove {
		res.Changed, res.Removed = true, true
		if err := removeFile(path); err != nil {
			return res, err
		}
		removeEmptyDirs(filepath.Dir(path), o.Repo, o.Home)
		return res, nil
	}
	if bytes.Equal(out, old) {
		return res, nil
	}
	res.Changed = true
	return res, writeFile(path, out)
}

// removeEmptyDirs removes dir and its parents while they are empty, up to
// (not including) the repository or home directory that contains them:
// the directories Install created for a settings file go with it.
func removeEmptyDirs(dir string, roots ...string) {
	for {
		inside := false
		for _, r := range roots {
			if r != "" && dir != filepath.Clean(r) && strings.HasPrefix(dir, filepath.Clean(r)+string(filepath.Separator)) {
				inside = true
			}
		}
		if !inside || os.Remove(dir) != nil {
			return
		}
		_ = syncDir(filepath.Dir(dir))
		dir = filepath.Dir(dir)
	}
}
