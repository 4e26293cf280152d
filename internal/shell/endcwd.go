package shell

import "path"

// The directory a line leaves its shell in. An agent that keeps one
// shell per session (Hermes' terminal, Copilot CLI's bash sessions) runs
// its next call where this one's cd left it, while its hook payload keeps
// reporting the process's directory: the caller carries EndCwds into the
// session and judges later calls from there too.
//
// Contract: EndCwds are every directory the line's own shell may be in
// when the line ends, absolute and clean, the best reading first; a cd in
// a subshell, a pipeline's other side or a background job does not count
// (bash runs them in child processes). EndCwdUnknown says the directory
// is not known statically (cd "$X", a popd past what was tracked, find
// -execdir's match directories): a caller must then take relative paths
// as names in any directory. A line that starts in no known directory
// (Options.CwdUnknown) and never cds to an absolute one ends unknown.

// endCwd records in res where sc, the line's top-level scope, ends.
func endCwd(res *Analysis, sc *scope) {
	if sc.cwd == "" || !path.IsAbs(sc.cwd) {
		res.EndCwdUnknown = true
		return
	}
	res.EndCwds = append(res.EndCwds, sc.cwd)
	if sc.cwdKnown {
		return
	}
	if len(sc.cwdAlts) > 0 || len(sc.cwdMaybe) == 0 || sc.remote {
		res.EndCwdUnknown = true
		return
	}
	for _, d := range sc.cwdMaybe {
		if path.IsAbs(d) {
			res.EndCwds = append(res.EndCwds, path.Clean(d))
		} else {
			res.EndCwdUnknown = true
		}
	}
}
