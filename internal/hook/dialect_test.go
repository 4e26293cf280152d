package hook

import (
	"regexp"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/fsview"
)

func TestExtglobReading(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"src/*.go", "src/*.go"},
		{"@(infrastructure)/*", "infrastructure/*"},
		{"@(infrastructure|docs)/*", "{infrastructure,docs}/*"},
		{"?(x|.github)/**", "{x,.github}/**"},
		{"src/?(lib/)*.go", "src/?(lib/)*.go"}, // minimatch splits at "/" first: "?(lib" is unclosed, literal
		{"src/**/?(app|util).go", "src/**/{,app,util}.go"},
		{"a?(b|c)d", "a{,b,c}d"},
		{"+(infrastructure|docs)/*", "*/*"},
		{"*(a)", "*"},
		{"!(src)/**", "*/**"},
		{"@(@(infra)structure|x)", "{infrastructure,x}"},
		{"@(a,b|c)", "*"},
		{`\@(a)`, `\@(a)`},
		{"[@(]a)", "[@(]a)"},
		{"@(a", "@(a"},
		{"@(a(b)|c)", "a(b|c)"},
		{"x/@()/y", "x/*/y"},
	} {
		got, _ := ExtglobReading(tt.in)
		if got != tt.want {
			t.Errorf("ExtglobReading(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// extglobRef is a reference matcher of one minimatch segment over a small
// alphabet (no classes, escapes or braces): a Go regexp, "!(…)" read as
// any name (a superset, as the reading is).
func extglobRef(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if isExtglobType(c) && i+1 < len(s) && s[i+1] == '(' {
			if alts, end, ok := extglobGroup(s, i+2); ok {
				var rs []string
				for _, a := range alts {
					rs = append(rs, extglobRef(a))
				}
				g := "(?:" + strings.Join(rs, "|") + ")"
				switch c {
				case '?':
					g += "?"
				case '+':
					g += "+"
				case '*':
					g += "*"
				case '!':
					g = "[^/]*"
				}
				b.WriteString(g)
				i = end
				continue
			}
			// unclosed: the rest is literal text read as a plain glob
			b.WriteString(plainRef(s[i:]))
			return b.String()
		}
		b.WriteString(plainRef(s[i : i+1]))
		i++
	}
	return b.String()
}

func plainRef(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '*':
			b.WriteString("[^/]*")
		case '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	return b.String()
}

// FuzzExtglobReading: the reading never panics, and every name a segment
// matches under minimatch's extended-glob semantics is matched by one of
// the reading's brace alternatives: never narrower than the agent.
func FuzzExtglobReading(f *testing.F) {
	for _, s := range []string{"@(a|b)", "?(a|.b)", "+(a|b)x", "a*(b)", "!(a)", "@(@(a)b|?(a))", "@(a", "@(a|b", "a@()", "?()", "**(a)"} {
		f.Add(s, "ab")
	}
	f.Fuzz(func(t *testing.T, p, name string) {
		x, _ := ExtglobReading(p) // any input: no panic
		if len(x) > 2*len(p)+2 {
			t.Fatalf("ExtglobReading(%q) = %q: grew", p, x)
		}
		if p == "" || len(p) > 24 || strings.Trim(p, "ab.*?@+!()|") != "" {
			return
		}
		if name == "" || len(name) > 8 || strings.Trim(name, "ab.") != "" || name == "." || name == ".." {
			return
		}
		re, err := regexp.Compile("^(?:" + extglobRef(p) + ")$")
		if err != nil || !re.MatchString(name) {
			return
		}
		alts, ok := expandBraces(x, maxBraceAlternatives)
		if !ok {
			return // read as everything below "/"
		}
		for _, a := range alts {
			if fsview.MatchName(a, name, true, false) {
				return
			}
		}
		t.Fatalf("%q matches %q (as %s), but its reading %q (%q) does not", p, name, re, x, alts)
	})
}
