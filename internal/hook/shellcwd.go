package hook

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy"
)

// A session's persistent shell. An agent that keeps its shell's working
// directory across calls (Protocol.KeepsCwd: Hermes' terminal and file
// tools, Copilot CLI's bash sessions) runs a call where an earlier call's
// cd left it, while every payload names the process's directory. The
// caller (the gate, the hook suite) keeps, per session, the directories
// the session's shell may be in (KeptCwds) and decides each call with
// JudgeKept.
//
// Contract:
//   - an event without ActionsAt (an agent that reports its shell's
//     directory, or keeps none) is decided once, from its payload, and
//     records nothing: nothing extra on its path;
//   - otherwise the call is decided from the payload's directory and from
//     every kept one (Event.ActionsAt), the strictest decision winning;
//     once the kept set is Unknown (more than MaxKeptCwds directories, a
//     command that may end anywhere, a record that cannot be read), from
//     the payload's directory and once more with the actions marked
//     CwdUnknown (a command's relative reads are names in any directory,
//     a file tool's relative path asks);
//   - a call that is allowed or asked adds to the set every directory its
//     command may leave the shell in (policy.Decision.EndCwds), or makes
//     it Unknown (EndCwdUnknown); a move to a directory outside the
//     session's tree (its repository, else the payload's directory), or
//     to one not known, asks: a person sees the cd that carries every
//     later relative path out, even when the calls of one batch are
//     decided in parallel before its record is made;
//   - for an agent that keeps its shell's functions, aliases and exported
//     variables too (Event.KeepsShellState: Hermes), a call whose command
//     may leave any (policy.Decision.KeepsState, from any directory it is
//     decided from) gets Kept.State, the reason the caller denies it
//     (rule persistent-shell-state): Mandate analyses every call as a
//     fresh shell and cannot follow that state into the next one, nor
//     into the steps Hermes' wrapper runs after the command in the same
//     shell (its snapshot, the cwd marker it reads back from the output:
//     traps, exec redirections, exit, set -e, the hash table, a job
//     printing later; red-team round 29). The reason tells the agent how
//     to run the same work without it.

// MaxKeptCwds bounds the directories a session keeps: past it, Unknown.
const MaxKeptCwds = 16

// KeptCwds is where a session's shell may be: Dirs (absolute, clean) or,
// when Unknown, anywhere.
type KeptCwds struct {
	Dirs    []string
	Unknown bool
}

// Has reports whether dir is one of k's directories.
func (k KeptCwds) Has(dir string) bool {
	for _, d := range k.Dirs {
		if d == dir {
			return true
		}
	}
	return false
}

// Add is k with the directories of j added; Unknown past MaxKeptCwds.
func (k KeptCwds) Add(j KeptCwds) KeptCwds {
	out := KeptCwds{Dirs: append([]string(nil), k.Dirs...), Unknown: k.Unknown || j.Unknown}
	for _, d := range j.Dirs {
		if !out.Has(d) {
			out.Dirs = append(out.Dirs, d)
		}
	}
	if len(out.Dirs) > MaxKeptCwds {
		out.Unknown = true
	}
	if out.Unknown {
		out.Dirs = nil
	}
	return out
}

// Kept is the outcome of JudgeKept.
type Kept struct {
	// Decisions are the call's decisions, the payload's directory's first.
	Decisions []policy.Decision
	// New is what the session's shell may be in after the call that it
	// was not known to be in before (nothing when the call moves nothing).
	New KeptCwds
	// Leaves, when not empty, is why the call asks: its command moves the
	// session's shell out of the session's tree or where it is not known.
	Leaves string
	// State, when not empty, is why the call is denied: its command may
	// leave functions, aliases or exported variables the agent keeps.
	State string
}

// keptState is the reason a call of an agent that keeps its shell's
// state is denied, or "" when its command leaves none.
func keptState(ev *Event, ds []policy.Decision) string {
	if !ev.KeepsShellState {
		return ""
	}
	var what []string
	for _, d := range ds {
		for _, s := range d.KeepsState {
			if !slices.Contains(what, s) {
				what = append(what, s)
			}
		}
	}
	if len(what) == 0 {
		return ""
	}
	return "this command " + strings.Join(what, ", ") + ": " + ev.Agent + " keeps functions, aliases and exported variables in its shell for later commands, and runs its own steps after the command in that shell (the snapshot of that state, the directory it reads back from the output), and Mandate cannot follow them there. Set a variable on the command itself (VAR=value cmd), or run the commands that need the definitions, traps, exit or set -e in a subshell ( … ) or with bash -c '…', in this one call; send a background job's output to a file (cmd > log 2>&1 &)"
}

// JudgeKept decides ev with decide (the caller's decision of one set of
// actions) from every directory the session's shell may be in (kept), and
// says what the call adds to the set. root is the session's repository
// ("" for none).
func JudgeKept(ev *Event, kept KeptCwds, root string, decide func(acts []action.Action) policy.Decision) (out Kept) {
	out.Decisions = append(out.Decisions, decide(ev.Actions))
	defer func() { out.State = keptState(ev, out.Decisions) }()
	if ev.ActionsAt == nil {
		return out
	}
	if kept.Unknown {
		out.Decisions = append(out.Decisions, decide(unknownActions(ev)))
		return out // the set is Unknown for good: nothing to add
	}
	for _, dir := range kept.Dirs {
		if dir == filepath.Clean(ev.Cwd) {
			continue
		}
		acts, err := ev.ActionsAt(dir)
		if err != nil {
			// not readable from there: judged as from anywhere
			acts = unknownActions(ev)
		}
		out.Decisions = append(out.Decisions, decide(acts))
	}
	var moved []string
	for _, d := range out.Decisions {
		if d.EndCwdUnknown {
			out.New.Unknown = true
		}
		for _, c := range d.EndCwds {
			c = filepath.Clean(c)
			if c == filepath.Clean(ev.Cwd) || kept.Has(c) {
				continue
			}
			if !filepath.IsAbs(c) {
				out.New.Unknown = true
				continue
			}
			out.New = out.New.Add(KeptCwds{Dirs: []string{c}})
			if !within(c, root, ev.Cwd) {
				moved = append(moved, c)
			}
		}
	}
	if out.New.Unknown {
		out.New.Dirs = nil
		out.Leaves = "this command may leave the agent's shell in a directory Mandate cannot know"
	} else if len(moved) > 0 {
		out.Leaves = fmt.Sprintf("this command leaves the agent's shell in %s, outside the session's repository", strings.Join(moved, ", "))
	}
	if out.Leaves != "" {
		out.Leaves += fmt.Sprintf("; the agent keeps that directory for its later calls (relative paths of its commands and file tools) while it reports %s", ev.Cwd)
	}
	return out
}

// unknownActions is the call's actions as run in a directory not known:
// read from no directory (a relative path stays relative) and marked
// CwdUnknown, with the payload's directory as the best reading.
func unknownActions(ev *Event) []action.Action {
	acts, err := ev.ActionsAt("")
	if err != nil || len(acts) == 0 {
		acts = ev.Actions // the adapter reads the call as it did
	}
	out := make([]action.Action, len(acts))
	for i, a := range acts {
		a.CwdUnknown = true
		if a.Cwd == "" {
			a.Cwd = ev.Cwd
		}
		out[i] = a
	}
	return out
}

// within reports whether dir is in the session's tree: below root, or
// below cwd when there is no root.
func within(dir, root, cwd string) bool {
	base := root
	if base == "" {
		base = cwd
	}
	if base == "" || !filepath.IsAbs(base) {
		return false
	}
	base = filepath.Clean(base)
	rel, err := filepath.Rel(base, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}
