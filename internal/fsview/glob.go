package fsview

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"syscall"
)

// Defaults for the bounds of Glob and Walk when the caller gives none.
const (
	DefaultGlobLimit = 1000  // matches
	DefaultBudget    = 10000 // file-system calls
	DefaultDirNames  = 10000 // names in one directory
)

// GlobOptions are the shell options and the bounds of one Glob.
type GlobOptions struct {
	// DotGlob lets * ? and [...] match a leading "." (shopt -s dotglob).
	DotGlob bool
	// GlobStar makes a "**" segment match any number of directories
	// (shopt -s globstar); without it "**" is "*".
	GlobStar bool
	// NoCase matches names case-insensitively (shopt -s nocaseglob).
	NoCase bool
	// DotDirs lets "." and ".." match a segment that starts with a
	// literal "." (".*" matches them), as bash did before 5.2 and still
	// does with globskipdots off: the cautious reading for a decision.
	DotDirs bool
	// Limit is the most matches returned; more is ErrLimit. Zero means
	// DefaultGlobLimit.
	Limit int
	// Budget is the most file-system calls (lstat, readlink, directory
	// listings) the expansion may make; more is ErrBudget. Zero means
	// DefaultBudget.
	Budget int
	// DirNames bounds one directory listing; a larger directory is
	// ErrLimit. Zero means DefaultDirNames.
	DirNames int
	// ExtglobAny lets an extended-glob segment (@(a|b), !(x), …) match
	// every name but "." and "..", dotfiles included, instead of failing
	// with ErrExtglob: a superset of what bash would match, for a caller
	// that judges every match and must not miss one.
	ExtglobAny bool
}

func (o *GlobOptions) defaults() {
	if o.Limit <= 0 {
		o.Limit = DefaultGlobLimit
	}
	if o.Budget <= 0 {
		o.Budget = DefaultBudget
	}
	if o.DirNames <= 0 {
		o.DirNames = DefaultDirNames
	}
}

type cand struct {
	p      string
	exists bool // known to exist (it came from a listing)
}

// Glob returns the existing paths the absolute pattern matches, sorted,
// as bash expands a glob word: segment by segment, listing directories
// (through symlinks, as the kernel does), matching names with MatchName,
// and, for segments without metacharacters, keeping the name only if the
// path exists (a dangling symlink exists). A trailing "/" keeps only
// directories. No match is an empty result, not an error; what the shell
// then does with the word is the caller's business. A directory that
// cannot be listed (missing, not a directory, not permitted) contributes
// nothing, as for the shell. Errors: ErrLimit (more than opt.Limit
// matches, or a directory of more than opt.DirNames names), ErrBudget,
// ErrExtglob, ErrTooLong, ErrNotAbs.
func Glob(fsys FS, pattern string, opt GlobOptions) ([]string, error) {
	if err := check(pattern); err != nil {
		return nil, err
	}
	opt.defaults()
	g := &globber{b: &budget{fsys: fsys, max: opt.Budget}, opt: opt}
	dirOnly := len(pattern) > 1 && strings.HasSuffix(pattern, "/")
	cands := []cand{{p: "/", exists: true}}
	segs := splitPath(pattern)
	for i, seg := range segs {
		last := i == len(segs)-1
		var next []cand
		var err error
		switch {
		case seg == "" || seg == ".":
			continue
		case seg == "..":
			next, err = g.parent(cands)
		case seg == "**" && opt.GlobStar:
			next, err = g.star(cands, last)
		case IsExtglob(seg) && !opt.ExtglobAny:
			return nil, ErrExtglob
		case IsExtglob(seg):
			next, err = g.match(cands, "")
		case !HasMeta(seg):
			name := Unescape(seg)
			for _, c := range cands {
				next = append(next, cand{p: path.Join(c.p, name)})
			}
		default:
			next, err = g.match(cands, seg)
		}
		if err != nil {
			return nil, err
		}
		cands = dedupe(next)
		if !last && len(cands) > g.b.max-g.b.n {
			// Each needs at least one more call.
			return nil, ErrBudget
		}
	}
	var out []string
	for _, c := range cands {
		if !c.exists || dirOnly {
			info, err := g.lstatIn(c.p, dirOnly)
			if fatal(err) {
				return nil, err
			}
			if err != nil || dirOnly && !info.Mode.IsDir() {
				continue
			}
		}
		out = append(out, c.p)
		if len(out) > opt.Limit {
			return nil, ErrLimit
		}
	}
	slices.Sort(out)
	return out, nil
}

type globber struct {
	b   *budget
	opt GlobOptions
}

// list returns the names in directory dir (resolved first), or none.
func (g *globber) list(dir string) ([]string, error) {
	real, err := Resolve(g.b, dir)
	if err != nil {
		if fatal(err) {
			return nil, err
		}
		return nil, nil
	}
	names, err := g.b.ReadDir(real, g.opt.DirNames)
	if err != nil {
		if fatal(err) {
			return nil, err
		}
		return nil, nil
	}
	return names, nil
}

// lstatIn describes p, resolving its parent directories (and p itself
// when follow is set).
func (g *globber) lstatIn(p string, follow bool) (Info, error) {
	if follow {
		r, err := Resolve(g.b, p)
		if err != nil {
			return Info{}, err
		}
		return g.b.Lstat(r)
	}
	dir, base := path.Split(p)
	r, err := Resolve(g.b, dir)
	if err != nil {
		return Info{}, err
	}
	return g.b.Lstat(path.Join(r, base))
}

func (g *globber) match(cands []cand, seg string) ([]cand, error) {
	var next []cand
	for _, c := range cands {
		names, err := g.list(c.p)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			if seg == "" || MatchName(seg, n, g.opt.DotGlob, g.opt.NoCase) { // "": any name (ExtglobAny)
				next = append(next, cand{p: path.Join(c.p, n), exists: true})
			}
		}
		if g.opt.DotDirs && seg != "" && (strings.HasPrefix(seg, ".") || strings.HasPrefix(seg, `\.`)) {
			for _, d := range []string{".", ".."} {
				if matchRunes(seg, d, g.opt.NoCase) {
					real, err := Resolve(g.b, c.p)
					if fatal(err) {
						return nil, err
					}
					if err == nil {
						next = append(next, cand{p: path.Join(real, d), exists: true})
					}
				}
			}
		}
	}
	return next, nil
}

// parent applies a ".." segment: the parent of the directory reached,
// after resolving symlinks, as the kernel does.
func (g *globber) parent(cands []cand) ([]cand, error) {
	var next []cand
	for _, c := range cands {
		real, err := Resolve(g.b, c.p)
		if err != nil {
			if fatal(err) {
				return nil, err
			}
			continue
		}
		next = append(next, cand{p: path.Dir(real), exists: true})
	}
	return next, nil
}

// star expands a globstar "**": each candidate itself and every
// directory below it (symlinks to directories are not descended, as in
// bash 4.3 and later); as the last segment, every file below as well.
func (g *globber) star(cands []cand, last bool) ([]cand, error) {
	var next []cand
	var walk func(dir string, depth int) error
	walk = func(dir string, depth int) error {
		if depth > MaxPath/2 {
			return ErrTooLong
		}
		names, err := g.list(dir)
		if err != nil {
			return err
		}
		for _, n := range names {
			if strings.HasPrefix(n, ".") && !g.opt.DotGlob {
				continue
			}
			p := path.Join(dir, n)
			info, err := g.lstatIn(p, false)
			if err != nil {
				if fatal(err) {
					return err
				}
				continue
			}
			if info.Mode.IsDir() {
				next = append(next, cand{p: p, exists: true})
				if err := walk(p, depth+1); err != nil {
					return err
				}
			} else if last {
				next = append(next, cand{p: p, exists: true})
			}
			if len(next) > g.opt.Limit*4 && last {
				return ErrLimit
			}
		}
		return nil
	}
	for _, c := range cands {
		next = append(next, c)
		if err := walk(c.p, 0); err != nil {
			return nil, err
		}
	}
	return next, nil
}

func dedupe(cs []cand) []cand {
	if len(cs) < 2 {
		return cs
	}
	seen := make(map[string]bool, len(cs))
	out := cs[:0]
	for _, c := range cs {
		if !seen[c.p] {
			seen[c.p] = true
			out = append(out, c)
		}
	}
	return out
}

// IsNotFound reports whether err means the path is not there to look at:
// missing, or a component is not a directory.
func IsNotFound(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, errNotDir) || errors.Is(err, syscall.ENOTDIR)
}
