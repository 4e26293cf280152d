package policy

import (
	"path"
	"strings"
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

// foldDirMax bounds the names listed to find a case-folded match: a
// directory with more is not searched (a case-insensitive file system
// answers the lookup itself, so this only widens what a case-sensitive
// one protects).
const foldDirMax = 1024

// underFold is under, comparing segment by segment case-insensitively.
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
		if !strings.EqualFold(ds, ps) {
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
// same file on a case-insensitive file system.
func samePathFold(a, b string) bool {
	return a == b || strings.EqualFold(a, b)
}

// foldSegs lower-cases a clean absolute path's segments, for matching
// against a target's lAbsSegs.
func foldSegs(p string) []string {
	return splitSegs(strings.ToLower(strings.TrimPrefix(p, "/")))
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
		if n != base && strings.EqualFold(n, base) {
			return path.Join(dir, n)
		}
	}
	return ""
}
