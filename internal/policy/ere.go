package policy

import (
	"errors"
	"regexp"
	"strings"
)

// compileERE compiles a POSIX extended regular expression (as regcomp
// reads it for pkill and killall -r) with Go's regexp: bracket
// expressions take backslash literally, GNU's \< \> \` \' become Go's
// anchors, other escaped letters are the letter. What Go cannot express
// the same way (back-references, equivalence classes, Go's own (?…)
// syntax) is an error: the caller denies.
func compileERE(p string, icase, exact bool) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("(?s")
	if icase {
		b.WriteString("i")
	}
	b.WriteString(")")
	if exact {
		b.WriteString("^(?:")
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch c {
		case '\\':
			if i+1 == len(p) {
				return nil, errors.New("trailing backslash")
			}
			i++
			d := p[i]
			switch {
			case d == '<' || d == '>':
				b.WriteString(`\b`)
			case d == '`':
				b.WriteString(`\A`)
			case d == '\'':
				b.WriteString(`\z`)
			case strings.IndexByte("wWsSbB", d) >= 0:
				b.WriteByte('\\')
				b.WriteByte(d)
			case d >= '1' && d <= '9':
				return nil, errors.New("back-references")
			default:
				b.WriteString(regexp.QuoteMeta(string(d)))
			}
		case '[':
			n, err := bracketERE(&b, p[i:])
			if err != nil {
				return nil, err
			}
			i += n - 1
		case '(':
			if i+1 < len(p) && p[i+1] == '?' {
				return nil, errors.New(`"(?" is not POSIX`)
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	if exact {
		b.WriteString(")$")
	}
	return regexp.Compile(b.String())
}

// bracketERE translates the bracket expression at the start of p into b
// and returns its length.
func bracketERE(b *strings.Builder, p string) (int, error) {
	i := 1
	b.WriteByte('[')
	if i < len(p) && p[i] == '^' {
		b.WriteByte('^')
		i++
	}
	if i < len(p) && p[i] == ']' {
		b.WriteString(`\]`)
		i++
	}
	for ; i < len(p); i++ {
		switch c := p[i]; {
		case c == ']':
			b.WriteByte(']')
			return i + 1, nil
		case c == '[' && i+1 < len(p) && p[i+1] == ':':
			j := strings.Index(p[i+2:], ":]")
			if j < 0 {
				return 0, errors.New("unterminated character class")
			}
			b.WriteString(p[i : i+2+j+2])
			i += 2 + j + 1
		case c == '[' && i+1 < len(p) && (p[i+1] == '=' || p[i+1] == '.'):
			return 0, errors.New("equivalence classes and collating elements")
		case c == '\\' || c == '[':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return 0, errors.New("unterminated bracket expression")
}
