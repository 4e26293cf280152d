package policy

import (
	"slices"
	"strings"
	"testing"
)

// FuzzVersionedToolMatch: the "p" test in front of versionedTool skips
// only names the expression does not match.
func FuzzVersionedToolMatch(f *testing.F) {
	for _, s := range []string{"pip", "pip3", "pip3.12", "python3", "py", "py3.11", "npm", "Pip3", "xpip", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if got, want := versionedToolMatch(name), versionedTool.Get().FindStringSubmatch(name); !slices.Equal(got, want) {
			t.Fatalf("versionedToolMatch(%q) = %q, the expression says %q", name, got, want)
		}
	})
}

// splitNestedGitDirs is inNestedGitDirs over strings.Split's segments.
func splitNestedGitDirs(abs string, glob bool) bool {
	segs := strings.Split(abs, "/")
	for i := 0; i+1 < len(segs); i++ {
		if foldSeg(segs[i]) != ".git" {
			continue
		}
		n := foldSeg(segs[i+1])
		if n == "worktrees" || n == "modules" || (glob && i+2 == len(segs)) {
			return true
		}
	}
	return false
}

// FuzzInNestedGitDirs: walking the segments answers as splitting them.
func FuzzInNestedGitDirs(f *testing.F) {
	for _, s := range []string{"/p/.git/worktrees/x", "/p/.GIT/Modules", "/p/.git/*", "/p/.git", ".git/", "/.git//modules", "", "/", "/p/.git./worktrees"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, abs string, glob bool) {
		if got, want := inNestedGitDirs(abs, glob), splitNestedGitDirs(abs, glob); got != want {
			t.Fatalf("inNestedGitDirs(%q, %v) = %v, over the split segments %v", abs, glob, got, want)
		}
	})
}
