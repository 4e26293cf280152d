package policy

import (
	"fmt"
	"path"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Opaque parts. A part of the line whose effect cannot be known statically
// asks (denies at read_only), unless the analysis names paths whose
// existence shows what runs (shell.Opaque.UnlessExists: npx X runs
// node_modules/.bin/X when it is installed, and fetches a package
// otherwise): one of them existing when the line is decided voids the
// part, provided the line itself does not write, move or delete it (or a
// directory above it) first.

func (ev *evaluation) opaque(an *shell.Analysis) {
	for _, o := range an.Opaque {
		if ev.opaqueVoid(an, o) {
			continue
		}
		subj := o.Cmd
		detail := fmt.Sprintf("%s: %s — its effect cannot be known before it runs", o.Cmd, o.Reason)
		if ev.trust == action.ReadOnly {
			ev.deny(groupAnalysis, "opaque", subj, detail+" (trust level read_only)")
		} else {
			ev.builtin(groupAnalysis, Ask, "opaque", subj, detail)
		}
	}
}

// opaqueVoid reports whether one of o.UnlessExists exists at decision time
// and is left alone by the line.
func (ev *evaluation) opaqueVoid(an *shell.Analysis, o shell.Opaque) bool {
	for _, p := range o.UnlessExists {
		if !path.IsAbs(p) {
			continue
		}
		p = path.Clean(p)
		if lineTouches(an, p) {
			continue
		}
		if _, ok := ev.stat(p); ok {
			return true
		}
	}
	return false
}

// lineTouches reports whether a write or delete of the line can change
// what is at p: it names p or a directory above it, or a path not known
// statically whose known part is above p.
func lineTouches(an *shell.Analysis, p string) bool {
	for _, refs := range [][]shell.PathRef{an.Writes, an.Deletes} {
		for _, w := range refs {
			wp := path.Clean(w.Path)
			if w.Glob || w.Dynamic {
				t := newTarget(wp, "", "")
				t.makeGlob(w.Dynamic)
				wp = t.literalPrefix()
			}
			if _, below := under(p, wp); below || wp == p {
				return true
			}
		}
	}
	return false
}
