package install

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/mandate-dev/mandate/internal/agent"
	_ "github.com/mandate-dev/mandate/internal/agent/agents" // the built-in agents
)

// Scope is where hooks are installed (agent.Project or agent.User).
type Scope = agent.Scope

// The scopes.
const (
	Project = agent.Project // the repository's settings, shared with the team
	User    = agent.User    // the user's settings, all repositories
)

// Timeout is the agent-side timeout of each hook, in seconds (see
// agent.Timeout).
const Timeout = agent.Timeout

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
	// Written is what was written when Changed and not Removed: the
	// bytes the acceptance of Mandate's own change compares the file
	// with (a file another process replaced is not accepted).
	Written []byte `json:"-"`
	// Notes are what the user must still do for the hooks to run.
	Notes []string `json:"notes,omitempty"`
}

type layout = agent.Layout

const (
	nested    = agent.Nested
	flat      = agent.Flat
	yamlHooks = agent.YAMLHooks
)

// spec is an agent's agent.Install in the form the editors use.
type spec struct {
	agent  string
	layout layout
	events []string
	// tool events get matcher "*" in the nested layout.
	tool    map[string]bool
	syntax  agent.Syntax
	project func(o Options) string
	user    func(o Options) string
	handler func(cmd, event string) jobj
	notes   func(o Options, path string) []string
	// disableAllHooks and hooksConfig are the agent's off switches in
	// the settings file (see agent.Install).
	disableAllHooks, hooksConfig bool
}

func (o Options) env() agent.Env { return agent.Env{Home: o.Home, Repo: o.Repo, Getenv: o.Getenv} }

// jsonMember is an agent.Member's value as JSON.
func jsonMember(m agent.Member) jkv {
	switch v := m.Value.(type) {
	case string:
		return jkv{m.Key, jstr(v)}
	case int:
		return jkv{m.Key, jint(v)}
	case bool:
		return jkv{m.Key, jbool(v)}
	}
	panic(fmt.Sprintf("install: handler member %s has a %T", m.Key, m.Value))
}

func specFor(name string) (spec, bool) {
	a, ok := agent.Lookup(name)
	if !ok {
		return spec{}, false
	}
	in := a.Install
	sp := spec{
		agent: name, layout: in.Layout, events: in.Events, tool: map[string]bool{}, syntax: in.Syntax,
		user:            func(o Options) string { return in.User(o.env()) },
		notes:           func(Options, string) []string { return []string{in.Note} },
		disableAllHooks: in.DisableAllHooks, hooksConfig: in.HooksConfig,
	}
	for _, ev := range in.ToolEvents {
		sp.tool[ev] = true
	}
	if in.Project != nil {
		sp.project = func(o Options) string { return in.Project(o.env()) }
	}
	if in.Handler != nil {
		sp.handler = func(cmd, event string) jobj {
			var h jobj
			for _, m := range in.Handler(cmd, event) {
				h = append(h, jsonMember(m))
			}
			return h
		}
	}
	return sp, true
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
		return sp, "", "", fmt.Errorf("%w %q (want one of %s)", ErrAgent, o.Agent, strings.Join(agent.Names(), ", "))
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
	res.Changed, res.Written = true, out
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
	res.Changed, res.Written = true, out
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
