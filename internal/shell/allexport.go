package shell

import "strings"

// set -a (allexport): once on, every variable the line assigns after it
// is exported, so the programs that follow see its value in their
// environment as if the line had said export NAME=V. Turned on by set -a,
// set -o allexport (also inside a cluster: set -ea, set -eo allexport)
// and by a shell started with -a or -o allexport (bash -a -c …). set +a
// is not followed: the analysis keeps the option on for the rest of the
// line, so a branch that may not run never hides an export.

// allExportSet notes set's options: -a in a cluster, or -o allexport.
func (c *cmd) allExportSet() {
	for i := 0; i < len(c.args); i++ {
		f := c.args[i]
		s := f.s
		if s == "--" || !strings.HasPrefix(s, "-") {
			return
		}
		if f.dyn {
			c.a.allExport = true // an option not known statically may be -a
			return
		}
		if strings.Contains(s[1:], "a") && !strings.HasPrefix(s, "--") {
			c.a.allExport = true
		}
		if strings.Contains(s[1:], "o") && !strings.HasPrefix(s, "--") && i+1 < len(c.args) {
			i++
			if v := c.args[i]; v.dyn || v.s == "allexport" {
				c.a.allExport = true
			}
		}
	}
}

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

// allExportAssign exports name when allexport is on.
func (a *analyzer) allExportAssign(name string) {
	if a.allExport {
		a.export(name)
	}
}
