package policy

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Host paths given to containers: docker and podman run -v/--mount, a
// compose service's volumes, a dev container's mounts, a Kubernetes
// hostPath — in the line (shell.PathRef.Mount) or in a definition file on
// disk (mountfiles.go). What runs in a container is not known to Mandate:
// it may read every file below a path it is given and, read-write, change
// any of them. So a mount is judged as a whole, by what it gives:
//
//   - deny where the mount itself is the problem: its source is, or is
//     inside, a path Mandate protects or the rules forbid (the policy
//     file, a hook configuration, Mandate's state or binaries, a
//     credential store, a block_paths match, the repository's .git or a
//     directory in it, read-write: git runs its hooks); or it gives the
//     host at once: the root, the home
//     directory or a directory above it, a directory holding Mandate's
//     state, /proc, /dev or a device;
//   - ask where it only holds such paths below it (the repository with
//     its policy and .env, src/ with another name of the policy, a
//     directory outside allow_paths written into), in one finding that
//     says what it holds; deny at read_only, as for anything else Mandate
//     cannot judge; and ask for a socket (the program listening on it, a
//     container daemon, can be asked for anything);
//   - allow where nothing protected or forbidden is at or below it.
//
// The judgement is that of the path's read and write (a read-write mount
// is a write into the directory, pathFlags.into) and of the recursive read
// of everything below it, run aside (evaluation.aside): the findings
// about the path itself are kept as they are, those about what lies below
// it make the one ask.

// mountRef is one host path given to a container.
type mountRef struct {
	src string // absolute
	rw  bool
	// read: its read is judged here (false: the line reads the same path
	// otherwise, and that read was judged as any other).
	read     bool
	cmd, why string
}

// lineMounts judges the mounts of an analysed line.
func (ev *evaluation) lineMounts(an *shell.Analysis) {
	var rw map[string]bool
	for _, w := range an.Writes {
		if w.Mount {
			if rw == nil {
				rw = map[string]bool{}
			}
			rw[w.Path] = true
		}
	}
	for _, r := range an.Reads {
		if r.Mount {
			ev.mount(mountRef{src: r.Path, rw: rw[r.Path], read: true, cmd: r.Cmd, why: r.Why})
			delete(rw, r.Path)
		}
	}
	for _, w := range an.Writes {
		if w.Mount && rw[w.Path] {
			ev.mount(mountRef{src: w.Path, rw: true, cmd: w.Cmd, why: w.Why})
			delete(rw, w.Path)
		}
	}
}

// aside runs judgements with findings of their own, and returns them:
// the evaluation's findings (and what was already seen) are left as
// they were.
func (ev *evaluation) aside(run func()) []hit {
	hits, seen := ev.hits, ev.seen
	ev.hits, ev.seen = nil, nil
	run()
	out := ev.hits
	ev.hits, ev.seen = hits, seen
	return out
}

// mount judges one host path given to a container.
func (ev *evaluation) mount(m mountRef) {
	src := path.Clean(m.src)
	shown := ev.displayPath(src)
	mode := "read-only"
	if m.rw {
		mode = "read-write"
	}
	forms := []string{src}
	res, err := ev.resolve(ev.kernelPath(src))
	if err == nil {
		if res = path.Clean(res); res != src {
			forms = append(forms, res)
		}
	}
	var info fs.FileMode
	exists := false
	if err == nil {
		if i, ok := ev.lstat(res); ok {
			info, exists = i.Mode, true
		}
	}
	what := ev.wholeHost(forms, info)
	if what == "" && m.rw && ev.inGitDir(forms) {
		what = "the repository's git directory, whose hooks and configuration run programs on the host when git runs"
	}
	if what != "" {
		ev.deny(groupSelf, "container-mount", shown, fmt.Sprintf("%s gives a container %s %s (%s): %s", m.cmd, src, mode, m.why, what))
		return
	}
	if info&fs.ModeSocket != 0 || !exists && strings.HasSuffix(src, ".sock") {
		ev.builtin(groupAnalysis, ev.opaqueEffect(), "container-mount", shown, fmt.Sprintf("%s gives a container the socket %s (%s): what it asks the program listening on it (a container daemon starts containers with any mount) is not known", m.cmd, src, m.why))
	}
	dir := exists && info.IsDir()
	fl := pathFlags{via: m.why, cmd: m.cmd}
	if m.read {
		ev.checkRef(src, opRead, fl)
	}
	var below []hit
	held := false
	if m.rw {
		wf := fl
		wf.into = dir || !exists // a directory, or one the runtime creates
		for _, h := range ev.aside(func() { ev.checkRef(src, opWrite, wf) }) {
			switch h.below {
			case belowNone:
				ev.add(h)
			case belowHeld:
				held = true
				below = append(below, h)
			default:
				below = append(below, h)
			}
		}
	}
	var items []string
	if held {
		items = ev.protectedBelow(forms)
	}
	if m.read && dir {
		for _, h := range ev.aside(func() { ev.recursiveRead(src, walkScope{cmd: m.cmd, bare: true}) }) {
			if h.f.Rule == "recursive-read" {
				ev.add(h) // too large to check: asks as it is
				continue
			}
			items = appendNew(items, h.f.Subject)
		}
	}
	var clauses []string
	for _, h := range below {
		if h.below != belowHeld || len(items) == 0 {
			clauses = appendNew(clauses, h.detail)
		}
	}
	if len(items) == 0 && len(clauses) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s gives a container %s %s (%s)", m.cmd, src, mode, m.why)
	if len(items) > 0 {
		b.WriteString(", which holds " + listItems(items, 4))
	}
	for _, c := range clauses {
		b.WriteString("; " + c)
	}
	b.WriteString(": what runs in the container is not known to Mandate, and it may read")
	if m.rw {
		b.WriteString(" or change")
	}
	b.WriteString(" them")
	ev.builtin(groupAnalysis, ev.opaqueEffect(), "container-mount", shown, b.String())
}

// Values of hit.below.
const (
	belowNone  uint8 = iota
	belowHeld        // the directory holds a protected file (protectedBelow names it)
	belowOther       // something below it, said by the finding
)

// opaqueEffect is the effect of what Mandate cannot judge: ask, deny at
// read_only.
func (ev *evaluation) opaqueEffect() Effect {
	if ev.trust == action.ReadOnly {
		return Deny
	}
	return Ask
}

// wholeHost says what a mount of one of forms (a path as given and
// resolved; mode what it is) gives at once, or "".
func (ev *evaluation) wholeHost(forms []string, mode fs.FileMode) string {
	if mode&fs.ModeDevice != 0 {
		return "a device of the host"
	}
	const holds = ", which holds Mandate's state and the credential stores"
	for _, f := range forms {
		switch {
		case f == "/":
			return "the whole file system" + holds
		case f == "/proc" || strings.HasPrefix(f, "/proc/"):
			return "the host's processes, with their environments"
		case f == "/dev":
			return "the host's devices, its disks among them"
		}
		for _, h := range []string{ev.home, ev.homeR} {
			if h == "" {
				continue
			}
			if samePathFold(f, h) {
				return "the home directory" + holds
			}
			if _, ok := underFold(h, f); ok {
				return "a directory holding the home directory" + holds
			}
		}
		for _, d := range ev.stateDirs() {
			if _, ok := underFold(d, f); ok && !samePathFold(d, f) {
				return "a directory holding Mandate's state directory (keys, evidence log, sessions)"
			}
		}
	}
	return ""
}

// inGitDir reports whether one of forms is the repository's .git or
// below it.
func (ev *evaluation) inGitDir(forms []string) bool {
	for _, r := range []string{ev.root, ev.rootR} {
		if r == "" {
			continue
		}
		for _, f := range forms {
			if _, ok := underFold(f, path.Join(r, ".git")); ok {
				return true
			}
		}
	}
	return false
}

// protectedBelow lists the protected files below one of forms.
func (ev *evaluation) protectedBelow(forms []string) []string {
	var out []string
	for _, f := range ev.protectedFiles() {
		for _, d := range forms {
			if rest, ok := underFold(f.path, d); ok && rest != "" {
				out = appendNew(out, ev.displayPath(f.path)+" ("+f.what()+")")
				break
			}
		}
	}
	return out
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// listItems joins up to max items in prose.
func listItems(items []string, max int) string {
	switch n := len(items); {
	case n > max:
		return fmt.Sprintf("%s and %d more", strings.Join(items[:max], ", "), n-max)
	case n > 1:
		return strings.Join(items[:n-1], ", ") + " and " + items[n-1]
	}
	return strings.Join(items, "")
}
