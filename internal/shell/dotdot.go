package shell

import (
	"fmt"
	"path"
	"strings"
)

// `..` after a link (red-team round 23, #10). The kernel resolves a
// path a component at a time: in src/s/../x it looks src/s up first and,
// when that is a symbolic link, takes `..` of the link's target, not of
// src (ln -s ../docs src/s: src/s/.. is the project root). The analysis
// cleans paths lexically, so a path with `..` after a name is kept here
// as written (absolute, the cwd joined) and, once the line's links are
// known, resolved again through the links the line makes the way the
// kernel does: where that names another file, that file is reported too.
// Bash's own cd is logical (cd src/s/.. is cd src) but falls back to the
// physical directory when the logical one does not exist; cd -P is
// physical (cdLinkDir).

// dotRef is a path with `..` after a name, as reported (path).
type dotRef struct {
	kind     pathKind
	raw      string
	f        field
	cmd, why string
}

// maxDotRefs bounds the paths kept for resolution through links.
const maxDotRefs = 256

// nameDotDot reports whether p has a `..` component after a name (a
// component that may be a link).
func nameDotDot(p string) bool {
	if !strings.Contains(p, "..") {
		return false
	}
	name := false
	for _, c := range strings.Split(p, "/") {
		switch c {
		case "", ".":
		case "..":
			if name {
				return true
			}
		default:
			name = true
		}
	}
	return false
}

// noteDotDot keeps the absolute path raw of a reference for resolution
// through the line's links at its end.
func (a *analyzer) noteDotDot(kind pathKind, raw string, f field, cmd, why string) {
	if len(a.dotRefs) >= maxDotRefs {
		// past the bound a path would not be resolved through the
		// line's links: what it names is not known
		a.opaque(cmd, fmt.Sprintf("more than %d paths with `..` after a name to resolve through the line's links", maxDotRefs))
		return
	}
	a.dotRefs = append(a.dotRefs, dotRef{kind, raw, f, cmd, why})
}

// linkResolve resolves the absolute path p through the links the line
// makes, the way the kernel does: each name looked up in turn, a link
// replaced by its target, `..` taken of what is resolved so far. via is
// the last link passed (""when none); dyn when a link's target is not
// known statically.
func (a *analyzer) linkResolve(p string) (res, via string, dyn bool) {
	done := "/"
	todo := strings.Split(strings.Trim(p, "/"), "/")
	hops := 0
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			done = path.Dir(done)
			continue
		}
		next := path.Join(done, c)
		done = next
		if hops >= maxLinks {
			continue
		}
		for _, l := range a.links {
			if l.name != next {
				continue
			}
			hops++
			via = l.name
			if l.dyn {
				dyn = true
				continue
			}
			done = "/"
			todo = append(strings.Split(strings.Trim(l.target, "/"), "/"), todo...)
			break
		}
	}
	return done, via, dyn
}

// followDotDots reports, for each path kept by noteDotDot that the
// line's links make name another file, that file.
func (a *analyzer) followDotDots() {
	if len(a.links) == 0 {
		return
	}
	root := &scope{cwd: "/", cwdKnown: true}
	for _, r := range a.dotRefs {
		res, via, dyn := a.linkResolve(r.raw)
		if via == "" || res == path.Clean(r.raw) {
			continue
		}
		f := r.f
		f.s, f.dyn = res, f.dyn || dyn
		a.path(root, r.kind, f, r.cmd, r.why+" (`..` after the link "+via+")")
	}
}

// cdLinkDir is where cd to the absolute path next goes when it has `..`
// after a link the line made: the physical directory (cd -P, or bash's
// logical cd when the logical one does not exist), ok false when no link
// is passed before a `..`.
func (a *analyzer) cdLinkDir(next string) (string, bool) {
	if len(a.links) == 0 || !nameDotDot(next) {
		return "", false
	}
	res, via, dyn := a.linkResolve(next)
	if via == "" || dyn || res == path.Clean(next) {
		return "", false
	}
	return res, true
}
