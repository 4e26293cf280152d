package policy

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
)

// Globs judged by what they match on disk. The shell expands an unquoted
// glob when the command runs; at decision time the file system says what
// it would expand to. Each match is judged as a plain path (so a symlink
// among them is resolved), a glob matching nothing is the word itself
// (bash passes it unchanged), and paths the same line writes that the
// glob matches are added, since they may exist by then.
//
// The expansion is a superset of bash's where Mandate cannot know the
// shell options: names are matched case-insensitively (nocaseglob), "**"
// as globstar, an extended glob (extglob) as any name. Dotfiles match only
// with the dotglob the analysis reports, so that "ls *" stays "ls *".
//
// A match that is a directory is no read for a program that reads only
// the files it is given (cat *, wc -l *: dirreaders.go).
//
// A glob below an existing file matches nothing (diff's dir/* for an
// operand that is a file). A recursive reader given a glob (grep -R x s*,
// zip -r a.zip *) reads every match's whole tree, walked like any
// recursive read.
//
// Where the disk cannot answer — the directory the glob lists does not
// exist yet, or the line may create files where the glob looks (a write
// into that directory or above it, a write whose path is not known) —
// the glob is judged as a pattern: it hits a rule when some name it could
// match would. A glob whose expansion is larger than the bound is judged
// as a pattern too, and asks besides: the names it would match cannot all
// be checked, and one of them could be a symlink to anywhere.

// Bounds on expanding one glob.
const (
	globMatches = 5000  // matches judged one by one
	globBudget  = 20000 // file-system calls
)

// globOnDisk judges the glob pat by its matches on disk; false means the
// disk cannot answer and the caller judges the pattern.
func (ev *evaluation) globOnDisk(pat string, op opKind, fl pathFlags) bool {
	segs := splitSegs(strings.TrimPrefix(pat, "/"))
	first := slices.IndexFunc(segs, func(s string) bool { return fsview.HasMeta(s) || fsview.IsExtglob(s) })
	if first < 0 {
		return false // a metacharacter the shell sees and Mandate does not
	}
	base := "/"
	for _, s := range segs[:first] {
		base = path.Join(base, fsview.Unescape(s))
	}
	info, exists := ev.stat(base)
	if !exists {
		return false
	}
	extra, ok := ev.lineWrites(pat, segs, base, fl.dotGlob, true)
	if ok && !info.Mode.IsDir() {
		// Below a file nothing exists, and the line does not make one:
		// the glob is its own word, a path that cannot be opened.
		return true
	}
	var matches []string
	var err error
	if info.Mode.IsDir() {
		matches, err = fsview.Glob(ev.fs(), pat, fsview.GlobOptions{
			DotGlob: fl.dotGlob, GlobStar: true, NoCase: true, ExtglobAny: true, DotDirs: true,
			Limit: globMatches, Budget: globBudget,
		})
	}
	via := "matched by " + ev.displayPath(pat)
	noDirs := op == opRead && fl.tree == nil && fl.cmd != "" && ev.readsNoDirs(fl.cmd)
	judge := func(m string) {
		if noDirs {
			if info, ok := ev.stat(m); ok && info.Mode.IsDir() {
				return // handed a directory, the reader reads nothing of it
			}
		}
		ev.checkRef(m, op, pathFlags{candidate: fl.candidate, match: true, via: via})
		if fl.tree != nil && op == opRead {
			if info, ok := ev.stat(m); ok && info.Mode.IsDir() {
				ev.recursiveRead(m, *fl.tree)
			}
		}
	}
	if !ok {
		// The line may add names the disk does not show yet, so the
		// caller judges the pattern; the names that exist now are
		// matched already, and judged as the files they are (a hard
		// link or a symlink among them is not a lexical match).
		if err == nil && len(matches) <= globMatches {
			for _, m := range matches {
				judge(m)
			}
		}
		return false
	}
	for _, w := range extra {
		if err == nil && !slices.Contains(matches, w) {
			matches = append(matches, w)
		}
	}
	if err != nil || len(matches) > globMatches {
		shown := ev.displayPath(pat)
		ev.builtin(groupAnalysis, Ask, "glob", shown, fmt.Sprintf("%s %q: the glob matches more than Mandate checks one by one (%d names or %d file-system calls), and any of them could be a symlink; name the files or a narrower glob", op.noun(), shown, globMatches, globBudget))
		return false
	}
	if len(matches) == 0 {
		if !fl.found {
			ev.checkRef(pat, op, pathFlags{candidate: fl.candidate})
		}
		return true
	}
	for _, m := range matches {
		judge(m)
	}
	return true
}

// lineWrites returns the paths the line being judged writes that the
// glob pat, of segments segs, whose listing starts at base, would match
// (the glob's own write aside). ok is false when
// a write may create what the glob looks at without the analysis knowing
// its name: a write to base or a directory above it (cp -r, tar x,
// unzip into it), a write to a directory the glob descends through, a
// write whose path is itself a glob or not known statically.
func (ev *evaluation) lineWrites(pat string, segs []string, base string, dot, star bool) (extra []string, ok bool) {
	if ev.cur == nil {
		return nil, true
	}
	for _, w := range ev.cur.Writes {
		wp := w.Path
		if wp == pat || w.Candidate && wp == base {
			// (a candidate write of the base is a write of it only when
			// it is a file, below which nothing is; gofmt -w DIR)
			continue
		}
		if w.IfExists {
			continue // rewrites files that exist (a formatter's): adds no name
		}
		if w.Dynamic || w.Glob {
			lp := newTarget(wp, "", "")
			lp.makeGlob(w.Dynamic)
			pre := lp.literalPrefix()
			if _, in := under(pre, base); in {
				return nil, false
			}
			if _, in := under(base, pre); in {
				return nil, false
			}
			continue
		}
		if _, in := under(base, wp); in {
			return nil, false
		}
		if _, in := under(wp, base); !in {
			continue
		}
		full, prefix, known := globSegs(segs, splitSegs(strings.TrimPrefix(wp, "/")), dot, star)
		switch {
		case !known || prefix:
			return nil, false
		case full:
			extra = append(extra, wp)
		}
	}
	return extra, true
}

// globSegs matches the path segments s against the glob segments p:
// full when p matches s, prefix when s matches a proper prefix of p (s
// could be a directory the glob descends through). known is false when
// the question is too large to answer.
func globSegs(p, s []string, dot, star bool) (full, prefix, known bool) {
	return globSegsFold(p, s, dot, star, false)
}

// globSegsFold is globSegs, case-insensitive when fold is set.
func globSegsFold(p, s []string, dot, star, fold bool) (full, prefix, known bool) {
	if (len(p)+1)*(len(s)+1) > 1<<16 {
		return false, false, false
	}
	w := len(s) + 1
	reach := make([]bool, (len(p)+1)*w) // reach[i*w+j]: p[:i] matches s[:j]
	reach[0] = true
	for i := 0; i <= len(p); i++ {
		for j := 0; j <= len(s); j++ {
			if !reach[i*w+j] || i == len(p) {
				continue
			}
			if star && p[i] == "**" {
				reach[(i+1)*w+j] = true // no directory
				if j < len(s) && (dot || !strings.HasPrefix(s[j], ".")) {
					reach[i*w+j+1] = true // one more
				}
				continue
			}
			if j < len(s) && segGlob(p[i], s[j], dot, fold) {
				reach[(i+1)*w+j+1] = true
			}
		}
	}
	for i := 0; i < len(p); i++ {
		if reach[i*w+len(s)] {
			prefix = true
		}
	}
	return reach[len(p)*w+len(s)], prefix, true
}

func segGlob(p, s string, dot, fold bool) bool {
	if !fsview.HasMeta(p) {
		if fold {
			return strings.EqualFold(fsview.Unescape(p), s)
		}
		return fsview.Unescape(p) == s
	}
	return fsview.MatchName(p, s, dot, fold)
}
