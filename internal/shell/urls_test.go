package shell

import (
	"slices"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/hostname"
)

func TestCurlGlob(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string // nil: not expandable
	}{
		{"http://a/x", []string{"http://a/x"}},
		{"http://{a,b}.example/", []string{"http://a.example/", "http://b.example/"}},
		{"x[1-3]", []string{"x1", "x2", "x3"}},
		{"x[01-03]", []string{"x01", "x02", "x03"}},
		{"x[a-c]", []string{"xa", "xb", "xc"}},
		{"x[0-10:5]", []string{"x0", "x5", "x10"}},
		{"{a,b}[1-2]", []string{"a1", "a2", "b1", "b2"}},
		{`x\{a,b\}`, []string{"x{a,b}"}},
		{"http://[::1]/", []string{"http://[::1]/"}},
		{"x{a,b", nil},
		{"x[3-1]", nil},
		{"x[1-100000]", nil},
		{"[1-20][1-20]", nil},
	} {
		got, ok := curlGlob(c.in)
		if (c.want == nil) != !ok || ok && !slices.Equal(got, c.want) {
			t.Errorf("curlGlob(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

// FuzzURLParts checks the URL readers on any input: they never panic,
// curl's glob stays within its bound, every file URL path is absolute and
// every host they report is canonical.
func FuzzURLParts(f *testing.F) {
	for _, s := range []string{"file:///a/%2e{b,c}[1-3]", "http://u@h:1/x", "a://[::1]:2,b", "x\\@y", "file://h/p?q#f", "[", "{"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if urls, ok := curlGlob(s); ok && len(urls) > maxURLGlob {
			t.Fatalf("curlGlob(%q): %d URLs", s, len(urls))
		}
		for _, p := range fileURLPaths(s) {
			if !strings.HasPrefix(p.s, "/") {
				t.Fatalf("fileURLPaths(%q): relative %q", s, p.s)
			}
		}
		for _, h := range urlHosts(s) {
			if c, ok := normHost(h); ok {
				if again, err := hostname.Canonical(c); err != nil || again != c {
					t.Fatalf("normHost(%q) = %q, not canonical", h, c)
				}
			}
		}
		gitPathspec(s)
		revealsEnviron(s, true, true)
		splitColons(s)
	})
}
