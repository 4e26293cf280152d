package policy

import (
	"fmt"
	"path"
	"strconv"
	"strings"
)

// The repository's answers for history reads (historyreads.go).

// names reports whether word names an object of the repository.
func (r *gitRepo) names(word string) (bool, error) {
	_, err := r.q("rev-parse", "--verify", "-q", word)
	if err != nil {
		if gitMissing(err) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// commitsPrinted returns the paths the patches of the commits revs select
// show: each commit's own for a few commits, else every path the
// selected history carries and every path in which a range's ends differ
// (what a patch removes comes from the commit before the range).
func (r *gitRepo) commitsPrinted(revs []string, limit int) ([]string, error) {
	if limit > 0 && limit <= histFewCommits {
		out, err := r.q(append([]string{"rev-list", "-n", strconv.Itoa(limit)}, revs...)...)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, c := range strings.Fields(string(out)) {
			n, err := r.commitPaths(c)
			if err != nil {
				return nil, err
			}
			names = append(names, n...)
		}
		return names, nil
	}
	names, err := r.objectPaths(revs, limit)
	if err != nil {
		return nil, err
	}
	var neg, pos []string
	for _, rev := range revs {
		switch {
		case strings.HasPrefix(rev, "-"):
		case strings.HasPrefix(rev, "^"):
			neg = append(neg, rev[1:])
		case strings.Contains(rev, "..."):
			a, b, _ := strings.Cut(rev, "...")
			pos = append(pos, orHEAD(a), orHEAD(b))
			mb, err := r.mergeBase(orHEAD(a), orHEAD(b))
			if err != nil && !gitMissing(err) {
				return nil, err
			}
			if mb != "" {
				neg = append(neg, mb)
			}
		case strings.Contains(rev, ".."):
			a, b, _ := strings.Cut(rev, "..")
			neg, pos = append(neg, orHEAD(a)), append(pos, orHEAD(b))
		default:
			pos = append(pos, rev)
		}
	}
	if len(neg)*len(pos) > histPairs*histPairs {
		return nil, fmt.Errorf("it compares %d ranges", len(neg)*len(pos))
	}
	for _, a := range neg {
		for _, b := range pos {
			n, err := r.diff(a, b)
			if err != nil {
				return nil, err
			}
			names = append(names, n...)
		}
	}
	return names, nil
}

// objectPaths returns the path of every tree and file the history revs
// select carries (rev-list --objects).
func (r *gitRepo) objectPaths(revs []string, limit int) ([]string, error) {
	args := []string{"rev-list", "--objects"}
	if limit > 0 {
		args = append(args, "-n", strconv.Itoa(limit))
	}
	out, err := r.q(append(args, revs...)...)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, line := range strings.Split(string(out), "\n") {
		_, p, ok := strings.Cut(line, " ")
		if !ok || p == "" {
			continue
		}
		if len(names) >= maxTracked {
			return nil, fmt.Errorf("its history holds more than %d files", maxTracked)
		}
		names = append(names, p)
	}
	return names, nil
}

// objectPrinted returns the paths git show prints for one revision: a
// commit's (or a tag's commit's) changes; a tree's listing prints no
// content; a blob is content whose path Mandate cannot tell. REV:PATH is
// the analysis's (a read of PATH).
func (r *gitRepo) objectPrinted(rev string) ([]string, error) {
	if strings.Contains(rev, ":") {
		return nil, nil
	}
	out, err := r.q("cat-file", "-t", rev)
	if err != nil {
		return nil, err
	}
	switch t := strings.TrimSpace(string(out)); t {
	case "commit", "tag":
		c, err := r.commit(rev)
		if err != nil {
			return nil, err
		}
		return r.commitPaths(c)
	case "tree":
		return nil, nil
	default:
		return nil, fmt.Errorf("it prints the %s %q, whose path Mandate cannot tell", t, rev)
	}
}

// treeFiles returns the files of a tree-ish, REV:DIR included.
func (r *gitRepo) treeFiles(rev string) ([]string, error) {
	prefix := ""
	if i := strings.IndexByte(rev, ':'); i >= 0 {
		if i == 0 {
			return nil, fmt.Errorf("the tree %q is read from the index", rev)
		}
		prefix = path.Clean(strings.TrimPrefix(rev[i+1:], "./"))
		if prefix == "." || prefix == "/" {
			prefix = ""
		}
		if strings.HasPrefix(prefix, "../") || prefix == ".." {
			return nil, fmt.Errorf("the tree %q is outside the repository's top", rev)
		}
	}
	out, err := r.q("ls-tree", "-r", "-z", "--full-tree", "--name-only", rev)
	if err != nil {
		return nil, err
	}
	names := splitZ(out)
	if prefix != "" {
		for i, n := range names {
			names[i] = prefix + "/" + n
		}
	}
	return names, nil
}

// twoTrees returns the paths in which two tree-ishes differ.
func (r *gitRepo) twoTrees(revs []string) ([]string, error) {
	return r.diff(revs[0], revs[1])
}

// workDiff returns the blocked paths whose content on disk differs from
// the index (rev "") or from rev: what git diff [REV] prints of them.
// Only paths a read rule hits are compared, each by the blob id of its
// bytes on disk (no filter runs); one that cannot be read counts as
// different.
func (r *gitRepo) workDiff(rev, dir string, specs []string) ([]string, error) {
	ev := r.ev
	var top []string // nil: every path
	if len(specs) > 0 {
		top = r.topSpecs(dir, specs)
	}
	idx, err := r.index(top)
	if err != nil {
		return nil, err
	}
	ref := idx
	if rev != "" {
		if ref, err = r.tree(rev, top); err != nil {
			return nil, err
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, m := range []map[string]treeEnt{ref, idx} {
		for _, name := range sortedKeys(m) {
			if seen[name] {
				continue
			}
			seen[name] = true
			abs := path.Join(r.top, name)
			if !ev.readRuleHit(abs) {
				continue
			}
			e, tracked := ref[name]
			d, err := ev.diskBlob(abs)
			switch {
			case err != nil, e.stage != "" && e.stage != "0":
				out = append(out, name)
			case !tracked:
				if d != "" {
					out = append(out, name) // new on disk since rev
				}
			case d != entBlob(e):
				out = append(out, name)
			}
		}
	}
	return out, nil
}

// indexDiff returns the paths in which the index differs from rev.
func (r *gitRepo) indexDiff(rev string) ([]string, error) {
	idx, err := r.index(nil)
	if err != nil {
		return nil, err
	}
	tree := map[string]treeEnt{}
	c, err := r.commit(rev)
	switch {
	case err == nil:
		if tree, err = r.tree(c, nil); err != nil {
			return nil, err
		}
	case rev != "HEAD":
		return nil, err
	}
	var out []string
	for name, e := range idx {
		if t, ok := tree[name]; !ok || entBlob(t) != entBlob(e) || e.stage != "0" {
			out = append(out, name)
		}
	}
	for name := range tree {
		if _, ok := idx[name]; !ok {
			out = append(out, name)
		}
	}
	return out, nil
}

// specMatcher applies pathspecs to paths relative to the top. It never
// excludes more than git does: magic it does not read and wildcards in a
// positive pathspec match everything, an exclude pathspec it cannot read
// excludes nothing.
type specMatcher struct {
	all      bool
	include  []string
	exclude  [][]string // segments; glob segments matched one by one
	excludeP []string
}

// pathspecs reads specs, given in dir; whole ignores them.
func (r *gitRepo) pathspecs(dir string, specs []string, whole bool) *specMatcher {
	m := &specMatcher{}
	rel, ok := under(dir, r.top)
	if !ok {
		rel = ""
	}
	positive := 0
	for _, s := range specs {
		exclude, top := false, false
		if strings.HasPrefix(s, ":") && len(s) > 1 {
			switch {
			case s[1] == '!' || s[1] == '^':
				exclude, s = true, s[2:]
			case s[1] == '/':
				top, s = true, s[2:]
			case s[1] == '(':
				end := strings.IndexByte(s, ')')
				if end < 0 {
					m.all = true
					continue
				}
				known := true
				for _, w := range strings.Split(s[2:end], ",") {
					switch w {
					case "exclude":
						exclude = true
					case "top":
						top = true
					case "literal":
					default:
						known = false
					}
				}
				s = s[end+1:]
				if !known {
					if !exclude {
						m.all = true
						positive++
					}
					continue
				}
			default:
				s = s[1:]
			}
		}
		p := s
		if !top {
			p = path.Join(rel, s)
		}
		p = path.Clean(strings.TrimPrefix(p, "/"))
		if p == "." {
			p = ""
		}
		if strings.HasPrefix(p, "../") || p == ".." {
			if !exclude {
				positive++ // outside the repository: matches nothing here
			}
			continue
		}
		if exclude {
			m.exclude = append(m.exclude, strings.Split(p, "/"))
			m.excludeP = append(m.excludeP, p)
			continue
		}
		positive++
		if strings.ContainsAny(p, "*?[") {
			m.all = true
			continue
		}
		m.include = append(m.include, p)
	}
	if whole {
		return &specMatcher{all: true}
	}
	if positive == 0 {
		m.all = true
	}
	return m
}

func (m *specMatcher) match(name string) bool {
	in := m.all
	for _, p := range m.include {
		if _, below := under(name, p); below || p == "" || name == p {
			in = true
			break
		}
	}
	if !in {
		return false
	}
	segs := strings.Split(name, "/")
	for i, p := range m.exclude {
		if name == m.excludeP[i] {
			return false
		}
		if _, below := under(name, m.excludeP[i]); below {
			return false
		}
		if full, _, known := globSegs(p, segs, true, true); known && full {
			return false
		}
		// a directory matched by the pattern takes what lies below it
		for j := 1; j < len(segs); j++ {
			if full, _, known := globSegs(p, segs[:j], true, true); known && full {
				return false
			}
		}
	}
	return true
}
