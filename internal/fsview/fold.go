package fsview

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:generate go run fullfold_gen.go

// Case folding, two of them.
//
// FoldRune is Unicode simple case folding, one rune to one: to one
// canonical member of each rune's orbit under unicode.SimpleFold, so that
// two runes are one exactly when strings.EqualFold says so. JavaScript's
// case-insensitive Unicode regular expressions (minimatch with nocase,
// once a segment holds a POSIX class) and globset fold so: ſ (long s) is
// s, K (Kelvin) is k. strings.ToLower is not such a fold (it keeps ſ). The
// glob matcher (match.go) compares a search tool's pattern with the names
// it lists by FoldRune.
//
// Fold is Unicode FULL case folding (CaseFolding.txt status C and F, the
// F sequences from fullfold_table.go): the names a case-insensitive file
// system takes for one. APFS folds so (apfs-fuse's normalizeOptFoldU32Char
// emits the F sequences when it folds case), and so do ext4 and f2fs
// casefold directories: ß is ss, ẞ is ss, ﬆ and ﬅ are st, ﬁ is fi, İ is
// i and U+0307. So block_paths' folding side, the credential stores and
// Mandate's own paths compare Fold's names (and EqualFold): ~/.ßh is
// ~/.ssh there. Full folding changes lengths (ß is two runes): compare
// folded strings, never a folded name's rune with the original's.
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

// Fold is s fully case-folded: every rune with a full folding of more
// than one rune (fullFolds) replaced by it, each rune then folded by
// FoldRune. An ASCII string is strings.ToLower's (no allocation when it
// has no upper case). Bytes that are not UTF-8 are kept.
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
		switch f, full := fullFold(r); {
		case r == utf8.RuneError && w == 1:
			b.WriteByte(s[i])
		case full:
			for _, q := range f {
				b.WriteRune(FoldRune(q))
			}
		default:
			b.WriteRune(FoldRune(r))
		}
		i += w
	}
	if b.Len() == len(s) && b.String() == s {
		return s
	}
	return b.String()
}

// EqualFold reports whether a and b are one name to a case-insensitive
// file system: Fold(a) == Fold(b). ASCII names compare as
// strings.EqualFold, without allocating.
func EqualFold(a, b string) bool {
	if isASCII(a) && isASCII(b) {
		return strings.EqualFold(a, b)
	}
	return Fold(a) == Fold(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// fullFold is r's full case folding when it is more than one rune.
func fullFold(r rune) (string, bool) {
	if r < fullFolds[0].r || r > fullFolds[len(fullFolds)-1].r {
		return "", false
	}
	lo, hi := 0, len(fullFolds)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if fullFolds[m].r < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(fullFolds) && fullFolds[lo].r == r {
		return fullFolds[lo].fold, true
	}
	return "", false
}

// HasCase reports whether some rune of s has another case (a non-trivial
// folding orbit, or a full folding of more than one rune: ß is ss): only
// such a name can differ from another in case alone.
func HasCase(s string) bool {
	for _, r := range s {
		if unicode.SimpleFold(r) != r {
			return true
		}
		if _, ok := fullFold(r); ok {
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
