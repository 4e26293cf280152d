package policy

import (
	"regexp/syntax"
	"unicode"
)

// byteSet is a set of bytes.
type byteSet [4]uint64

func (s *byteSet) add(b byte)      { s[b>>6] |= 1 << (b & 63) }
func (s *byteSet) has(b byte) bool { return s[b>>6]&(1<<(b&63)) != 0 }
func (s *byteSet) union(o byteSet) {
	s[0], s[1], s[2], s[3] = s[0]|o[0], s[1]|o[1], s[2]|o[2], s[3]|o[3]
}
func (s *byteSet) addRune(r rune) bool {
	if r < 0 || r > unicode.MaxASCII {
		return false
	}
	s.add(byte(r))
	return true
}

// firstBytes computes the bytes a non-empty match of the pattern can start
// with. ok is false when it cannot tell (the pattern can match the empty
// string, starts with any character, or with a non-ASCII one): such a
// pattern is tried on every command.
func firstBytes(pattern string) (set byteSet, ok bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return set, false
	}
	set, nullable, ok := first(re.Simplify(), 0)
	return set, ok && !nullable
}

// first returns the possible first bytes of re, whether re can match the
// empty string, and whether the answer is exact enough to use.
func first(re *syntax.Regexp, depth int) (set byteSet, nullable, ok bool) {
	if depth > 64 {
		return set, false, false
	}
	switch re.Op {
	case syntax.OpNoMatch:
		return set, false, true
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return set, true, true
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return set, true, true
		}
		r := re.Rune[0]
		if !set.addRune(r) {
			return set, false, false
		}
		if re.Flags&syntax.FoldCase != 0 {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				if !set.addRune(f) {
					return set, false, false
				}
			}
		}
		return set, false, true
	case syntax.OpCharClass:
		n := 0
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if hi > unicode.MaxASCII {
				return set, false, false
			}
			for r := lo; r <= hi; r++ {
				set.addRune(r)
				n++
			}
		}
		return set, false, n > 0
	case syntax.OpCapture:
		return first(re.Sub[0], depth+1)
	case syntax.OpStar, syntax.OpQuest:
		s, _, ok := first(re.Sub[0], depth+1)
		return s, true, ok
	case syntax.OpPlus:
		return first(re.Sub[0], depth+1)
	case syntax.OpRepeat:
		s, n, ok := first(re.Sub[0], depth+1)
		return s, n || re.Min == 0, ok
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			s, n, ok := first(sub, depth+1)
			if !ok {
				return set, false, false
			}
			set.union(s)
			if !n {
				return set, false, true
			}
		}
		return set, true, true
	case syntax.OpAlternate:
		nullable = false
		for _, sub := range re.Sub {
			s, n, ok := first(sub, depth+1)
			if !ok {
				return set, false, false
			}
			set.union(s)
			nullable = nullable || n
		}
		return set, nullable, true
	}
	// OpAnyChar, OpAnyCharNotNL and anything new: cannot tell.
	return set, false, false
}
