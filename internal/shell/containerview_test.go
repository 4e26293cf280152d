package shell

import (
	"path"
	"strings"
	"testing"
)

// FuzzContainerView: any mount and container path; every host file the
// view gives is a cleaned absolute path below a mount's source or a
// guessed base, or (guessing) the path itself.
func FuzzContainerView(f *testing.F) {
	f.Add("/home/dev/project", "/w", "/w/agent-policy.yaml", "agent-policy.yaml", true, false)
	f.Add(".", "/w/", "/w/../w/./a", "../x", false, true)
	f.Add("/", "/", "/etc/passwd", "", true, true)
	f.Fuzz(func(t *testing.T, src, dst, abs, tail string, guess, prefix bool) {
		if len(abs)+len(tail) > 4096 {
			return
		}
		v := newContainerView([]ContainerMount{{Source: src, Target: dst}}, "/base", true)
		v.guess = guess
		if guess {
			v.bases = []string{"/home/dev/project", "/home/dev"}
		}
		below := func(n string) bool {
			for _, b := range v.binds {
				if _, ok := underDir(n, b.src); ok {
					return true
				}
			}
			for _, b := range v.bases {
				if _, ok := underDir(n, b); ok {
					return true
				}
			}
			return false
		}
		check := func(names []viewName, self string) {
			if len(names) > maxViewNames {
				t.Fatalf("%d names", len(names))
			}
			for _, n := range names {
				if !path.IsAbs(n.path) || path.Clean(n.path) != n.path {
					t.Fatalf("bad name %q", n.path)
				}
				if !below(n.path) && n.path != self {
					t.Fatalf("%q: %q is below no source", self, n.path)
				}
			}
		}
		if path.IsAbs(abs) {
			p := path.Clean(abs)
			check(v.namesOf(p), p)
		}
		if !strings.HasPrefix(tail, "/") {
			check(v.tailNames(tail, prefix), "")
		}
	})
}
