package shell

import (
	"slices"
	"strings"
	"testing"
)

func TestEachEnvPathPiece(t *testing.T) {
	got := []string{}
	eachEnvPathPiece("a/b:$PATH:-I/usr/include -O2 --key=~/.ssh/k,x=/dev/null", func(p string) { got = append(got, p) })
	want := []string{"a/b", "/usr/include", "~/.ssh/k", "x"}
	if !slices.Equal(got, want) {
		t.Errorf("pieces = %q, want %q", got, want)
	}
}

// FuzzEachEnvPathPiece: every piece is a non-empty substring of the value,
// known statically, not an option.
func FuzzEachEnvPathPiece(f *testing.F) {
	for _, s := range []string{"/a:/b", "-I/x -O2", "k=v,w=/z", "$PATH:/x", "", "=", "-:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		eachEnvPathPiece(v, func(p string) {
			if p == "" || !strings.Contains(v, p) || strings.ContainsAny(p, "$`") || p[0] == '-' {
				t.Fatalf("eachEnvPathPiece(%q) gave %q", v, p)
			}
		})
	})
}
