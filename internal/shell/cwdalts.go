package shell

import "strings"

// Where a command starts when its directory is not known statically (a
// login shell's home, find -execdir's match directories, popd): a relative
// path is judged at the best known directory (scope.cwd, today's reading),
// and also where else the command may run, so that a relative name a rule
// protects there is caught (sudo -i cat .ssh/id_rsa, find ~ -execdir cat
// .ssh/id_rsa):
//   - below each of scope.cwdAlts (find -execdir: any directory at or
//     below a start path holds a match), as the glob ALT/**/NAME;
//   - otherwise (no cwdAlts), in the home directory, the login directory
//     of the user Mandate runs as, for a read: one reading of several
//     (Dynamic), so a protected name there asks rather than denies.
// A relative write there is opaque already (analyzer.path).

// otherCwds judges the relative path f (of kind) at the directories the
// command may run in other than sc.cwd, when sc.cwd is not known.
func (a *analyzer) otherCwds(sc *scope, kind pathKind, f field, cmd, why string) {
	p := strings.TrimPrefix(f.s, "./")
	for _, alt := range sc.cwdAlts {
		g := filtered(field{s: alt, dyn: f.dyn}, globQuote(p), treeOpts{})
		if f.glob {
			g.s = strings.TrimSuffix(alt, "/") + "/**/" + p
		}
		g.dyn, g.cand, g.rec = f.dyn, f.cand, f.rec
		a.path(sc, kind, g, cmd, why)
	}
	if h := a.opt.Home; kind == kRead && h != "" && sc.cwd != h && !sc.remote && len(sc.cwdAlts) == 0 {
		g := f
		g.s = strings.TrimSuffix(h, "/") + "/" + p
		g.dyn = true // one reading of an unknown directory: a match asks
		a.path(sc, kind, g, cmd, why)
	}
}
