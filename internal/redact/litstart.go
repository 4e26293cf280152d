package redact

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
)

// Some rules' patterns can only match where one of a few literals starts
// (bearer-token: (?i)\bbearer…, notion-token: ntn_…|secret_…), yet their
// windows are long (4200 bytes after each "bearer") and Go's regexp, with
// no literal prefix to look for when the pattern folds case or begins
// with an alternation, tries every position of a window. For those,
// runWindows finds the literals itself and tries the pattern anchored at
// each: the same matches, in the same order, as FindAllStringSubmatchIndex
// over the window (a match starts at one of the literals; the leftmost
// start that matches wins, with the match leftmost-first gives there; the
// search goes on from its end).

// litStarts are the literals every match of a pattern begins with.
type litStarts struct {
	lits     []string // lowercase when fold
	fold     bool     // the literals fold ASCII case (and nothing else)
	boundary bool     // a \b precedes them
	anchored *regexp.Regexp
}

// analyzeStarts returns the literal starts of pattern, nil when it has
// none this file can vouch for.
func analyzeStarts(pattern string) *litStarts {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	ls := &litStarts{}
	var b bool
	var folds []bool
	if !firstLits(re.Simplify(), ls, &b, &folds, false) || len(ls.lits) == 0 {
		return nil
	}
	ls.boundary = b
	ls.fold = folds[0]
	for i, l := range ls.lits {
		if folds[i] != ls.fold || l == "" || b && !isWordChar(l[0]) {
			return nil
		}
		for _, r := range l {
			if r >= utf8RuneSelf {
				return nil
			}
			if folds[i] {
				// (?i)k also matches the Kelvin sign, (?i)s the long s:
				// only letters whose whole fold orbit is ASCII.
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					if f >= utf8RuneSelf {
						return nil
					}
				}
			}
		}
		if folds[i] {
			ls.lits[i] = strings.ToLower(l)
		}
	}
	anchored, err := regexp.Compile(`\A(?:` + pattern + `)`)
	if err != nil {
		return nil
	}
	ls.anchored = anchored
	return ls
}

const utf8RuneSelf = 0x80

// firstLits adds to ls.lits the literals every match of re begins with
// (and whether each folds case), false when re may begin otherwise. A
// leading \b is allowed only if every branch has it (boundary).
func firstLits(re *syntax.Regexp, ls *litStarts, boundary *bool, folds *[]bool, afterB bool) bool {
	switch re.Op {
	case syntax.OpCapture:
		return firstLits(re.Sub[0], ls, boundary, folds, afterB)
	case syntax.OpLiteral:
		if len(ls.lits) > 0 && *boundary != afterB {
			return false
		}
		*boundary = afterB
		ls.lits = append(ls.lits, string(re.Rune))
		*folds = append(*folds, re.Flags&syntax.FoldCase != 0)
		return true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !firstLits(sub, ls, boundary, folds, afterB) {
				return false
			}
		}
		return true
	case syntax.OpConcat:
		if len(re.Sub) == 0 {
			return false
		}
		first := re.Sub[0]
		if first.Op == syntax.OpWordBoundary && !afterB && len(re.Sub) > 1 {
			return firstLits(re.Sub[1], ls, boundary, folds, true)
		}
		return firstLits(first, ls, boundary, folds, afterB)
	}
	return false
}

// findAll is FindAllStringSubmatchIndex(win, -1) of the rule's pattern
// (see above).
func (ls *litStarts) findAll(win string) [][]int {
	var out [][]int
	pos := 0
	for pos < len(win) {
		c := ls.next(win, pos)
		if c < 0 {
			break
		}
		if ls.boundary && c > 0 && isWordChar(win[c-1]) {
			// No \b before the literal (which starts with a word byte;
			// the anchored pattern's own \b sees the start of its text).
			pos = c + 1
			continue
		}
		m := ls.anchored.FindStringSubmatchIndex(win[c:])
		if m == nil {
			pos = c + 1
			continue
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += c
			}
		}
		out = append(out, m)
		pos = m[1]
	}
	return out
}

// next is the first offset at or after pos where a literal starts, -1
// when none does.
func (ls *litStarts) next(win string, pos int) int {
	best := -1
	for _, l := range ls.lits {
		lim := len(win)
		if best >= 0 {
			lim = min(len(win), best+len(l)-1)
		}
		var i int
		if ls.fold {
			i = indexFold(win[pos:lim], l)
		} else {
			i = strings.Index(win[pos:lim], l)
		}
		if i >= 0 && (best < 0 || pos+i < best) {
			best = pos + i
		}
	}
	return best
}

// indexFold is the offset of the first occurrence of the lowercase ASCII
// lit in s with ASCII case folded, -1 when there is none.
func indexFold(s, lit string) int {
	c0, c1 := lit[0], lit[0]
	if c0 >= 'a' && c0 <= 'z' {
		c1 = c0 - 'a' + 'A'
	}
	for i := 0; i+len(lit) <= len(s); i++ {
		if s[i] != c0 && s[i] != c1 {
			continue
		}
		if equalFoldASCII(s[i:i+len(lit)], lit) {
			return i
		}
	}
	return -1
}

// equalFoldASCII compares s with the lowercase ASCII lit, byte by byte.
func equalFoldASCII(s, lit string) bool {
	for i := 0; i < len(lit); i++ {
		if lowerASCII(s[i]) != lit[i] {
			return false
		}
	}
	return true
}

// isWordChar is \b's notion of a word byte: [0-9A-Za-z_].
func isWordChar(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
