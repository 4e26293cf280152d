package redact

import "strings"

// heredocBodies masks the words of the here-document bodies that start
// at i (their delimiters in order) and returns the offset past the last
// delimiter line.
func heredocBodies(s string, i int, docs []string, out *[]span) int {
	for _, d := range docs {
		for i < len(s) {
			e := strings.IndexByte(s[i:], '\n')
			if e < 0 {
				e = len(s)
			} else {
				e += i
			}
			ls, line := i, s[i:e]
			i = min(len(s), e+1)
			if strings.TrimLeft(line, "\t") == d {
				if !litDelims[d] {
					// Red-team round 20 (#29): the delimiter line.
					k := ls + len(line) - len(d)
					*out = append(*out, span{start: k, end: k + len(d), id: ruleUnresolved})
				}
				break
			}
			for k := 0; k < len(line); {
				for k < len(line) && isSpace(line[k]) {
					k++
				}
				m := k
				for m < len(line) && !isSpace(line[m]) {
					m++
				}
				if w0, w1 := trimQuoting(s, ls+k, ls+m); w0 < w1 {
					w := s[w0:w1]
					// A reference is kept only where it expands.
					keep := litReserved[w] || litPunct[w] || isReference(w) && (quoteState{}).expands(s, ls+k, w0)
					if !strings.HasPrefix(w, markerPrefix) && !keep {
						*out = append(*out, span{start: w0, end: w1, id: ruleUnresolved})
					}
				}
				k = m
			}
		}
	}
	return i
}
