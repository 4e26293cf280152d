package gate

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/policy"
)

// Red-team round 7, #8 (class self-protection/nested-repo): an archive of
// the repository's git directory extracted into docs/ makes docs a
// repository of its own. The policy denies the creation (internal/policy
// nestedcopies.go); this shows what holds if one slips through (a program
// the analysis cannot see, run with a person's approval): the session's
// pinned policy keeps deciding calls in the new root (and its state mark
// and locks are still the session's repository's). A new
// session started in the new root is governed by what it locates (the
// built-in default): the backstop lasts as long as the session, which is
// why the creation itself is denied.
func TestBreaker7NestedCopyOfGitDir(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "ls"), policy.Allow)
	e.g.Post(context.Background(), e.post(e.repo, "s-1", "t-1"))
	for _, cmd := range []string{
		"tar cf - --exclude=mandate-state .git | tar xf - -C src",
		"tar cf - .git | tar xf - -C src",
		"cp -r .git src/",
	} {
		mustDecide(t, e.g, e.call(e.repo, "s-1", "t-2", cmd), policy.Deny)
	}
	// Slipped through: src/.git is a copy of the repository's git
	// directory without its mark.
	gd := filepath.Join(e.repo, ".git")
	src := filepath.Join(e.repo, "src")
	err := filepath.WalkDir(gd, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(gd, p)
		if rel == stateMarkName {
			return nil
		}
		to := filepath.Join(src, ".git", rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	inner := e.gateAt(t, src)
	if inner.Policy().Name() != policy.DefaultName {
		t.Fatalf("src/ locates %q, want the built-in default", inner.Policy().Name())
	}
	mustDecide(t, inner, e.call(src, "s-1", "t-3", "npm install left-pad"), policy.Deny)
	// A new session there is decided by the enclosing repository too.
	mustDecide(t, inner, e.call(src, "s-2", "t-4", "npm install left-pad"), policy.Deny)
}
