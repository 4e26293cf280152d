package gate

import "path/filepath"

// A project install's hook command is the bare `mandate hook <agent>`,
// found on the agent's PATH, so a `mandate` that appears in a PATH
// directory searched before the real one answers every later hook in
// Mandate's place (`exit 0` is allow in every agent). Anything the agent
// runs can create one there (`pipx install`, `cargo install`, a script),
// and a file that does not exist is not among the binaries found on PATH.
// So the absence of mandate and mandate-engine is pinned too, in each
// directory of the hook's PATH up to the first that holds one (every
// directory when none does): one appearing during a call is a change of a
// pinned binary, a tamper event. Relative entries (and the empty one,
// which is the working directory) are taken against the session's start
// directory, where the agent runs its hooks.

// maxPathDirs bounds the PATH directories looked at.
const maxPathDirs = 256

// shadowTargets lists, for the PATH pathEnv of a session started in cwd,
// every place a Mandate binary could be found before the real one.
func shadowTargets(pathEnv, cwd string) []target {
	var out []target
	seen := map[string]bool{}
	for _, d := range filepath.SplitList(pathEnv) {
		if !filepath.IsAbs(d) {
			if !filepath.IsAbs(cwd) {
				continue
			}
			d = filepath.Join(cwd, d)
		}
		d = filepath.Clean(d)
		if seen[d] {
			continue
		}
		if seen[d] = true; len(seen) > maxPathDirs {
			break
		}
		found := false
		for _, n := range mandateNames {
			p := filepath.Join(d, n)
			out = append(out, target{path: p, kind: kindBinary})
			found = found || isExecutableFile(p)
		}
		if found {
			break
		}
	}
	return out
}
