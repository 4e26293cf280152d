package fsview

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Case folding. Every case-insensitive comparison Mandate makes of file
// names (block_paths' folding side, a search tool that ignores case, the
// names a case-insensitive file system takes for one) folds with FoldRune:
// Unicode simple case folding to one canonical member of each rune's
// orbit under unicode.SimpleFold, so that two names are one exactly when
// strings.EqualFold says so. JavaScript's case-insensitive Unicode regular
// expressions (minimatch with nocase, once a segment holds a POSIX class)
// fold so: ſ (long s) is s, K (Kelvin) is k. strings.ToLower is not such
// a fold (it keeps ſ).
//
// The canonical member is the ASCII lower-case letter where the orbit
// has one (so folded ASCII names read as strings.ToLower spells them and
// the lower-case tables keep working), and otherwise the orbit's
// smallest rune.

// FoldRune is r's canonical member of its simple case-folding orbit.
func FoldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < m {
			m = f
		}
	}
	if 'A' <= m && m <= 'Z' {
		return m + 'a' - 'A'
	}
	return m
}

// Fold is s with every rune folded by FoldRune. An ASCII string is
// strings.ToLower's (no allocation when it has no upper case). Bytes that
// are not UTF-8 are kept.
func Fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return foldSlow(s)
		}
	}
	return strings.ToLower(s)
}

func foldSlow(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && w == 1 {
			b.WriteByte(s[i])
		} else {
			b.WriteRune(FoldRune(r))
		}
		i += w
	}
	if b.Len() == len(s) && b.String() == s {
		return s
	}
	return b.String()
}

// HasCase reports whether some rune of s has another case (a non-trivial
// folding orbit): only such a name can differ from another in case alone.
func HasCase(s string) bool {
	for _, r := range s {
		if unicode.SimpleFold(r) != r {
			return true
		}
	}
	return false
}

// inRangeFold reports whether some member of c's folding orbit lies in
// lo-hi: a class's range matches its members' other cases too.
func inRangeFold(c, lo, hi rune) bool {
	if inRange(c, lo, hi) {
		return true
	}
	if c > unicode.MaxRune {
		return false
	}
	for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
		if inRange(f, lo, hi) {
			return true
		}
	}
	return false
}
