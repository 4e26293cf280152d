package shell

// set -a (allexport): once on, every variable the line assigns after it
// is exported, so the programs that follow see its value in their
// environment as if the line had said export NAME=V. Turned on by set -a,
// set -o allexport (also inside a cluster: set -ea, set -eo allexport)
// and by a shell started with -a or -o allexport (bash -a -c …). set +a
// is not followed: the analysis keeps the option on for the rest of the
// line, so a branch that may not run never hides an export. Exported
// values are kept line-wide (assignExported), so an export inside a
// function, eval or a sourced file reaches the programs after it.

// allExportShell notes a shell started with -a or -o allexport.
func (a *analyzer) allExportShell(o opts) {
	if o.is("-a") {
		a.allExport = true
	}
	for _, f := range o.values("-o") {
		if f.dyn || f.s == "allexport" {
			a.allExport = true
		}
	}
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
