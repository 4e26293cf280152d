package shell

// set's options crossing into a new bash (red-team round 28, #1). bash
// keeps the set -o options that are on in SHELLOPTS, a readonly variable
// that can still be exported (export SHELLOPTS, declare -x SHELLOPTS);
// a bash that finds SHELLOPTS in its environment turns on every option it
// lists at startup. An exported SHELLOPTS follows the options as they
// change (export SHELLOPTS; set -k crosses too). Options only cross on:
// one that is on by default and turned off (braceexpand, hashall) starts
// on again in the child. set -a alone does not export SHELLOPTS; set -o
// posix binds POSIXLY_CORRECT=y (set +o posix unsets it), which set -a
// or an export hands to a child, where it turns POSIX mode on. Verified
// with bash 5.2.
//
// The options the analysis tracks per scope and that change how the
// child's code runs: allexport (allexport.go), posix (posixspecial.go),
// keyword (keyword.go; like the glob options of globopts.go it is kept in
// a new process's scope whatever SHELLOPTS and BASHOPTS say, which is
// the dangerous reading). Where SHELLOPTS is exported (or maybe), the
// child starts with the parent's allexport and posix (or maybe with
// them). SHELLOPTS assigned in a command's environment (env
// SHELLOPTS=keyword bash) is opaque (shellvars.go).

// shellOptsExported is how surely sc's SHELLOPTS is in a new process's
// environment (0: not).
func (sc *scope) shellOptsExported() uint8 {
	if sc.envCut.cut("SHELLOPTS") {
		return 0
	}
	return sc.exportLevel("SHELLOPTS", sc.vars["SHELLOPTS"])
}

// crossLevel is the level (off, maybe, on: allexport's and posix's) of
// an option on at level in the parent in a child whose SHELLOPTS is
// exported at exported: the parent's where it surely is, at most maybe
// otherwise.
func crossLevel(level, exported uint8) uint8 {
	switch exported {
	case 0:
		return 0
	case expSure:
		return level
	}
	return min(level, expMaybe)
}

// bindPosixlyCorrect binds POSIXLY_CORRECT as set -o posix (on) and set
// +o posix do in bash: y, or unset. The shell's own binding, paired with
// scope.posix, is not logged as the line's (varstore.go): set +o posix
// leaves POSIX mode surely off.
func (sc *scope) bindPosixlyCorrect(on bool) {
	const name = "POSIXLY_CORRECT"
	if sc.roOf(name) != roNo {
		return
	}
	old, ok := sc.vars[name]
	switch {
	case on:
		if sc.vars == nil {
			sc.vars = make(map[string]varVal)
		}
		sc.vars[name] = varVal{val: "y", known: true, seq: old.seq, exp: max(old.exp, sc.allExport)}
	case ok && old.known && old.val == "y":
		delete(sc.vars, name)
	case ok:
		sc.setVar(name, "", false)
	}
}
