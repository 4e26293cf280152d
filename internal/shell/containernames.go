package shell

import (
	"path"
	"slices"
	"strings"
)

// A container's command names files by the container's paths: with
// -v /home/dev/project:/w, "sh -c 'echo > /w/agent-policy.yaml'" writes
// the policy and "cat /w/.env" reads .env. What the container's program
// does with a name is not known (it may be a shell script, a test
// runner's argument), so each path of its command below a mount's
// container path is judged as the host file it is: a read, and a
// possible write judged only against the rules that name files
// (MountedNameWhy; the policy narrows it so). The mount itself is judged
// as a whole (policy/mounts.go); this keeps a line that shows what it
// does to a protected file denied, rather than asked as the mount is.

// MountedNameWhy is the Why of the reads and possible writes of host files
// a container's command names through a mount.
const MountedNameWhy = "named in a container's command through a mount"

// MountedName is a host file a container's command names through a mount.
type MountedName struct {
	Path     string // absolute, cleaned
	ReadOnly bool   // through a read-only mount: no write
}

// mountNameCuts are the characters that end a path inside a word: shell
// syntax of a script handed to sh -c, quotes, and the separators of
// option values and path lists.
const mountNameCuts = " \t\r\n'\"=<>;|&()`,:{}[]"

// MountedNames returns the host files that words (a container's command,
// or the commands a definition runs in its containers) name through
// mounts: each absolute path in a word, cleaned as the container cleans
// it, below the container path of a mount (the deepest that holds it) is
// that mount's source with the rest appended. Relative sources are taken
// from base; a source or target not known statically names nothing.
func MountedNames(mounts []ContainerMount, base string, words []string) []MountedName {
	type bind struct {
		src, dst string
		ro       bool
	}
	var binds []bind
	for _, m := range mounts {
		src, dst := m.Source, path.Clean(m.Target)
		if m.Device || m.Target == "" || !path.IsAbs(dst) || dst == "/" || strings.ContainsAny(src+dst, "$`") {
			continue
		}
		if !path.IsAbs(src) {
			if base == "" || !path.IsAbs(base) {
				continue
			}
			src = path.Join(base, src)
		}
		binds = append(binds, bind{path.Clean(src), dst, m.ReadOnly})
	}
	if len(binds) == 0 {
		return nil
	}
	var out []MountedName
	for _, p := range containerPaths(words) {
		best, rest := -1, ""
		for k, b := range binds {
			if r, ok := underDir(p, b.dst); ok && r != "" && (best < 0 || len(b.dst) > len(binds[best].dst)) {
				best, rest = k, r
			}
		}
		if best < 0 {
			continue
		}
		n := MountedName{path.Join(binds[best].src, rest), binds[best].ro}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// containerPaths are the absolute paths in words (a container's command),
// cleaned as the container cleans them.
func containerPaths(words []string) []string {
	var out []string
	for _, w := range words {
		for len(w) > 0 {
			i := strings.IndexAny(w, mountNameCuts)
			tok := w
			if i >= 0 {
				tok, w = w[:i], w[i+1:]
			} else {
				w = ""
			}
			if strings.HasPrefix(tok, "/") && !strings.ContainsAny(tok, "$`*?") {
				out = append(out, path.Clean(tok))
			}
		}
	}
	return out
}

// mountedNames reports the host files words name through mounts.
func (c *cmd) mountedNames(mounts []ContainerMount, base string, words []string) {
	for _, n := range MountedNames(mounts, base, words) {
		c.read(field{s: n.Path}, MountedNameWhy)
		if !n.ReadOnly {
			c.write(field{s: n.Path, cand: true}, MountedNameWhy)
		}
	}
}
