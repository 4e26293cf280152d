package policy

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Candidate writes. For a program whose writes the analysis does not model
// (shuf -o, xxd -r, rename, cpio, pax, an unknown tool), every argument
// that could be a path is reported as a possible write (PathRef.Candidate).
// It counts as a write when:
//
//   - it names a protected file or directory, by path or by identity (a
//     hard link), or hits block_paths or a credential store; an existing
//     directory counts only when it is itself protected (a state
//     directory, a hook configuration directory), not for holding one;
//   - it exists as a file other than a directory, or the argument has a
//     "/" and names a file that could be created: its parent directory
//     exists; and the ordinary write rules (allow_paths,
//     require_approval) would not allow writing it.
//
// Otherwise it is ignored: a bare word such as "build" or "main" that
// names nothing on disk is most often not a path at all, and nor is a
// word with a "/" under a directory that does not exist (a module path
// such as golang.org/x/text@latest, an image org/app, a resource pod/x). A candidate
// whose whole argument is not known statically ("$X") is ignored too; one
// with a known part is judged as a pattern against the first group of
// rules only.

// candidateChecks returns the rules a possible write of abs (resolved:
// res) is judged by; 0 ignores it.
func (ev *evaluation) candidateChecks(abs, res string, fl pathFlags) checks {
	const named = chkBlock | chkCreds | chkSelf
	switch {
	case fl.dyn:
		if ev.bareUnknown(abs) {
			return 0
		}
		return named
	case fl.glob:
		return named
	}
	info, exists := ev.lstat(res)
	if exists && info.Mode.IsDir() {
		return chkSelf
	}
	if exists {
		return named | chkApprove | chkAllow
	}
	if ev.argHasSlash(abs) {
		if info, ok := ev.stat(path.Dir(res)); ok && info.Mode.IsDir() {
			return named | chkApprove | chkAllow
		}
	}
	return named
}

// bareUnknown reports whether the dynamic path abs is a whole argument
// not known statically, joined to a command's working directory.
func (ev *evaluation) bareUnknown(abs string) bool {
	if ev.cur == nil {
		return false
	}
	dir, base := path.Split(abs)
	if !strings.ContainsAny(base, "$`") && !strings.Contains(base, "{xargs-input}") {
		return false
	}
	dir = path.Clean(dir)
	for _, c := range ev.cur.Commands {
		if c.Cwd == dir {
			return true
		}
	}
	return dir == ev.cwd
}

// argHasSlash reports whether the argument that named abs had a "/" in
// it: whether one of the strings the analysis took for a file in an
// argument (shell.CandidateValues: the argument, an option's value, a
// tail of an option cluster, under the program's option convention)
// names abs with a "/". When no argument of the line names abs (the
// analysis derived it), it assumes one did.
func (ev *evaluation) argHasSlash(abs string) bool {
	if ev.cur == nil {
		return true
	}
	found := false
	for _, c := range ev.cur.Commands {
		for _, a := range c.Args {
			for _, v := range shell.CandidateValues(c.Name, a) {
				if v == "" {
					continue
				}
				p := v
				if !path.IsAbs(p) {
					p = path.Join(c.Cwd, p)
				}
				if path.Clean(p) == abs {
					if strings.Contains(v, "/") {
						return true
					}
					found = true
				}
			}
		}
	}
	return !found
}
