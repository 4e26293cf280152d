package policy

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Mandate's own environment given to a Mandate binary (red-team round 18
// #62, #63). Mandate's read-only subcommands are judged by their
// arguments (mandate.go), but the environment chooses what they open as
// well: MANDATE_POLICY the policy file, MANDATE_HOME, XDG_STATE_HOME and
// HOME the state directory (the evidence log, its keys, the engine's
// socket), XDG_CONFIG_HOME the agents' configuration, MANDATE_GROUPS the
// identity a check decides for. What each variable makes Mandate do is
// the table below (data); every variable of it that the line sets for a
// Mandate invocation is judged:
//
//   - a file Mandate reads (MANDATE_POLICY): a read of that path, which
//     the analysis reports for every program (shell envfiles.go), so
//     block_paths and the credential stores apply; nothing more here;
//   - a state directory, or what one is made from: the directory it names
//     must be one of the installation's (Options.StateDirs, the home's
//     default); any other is a directory a subcommand would open (the
//     engine, keys and log of another installation) — denied;
//   - the home or configuration home: the real one only;
//   - the identity: denied (a check would decide for someone else).
//
// A value not known before the line runs could be anything: denied.

type mandateEnvKind uint8

const (
	menvRead      mandateEnvKind = iota + 1 // a file Mandate reads (judged as a read by the analysis)
	menvStateDir                            // the state directory itself (relative: from the command's cwd)
	menvStateBase                           // $VAR/mandate is the state directory (only when absolute)
	menvHome                                // the home directory (its .local/state/mandate)
	menvConfig                              // the configuration home ($HOME/.config)
	menvIdentity                            // who the decision is for
	menvInert                               // read, changes nothing an agent could use
)

var mandateEnvVars = &lazy.Value[map[string]mandateEnvKind]{New: func() map[string]mandateEnvKind {
	return map[string]mandateEnvKind{
		"MANDATE_POLICY":   menvRead,
		"MANDATE_HOME":     menvStateDir,
		"XDG_STATE_HOME":   menvStateBase,
		"HOME":             menvHome,
		"XDG_CONFIG_HOME":  menvConfig,
		"MANDATE_GROUPS":   menvIdentity,
		"MANDATE_RESIDENT": menvInert, // "off": answered in-process
	}
}}

// mandateEnv denies c, an invocation of Mandate, when the environment the
// line gives it makes Mandate open another installation's state or
// decide as someone else.
func (ev *evaluation) mandateEnv(c *shell.Command) {
	for _, kv := range c.Env {
		name, val, _ := strings.Cut(kv, "=")
		kind, ok := mandateEnvVars.Get()[name]
		if !ok || kind == menvRead || kind == menvInert {
			continue
		}
		if why := ev.mandateEnvWhy(c, kind, name, val); why != "" {
			ev.deny(groupSelf, "no-disable", c.Line, fmt.Sprintf("%q runs Mandate with %s=%s: %s; an agent may not point Mandate at another state directory, home or identity", c.Line, name, val, why))
			return
		}
	}
}

// mandateEnvWhy says why name=val, given to Mandate, is not the
// installation's own, or "".
func (ev *evaluation) mandateEnvWhy(c *shell.Command, kind mandateEnvKind, name, val string) string {
	if dynamicWord(val) {
		return "a value not known before the line runs"
	}
	if kind == menvIdentity {
		if strings.TrimSpace(val) == "" {
			return ""
		}
		return "the groups a decision is made for"
	}
	if val == "" {
		return "" // unset: Mandate falls back to the next rule
	}
	abs := val
	if strings.HasPrefix(abs, "~/") || abs == "~" {
		if ev.home == "" {
			return "a directory under a home that is not known"
		}
		abs = path.Join(ev.home, strings.TrimPrefix(abs, "~"))
	}
	switch kind {
	case menvStateBase, menvHome, menvConfig:
		if !path.IsAbs(abs) {
			if kind == menvStateBase {
				return "" // Mandate ignores a relative XDG_STATE_HOME
			}
			return "a relative directory"
		}
	}
	abs = absIn(c.Cwd, ev.cwd, abs)
	state := abs
	switch kind {
	case menvStateBase:
		state = path.Join(abs, "mandate")
	case menvHome:
		if abs == ev.home {
			return ""
		}
		state = path.Join(abs, ".local/state/mandate")
	case menvConfig:
		if ev.home != "" && abs == path.Join(ev.home, ".config") {
			return ""
		}
		return "not the configuration home of " + ev.home
	}
	dirs := ev.stateDirs()
	if slices.Contains(dirs, state) {
		return ""
	}
	if r, err := ev.resolve(state); err == nil && slices.Contains(dirs, r) {
		return ""
	}
	return "the state directory would be " + state + ", not the installation's"
}
