package shell

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// Links created by the line. A symbolic or hard link made earlier in the
// line is another name for its target when the line later reads, writes
// or deletes through it (ln -s ../x l && echo > l writes ../x). The
// links do not exist yet when the line is decided, so the file system
// cannot show them: every path reported at or below a link the line
// creates is also reported through the link's target.
//
// Links are file-system state, not shell state: one made in a subshell,
// a pipeline, a background job or a branch that may not run still exists
// afterwards, and a function or loop body may run after it is made. So
// the links of the whole line apply to every path of the line, in any
// order: over-reporting a path that a link made later does not reach is
// safe, missing one is not.

// linkDef is one link the line creates.
type linkDef struct {
	name   string // absolute, clean path of the link
	target string // absolute, clean path it leads to (source form when dyn)
	dyn    bool   // the target is not known statically
	// also is the other name the same command may have given the link
	// (ln -s T L makes L/T when L is a directory): not a path through it.
	also string
}

// linkNameWhy is the reason given for the name a link is made at.
const linkNameWhy = "link name"

// maxLinkAliases bounds the paths reported through links (chains,
// fan-out), and maxLinks the links followed.
const (
	maxLinkAliases = 1024
	maxLinks       = 64
)

// addLink records that name is made a link to target. Relative symbolic
// link targets are resolved from the link's directory, unless fromCwd
// (hard links, ln -r).
func (a *analyzer) addLink(sc *scope, name, target field, fromCwd bool) {
	a.addLinkAlso(sc, name, target, fromCwd, "")
}

func (a *analyzer) addLinkAlso(sc *scope, name, target field, fromCwd bool, also string) {
	if sc.remote || name.dyn || name.s == "" || target.s == "" {
		return
	}
	abs := func(p string) (string, bool) {
		if !path.IsAbs(p) {
			if sc.cwd == "" {
				return "", false
			}
			p = sc.cwd + "/" + p
		}
		ph := a.physical(sc, p)
		return ph.path, !ph.dyn
	}
	n, ok := abs(name.s)
	if !ok {
		return
	}
	t := target.s
	if !path.IsAbs(t) && !fromCwd {
		t = path.Dir(n) + "/" + t
	}
	var tabs string
	var known bool
	if target.dyn {
		tabs, known = t, false
		if !path.IsAbs(tabs) {
			tabs = sc.cwd + "/" + tabs
		}
	} else if tabs, known = abs(t); !known {
		known = false
	}
	if tabs == n && !target.dyn && !fromCwd {
		a.loops = append(a.loops, n) // ln -s l l: a link to itself
		return
	}
	if tabs == n {
		return
	}
	if len(a.links) >= maxLinks {
		a.opaque("ln", "the line makes too many links to follow")
		return
	}
	if also != "" {
		also = path.Join(n, also)
	}
	a.links = append(a.links, linkDef{name: n, target: tabs, dyn: !known, also: also})
	// a link's content is its target's: the file the line wrote there, or
	// one on disk (ln -s /tmp/evil.py conftest.py is cp's copy of it); a
	// target not known statically (ln -s "$(command -v python3)" venv/bin/
	// python) is code where named as such, and to a runner named to it
	if known {
		a.noteCopy(n, tabs, "ln")
		return
	}
	a.noteWrite(n, "ln", "", false, false)
	if i := a.writtenIndex(n); i >= 0 && !codeName(n) {
		a.written[i].kind = min(a.written[i].kind, writeData)
	}
}

// linkCommand records the links ln, cp -s and cp -l make: the link names
// and their targets (srcs and dest as parsed by copyLike).
func (c *cmd) linkCommand(o opts, srcs []field, dest *field) {
	c.moveLinks(o, srcs, dest)
	symbolic, hard := false, false
	switch c.name {
	case "ln":
		symbolic = o.anyOf("-s", "--symbolic")
		hard = !symbolic
	case "cp":
		symbolic = o.anyOf("-s", "--symbolic-link")
		hard = o.anyOf("-l", "--link")
	default:
		return
	}
	if !symbolic && !hard || dest == nil {
		return
	}
	intoDir := len(o.values("-t", "--target-directory")) > 0 || len(srcs) > 1
	exact := o.anyOf("-T", "--no-target-directory")
	fromCwd := hard || o.anyOf("-r", "--relative")
	for _, src := range srcs {
		if hard {
			c.write(src, HardLinkTargetWhy)
		}
		names := []field{*dest}
		if intoDir {
			names = []field{joinField(*dest, path.Base(src.s))}
		} else if !exact {
			// dest may be an existing directory: the link is made in it
			names = append(names, joinField(*dest, path.Base(src.s)))
		}
		for i, n := range names {
			if i > 0 || intoDir {
				c.write(n, linkNameWhy)
			}
			also := ""
			if i == 0 && len(names) > 1 {
				also = path.Base(src.s)
			}
			c.a.addLinkAlso(c.sc, n, src, fromCwd, also)
		}
	}
}

// followLinks reports, through the links the line creates, every path
// reported at or below one of them.
func (a *analyzer) followLinks() {
	a.checkLoops()
	if len(a.links) == 0 {
		return
	}
	root := &scope{cwd: "/", cwdKnown: true}
	added := 0
	type list struct {
		kind pathKind
		refs *[]PathRef
	}
	for _, l := range []list{{kRead, &a.res.Reads}, {kWrite, &a.res.Writes}, {kDelete, &a.res.Deletes}} {
		for i := 0; i < len(*l.refs) && added < maxLinkAliases; i++ {
			r := (*l.refs)[i]
			for _, ln := range a.links {
				rest, ok := strings.CutPrefix(r.Path, ln.name)
				if !ok || rest != "" && rest[0] != '/' || rest == "" && r.Why == linkNameWhy || r.Path == ln.also {
					continue // not through the link, or a link being (re)made
				}
				f := field{s: ln.target + rest, dyn: ln.dyn || r.Dynamic, glob: r.Glob, cand: r.Candidate, rec: r.Recursive}
				before := len(*l.refs)
				a.path(root, l.kind, f, r.Cmd, r.Why+" (through the link "+ln.name+")")
				added += len(*l.refs) - before
			}
		}
	}
	if added >= maxLinkAliases {
		// past the bound the rest is not followed: opaque, never
		// harmless (red-team round 23, #1: every bound of the walk)
		a.opaque("ln", "more paths through the links the line makes than the analysis follows")
	}
}

// moveLinks: mv of a link the line made, and cp or rsync copying links
// as links (cp -P/-d/-a/-r, rsync -l/-a), make another link to the same
// target.
func (c *cmd) moveLinks(o opts, srcs []field, dest *field) {
	if dest == nil || len(c.a.links) == 0 || c.sc.remote {
		return
	}
	switch c.name {
	case "mv":
	case "cp":
		if !o.anyOf("-P", "-d", "-a", "-r", "-R", "--no-dereference", "--archive", "--recursive") || o.anyOf("-L", "--dereference") {
			return
		}
	case "rsync":
		if !o.anyOf("-l", "-a", "--links", "--archive") {
			return
		}
	default:
		return
	}
	into := len(srcs) > 1 || len(o.values("-t", "--target-directory")) > 0
	for _, src := range srcs {
		if src.dyn || c.sc.cwd == "" {
			continue
		}
		p := src.s
		if !strings.HasPrefix(p, "/") {
			p = c.sc.cwd + "/" + p
		}
		abs := c.a.physical(c.sc, p).path
		for _, l := range c.a.links {
			if l.name != abs {
				continue
			}
			names := []field{*dest, joinField(*dest, path.Base(abs))}
			if into {
				names = names[1:]
			}
			for _, n := range names {
				c.a.addLinkTo(c.sc, n, l)
			}
			break
		}
	}
}

// addLinkTo records name as another link with l's target.
func (a *analyzer) addLinkTo(sc *scope, name field, l linkDef) {
	if name.dyn || sc.cwd == "" {
		return
	}
	p := name.s
	if !strings.HasPrefix(p, "/") {
		p = sc.cwd + "/" + p
	}
	n := a.physical(sc, p).path
	if n == l.target || len(a.links) >= maxLinks {
		return
	}
	a.links = append(a.links, linkDef{name: n, target: l.target, dyn: l.dyn})
}

// ErrLinkLoop is wrapped by the error of a line that makes a symbolic
// link loop and uses it.
var ErrLinkLoop = errors.New("shell: symbolic link loop made in the line")

// checkLoops makes the analysis fail when the line makes a symbolic link
// that leads back to itself (ln -s l2 src/l2, or a chain of links made in
// the line) and then reads, writes or deletes through it: what that does
// is an error at run time, and a line built to produce one is a deny with
// its reason, never a guess.
func (a *analyzer) checkLoops() {
	loops := append([]string(nil), a.loops...)
	for _, l := range a.links {
		seen, t := 0, l.target
		for next := true; next && seen < maxLinks; seen++ {
			next = false
			for _, m := range a.links {
				if m.name == t && !m.dyn {
					t, next = m.target, true
					break
				}
			}
			if t == l.name {
				loops = append(loops, l.name)
				break
			}
		}
	}
	if len(loops) == 0 || a.deferred != nil {
		return
	}
	for _, refs := range [][]PathRef{a.res.Reads, a.res.Writes, a.res.Deletes} {
		for _, r := range refs {
			for _, lp := range loops {
				rest, ok := strings.CutPrefix(r.Path, lp)
				if ok && (rest == "" || rest[0] == '/') && !(rest == "" && r.Why == linkNameWhy) {
					a.deferred = fmt.Errorf("%w: the line makes %s a link to itself and then uses it", ErrLinkLoop, lp)
					return
				}
			}
		}
	}
}
