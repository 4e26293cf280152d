package shell

import "strings"

// POSIX special builtins and the assignments before them (red-team round
// 17, #1). POSIX says an assignment before a special builtin (:, eval,
// export, readonly, set, shift, ., exec, trap, return, …) stays in the
// shell after the builtin runs. dash, ash, ksh, and bash in POSIX mode
// (invoked as sh, --posix, set -o posix, POSIXLY_CORRECT) do so; bash in its
// own mode and zsh drop it as a temporary binding. bash in POSIX mode also
// keeps the assignments before a function call, which dash drops.
//
// The analysis tracks how sure it is that the shell is in POSIX mode
// (scope.posix): posixOn (sh -c, dash -c, bash --posix, set -o posix,
// POSIXLY_CORRECT in the environment), posixMaybe (Options.PosixSh, a set
// -o of a name not known statically, POSIX mode turned on where the
// analysis keeps scopes apart). Where the assignment surely persists it is
// bound with its value through scope.setVar; where it may or may not
// (posixMaybe, a function call in POSIX mode) the name is bound as not
// known: either value could be the one the shell uses.

// posix mode levels of scope.posix.
const (
	posixOff uint8 = iota
	posixMaybe
	posixOn
)

// posixSpecialBuiltins are POSIX's special builtins (XCU 2.14).
var posixSpecialBuiltins = map[string]bool{
	"break": true, ":": true, "continue": true, ".": true, "eval": true, "exec": true, "exit": true,
	"export": true, "readonly": true, "return": true, "set": true, "shift": true, "times": true,
	"trap": true, "unset": true,
}

// posixModeShells are the shells not in POSIX mode unless told (bash and
// zsh); every other POSIX shell is.
const posixModeOff = "bash rbash zsh rzsh"

// posixMode reports how sure the analysis is that sc's shell is in
// POSIX mode.
func (a *analyzer) posixMode(sc *scope) uint8 {
	if sc.posix == posixOn {
		return posixOn
	}
	if _, ok := sc.cmdEnv["POSIXLY_CORRECT"]; ok {
		return posixOn
	}
	if v, ok := sc.vars["POSIXLY_CORRECT"]; ok && v.known {
		return posixOn
	}
	if sc.posix == posixMaybe || a.posixAny || sc.log.since("POSIXLY_CORRECT", 0) {
		return posixMaybe
	}
	return posixOff
}

// setPosix turns POSIX mode on in sc (level posixOn, or posixMaybe for an
// option not known statically); where it may flow further than the
// analysis follows it is taken to be maybe on for the rest of the line.
func (a *analyzer) setPosix(sc *scope, level uint8) {
	if level > sc.posix {
		sc.posix = level
	}
	if sc.reparse > 0 || sc.funcBody || level == posixMaybe {
		a.posixAny = true
	}
}

// shellPosix is the POSIX mode of the code a shell named n runs, started
// with options o.
func (a *analyzer) shellPosix(n string, o opts) uint8 {
	if o.is("--posix") {
		return posixOn
	}
	for _, f := range o.values("-o") {
		if f.dyn {
			return posixMaybe
		}
		if f.s == "posix" {
			return posixOn
		}
	}
	base := shellBase(n) // dialectstate.go
	if !posixShell(n) || strings.Contains(" "+posixModeOff+" ", " "+base+" ") {
		return posixOff
	}
	return posixOn
}

// persistAssigns binds the prefix assignments (names, vals, known) of
// the command prog in sc when the shell may keep them after it runs:
// before a special builtin in POSIX mode (POSIX's, and the dialect's own:
// keptAssignBuiltins, dialecttables.go), before a function call in
// bash's POSIX mode (not dash's: not known). Only bash outside POSIX mode
// surely drops them all (posixOff); elsewhere a name the shell may or may
// not keep (a builtin of another shell's list where the shell is not
// known, a function, a POSIX mode not known) is bound as not known.
func (a *analyzer) persistAssigns(sc *scope, prog field, names, vals []string, known []bool) {
	if len(names) == 0 {
		return
	}
	mode := a.posixMode(sc)
	if mode == posixOff {
		return
	}
	kept, sure := keepsAssigns(sc.dialect, prog)
	fn := prog.dyn // a program not known may be either
	if !kept && !fn {
		_, fn = sc.funcs[prog.s]
	}
	if !kept && !fn {
		return
	}
	for i, n := range names {
		if mode == posixOn && kept && sure && !prog.dyn {
			sc.setVar(n, vals[i], known[i])
		} else {
			sc.setVar(n, "", false)
		}
	}
}

// keepsAssigns reports whether the shell of dialect d keeps the prefix
// assignments of the builtin prog in POSIX mode (kept), and whether that
// is sure (not one of several shells' lists, dialSh).
func keepsAssigns(d uint8, prog field) (kept, sure bool) {
	if prog.dyn {
		return false, false
	}
	if posixSpecialBuiltins[prog.s] {
		return true, true
	}
	if listHas(keptAssignBuiltins[d], prog.s) {
		return true, d != dialSh && d != dialAny
	}
	return false, false
}

// listHas reports whether the space-separated list l holds w.
func listHas(l, w string) bool {
	for l != "" {
		var f string
		f, l, _ = strings.Cut(l, " ")
		if f == w {
			return true
		}
	}
	return false
}
