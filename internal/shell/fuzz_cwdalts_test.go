package shell

import (
	"strings"
	"testing"
)

// FuzzLiteralTail: literalTail never panics, returns a suffix of its
// input that holds no dynamic part, and anyDirRest is always a pattern
// below the root.
func FuzzLiteralTail(f *testing.F) {
	for _, s := range []string{"$y/id_rsa", "$(ls -d ~/.s*h)", "${y%/x}/k", "`echo a/b`/c", "$a/x/$b/y", "$(echo ')')/k", "$y", "a/$"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		tail := literalTail(p)
		if !strings.HasSuffix(p, tail) {
			t.Fatalf("literalTail(%q) = %q: not a suffix", p, tail)
		}
		if strings.ContainsAny(tail, "$`") {
			t.Fatalf("literalTail(%q) = %q: holds a dynamic part", p, tail)
		}
		if r := anyDirRest(p); !strings.HasPrefix(r, "/**") {
			t.Fatalf("anyDirRest(%q) = %q", p, r)
		}
	})
}

func TestLiteralTail(t *testing.T) {
	for p, want := range map[string]string{
		"$y/id_rsa":       "id_rsa",
		"$(ls -d ~/.s*h)": "",
		"${y%/x}/k":       "k",
		"`echo a/b`/c":    "c",
		"$a/x/$b/y":       "y",
		"$(echo ')')/k":   "",
		"$y":              "",
		"$yx/.ssh/id_rsa": ".ssh/id_rsa",
	} {
		if got := literalTail(p); got != want {
			t.Errorf("literalTail(%q) = %q, want %q", p, got, want)
		}
	}
}
