package policy

import (
	"path"
	"testing"
)

// cleanAbs is path.Clean for absolute paths.
func TestCleanAbs(t *testing.T) {
	for _, p := range []string{"/", "//", "/a", "/a/", "/a//b", "/a/./b", "/a/../b", "/.", "/..", "/a/.", "/a/..", "/.a", "/..a", "/a/.b/..c",
		"/a/b.", "/a/b..", "/a.b/c", "/./a", "/../a", "///", "/a/b/c", "/.git/mandate-state", "/a/...", "/a/.../b"} {
		if got, want := cleanAbs(p), path.Clean(p); got != want {
			t.Errorf("cleanAbs(%q) = %q, want %q", p, got, want)
		}
	}
}

func FuzzCleanAbs(f *testing.F) {
	f.Add("/a/./b/../c//")
	f.Fuzz(func(t *testing.T, p string) {
		if !path.IsAbs(p) {
			return
		}
		if got, want := cleanAbs(p), path.Clean(p); got != want {
			t.Errorf("cleanAbs(%q) = %q, want %q", p, got, want)
		}
	})
}
