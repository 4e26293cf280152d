package shell

import (
	"path"
	"slices"
	"strings"
)

// A container's command, analysed as a command. What a container runs
// (docker run IMAGE CMD, docker exec C CMD, a sandbox's command) is shell
// words like any other: sh -c text, quoting, globs, ~, cd, rm -r, find
// -delete, grep -r. It is analysed by the ordinary analyser in a scope
// of its own (scope.cont): the working directory is the container's (-w,
// a cd in its shell; not known otherwise), HOME is the container's (not
// known), and every path reference the analysis makes — read, write,
// delete, recursive, glob — is a container path, which a.path hands to
// containerRef instead of reporting it. containerRef maps it to the host
// files it may be:
//
//   - through the known mounts (docker run -v, a sandbox's bind): the
//     deepest mount whose container path holds it gives SRC/rest; a path
//     under no mount is the container's own file and names no host file
//     (a sandbox that shares the host's tree, bwrap --bind / /, keeps
//     such a path as the host's own: identity);
//   - through guessed mounts (docker exec: the mounts were given when the
//     container started, which the line does not show): the same path
//     (a devcontainer mounts the workspace at its own path), and SRC/rest
//     for the repository and the home directory as SRC at any directory
//     above it (containerexec.go);
//   - a relative path under a working directory not known is taken below
//     each mount point (the usual working directory is a mount's: the
//     devcontainer's workspace, compose's working_dir); a path whose
//     start is not known (~, $HOME, $X) is taken as any of its tails
//     below each mount's source.
//
// Each host file is reported with the reference's own flags (recursive,
// glob, the walk's facts), Why MountedNameWhy: the policy judges a read
// as any read, and a write or delete only by the rules that name files
// (self-protection — a directory holding the policy —, block_paths,
// credential stores), since the mapping is a guess. A write whose target
// is not known statically (other than through the container's HOME) is
// opaque, as on the host.

// containerView is how a container's paths reach host files.
type containerView struct {
	binds    []viewBind // known mounts
	bases    []string   // guessed mount sources (docker exec): absolute, cleaned
	guess    bool       // mounts are guessed (docker exec)
	identity bool       // a path under no bind is the host's own (a sandbox sharing the host's tree)
}

// viewBind is one known mount: host src at container path dst.
type viewBind struct {
	src, dst string
	ro       bool
}

// maxViewNames bounds the host files one container path is taken for.
const maxViewNames = 32

// newContainerView returns the view of mounts (relative sources taken
// from base); nil when a mount is not known statically (the caller
// judges that as opaque) and no other mount is.
func newContainerView(mounts []ContainerMount, base string, root bool) *containerView {
	v := &containerView{}
	for _, m := range mounts {
		src, dst := m.Source, path.Clean(m.Target)
		if m.Device || m.Target == "" || !path.IsAbs(dst) || dst == "/" && !root || strings.ContainsAny(src+dst, "$`") {
			continue
		}
		if !path.IsAbs(src) {
			if base == "" || !path.IsAbs(base) {
				continue
			}
			src = path.Join(base, src)
		}
		v.binds = append(v.binds, viewBind{path.Clean(src), dst, m.ReadOnly})
	}
	return v
}

// containerScope returns a scope for a container's command run from c's
// scope: working directory dir (a container path; unknown when dyn or
// empty), HOME unknown.
func (c *cmd) containerScope(v *containerView, dir field) *scope {
	sc := c.a.child(c.sc)
	sc.cont = v
	sc.cwdAlts = nil
	if !dir.dyn && path.IsAbs(dir.s) {
		sc.cwd, sc.cwdKnown = path.Clean(dir.s), true
	} else {
		sc.cwd, sc.cwdKnown = "", false
	}
	if !v.identity {
		sc.oldpwd = "" // HOME: not known either (lookup)
	}
	return sc
}

// runInContainer analyses c's arguments from i on as the command run in
// the container view v, starting in dir.
func (c *cmd) runInContainer(v *containerView, dir field, i int) error {
	if i >= len(c.args) {
		return nil
	}
	rc := &cmd{a: c.a, sc: c.containerScope(v, dir), name: c.name, args: c.args, skip: c.skip, w: c.w}
	dump := c.a.res.EnvDump
	c.handed = true
	err := rc.wrap(i, c.name)
	if !v.identity {
		c.a.res.EnvDump = dump // what the command prints of its environment is the container's
	}
	return err
}

// containerRef reports the host files a reference to the container path
// f may be (see the comment at the top of this file).
func (a *analyzer) containerRef(sc *scope, kind pathKind, f field, cmd, why string) {
	v := sc.cont
	host := *sc
	host.cont = nil
	if f.proc {
		return
	}
	p := f.s
	abs, tail, anchored, home := "", "", true, false
	switch {
	case path.IsAbs(p):
		abs = p
	case sc.cwdKnown && path.IsAbs(sc.cwd):
		abs = sc.cwd + "/" + p
	default:
		anchored, tail = false, p // below a working directory not known
	}
	prefix := false // the start of the path is not known: any of its tails
	if f.dyn {
		s := abs
		if !anchored {
			s = tail
		}
		segs := strings.Split(s, "/")
		k := -1
		for j, g := range segs {
			if strings.ContainsAny(g, "$`") || strings.HasPrefix(g, "~") {
				k = j
			}
		}
		if k >= 0 {
			home = k == 0 && (segs[0] == "~" || segs[0] == "$HOME" || segs[0] == "${HOME}") ||
				k == 1 && segs[0] == "" && (segs[1] == "$HOME" || segs[1] == "${HOME}")
			anchored, prefix, tail = false, true, strings.Join(segs[k+1:], "/")
		}
		if kind != kRead && !f.cand && !home {
			a.opaque(cmd, "write target not known statically in a container: "+clip(p))
		}
	}
	if v.identity && (!anchored && !prefix || prefix && !home) {
		a.path(&host, kind, f, cmd, why) // the host's own tree: judged as there
		return
	}
	var names []viewName
	if anchored {
		names = v.namesOf(path.Clean(abs))
		if v.identity && (len(names) == 0 || v.underRoot(path.Clean(abs))) {
			// under no bind: the host's own; under a root directory's
			// bind (nsjail --chroot DIR), the runner may bind the home
			// and the working directory under their own names too
			a.path(&host, kind, f, cmd, why)
			if len(names) == 0 {
				return
			}
		}
	} else {
		names = v.tailNames(tail, prefix)
	}
	// a tail of a path the line does not know (not the container's
	// HOME) could be any of them: asked, not denied, on a hit
	guessDyn := f.dyn && !home
	for _, n := range names {
		g := f
		g.s, g.dyn, g.mount = n.path, guessDyn, false
		switch {
		case kind == kRead && n.top && !f.rec && !f.glob:
			// the mount's directory itself (ls /w): judged with the
			// mount as a whole, which a read of it would widen
		case kind == kRead:
			a.path(&host, kRead, g, cmd, MountedNameWhy)
		case n.ro:
		case kind == kWrite:
			g.cand = true
			a.path(&host, kWrite, g, cmd, MountedNameWhy)
		default:
			g.cand = false
			a.path(&host, kind, g, cmd, MountedNameWhy)
		}
	}
}

// viewName is a host file a container path may be.
type viewName struct {
	path string
	ro   bool
	top  bool // a known mount's source itself
}

// namesOf returns the host files the absolute container path p may be.
func (v *containerView) namesOf(p string) []viewName {
	best := -1
	for k, b := range v.binds {
		if _, ok := underDir(p, b.dst); ok && (best < 0 || len(b.dst) > len(v.binds[best].dst)) {
			best = k
		}
	}
	if best >= 0 {
		b := v.binds[best]
		r, _ := underDir(p, b.dst)
		return []viewName{{path.Join(b.src, r), b.ro, r == ""}}
	}
	if !v.guess || p == "/" {
		return nil
	}
	var out []viewName
	add := func(s string) {
		if len(out) < maxViewNames && !slices.Contains(out, viewName{path: s}) {
			out = append(out, viewName{path: s})
		}
	}
	add(p) // a mount at the same path (devcontainers do that)
	for _, b := range v.bases {
		if path.Base(p) == path.Base(b) {
			add(b) // the source itself, at a directory of its own name (/workspaces/project)
		}
	}
	for i := 1; i < len(p); i++ {
		if p[i] != '/' || i+1 >= len(p) {
			continue
		}
		for _, b := range v.bases {
			add(path.Join(b, p[i+1:]))
		}
	}
	return out
}

// underRoot reports whether the deepest bind holding p is a root
// directory's (its container path is /).
func (v *containerView) underRoot(p string) bool {
	best := ""
	for _, b := range v.binds {
		if _, ok := underDir(p, b.dst); ok && len(b.dst) >= len(best) {
			best = b.dst
		}
	}
	return best == "/"
}

// tailNames returns the host files a relative path (below a working
// directory not known: each mount point) or, with prefix, the tail of a
// path whose start is not known (any of its tails, below each mount's
// source) may be.
func (v *containerView) tailNames(tail string, prefix bool) []viewName {
	var out []viewName
	add := func(src, t string, ro bool) {
		s := path.Join(src, t)
		if _, ok := underDir(s, src); !ok {
			return // above the mount point: the container's own
		}
		if len(out) < maxViewNames && !slices.ContainsFunc(out, func(n viewName) bool { return n.path == s }) {
			out = append(out, viewName{path: s, ro: ro})
		}
	}
	tails := []string{tail}
	if prefix {
		for i := 0; i < len(tail); i++ {
			if tail[i] == '/' && i+1 < len(tail) {
				tails = append(tails, tail[i+1:])
			}
		}
	}
	for _, t := range tails {
		for _, b := range v.binds {
			add(b.src, t, b.ro)
		}
		for _, b := range v.bases {
			add(b, t, false)
		}
	}
	return out
}

// viewMounts returns v's known mounts as container mounts.
func viewMounts(v *containerView) []ContainerMount {
	out := make([]ContainerMount, len(v.binds))
	for i, b := range v.binds {
		out[i] = ContainerMount{Source: b.src, Target: b.dst, ReadOnly: b.ro}
	}
	return out
}
