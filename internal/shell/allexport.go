package shell

// set -a (allexport): while it is on, every variable the shell binds
// (NAME=V, declare, local, read, printf -v, for, getopts, {fd}>, …) and
// every function it defines is given the export attribute, as if the
// line had said export NAME / export -f NAME; the attribute stays after
// set +a (red-team round 25, #2). Turned on by set -a, set -o allexport
// (also inside a cluster: set -ea, set -eo allexport), zsh's setopt
// allexport, and a shell started with -a or -o allexport (bash -a -c …);
// set +a and set +o allexport turn it off. Bash gives a new process no
// allexport of its parent's.
//
// Two things follow it:
//   - line-wide, what the programs of the line may see (analyzer.allExport,
//     assignExported): once the option may have been on anywhere, every
//     later assignment is taken as exported and its value given to every
//     later program as a candidate host. Never turned off: a branch that
//     may not run never hides an export.
//   - per scope, what a new process inherits (childenv.go): scope.allExport
//     is whether the option is on (expSure), maybe on (expMaybe: set in a
//     branch, or by an option not known statically) or off, and follows
//     set +a. A binding made while it is on or maybe on gives the
//     variable that attribute (varVal.exp, setVar), a definition the
//     function's (funcDef.exported, defineFunc); a branch folds them as
//     sure only where both sides are (merge). A maybe-exported variable
//     reaches the child with a value not known (the parent's, or the
//     agent environment's), a maybe-exported function maybe (the child's
//     own command of that name, or the function).

// setAllExport turns allexport on or off in sc (on: expSure, expMaybe for
// an option not known statically, 0 for off).
func (a *analyzer) setAllExport(sc *scope, on uint8) {
	if on != 0 {
		a.allExport = true
	}
	sc.allExport = on
}

// allExportShell reports whether a shell is started with -a or -o
// allexport (an option not known statically may be it), and notes it
// line-wide.
func (a *analyzer) allExportShell(o opts) bool {
	on := o.is("-a")
	for _, f := range o.values("-o") {
		if n, pos := zshOptName(f.s); f.dyn || n == "allexport" && pos {
			on = true
		}
	}
	if on {
		a.allExport = true
	}
	return on
}

// Bounds on the exported values kept for the programs that follow.
const (
	maxExportVals     = 256
	maxExportValBytes = 64 << 10
)

// assignExported notes an assignment of val to name: exported when
// allexport is on, the assignment exports it (exporting: export NAME=V,
// declare -x) or the line exported it before. The value of an exported
// assignment is kept line-wide, whatever scope made it (a function, eval,
// a sourced file, a subshell that then runs a program): every program
// that may run after it is given the value, as a candidate host.
func (a *analyzer) assignExported(name, val string, known, exporting bool) {
	if a.allExport || exporting || inheritedExport(name) { // envinherit.go
		a.export(name)
	}
	if !exporting && !a.exported[name] || !known || val == "" {
		return
	}
	if len(a.exportVals) >= maxExportVals || len(val) > maxExportValBytes {
		a.opaque("export", "more exported values than Mandate follows")
		return
	}
	a.exportVals = append(a.exportVals, val)
}

// exportedValueHosts reports the candidate hosts of the values exported
// in any scope of the line to c, a program that may run after them.
func (a *analyzer) exportedValueHosts(c *cmd) {
	for _, v := range a.exportVals {
		a.candidateHosts(c, v)
	}
}

// foldExport is the export attribute after a branch that gave it x or y:
// sure only where both are.
func foldExport(x, y uint8) uint8 {
	if x == y {
		return x
	}
	return min(max(x, y), expMaybe)
}

// setVarExport sets the export attribute set -a gave name, where sc has
// a binding of it (the store is sc's own: varstore.go).
func (sc *scope) setVarExport(name string, e uint8) {
	if v, ok := sc.vars[name]; ok && v.exp != e {
		v.exp = e
		sc.vars[name] = v
	}
}

// exportAfterDecl gives name, which a declaration (declare, typeset,
// local) just bound with +x, set -a's attribute again: bash removes the
// attribute and then binds the value, which allexport exports (declare
// +x NAME=V under set -a is exported; export -n NAME=V is not). Verified
// with bash 5.2.
func (sc *scope) exportAfterDecl(name string) {
	if sc.allExport != 0 {
		sc.setVarExport(name, max(sc.vars[name].exp, sc.allExport))
	}
}
