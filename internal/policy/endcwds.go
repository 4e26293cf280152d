package policy

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
)

// Where an exec action leaves its shell, and an action whose working
// directory is not known. An agent that keeps one shell per session
// (Hermes' terminal, Copilot CLI's bash sessions) runs its next call where
// this one's cd left it, while its payload keeps naming the process's
// directory; the caller (the gate) carries Decision.EndCwds into the
// session and decides later calls from there too (hook shellcwd.go).
// Decision.KeepsState is what the line's shell may leave besides its
// directory (functions, aliases, exported variables: shell keptstate.go),
// which an agent that keeps them carries into its next call: the caller
// refuses it for that agent (hook shellcwd.go).
//
// Contract:
//   - an exec action's decision carries every directory its lines' own
//     shell may end in (the union over the lines analysed, the best
//     reading first) and whether it may end elsewhere; other kinds carry
//     none;
//   - an action with CwdUnknown: its command lines are analysed as
//     starting in a directory not known (shell.Options.CwdUnknown), and
//     each relative path a file tool names asks: which file it is cannot
//     be known. An absolute or home-anchored path is judged as usual.

// endCwds puts on d where the exec action's shell may end.
func (ev *evaluation) endCwds(d *Decision) {
	if ev.a == nil || ev.a.Kind != action.Exec {
		return
	}
	for _, an := range ev.analyses {
		for _, c := range an.EndCwds {
			d.EndCwds = appendNew(d.EndCwds, c)
		}
		d.EndCwdUnknown = d.EndCwdUnknown || an.EndCwdUnknown
		for _, s := range an.KeepsState {
			d.KeepsState = appendNew(d.KeepsState, s)
		}
	}
}

// unknownCwdPath asks for a file tool's relative path when the action's
// working directory is not known.
func (ev *evaluation) unknownCwdPath(given string) {
	if !ev.a.CwdUnknown || path.IsAbs(given) || given == "~" || strings.HasPrefix(given, "~/") {
		return
	}
	ev.builtin(groupAnalysis, Ask, "cwd-unknown", given,
		"the path "+given+" is relative to the agent's shell's working directory, which an earlier cd of the session moved where Mandate could not follow: which file it names cannot be known")
}

// MergeKeepsState is what the shell may keep after either of two
// decisions of one call (the union, a's first).
func MergeKeepsState(a, b Decision) []string {
	if len(b.KeepsState) == 0 {
		return a.KeepsState
	}
	out := append([]string(nil), a.KeepsState...)
	for _, s := range b.KeepsState {
		out = appendNew(out, s)
	}
	return out
}

// MergeEndCwds is where the shell may end after either of two decisions
// of one call (the union, a's first).
func MergeEndCwds(a, b Decision) ([]string, bool) {
	if len(b.EndCwds) == 0 {
		return a.EndCwds, a.EndCwdUnknown || b.EndCwdUnknown
	}
	out := append([]string(nil), a.EndCwds...)
	for _, c := range b.EndCwds {
		out = appendNew(out, c)
	}
	return out, a.EndCwdUnknown || b.EndCwdUnknown
}
