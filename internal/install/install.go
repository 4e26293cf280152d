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
	ErrParse = errors.New("install: cannot parse the settings file")
)

// Options say what to install where.
type Options struct {
	Agent string
	// Scope defaults to Project (User for Hermes, which has no project
	// settings).
	Scope Scope
	// Home is the user's home directory; Repo is the repository root.
	Home, Repo string
	// Exe is the absolute path of the mandate binary the hooks run.
	Exe string
	// Getenv reads CODEX_HOME, COPILOT_HOME, HERMES_HOME and
	// CLAUDE_CONFIG_DIR; nil means none is set.
	Getenv func(string) string
}

// Result says what Install or Uninstall did.
type Result struct {
	Path    string `json:"path"`
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

type spec struct {
	agent  string
	layout layout
	events []string
	// tool events get matcher "*" in the nested layout.
	tool    map[string]bool
	project func(o Options) string
	user    func(o Options) string
	handler func(cmd, event string) *node
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

func specFor(agent string) (spec, bool) {
	commandHandler := func(cmd, event string) *node {
		return obj().set("type", str("command")).set("command", str(cmd)).set("timeout", num(Timeout))
	}
	switch agent {
	case hook.Claude:
		return spec{
			agent: agent, layout: nested,
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
			agent: agent, layout: nested,
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
			agent: agent, layout: nested,
			events:  []string{"BeforeTool", "AfterTool", "SessionStart", "SessionEnd"},
			tool:    map[string]bool{"BeforeTool": true, "AfterTool": true},
			project: func(o Options) string { return filepath.Join(o.Repo, ".gemini", "settings.json") },
			user:    func(o Options) string { return filepath.Join(o.Home, ".gemini", "settings.json") },
			handler: func(cmd, event string) *node {
				return obj().set("type", str("command")).set("name", str("mandate")).set("command", str(cmd)).set("timeout", num(Timeout*1000))
			},
			notes: func(o Options, path string) []string {
				return []string{"Gemini CLI runs project hooks only in a trusted folder: trust the repository when Gemini asks (it is recorded in ~/.gemini/trustedFolders.json)."}
			},
		}, true
	case hook.Copilot:
		return spec{
			agent: agent, layout: flat,
			events:  []string{"preToolUse", "postToolUse", "sessionStart", "sessionEnd"},
			project: func(o Options) string { return filepath.Join(o.Repo, ".github", "hooks", "mandate.json") },
			user: func(o Options) string {
				return filepath.Join(homeDir(o, "COPILOT_HOME", ".copilot"), "hooks", "mandate.json")
			},
			handler: func(cmd, event string) *node {
				return obj().set("type", str("command")).set("bash", str(cmd+" "+event)).set("timeoutSec", num(Timeout))
			},
			notes: func(o Options, path string) []string {
				return []string{"Copilot CLI loads repository hooks only in a trusted folder: start copilot in the repository and trust it for future sessions (recorded in ~/.copilot/config.json)."}
			},
		}, true
	case hook.Cursor:
		return spec{
			agent: agent, layout: flat,
			events:  []string{"preToolUse", "postToolUse", "sessionStart", "sessionEnd"},
			project: func(o Options) string { return filepath.Join(o.Repo, ".cursor", "hooks.json") },
			user:    func(o Options) string { return filepath.Join(o.Home, ".cursor", "hooks.json") },
			handler: func(cmd, event string) *node {
				n := obj().set("command", str(cmd)).set("timeout", num(Timeout))
				if event == "preToolUse" {
					n.set("failClosed", boolean(true))
				}
				return n
			},
			notes: func(o Options, path string) []string {
				return []string{"Cursor runs project hooks only in a trusted workspace; Mandate cannot check Cursor's trust state, so confirm the workspace is trusted."}
			},
		}, true
	case hook.Hermes:
		return spec{
			agent: agent, layout: yamlHooks,
			events:  []string{"pre_tool_call", "post_tool_call", "on_session_start", "on_session_end"},
			user:    func(o Options) string { return filepath.Join(homeDir(o, "HERMES_HOME", ".hermes"), "config.yaml") },
			handler: commandHandler, // unused for YAML; see yamlHandler
			notes: func(o Options, path string) []string {
				return []string{"Hermes asks for consent before a new hook first runs, and non-interactive runs skip unapproved hooks silently: run hermes once interactively and approve the Mandate hooks (mandate doctor checks ~/.hermes/shell-hooks-allowlist.json)."}
			},
		}, true
	}
	return spec{}, false
}

// Path returns the settings file Install writes for agent at scope.
func Path(o Options) (string, error) {
	sp, ok := specFor(o.Agent)
	if !ok {
		return "", fmt.Errorf("%w %q (want one of %s)", ErrAgent, o.Agent, strings.Join(hook.Names, ", "))
	}
	scope := o.Scope
	if scope == "" {
		scope = Project
		if sp.project == nil {
			scope = User
		}
	}
	switch scope {
	case Project:
		if sp.project == nil {
			return "", fmt.Errorf("%w: %s has no project settings; use --user", ErrScope, o.Agent)
		}
		if o.Repo == "" {
			return "", errors.New("install: no repository directory")
		}
		return sp.project(o), nil
	case User:
		if o.Home == "" {
			return "", errors.New("install: no home directory")
		}
		return sp.user(o), nil
	}
	return "", fmt.Errorf("%w: %q", ErrScope, scope)
}

// The binaries of an installation (see internal/front): agents and people
// run the front, mandate, which needs mandate-engine beside it or on PATH.
// Versions before the front registered legacyClient, which took the agent
// without "hook"; such entries are still recognised, to be replaced.
const (
	FrontName    = "mandate"
	EngineName   = "mandate-engine"
	legacyClient = "mandate-hook"
)

// HookCommand is the command line an agent runs for Mandate's hook: the
// binary's path (quoted for a POSIX shell when needed), "hook", then the
// agent (and, in the handler, the event for agents whose payload does not
// name it).
func HookCommand(exe, agent string) string {
	return shellQuote(exe) + " hook " + agent
}

func isLegacyClient(exe string) bool { return strings.HasPrefix(filepath.Base(exe), legacyClient) }

// FrontBeside returns mandate in the directory of exe (mandate-engine)
// when an executable one is there, else "".
func FrontBeside(exe string) string {
	if c := filepath.Join(filepath.Dir(exe), FrontName); isExecutableFile(c) {
		return c
	}
	return ""
}

func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@%,=", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shellFields splits a command line the way a POSIX shell would for plain
// words and quotes (no expansions).
func shellFields(s string) []string {
	var out []string
	var cur strings.Builder
	in := false
	var q rune
	for i := 0; i < len(s); i++ {
		c := rune(s[i])
		switch {
		case q == '\'':
			if c == '\'' {
				q = 0
			} else {
				cur.WriteRune(c)
			}
		case q == '"':
			if c == '"' {
				q = 0
			} else if c == '\\' && i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			} else {
				cur.WriteRune(c)
			}
		case c == '\'' || c == '"':
			q, in = c, true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			in = true
		case c == ' ' || c == '\t' || c == '\n':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(c)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

// IsMandateCommand reports whether cmd runs "mandate hook <agent>" (any
// path to a binary whose name starts with "mandate", which includes
// mandate-engine) or an earlier version's "mandate-hook <agent>", and
// returns the binary's path.
func IsMandateCommand(cmd, agent string) (exe string, ok bool) {
	f := shellFields(cmd)
	switch {
	case len(f) >= 2 && isLegacyClient(f[0]) && f[1] == agent:
		return f[0], true
	case len(f) >= 3 && f[1] == "hook" && f[2] == agent && strings.HasPrefix(filepath.Base(f[0]), "mandate") && !isLegacyClient(f[0]):
		return f[0], true
	}
	return "", false
}

// handlerCommand is the command of a handler object, whatever the agent
// calls the field.
func handlerCommand(h *node) string {
	for _, k := range []string{"command", "bash", "powershell"} {
		if s := h.get(k).text(); s != "" {
			return s
		}
	}
	return ""
}

func (sp spec) ours(h *node) bool {
	_, ok := IsMandateCommand(handlerCommand(h), sp.agent)
	return ok
}

func (sp spec) want(cmd, event string) *node {
	h := sp.handler(cmd, event)
	if sp.layout == flat {
		return h
	}
	g := obj()
	if sp.tool[event] {
		g.set("matcher", str("*"))
	}
	return g.set("hooks", arr(h))
}

// Install merges Mandate's hooks into the agent's settings file.
func Install(o Options) (Result, error) {
	path, err := Path(o)
	if err != nil {
		return Result{}, err
	}
	if o.Exe == "" || !filepath.IsAbs(o.Exe) {
		return Result{}, fmt.Errorf("install: the hook command needs the absolute path of the mandate binary, got %q", o.Exe)
	}
	sp, _ := specFor(o.Agent)
	res := Result{Path: path, Notes: sp.notes(o, path)}
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return res, fmt.Errorf("install: %w", err)
	}
	cmd := HookCommand(o.Exe, o.Agent)
	var out []byte
	if sp.layout == yamlHooks {
		out, err = installYAML(old, sp, cmd)
	} else {
		out, err = installJSON(old, sp, cmd)
	}
	if err != nil {
		return res, fmt.Errorf("%s: %w", path, err)
	}
	if bytes.Equal(out, old) {
		return res, nil
	}
	if err := writeFile(path, out); err != nil {
		return res, err
	}
	res.Changed = true
	return res, nil
}

// Uninstall removes Mandate's hooks (and only them) from the agent's
// settings file; a file left empty is deleted.
func Uninstall(o Options) (Result, error) {
	path, err := Path(o)
	if err != nil {
		return Result{}, err
	}
	sp, _ := specFor(o.Agent)
	res := Result{Path: path}
	old, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return res, nil
	}
	if err != nil {
		return res, fmt.Errorf("install: %w", err)
	}
	var out []byte
	var empty bool
	if sp.layout == yamlHooks {
		out, empty, err = uninstallYAML(old, sp)
	} else {
		out, empty, err = uninstallJSON(old, sp)
	}
	if err != nil {
		return res, fmt.Errorf("%s: %w", path, err)
	}
	if empty {
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

func parseSettings(old []byte) (*node, string, error) {
	if len(bytes.TrimSpace(old)) == 0 {
		return obj(), "  ", nil
	}
	root, err := parseJSON(old)
	if err != nil {
		return nil, "", fmt.Errorf("%w (%v); fix it or add the hooks by hand", ErrParse, err)
	}
	if root.kind != 'o' {
		return nil, "", fmt.Errorf("%w: the top level is not an object", ErrParse)
	}
	return root, detectIndent(old), nil
}

func installJSON(old []byte, sp spec, cmd string) ([]byte, error) {
	root, indent, err := parseSettings(old)
	if err != nil {
		return nil, err
	}
	if sp.layout == flat && root.get("version") == nil {
		root.keys = append([]string{"version"}, root.keys...)
		root.vals = append([]*node{num(1)}, root.vals...)
	}
	hooks := root.get("hooks")
	if hooks == nil {
		hooks = obj()
		root.set("hooks", hooks)
	}
	if hooks.kind != 'o' {
		return nil, fmt.Errorf("%w: \"hooks\" is not an object", ErrParse)
	}
	for _, ev := range sp.events {
		want := sp.want(cmd, ev)
		list := hooks.get(ev)
		if list == nil {
			list = arr()
			hooks.set(ev, list)
		}
		if list.kind != 'a' {
			return nil, fmt.Errorf("%w: hooks.%s is not an array", ErrParse, ev)
		}
		var found []*node
		for _, e := range list.vals {
			if sp.layout == flat {
				if sp.ours(e) {
					found = append(found, e)
				}
				continue
			}
			if hs := e.get("hooks"); hs != nil && hs.kind == 'a' {
				for _, h := range hs.vals {
					if sp.ours(h) {
						found = append(found, e)
					}
				}
			}
		}
		if len(found) == 1 && found[0].equal(want) {
			continue
		}
		removeOurs(list, sp)
		list.vals = append(list.vals, want)
	}
	if sp.agent == hook.Gemini {
		hc := root.get("hooksConfig")
		if hc == nil {
			hc = obj()
			root.set("hooksConfig", hc)
		}
		if hc.kind == 'o' {
			if e := hc.get("enabled"); e == nil || e.kind != 'b' || !e.b {
				hc.set("enabled", boolean(true))
			}
		}
	}
	return root.encode(indent), nil
}

// removeOurs drops Mandate's handlers from an event's list, and the groups
// that only held them. It reports whether anything was removed.
func removeOurs(list *node, sp spec) bool {
	removed := false
	kept := list.vals[:0]
	for _, e := range list.vals {
		if sp.layout == flat {
			if sp.ours(e) {
				removed = true
				continue
			}
			kept = append(kept, e)
			continue
		}
		hs := e.get("hooks")
		if hs == nil || hs.kind != 'a' {
			kept = append(kept, e)
			continue
		}
		hk := hs.vals[:0]
		n := len(hs.vals)
		for _, h := range hs.vals {
			if !sp.ours(h) {
				hk = append(hk, h)
			}
		}
		hs.vals = hk
		if len(hk) < n {
			removed = true
			if len(hk) == 0 {
				continue
			}
		}
		kept = append(kept, e)
	}
	list.vals = kept
	return removed
}

func uninstallJSON(old []byte, sp spec) ([]byte, bool, error) {
	root, indent, err := parseSettings(old)
	if err != nil {
		return nil, false, err
	}
	hooks := root.get("hooks")
	if hooks == nil || hooks.kind != 'o' {
		return old, false, nil
	}
	touched := false
	for i := 0; i < len(hooks.keys); i++ {
		list := hooks.vals[i]
		if list.kind != 'a' || !removeOurs(list, sp) {
			continue
		}
		touched = true
		if len(list.vals) == 0 {
			hooks.del(hooks.keys[i])
			i--
		}
	}
	if !touched {
		return old, false, nil
	}
	if len(hooks.keys) == 0 {
		root.del("hooks")
		if sp.agent == hook.Gemini {
			// hooksConfig.enabled was set by Install; with no hooks left in
			// this file it has nothing to enable.
			if hc := root.get("hooksConfig"); hc != nil && len(hc.keys) == 1 && hc.keys[0] == "enabled" {
				root.del("hooksConfig")
			}
		}
	}
	if len(root.keys) == 0 || (sp.layout == flat && len(root.keys) == 1 && root.keys[0] == "version") {
		return nil, true, nil
	}
	return root.encode(indent), false, nil
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
