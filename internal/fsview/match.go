package fsview

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrExtglob is returned for a pattern using bash's extended globs
// (?(…) *(…) +(…) @(…) !(…)): whether they apply depends on shell options
// the caller cannot always know, so the caller must judge the pattern
// some other way.
var ErrExtglob = errors.New("fsview: extended glob")

// HasMeta reports whether s holds a glob metacharacter (* ? [ or \).
func HasMeta(s string) bool { return strings.ContainsAny(s, `*?[\`) }

// IsExtglob reports whether seg uses extended-glob syntax.
func IsExtglob(seg string) bool {
	for i := 0; i+1 < len(seg); i++ {
		if seg[i+1] == '(' && strings.IndexByte("?*+@!", seg[i]) >= 0 {
			return true
		}
		if seg[i] == '\\' {
			i++
		}
	}
	return false
}

// Unescape removes the backslashes a glob segment without metacharacters
// other than escapes carries ("a\*b" names "a*b").
func Unescape(seg string) string {
	if !strings.Contains(seg, `\`) {
		return seg
	}
	var b strings.Builder
	for i := 0; i < len(seg); i++ {
		if seg[i] == '\\' && i+1 < len(seg) {
			i++
		}
		b.WriteByte(seg[i])
	}
	return b.String()
}

// MatchName reports whether the file name name matches the glob pattern
// pat (one path segment) as bash matches names: * any run, ? one
// character, [abc] [a-z] [[:alpha:]] a class, [!…] or [^…] its
// complement, \x the character x. A name starting with "." matches only
// a pattern starting with a literal "." unless dotGlob is set; "." and
// ".." never match unless the pattern starts with a literal ".". fold
// makes the comparison case-insensitive (nocaseglob). A "[" without its
// closing "]" is an ordinary character. Extended globs are not
// interpreted here (Glob reports them as ErrExtglob).
func MatchName(pat, name string, dotGlob, fold bool) bool {
	if strings.HasPrefix(name, ".") {
		literalDot := strings.HasPrefix(pat, ".") || strings.HasPrefix(pat, `\.`)
		if !literalDot && (!dotGlob || name == "." || name == "..") {
			return false
		}
	}
	return matchRunes(pat, name, fold)
}

// matchRunes is the classic two-pointer wildcard match: on a mismatch it
// backtracks only to the last "*", so its time is O(len(pat)·len(name)).
func matchRunes(pat, name string, fold bool) bool {
	px, nx := 0, 0
	starP, starN := -1, -1
	for nx < len(name) {
		if px < len(pat) {
			switch pat[px] {
			case '*':
				for px < len(pat) && pat[px] == '*' {
					px++
				}
				starP, starN = px, nx
				continue
			case '?':
				_, w := decode(name[nx:])
				px++
				nx += w
				continue
			case '[':
				c, w := decode(name[nx:])
				if ok, end, valid := matchClass(pat[px:], c, fold); valid {
					if ok {
						px += end
						nx += w
						continue
					}
					break
				}
				// An unclosed "[" is literal.
				if c == '[' {
					px++
					nx += w
					continue
				}
			default:
				pc, pw := decode(pat[px:])
				if pc == '\\' && px+pw < len(pat) {
					pc2, pw2 := decode(pat[px+pw:])
					pc, pw = pc2, pw+pw2
				}
				c, w := decode(name[nx:])
				if sameRune(pc, c, fold) {
					px += pw
					nx += w
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		// Let the last "*" swallow one more character and retry.
		_, w := decode(name[starN:])
		starN += w
		px, nx = starP, starN
	}
	for px < len(pat) && pat[px] == '*' {
		px++
	}
	return px == len(pat)
}

// decode is utf8.DecodeRuneInString, except that a byte that is not
// valid UTF-8 decodes to a value of its own past the last rune, so that
// two different invalid bytes never compare equal (bash compares them as
// bytes).
func decode(s string) (rune, int) {
	r, w := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && w == 1 {
		return unicode.MaxRune + 1 + rune(s[0]), 1
	}
	return r, w
}

func sameRune(a, b rune, fold bool) bool {
	if a == b {
		return true
	}
	return fold && a <= unicode.MaxRune && b <= unicode.MaxRune && FoldRune(a) == FoldRune(b)
}

// matchClass matches c against the bracket expression at the start of
// p ("[...]"). end is the length of the expression; valid is false when
// p has no closing "]".
func matchClass(p string, c rune, fold bool) (ok bool, end int, valid bool) {
	i := 1
	neg := false
	if i < len(p) && (p[i] == '!' || p[i] == '^') {
		neg = true
		i++
	}
	first := true
	matched := false
	for {
		if i >= len(p) {
			return false, 0, false
		}
		if p[i] == ']' && !first {
			i++
			break
		}
		first = false
		if strings.HasPrefix(p[i:], "[:") {
			if j := strings.Index(p[i+2:], ":]"); j >= 0 {
				if classMatch(p[i+2:i+2+j], c, fold) {
					matched = true
				}
				i += j + 4
				continue
			}
		}
		lo, w := classRune(p, i)
		i += w
		hi := lo
		if i+1 < len(p) && p[i] == '-' && p[i+1] != ']' {
			hi, w = classRune(p, i+1)
			i += 1 + w
		}
		if inRange(c, lo, hi) || fold && inRangeFold(c, lo, hi) {
			matched = true
		}
	}
	return matched != neg, i, true
}

func classRune(p string, i int) (rune, int) {
	if p[i] == '\\' && i+1 < len(p) {
		r, w := decode(p[i+1:])
		return r, w + 1
	}
	return decode(p[i:])
}

func inRange(c, lo, hi rune) bool { return lo <= c && c <= hi }

func classMatch(name string, c rune, fold bool) bool {
	switch name {
	case "alpha":
		return unicode.IsLetter(c)
	case "digit":
		return '0' <= c && c <= '9'
	case "alnum":
		return unicode.IsLetter(c) || unicode.IsDigit(c)
	case "upper":
		return unicode.IsUpper(c) || fold && HasCase(string(c))
	case "lower":
		return unicode.IsLower(c) || fold && HasCase(string(c))
	case "space":
		return unicode.IsSpace(c)
	case "blank":
		return c == ' ' || c == '\t'
	case "punct":
		return unicode.IsPunct(c) || unicode.IsSymbol(c)
	case "print":
		return unicode.IsPrint(c)
	case "graph":
		return unicode.IsGraphic(c) && !unicode.IsSpace(c)
	case "cntrl":
		return unicode.IsControl(c)
	case "xdigit":
		return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
	case "word":
		return c == '_' || unicode.IsLetter(c) || unicode.IsDigit(c)
	}
	// An unknown class matches nothing, as in bash.
	return false
}
