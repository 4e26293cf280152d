package shell

import "strings"

// cString reads the double-quoted string literal that starts at p[i]
// (p[i] == '"') the way awk and Miller do: \n, \t and \r are control
// characters, a backslash before one of the bytes in self stands for that
// byte, and any other escape is kept as written. It returns the literal's
// value and the index after its closing quote; ok is false when the string
// is not closed, or when it holds a raw newline and multiline is false.
func cString(p string, i int, self string, multiline bool) (lit string, next int, ok bool) {
	var b strings.Builder
	j := i + 1
	for ; j < len(p) && p[j] != '"'; j++ {
		if p[j] == '\n' && !multiline {
			return "", 0, false
		}
		if p[j] == '\\' && j+1 < len(p) {
			j++
			switch c := p[j]; {
			case c == 'n':
				b.WriteByte('\n')
			case c == 't':
				b.WriteByte('\t')
			case c == 'r':
				b.WriteByte('\r')
			case strings.IndexByte(self, c) >= 0:
				b.WriteByte(c)
			default:
				b.WriteByte('\\')
				b.WriteByte(c)
			}
			continue
		}
		b.WriteByte(p[j])
	}
	if j >= len(p) {
		return "", 0, false
	}
	return b.String(), j + 1, true
}
