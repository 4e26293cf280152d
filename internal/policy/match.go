package policy

import (
	"errors"
	"fmt"
	"net/netip"
	"path"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/hostname"
)

func checkGlob(p string) error {
	if _, err := path.Match(p, "x"); err != nil {
		return err
	}
	return nil
}

// anchor says what a path pattern is relative to.
type anchor int

const (
	anchorName anchor = iota // no '/': a name at any depth
	anchorRepo               // relative to the repository root
	anchorHome               // "~/...": relative to the home directory
	anchorAbs                // "/...": an absolute path
)

// pathPat is a compiled path pattern. A pattern matches a path when it
// matches the path itself or one of its parent directories, so "src/" and
// "infrastructure" cover everything below them.
type pathPat struct {
	src     string
	anchor  anchor
	segs    []string // pattern segments; "**" is any number of segments
	lower   []string // segs lower-cased, for case-insensitive matching
	literal bool     // no glob metacharacter in any segment
}

func hasMeta(s string) bool { return strings.ContainsAny(s, `*?[\`) }

func compilePath(src string) (*pathPat, error) {
	s := strings.TrimSpace(src)
	if s != src {
		return nil, errors.New("leading or trailing spaces")
	}
	pp := &pathPat{src: src}
	switch {
	case strings.HasPrefix(s, "~/"):
		pp.anchor, s = anchorHome, s[2:]
	case s == "~":
		return nil, errors.New("the whole home directory is not a usable pattern; name a directory below it")
	case strings.HasPrefix(s, "~"):
		return nil, errors.New("~user paths are not supported; use ~/ or an absolute path")
	case strings.HasPrefix(s, "/"):
		pp.anchor, s = anchorAbs, s[1:]
	case strings.HasPrefix(s, "./"):
		pp.anchor, s = anchorRepo, s[2:]
	case strings.Contains(s, "/"):
		pp.anchor = anchorRepo
	default:
		pp.anchor = anchorName
	}
	s = strings.TrimSuffix(s, "/")
	if s == "" {
		if pp.anchor == anchorAbs {
			return nil, errors.New("the filesystem root is not a usable pattern")
		}
		return nil, errors.New("empty pattern")
	}
	pp.segs = strings.Split(s, "/")
	// lower shares segs until a segment has upper case: most patterns
	// (the built-in set is compiled for every policy) have none.
	pp.lower = pp.segs
	ownLower := false
	dstar := 0
	pp.literal = true
	for i, seg := range pp.segs {
		switch {
		case seg == "":
			return nil, errors.New("empty path segment (//)")
		case seg == "." || seg == "..":
			return nil, fmt.Errorf("%q segments are not allowed in patterns", seg)
		case seg == "**":
			dstar++
			pp.literal = false
		case strings.Contains(seg, "**"):
			return nil, errors.New(`"**" must be a whole path segment`)
		default:
			if err := checkGlob(seg); err != nil {
				return nil, err
			}
			if hasMeta(seg) {
				pp.literal = false
			}
		}
		l := fsview.Fold(seg)
		if !hasMeta(seg) {
			l = foldSeg(seg) // a glob keeps its text: "a\\." is no "a\\"
		}
		if l != seg {
			if !ownLower {
				pp.lower, ownLower = slices.Clone(pp.segs), true
			}
			pp.lower[i] = l
		}
	}
	if dstar > maxDoubleStr {
		return nil, fmt.Errorf("at most %d \"**\" segments per pattern", maxDoubleStr)
	}
	if pp.anchor == anchorName && dstar > 0 {
		pp.anchor = anchorRepo // "**" alone: everything in the repository
	}
	return pp, nil
}

// target is one path prepared for matching.
type target struct {
	abs     string   // absolute, cleaned
	absSegs []string // segments of abs without the leading "/"
	inRepo  bool
	rel     string // relative to the repository root ("" for the root itself)
	relSegs []string
	inHome  bool
	hrel    string
	hSegs   []string
	// lower-cased copies for case-insensitive matching
	lAbsSegs, lRelSegs, lHSegs []string
	lRel                       string
	// dot is set when some segment starts with '.': every credential
	// store and hook configuration lives below such a segment.
	dot bool
	// glob is set when segments may be globs or "**" (see makeGlob).
	glob bool
	// anyDir is set on a name in a directory not known (see anywhere).
	anyDir bool
}

func splitSegs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "/")
}

// splitInto appends to buf the segments strings.Split(s, "/") returns.
func splitInto(buf []string, s string) []string {
	for {
		i := strings.IndexByte(s, '/')
		if i < 0 {
			return append(buf, s)
		}
		buf = append(buf, s[:i])
		s = s[i+1:]
	}
}

// lowerSegs folds segments for the rules that compare without case
// (fold.go: lower case, and as Windows normalises a name).
func lowerSegs(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = foldSeg(s)
	}
	return out
}

// under reports whether p is dir or below it, and the relative remainder.
func under(p, dir string) (string, bool) {
	if dir == "" {
		return "", false
	}
	if p == dir {
		return "", true
	}
	if dir == "/" {
		return p[1:], true
	}
	if strings.HasPrefix(p, dir) && len(p) > len(dir) && p[len(dir)] == '/' {
		return p[len(dir)+1:], true
	}
	return "", false
}

// targetSegs is how many segments a target keeps in the allocation of
// the target itself (absSegs and lAbsSegs each); longer paths get slices
// of their own.
const targetSegs = 10

// targetAlloc is a target with room for its segments: one allocation
// instead of three.
type targetAlloc struct {
	t    target
	segs [2 * targetSegs]string
}

func newTarget(abs, root, home string) *target {
	ta := &targetAlloc{}
	t := &ta.t
	t.abs = abs
	if rest := strings.TrimPrefix(abs, "/"); rest != "" {
		if n := strings.Count(rest, "/") + 1; n <= targetSegs {
			// Capacities equal lengths, as strings.Split's and
			// lowerSegs' results: an append copies (makeGlob, below).
			t.absSegs = splitInto(ta.segs[0:0:n], rest)
			l := ta.segs[targetSegs : targetSegs+n : targetSegs+n]
			for i, s := range t.absSegs {
				l[i] = foldSeg(s)
			}
			t.lAbsSegs = l
		} else {
			t.absSegs = splitSegs(rest)
			t.lAbsSegs = lowerSegs(t.absSegs)
		}
	}
	// The repository- and home-relative segments are suffixes of absSegs.
	tail := func(rel string) ([]string, []string) {
		if rel == "" {
			return nil, nil
		}
		n := strings.Count(rel, "/") + 1
		return t.absSegs[len(t.absSegs)-n:], t.lAbsSegs[len(t.lAbsSegs)-n:]
	}
	t.rel, t.inRepo = under(abs, root)
	t.relSegs, t.lRelSegs = tail(t.rel)
	t.hrel, t.inHome = under(abs, home)
	t.hSegs, t.lHSegs = tail(t.hrel)
	t.lRel = foldRel(t.rel, t.lRelSegs)
	t.dot = strings.HasPrefix(abs, ".") || strings.Contains(abs, "/.") || strings.ContainsAny(abs, "*?[$`")
	return t
}

// segMatch is path.Match(p, s) for one segment, rejecting quickly when the
// literal text before the first or after the last metacharacter differs.
func segMatch(p, s string) bool {
	i := strings.IndexAny(p, `*?[\`)
	if i < 0 {
		return p == s
	}
	if !strings.HasPrefix(s, p[:i]) {
		return false
	}
	if j := strings.LastIndexAny(p, `*?]\`); !strings.HasSuffix(s, p[j+1:]) {
		return false
	}
	ok, _ := path.Match(p, s)
	return ok
}

// matchSegs reports whether pattern p matches target t or a parent of it
// (a prefix of t's segments).
func matchSegs(p, t []string) bool {
	if len(p) == 0 {
		return true
	}
	if p[0] == "**" {
		for k := 0; k <= len(t); k++ {
			if matchSegs(p[1:], t[k:]) {
				return true
			}
		}
		return false
	}
	if len(t) == 0 {
		return false
	}
	if !segMatch(p[0], t[0]) {
		return false
	}
	return matchSegs(p[1:], t[1:])
}

// match reports whether pp matches t; fold makes it case-insensitive.
func (pp *pathPat) match(t *target, fold bool) bool {
	if t.glob {
		return pp.overlaps(t, fold, false)
	}
	segs := pp.segs
	if fold {
		segs = pp.lower
	}
	pick := func(s, l []string) []string {
		if fold {
			return l
		}
		return s
	}
	switch pp.anchor {
	case anchorName:
		comps := pick(t.absSegs, t.lAbsSegs)
		if t.inRepo {
			comps = pick(t.relSegs, t.lRelSegs)
		}
		for _, c := range comps {
			if segMatch(segs[0], c) {
				return true
			}
		}
		return false
	case anchorRepo:
		return t.inRepo && len(t.relSegs) > 0 && matchSegs(segs, pick(t.relSegs, t.lRelSegs))
	case anchorHome:
		return t.inHome && len(t.hSegs) > 0 && matchSegs(segs, pick(t.hSegs, t.lHSegs))
	case anchorAbs:
		return matchSegs(segs, pick(t.absSegs, t.lAbsSegs))
	}
	return false
}

// hostPat is a compiled host pattern: an exact host, or "*.suffix" covering
// every subdomain of suffix (not suffix itself).
type hostPat struct {
	host string // lower case, no trailing dot, no "*."
	wild bool
}

// compileHost compiles a block_hosts/allow_hosts entry: the host is
// canonicalised as the hosts of actions are (internal/hostname), so that
// "ＡＰＩ。example.com" and "0x7f.1" in a policy mean api.example.com and
// 127.0.0.1.
func compileHost(src string) (hostPat, error) {
	h := strings.TrimSpace(src)
	var hp hostPat
	if strings.HasPrefix(h, "*.") {
		hp.wild, h = true, h[2:]
	}
	if h == "" || h == "*" {
		return hp, fmt.Errorf("%q is not a host name", src)
	}
	if strings.Contains(h, "://") || strings.Contains(h, "/") {
		return hp, fmt.Errorf("%q: write a host name, not a URL", src)
	}
	c, err := hostname.Canonical(h)
	if err != nil {
		if strings.Contains(h, ":") && !strings.HasPrefix(h, "[") && strings.Count(h, ":") == 1 {
			return hp, fmt.Errorf("%q: ports are not part of host rules", src)
		}
		return hp, fmt.Errorf("%q is not a valid host name (only *. at the start may be a wildcard): %v", src, err)
	}
	if _, ok := parseIP(c); ok && hp.wild {
		return hp, fmt.Errorf("%q: *. cannot prefix an IP address", src)
	}
	hp.host = c
	return hp, nil
}

// canonHost canonicalises a host found in an action for matching
// (internal/hostname); an error means the host cannot be read, which the
// caller must not take as harmless.
func canonHost(h string) (string, error) {
	return hostname.Canonical(strings.TrimSpace(h))
}

// parseIP returns the canonical text of an IP address (IPv4-mapped IPv6
// unmapped), or false. It uses net/netip rather than net so that the hook
// binary does not link (and initialise) package net.
func parseIP(h string) (string, bool) {
	a, err := netip.ParseAddr(h)
	if err != nil || a.Zone() != "" {
		return "", false
	}
	return a.Unmap().String(), true
}

// ---- paths that stand for several paths ----------------------------------
//
// A shell path with an unquoted glob (PathRef.Glob) names whatever it
// matches when the command runs; a path with a part not known statically
// (PathRef.Dynamic) could be anything from that part on. Such a target
// "overlaps" a pattern when some concrete path it stands for would match.

// makeGlob marks t as a glob; for a dynamic path every segment from the
// first dynamic one on is replaced by "**" (any number of any segments).
func (t *target) makeGlob(dynamic bool) {
	t.glob = true
	if !dynamic {
		return
	}
	cut := func(segs []string) []string {
		for i, s := range segs {
			if strings.ContainsAny(s, "$`") || strings.Contains(s, "{xargs-input}") {
				return append(segs[:i:i], "**")
			}
		}
		return segs
	}
	t.absSegs, t.lAbsSegs = cut(t.absSegs), cut(t.lAbsSegs)
	t.relSegs, t.lRelSegs = cut(t.relSegs), cut(t.lRelSegs)
	t.hSegs, t.lHSegs = cut(t.hSegs), cut(t.lHSegs)
}

// anywhere makes a glob target whose first segment is "**" (/**/NAME: a
// name in a directory the analysis does not know, shell.anyDir) stand
// for paths in the repository and the home directory as well, so that
// the rules anchored there can match it. Nothing is walked on disk.
func (t *target) anywhere(root, home string) {
	if len(t.absSegs) == 0 || t.absSegs[0] != "**" {
		return
	}
	t.anyDir = true
	if root != "" {
		t.inRepo, t.rel = true, strings.Join(t.absSegs, "/")
		t.relSegs, t.lRelSegs = t.absSegs, t.lAbsSegs
		t.lRel = foldRel(t.rel, t.lRelSegs)
	}
	if home != "" {
		t.inHome, t.hrel = true, strings.Join(t.absSegs, "/")
		t.hSegs, t.lHSegs = t.absSegs, t.lAbsSegs
	}
}

// starToAny turns a trailing "*" segment into "**": every file below, at
// any depth, dotfiles included (what find -exec hands its command).
func (t *target) starToAny() {
	fix := func(segs []string) {
		if n := len(segs); n > 0 && segs[n-1] == "*" {
			segs[n-1] = "**"
		}
	}
	fix(t.absSegs)
	fix(t.lAbsSegs)
	fix(t.relSegs)
	fix(t.lRelSegs)
	fix(t.hSegs)
	fix(t.lHSegs)
}

// below makes t stand for everything below what it matches as well (a
// recursive reader given a glob reads each match's whole tree), hidden
// names included.
func (t *target) below() {
	add := func(segs []string) []string {
		if n := len(segs); n > 0 && segs[n-1] == "**" {
			return segs
		}
		return append(segs[:len(segs):len(segs)], "**")
	}
	t.absSegs, t.lAbsSegs = add(t.absSegs), add(t.lAbsSegs)
	if t.inRepo {
		t.relSegs, t.lRelSegs = add(t.relSegs), add(t.lRelSegs)
	}
	if t.inHome {
		t.hSegs, t.lHSegs = add(t.hSegs), add(t.lHSegs)
	}
	t.dot = true
}

// literalPrefix returns the absolute path made of t's segments before the
// first glob or dynamic one.
func (t *target) literalPrefix() string {
	var keep []string
	for _, s := range t.absSegs {
		if s == "**" || hasMeta(s) || strings.ContainsAny(s, "$`") {
			break
		}
		keep = append(keep, s)
	}
	return "/" + strings.Join(keep, "/")
}

// overlaps is match for glob targets; covers also accepts t being an
// ancestor of a path pp matches (deleting t deletes that path).
func (pp *pathPat) overlaps(t *target, fold, covers bool) bool {
	segs := pp.segs
	if fold {
		segs = pp.lower
	}
	pick := func(s, l []string) []string {
		if fold {
			return l
		}
		return s
	}
	covers = covers && pp.anchor != anchorName && segs[0] != "**"
	switch pp.anchor {
	case anchorName:
		comps := pick(t.absSegs, t.lAbsSegs)
		if t.inRepo {
			comps = pick(t.relSegs, t.lRelSegs)
		}
		for _, c := range comps {
			if c == "**" && t.glob || segOverlap(segs[0], c, t.glob) {
				return true
			}
		}
		return false
	case anchorRepo:
		return t.inRepo && len(t.relSegs) > 0 && segsOverlap(segs, pick(t.relSegs, t.lRelSegs), t.glob, covers, 0)
	case anchorHome:
		return t.inHome && len(t.hSegs) > 0 && segsOverlap(segs, pick(t.hSegs, t.lHSegs), t.glob, covers, 0)
	case anchorAbs:
		return segsOverlap(segs, pick(t.absSegs, t.lAbsSegs), t.glob, covers, 0)
	}
	return false
}

func segsOverlap(p, t []string, tglob, covers bool, depth int) bool {
	if depth > 256 {
		return true // fail closed: treat as a match
	}
	if len(p) == 0 {
		return true
	}
	if len(t) == 0 {
		return covers
	}
	if p[0] == "**" {
		return segsOverlap(p[1:], t, tglob, covers, depth+1) || segsOverlap(p, t[1:], tglob, covers, depth+1)
	}
	if tglob && t[0] == "**" {
		return segsOverlap(p, t[1:], tglob, covers, depth+1) || segsOverlap(p[1:], t, tglob, covers, depth+1)
	}
	if !segOverlap(p[0], t[0], tglob) {
		return false
	}
	return segsOverlap(p[1:], t[1:], tglob, covers, depth+1)
}

// segOverlap reports whether pattern p matches segment s, or, when s is a
// glob, whether some name matches both.
func segOverlap(p, s string, sglob bool) bool {
	if !sglob || !hasMeta(s) {
		return segMatch(p, s)
	}
	return globIntersect(p, s)
}

type gtok struct {
	kind byte // 'l' literal, '?' one character, 'c' a class, '*' any run
	c    rune
}

func gtokens(s string) []gtok {
	var out []gtok
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case '*':
			if len(out) == 0 || out[len(out)-1].kind != '*' {
				out = append(out, gtok{kind: '*'})
			}
		case '?':
			out = append(out, gtok{kind: '?'})
		case '[':
			j := i + 1
			if j < len(rs) && (rs[j] == '!' || rs[j] == '^') {
				j++
			}
			if j < len(rs) && rs[j] == ']' {
				j++
			}
			for j < len(rs) && rs[j] != ']' {
				j++
			}
			if j >= len(rs) {
				out = append(out, gtok{kind: 'l', c: '['})
				continue
			}
			out = append(out, gtok{kind: 'c'}) // a class: some single character
			i = j
		case '\\':
			if i+1 < len(rs) {
				i++
			}
			out = append(out, gtok{kind: 'l', c: rs[i]})
		default:
			out = append(out, gtok{kind: 'l', c: rs[i]})
		}
	}
	return out
}

// globIntersect reports whether some name matches both glob a (a policy
// pattern) and glob b (a shell glob). As in bash, b matches a name starting
// with "." only when b itself starts with a literal ".".
func globIntersect(a, b string) bool {
	ta, tb := gtokens(a), gtokens(b)
	// A leading class is taken to possibly match "." (shells differ).
	bDot := len(tb) > 0 && (tb[0].kind == 'l' && tb[0].c == '.' || tb[0].kind == 'c')
	if len(ta) > 0 && ta[0].kind == 'l' && ta[0].c == '.' && !bDot {
		return false
	}
	if len(ta)*len(tb) > 1<<16 {
		return true // fail closed
	}
	memo := make(map[[2]int]bool)
	var rec func(i, j int) bool
	rec = func(i, j int) bool {
		k := [2]int{i, j}
		if v, ok := memo[k]; ok {
			return v
		}
		var r bool
		switch {
		case i == len(ta) && j == len(tb):
			r = true
		case i < len(ta) && ta[i].kind == '*':
			r = rec(i+1, j) || (j < len(tb) && rec(i, j+1))
		case j < len(tb) && tb[j].kind == '*':
			r = rec(i, j+1) || (i < len(ta) && rec(i+1, j))
		case i == len(ta) || j == len(tb):
			r = false
		default:
			x, y := ta[i], tb[j]
			r = (x.kind != 'l' || y.kind != 'l' || x.c == y.c) && rec(i+1, j+1)
		}
		memo[k] = r
		return r
	}
	return rec(0, 0)
}
