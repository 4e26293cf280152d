package shell

// Shell state a line leaves behind for the agent's next call (red-team
// round 28, #101-#104). Hermes runs each terminal command in a new bash
// that first sources a snapshot of the session's shell and, after the
// command, writes a new one: every exported variable (export -p), every
// function (declare -f), every alias (alias -p, with expand_aliases forced
// on), and the cwd (tracked apart: endcwd.go). A function, an alias or an
// exported variable one call leaves changes what a later call's words
// mean (f; cd src; ~; a bare command name through PATH; cd through
// CDPATH), while Mandate analyses every call as a fresh shell. The caller
// that knows the agent keeps such state (hook.Protocol.KeepsShellState)
// refuses a line that may leave any; here the analysis reports it.
//
// Contract: KeepsState lists (a few, deduplicated, in order) what the
// line's own top-level shell may leave changed for the agent's next
// call; empty when nothing may be. It is set by
//   - a function definition (any name: declare -f dumps them);
//   - an alias definition (alias, an element of BASH_ALIASES);
//   - export, declare/typeset/readonly -x, export -n of any name; a
//     binding (NAME=V, read, printf -v, mapfile, for, ${X:=V}, getopts,
//     declare NAME=V, …) or an attribute change (declare -u, -i, …) of a
//     name that is exported or may be: exported in the line, bound while
//     set -a may be on, exported by the agent's environment
//     (inheritedExport) or one a later program reads (envCarriesCode,
//     CDPATH); PWD and OLDPWD, which cd binds, are not counted (the
//     wrapper's own cd resets them; cd - across calls asks);
//   - an unset of such a name, or of names not known statically; a
//     declaration (export, declare, …) of a word not known statically;
//   - what cannot be known statically: a sourced file (source, .), eval
//     of text not known, a trap on DEBUG, ERR or RETURN (they run in the
//     wrapper, after the command) or on a signal not known;
//   - what the wrapper's own steps after the command run with: any trap,
//     exec redirections of the output, an exit, set -e, the hash table,
//     a background job writing to the output (keptwrapper.go).
// Code run in a subshell ((…), $(…), <(…), a pipeline's first sides, a
// background job, a coprocess) or a new process (bash -c, a script) keeps
// nothing: its scope has no log (scope.keep nil). Code that never runs
// (after an exit) may still be counted: the unknown is dangerous.
// Non-exported variables, shell options (but errexit) and umask are not in
// Hermes' snapshot and the wrapper's steps do not depend on them: a line
// may change them.

// maxKeptNotes bounds what KeepsState lists.
const maxKeptNotes = 4

// keptLog is what the line's own shell leaves for the next call, shared
// by the copies of the top-level scope (branches, nested blocks).
type keptLog struct {
	notes []string
}

// keep notes that the line's own shell may leave what; nothing in a
// subshell or a new process.
func (sc *scope) keep(what string) {
	if sc.kept == nil {
		return
	}
	for _, n := range sc.kept.notes {
		if n == what {
			return
		}
	}
	if len(sc.kept.notes) < maxKeptNotes {
		sc.kept.notes = append(sc.kept.notes, what)
	}
}

// keptExport reports whether name is exported here, or may be, for what
// a binding of it leaves in the next call's environment.
func (sc *scope) keptExport(name string) bool {
	if name == "PWD" || name == "OLDPWD" {
		return false
	}
	if _, ok := sc.exp[name]; ok {
		return true
	}
	return sc.allExport != 0 || sc.vars[name].exp != 0 || inheritedExport(name) || envCarriesCode(name) || name == "CDPATH"
}

// keepBinding notes a binding of name in the line's own shell when the
// variable is exported or may be.
func (sc *scope) keepBinding(name string) {
	if sc.kept != nil && name == "BASH_ALIASES" {
		sc.keep("defines an alias through BASH_ALIASES")
		return
	}
	if sc.kept != nil && shellVars.Get()[name].kind == svHash {
		sc.keepWrapperNote("changes the command hash table " + name) // keptwrapper.go
		return
	}
	if sc.kept != nil && sc.keptExport(name) {
		sc.keep("sets the exported variable " + name)
	}
}

// keepTrap notes a trap set in the line's own shell on any condition:
// DEBUG, ERR and RETURN run code in the wrapper after the command, EXIT
// after its cwd marker, a signal whenever one comes (keptwrapper.go).
func (c *cmd) keepTrap(conds []field) {
	for _, f := range conds {
		c.sc.keep("sets a trap on " + clip(f.s) + " (it runs after the command, in the shell whose state is kept and whose directory Hermes reads from its output)")
	}
}

// noKeep runs fn in a scope whose changes do not outlive it (a subshell).
func noKeep(fn func(*scope) error) func(*scope) error {
	return func(s *scope) error {
		s.kept = nil
		return fn(s)
	}
}

// keptState reports in a.res what sc, the line's top-level scope, leaves.
func (a *analyzer) keptState(sc *scope) {
	if sc.kept != nil {
		if a.loudJob {
			sc.keep(loudJobNote) // keptwrapper.go
		}
		a.res.KeepsState = append([]string(nil), sc.kept.notes...)
	}
}
