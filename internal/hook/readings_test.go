package hook

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestPathReadings(t *testing.T) {
	for _, tt := range []struct {
		class, in string
		want      []string
	}{
		{"plain path: one reading", "/home/dev/project/src", []string{"/home/dev/project/src"}},
		{"trailing space (Claude's expandPath trims)", "/home/dev/.ssh ", []string{"/home/dev/.ssh ", "/home/dev/.ssh"}},
		{"leading tab", "\t/home/dev/.config/gh", []string{"\t/home/dev/.config/gh", "/home/dev/.config/gh"}},
		{"trailing newline", "config\n", []string{"config\n", "config"}},
		{"byte order mark: JavaScript trims it, Go and Python do not", "\ufeff.env", []string{"\ufeff.env", ".env"}},
		{"next line: Python and Go trim it, JavaScript does not", ".env\u0085", []string{".env\u0085", ".env"}},
		{"information separator: Python only", ".env\x1f", []string{".env\x1f", ".env"}},
		{"only white space is the working directory", " \n", []string{" \n", "."}},
		{"decomposed name composed (NFC)", "cafe\u0301", []string{"cafe\u0301", "caf\u00e9"}},
		{"empty", "", []string{""}},
	} {
		t.Run(tt.class, func(t *testing.T) {
			if got := PathReadings(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("PathReadings(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestGlobReadings(t *testing.T) {
	for _, tt := range []struct {
		class, in string
		want      []string
	}{
		{"one pattern", "*.go", []string{"*.go"}},
		{"white-space list (Claude's Grep)", "*.go .env", []string{"*.go .env", "*.go", ".env"}},
		{"comma list", "*.md,.env*", []string{"*.md,.env*", "*.md", ".env*"}},
		{"braces kept whole", "*.{ts,tsx}", []string{"*.{ts,tsx}"}},
		{"commas outside braces split", "*.{ts,tsx},.env", []string{"*.{ts,tsx},.env", "*.{ts,tsx}", ".env"}},
		{"no-break space is JavaScript white space", "*.go\u00a0.env", []string{"*.go\u00a0.env", "*.go", ".env"}},
		{"empty pieces dropped", " *.go ,, ", []string{" *.go ,, ", "*.go", ",,"}},
		{"too many pieces: every file", manyPieces(100), []string{""}},
		{"as many as allowed", manyPieces(maxGlobPieces - 1), append([]string{manyPieces(maxGlobPieces - 1)}, strings.Split(manyPieces(maxGlobPieces-1), ",")...)},
	} {
		t.Run(tt.class, func(t *testing.T) {
			if got := GlobReadings(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("GlobReadings(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func manyPieces(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "p%d", i)
	}
	return b.String()
}

// FuzzReadings: the readings of any argument start with the argument
// itself, are distinct and bounded.
func FuzzReadings(f *testing.F) {
	for _, s := range []string{`infrastructur\e/**`, `a/[\]]/b\`, `\{a,b\}`, "*.go .env", "*.md,.env*", "{a,b},c", " /x\n", "\ufeffa\u0085", "cafe\u0301 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, got := range map[string][]string{"PathReadings": PathReadings(s), "GlobReadings": GlobReadings(s), "EscapeReadings": EscapeReadings(s)} {
			if len(got) == 0 || got[0] != s && !(name == "GlobReadings" && len(got) == 1 && got[0] == "") {
				t.Fatalf("%s(%q) = %q: the argument itself is not the first reading", name, s, got)
			}
			if len(got) > maxGlobPieces+1 || name == "PathReadings" && len(got) > 8 {
				t.Fatalf("%s(%q): %d readings", name, s, len(got))
			}
			for i, r := range got {
				if slices.Contains(got[i+1:], r) {
					t.Fatalf("%s(%q) = %q: %q twice", name, s, got, r)
				}
			}
		}
	})
}

// TestEscapeReadings: a backslash in a glob is an escape, a literal
// character and a path separator; an escaped glob character is any one
// character; one in a [...] class reaches everything below the literal
// directories before it.
func TestEscapeReadings(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"*.go", "[*.go]"},
		{`infrastructur\e/**`, `[infrastructur\e/** infrastructur/e/** infrastructure/**]`},
		{`\.ssh/*`, `[\.ssh/* /.ssh/* .ssh/*]`},
		{`src/\*.go`, `[src/\*.go src//*.go src/?.go]`},
		{`\{.ssh,x\}/*`, `[\{.ssh,x\}/* /{.ssh,x/}/* ?.ssh,x?/*]`},
		{`a\`, `[a\ a/ a]`},
		{`\\x`, `[\\x //x ?x]`},
		{`src/[\]]/x`, `[src/[\]]/x src/[/]]/x src/**]`},
		{`/etc/x*/[\.]y`, `[/etc/x*/[\.]y /etc/x*/[/.]y /etc/**]`},
	} {
		if got := fmt.Sprint(EscapeReadings(tt.in)); got != tt.want {
			t.Errorf("EscapeReadings(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for in, want := range map[string]string{"a/*.go": "a/*.go", `*\.env`: "*?.env", `[\]]x`: ""} {
		if got := policyGlob(in); got != want {
			t.Errorf("policyGlob(%q) = %q, want %q", in, got, want)
		}
	}
}
