package policy

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
)

// Case folding. macOS (APFS and HFS+ as formatted by default) and Windows
// (NTFS) look names up case-insensitively: there src/P is src/p, and
// ~/.local/state/Mandate is the state directory. Where Mandate judges by
// name, the names of protected files and of the state directories are
// compared case-folded (Unicode simple folding), on every system: a file
// literally named SRC/P or ~/.local/state/MANDATE on a case-sensitive file
// system is protected too, which costs nothing a real project needs. By
// identity, a name that exists is the file the file system gives for it;
// a write to a name that does not exist is also judged as a write to an
// existing name that differs from it only in case (foldedName), since on
// a case-insensitive file system that is the file written.
//
// Windows also drops a name's trailing dots and spaces, and reads
// "name:stream" as a stream of name (Win32 path normalisation): there
// src/.git./HEAD is src/.git/HEAD, .claude/skills. /x is .claude/skills/x
// and agent-policy.yaml::$DATA is the policy. Where names are compared
// case-folded, they are compared so normalised too (winTrim), on every
// system, for the same reason: only the side of the rules that forbids
// (block_paths, approvals, protected files and hook configurations,
// credential stores, nested repositories) folds, so this only widens what
// is protected.

// foldDirMax bounds the names listed to find a case-folded match: a
// directory with more is not searched (a case-insensitive file system
// answers the lookup itself, so this only widens what a case-sensitive
// one protects).
const foldDirMax = 1024

// underFold is under, comparing segment by segment case-insensitively
// and as Windows normalises names (segFold).
func underFold(p, dir string) (string, bool) {
	if rest, ok := under(p, dir); ok {
		return rest, true
	}
	if dir == "" || dir == "/" || !strings.HasPrefix(p, "/") || !strings.HasPrefix(dir, "/") {
		return "", false
	}
	d, rest := dir[1:], p[1:]
	for {
		ds, dnext, dmore := strings.Cut(d, "/")
		ps, pnext, pmore := strings.Cut(rest, "/")
		if !segFold(ds, ps) {
			return "", false
		}
		switch {
		case !dmore && !pmore:
			return "", true
		case !dmore:
			return pnext, true
		case !pmore:
			return "", false
		}
		d, rest = dnext, pnext
	}
}

// samePathFold reports whether the clean absolute paths a and b name the
// same file on a case-insensitive file system that normalises names as
// Windows does.
func samePathFold(a, b string) bool {
	if a == b || fsview.EqualFold(a, b) {
		return true
	}
	if !winFoldable(a) && !winFoldable(b) {
		return false
	}
	for {
		as, anext, amore := strings.Cut(a, "/")
		bs, bnext, bmore := strings.Cut(b, "/")
		if amore != bmore || !segFold(as, bs) {
			return false
		}
		if !amore {
			return true
		}
		a, b = anext, bnext
	}
}

// segFold reports whether two names are one on such a file system.
func segFold(a, b string) bool {
	return fsview.EqualFold(a, b) || fsview.EqualFold(winTrim(a), winTrim(b))
}

// winTrim is a name as Win32 reads it: a ":stream" cut off, then its
// trailing dots and spaces dropped. A name of dots and spaces alone
// (".", "..", "...") is kept.
func winTrim(s string) string {
	if s == "" {
		return s
	}
	t := s
	if i := strings.IndexByte(t, ':'); i > 0 {
		t = t[:i]
	}
	if c := t[len(t)-1]; c != '.' && c != ' ' {
		return t
	}
	if r := strings.TrimRight(t, ". "); r != "" {
		return r
	}
	return s
}

// winFoldable reports whether some segment of p is changed by winTrim.
func winFoldable(p string) bool {
	return strings.Contains(p, "./") || strings.Contains(p, " /") || strings.HasSuffix(p, ".") ||
		strings.HasSuffix(p, " ") || strings.IndexByte(p, ':') >= 0
}

// foldSeg is a segment as the folding side of the rules compares it:
// case-folded (fsview.Fold: Unicode full folding, as a case-insensitive
// file system folds: ß is ss; ASCII to lower case), Windows-normalised.
func foldSeg(s string) string {
	return fsview.Fold(winTrim(s))
}

// foldRel is the relative path rel spelled by its folded segments lsegs.
func foldRel(rel string, lsegs []string) string {
	if !winFoldable(rel) {
		return fsview.Fold(rel)
	}
	return strings.Join(lsegs, "/")
}

// foldSegs folds a clean absolute path's segments, for matching against
// a target's lAbsSegs.
func foldSegs(p string) []string {
	return lowerSegs(splitSegs(strings.TrimPrefix(p, "/")))
}

// foldedName returns the existing path that p names on a case-insensitive
// file system when p itself does not exist: each missing segment matched
// case-insensitively among the names of its directory. "" when there is
// none (or a directory was too large to search).
func (ev *evaluation) foldedName(p string) string {
	if p == "/" || p == "" {
		return ""
	}
	if _, ok := ev.lstat(p); ok {
		return p
	}
	dir, base := path.Split(p)
	dir = path.Clean(dir)
	if _, ok := ev.lstat(dir); !ok {
		if dir = ev.foldedName(dir); dir == "" {
			return ""
		}
	}
	names, err := ev.fs().ReadDir(dir, foldDirMax)
	if err != nil {
		return ""
	}
	for _, n := range names {
		if n != base && fsview.EqualFold(n, base) {
			return path.Join(dir, n)
		}
	}
	return ""
}

// maxFoldVariants bounds the directories a case-insensitive search root
// may name; more asks.
const maxFoldVariants = 8

// foldedRead is the recursive read of a search tool that ignores case
// (action.Fold: node's glob with nocase matches every segment of its
// pattern, the literal ones too, against the names it lists): besides the
// root as spelled, every existing directory whose path differs from it
// only in case below the cwd (above it too when the root is not below
// the cwd), with the same scope. Too many, or a directory too large to
// list on the way, asks.
func (ev *evaluation) foldedRead(root string, sc walkScope) {
	base := "/"
	if cwd := path.Clean(ev.a.Cwd); path.IsAbs(ev.a.Cwd) {
		if _, ok := under(root, cwd); ok {
			base = cwd
		}
	}
	rel, _ := under(root, base)
	join := func(dir, name string) string { // not cleaned: ".." is the kernel's
		if dir == "/" {
			return "/" + name
		}
		return dir + "/" + name
	}
	cur := []string{base}
	for _, seg := range splitSegs(rel) {
		var next []string
		for _, dir := range cur {
			if !fsview.HasCase(seg) {
				next = append(next, join(dir, seg)) // no letters ("..", "1")
				continue
			}
			names, err := ev.fs().ReadDir(dir, foldDirMax)
			if errors.Is(err, fsview.ErrLimit) {
				ev.foldedTooMany(root, sc)
				return
			}
			for _, n := range names {
				if n != seg && fsview.EqualFold(n, seg) {
					next = append(next, join(dir, n))
				}
			}
			next = append(next, join(dir, seg))
		}
		if len(next) > maxFoldVariants {
			ev.foldedTooMany(root, sc)
			return
		}
		cur = next
	}
	for _, v := range cur {
		if v == root {
			continue
		}
		if _, ok := ev.lstat(v); !ok {
			continue
		}
		ev.checkPath(v, opRead)
		ev.recursiveRead(v, sc)
	}
}

// foldedTooMany asks for a case-insensitive search root that names more
// directories than foldedRead judges.
func (ev *evaluation) foldedTooMany(root string, sc walkScope) {
	shown := ev.displayPath(root)
	ev.builtin(groupAnalysis, Ask, "recursive-read", shown,
		fmt.Sprintf("%s ignores case: %q names more directories than Mandate checks against the read rules (%d, or a directory of more than %d names on the way); narrow the path or the pattern",
			sc.cmd, shown, maxFoldVariants, foldDirMax))
}
