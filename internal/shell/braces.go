package shell

import (
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// braceExpansion expands the BraceExp parts of one word into alternative
// part lists, within the line's budget of materialised parts.
//
// Every alternative is a full copy of the word's parts, so the work is
// the product of the alternatives and the word's length, and nested
// braces copy the inner alternatives once per level: {{{a,b},b},b}… nested
// n deep costs n² parts, and a word of many parts around {1..4096}
// thousands of times its length. used (parts copied so far in the line,
// at most maxBraceParts) is charged before each copy is made, and braces
// nested deeper than MaxNesting are refused outright: either makes the
// line unanalysable (ErrLimit), never a partial expansion.
type braceExpansion struct {
	used *int
}

func (e braceExpansion) charge(n int) error {
	*e.used += n
	if *e.used > maxBraceParts {
		return limitErr("brace expansion copies more than %d word parts in the line", maxBraceParts)
	}
	return nil
}

// split finds the brace expansions of w (syntax.SplitBraces). Splitting
// is itself quadratic: every brace that closes as a non-brace ({x}, or
// never closed) moves the parts inside it into the enclosing one, so n
// braces around p parts copy up to n×p parts; that is charged first.
func (e braceExpansion) split(w *syntax.Word) (bool, error) {
	n, p := 0, len(w.Parts)
	for _, part := range w.Parts {
		l, ok := part.(*syntax.Lit)
		if !ok || !strings.Contains(l.Value, "{") {
			continue
		}
		c := strings.Count(l.Value, "{")
		n += c
		p += c + strings.Count(l.Value, "}") + strings.Count(l.Value, ",") + strings.Count(l.Value, "..")
	}
	if n == 0 {
		return false, nil
	}
	if n > 1 {
		if err := e.charge(n * p); err != nil {
			return false, err
		}
	}
	return syntax.SplitBraces(w), nil
}

// expand expands BraceExp parts into alternative part lists; depth is the
// brace nesting level of parts.
func (e braceExpansion) expand(parts []syntax.WordPart, depth int) ([][]syntax.WordPart, error) {
	if depth > MaxNesting {
		return nil, limitErr("braces nested more than %d levels", MaxNesting)
	}
	res := [][]syntax.WordPart{nil}
	for _, p := range parts {
		be, ok := p.(*syntax.BraceExp)
		if !ok {
			if err := e.charge(len(res)); err != nil {
				return nil, err
			}
			for i := range res {
				res[i] = append(res[i], p)
			}
			continue
		}
		alts, err := e.alts(be, depth)
		if err != nil {
			return nil, err
		}
		if len(res)*len(alts) > MaxBraceWords {
			return nil, limitErr("brace expansion produces more than %d words", MaxBraceWords)
		}
		// the copies below: every r once per alt, every alt once per r
		sumRes, sumAlts := 0, 0
		for _, r := range res {
			sumRes += len(r)
		}
		for _, alt := range alts {
			sumAlts += len(alt)
		}
		if err := e.charge(sumRes*len(alts) + sumAlts*len(res)); err != nil {
			return nil, err
		}
		next := make([][]syntax.WordPart, 0, len(res)*len(alts))
		for _, r := range res {
			for _, alt := range alts {
				n := make([]syntax.WordPart, 0, len(r)+len(alt))
				n = append(append(n, r...), alt...)
				next = append(next, n)
			}
		}
		res = next
	}
	return res, nil
}

func (e braceExpansion) alts(be *syntax.BraceExp, depth int) ([][]syntax.WordPart, error) {
	if !be.Sequence {
		var alts [][]syntax.WordPart
		for _, el := range be.Elems {
			sub, err := e.expand(el.Parts, depth+1)
			if err != nil {
				return nil, err
			}
			alts = append(alts, sub...)
			if len(alts) > MaxBraceWords {
				return nil, limitErr("brace expansion produces more than %d words", MaxBraceWords)
			}
		}
		return alts, nil
	}
	from, to := be.Elems[0].Lit(), be.Elems[1].Lit()
	step := int64(1)
	if len(be.Elems) > 2 {
		n, _ := strconv.ParseInt(be.Elems[2].Lit(), 10, 64)
		if n < 0 {
			n = -n
		}
		if n != 0 {
			step = n
		}
	}
	lit := func(s string) []syntax.WordPart { return []syntax.WordPart{&syntax.Lit{Value: s}} }
	x, err1 := strconv.ParseInt(from, 10, 64)
	y, err2 := strconv.ParseInt(to, 10, 64)
	chars := err1 != nil || err2 != nil
	if chars {
		if len(from) != 1 || len(to) != 1 {
			return [][]syntax.WordPart{lit("{" + from + ".." + to + "}")}, nil
		}
		x, y = int64(from[0]), int64(to[0])
	}
	if x > 1e15 || x < -1e15 || y > 1e15 || y < -1e15 {
		return nil, limitErr("brace expansion produces more than %d words", MaxBraceWords)
	}
	span := y - x
	if span < 0 {
		span = -span
	}
	if span < 0 || span/step+1 > MaxBraceWords {
		return nil, limitErr("brace expansion produces more than %d words", MaxBraceWords)
	}
	width := 0
	if !chars && (hasLeadingZero(from) || hasLeadingZero(to)) {
		width = max(len(from), len(to))
	}
	if !(x <= y) {
		step = -step
	}
	var alts [][]syntax.WordPart
	for n := x; (step > 0 && n <= y) || (step < 0 && n >= y); n += step {
		s := ""
		switch {
		case chars:
			s = string(rune(n))
		case width > 0:
			s = strconv.FormatInt(n, 10)
			neg := strings.HasPrefix(s, "-")
			s = strings.TrimPrefix(s, "-")
			for len(s) < width-btoi(neg) {
				s = "0" + s
			}
			if neg {
				s = "-" + s
			}
		default:
			s = strconv.FormatInt(n, 10)
		}
		alts = append(alts, lit(s))
	}
	return alts, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func hasLeadingZero(s string) bool {
	s = strings.TrimPrefix(s, "-")
	return len(s) > 1 && s[0] == '0'
}
