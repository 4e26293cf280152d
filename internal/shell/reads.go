package shell

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Reads of whole trees, and of files named inside other arguments: what a
// search tool, a recursive diff or a git command that prints content can
// read. A tree read is reported once, at its root, with what the command
// skips (PathRef.SkipHidden, TrackedOnly, Exclude); a filter that keeps
// only some names is a Glob below the root.

// treeOpts are the walk facts of a recursive read (see PathRef).
type treeOpts struct {
	input               bool // names read from standard input (xargs): which files is not known
	skipHidden, tracked bool
	exclude             []string
	dotGlob, globStar   bool
}

// tree returns f read below, with opts.
func tree(f field, t treeOpts) field {
	f.rec = true
	f.tree = &t
	return f
}

// filtered returns the glob read dir/**/name (name a basename pattern):
// the files a tree walk keeps when only names matching name are read.
func filtered(dir field, name string, t treeOpts) field {
	g := dir
	g.s = strings.TrimSuffix(dir.s, "/") + "/**/" + name
	g.glob, g.rec = true, false
	t.globStar = true
	t.dotGlob = t.dotGlob || !t.skipHidden
	g.tree = &t
	return g
}

// excludeName returns the Exclude patterns that skip every file or
// directory named like the basename pattern name, at any depth.
func excludeName(name string) []string {
	name = strings.TrimSuffix(strings.TrimPrefix(name, "/"), "/")
	if name == "" {
		return nil
	}
	if strings.Contains(name, "/") {
		return []string{name, name + "/**"} // anchored at the root
	}
	return []string{"**/" + name, "**/" + name + "/**"}
}

// Excluded reports whether the file at p is one the command skips: its
// path relative to r.Path (for a Glob, to the literal directory above its
// first glob segment) matches one of r.Exclude, where "/" separates
// segments, each segment is a path.Match pattern and a "**" segment
// matches any number of segments. The base directory itself is never
// excluded.
func (r PathRef) Excluded(p string) bool {
	if len(r.Exclude) == 0 {
		return false
	}
	prefix := strings.TrimSuffix(r.excludeBase(), "/") + "/"
	rel, ok := strings.CutPrefix(p, prefix)
	if !ok || rel == "" {
		return false
	}
	segs := strings.Split(rel, "/")
	for _, pat := range r.Exclude {
		if matchSegs(strings.Split(pat, "/"), segs) {
			return true
		}
	}
	return false
}

func matchSegs(pat, segs []string) bool {
	// ok[i]: the pattern so far matches the first i segments (linear, no
	// backtracking over "**")
	ok := make([]bool, len(segs)+1)
	ok[0] = true
	for pi, p := range pat {
		next := make([]bool, len(segs)+1)
		if p == "**" {
			min := 0
			if pi == len(pat)-1 {
				min = 1 // a trailing ** is what lies below: x/** is not x
			}
			first := -1
			for i, v := range ok {
				if v {
					first = i
					break
				}
			}
			if first >= 0 {
				for i := first + min; i <= len(segs); i++ {
					next[i] = true
				}
			}
		} else {
			for i := 1; i <= len(segs); i++ {
				if ok[i-1] {
					if m, err := path.Match(p, segs[i-1]); err == nil && m {
						next[i] = true
					}
				}
			}
		}
		ok = next
	}
	return ok[len(segs)]
}

// ignoreFiles are the files whose whitelist lines (!name) make search
// tools read names they would skip.
var ignoreFiles = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{".gitignore": true, ".ignore": true, ".rgignore": true, ".fdignore": true, ".agignore": true}
}}

// refFacts completes a PathRef with the walk facts its field carries and
// the shell's glob options in force.
func (a *analyzer) refFacts(r *PathRef, f field, sc *scope) {
	if t := f.tree; t != nil {
		if r.Recursive {
			r.SkipHidden = t.skipHidden
			r.TrackedOnly = t.tracked
		}
		if r.Recursive || r.Glob {
			r.Exclude = t.exclude
		}
		if r.Glob {
			r.DotGlob, r.GlobStar = t.dotGlob, t.globStar
		}
	}
	if r.Glob && (f.tree == nil || !f.tree.globStar) {
		// a glob the shell expands: the options in force apply
		fl := a.globsOn(sc)
		r.DotGlob = r.DotGlob || fl&globDot != 0
		r.GlobStar = r.GlobStar || fl&globStar != 0
		if fl&globNoCase != 0 {
			r.Path = foldCase(r.Path)
		}
	}
}

// mergeRead widens the read already reported for abs with the facts of
// another read of it: the union of what the two read.
func (a *analyzer) mergeRead(abs string, r PathRef) {
	i, ok := a.readAt[abs]
	if !ok {
		return
	}
	old := &a.res.Reads[i]
	if r.Recursive && !old.Recursive {
		old.Recursive, old.SkipHidden, old.TrackedOnly, old.Exclude = true, r.SkipHidden, r.TrackedOnly, r.Exclude
	} else if r.Recursive {
		old.SkipHidden = old.SkipHidden && r.SkipHidden
		old.TrackedOnly = old.TrackedOnly && r.TrackedOnly
		old.Exclude = commonStrings(old.Exclude, r.Exclude)
	}
	if old.Glob || r.Glob {
		old.Exclude = commonStrings(old.Exclude, r.Exclude)
	}
	old.DotGlob = old.DotGlob || r.DotGlob
	old.GlobStar = old.GlobStar || r.GlobStar
	old.Dynamic = old.Dynamic || r.Dynamic
	old.IfExists = old.IfExists && r.IfExists
	old.Mount = old.Mount && r.Mount
}

// commonStrings returns the strings in both a and b, in a's order.
func commonStrings(a, b []string) []string {
	var out []string
	for _, s := range a {
		for _, t := range b {
			if s == t {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// excludeBase is the directory a PathRef's Exclude patterns are relative
// to: Path for a recursive read, the literal directory above the first
// glob segment for a glob.
func (r PathRef) excludeBase() string {
	if !r.Glob {
		return r.Path
	}
	segs := strings.Split(r.Path, "/")
	for i, s := range segs {
		if strings.ContainsAny(s, "*?[") {
			if i <= 1 {
				return "/"
			}
			return strings.Join(segs[:i], "/")
		}
	}
	return r.Path
}

// runProgramOption analyses the program an option names (rg --pre PROG,
// ag --pager CMD): a static program path or name is run like a command of
// the line, on a file it is handed ("{file}"), so the rules about which
// program runs apply to it (a script file is not opaque, a Mandate binary
// is still Mandate); a command line with arguments is shell code; a value
// not known statically is opaque.
func (c *cmd) runProgramOption(f field) error {
	switch {
	case f.dyn || f.s == "":
		c.opaque(c.name + " runs a program not known statically on what it reads: " + clip(f.s))
		return nil
	case strings.ContainsAny(f.s, " \t|;&$`<>()"):
		return c.code(f, c.name+" program option", false)
	}
	sc, err := c.a.enter(c.sc.withVia(c.name))
	if err != nil {
		return err
	}
	return c.a.simple([]field{f, {s: "{file}", dyn: true}}, sc)
}
