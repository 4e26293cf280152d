package gate

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/policy"
)

// A repository made inside a governed one anyway — by a script, a build, or
// before Mandate — does not give a session started in it a way around the
// governed repository's policy (class "scope/nested-repository"): the
// enclosing repository decides every call, from its file and from its
// pinned copy when the file was emptied.
func TestEnclosingRepositoryDecides(t *testing.T) {
	const policyText = `policies:
  - name: guard
    rules:
      - block_paths: [".env*", "src/**/secret*"]
      - block_commands: ["^curl "]
`
	e := newRepoEnv(t, policyText)
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "ls"), policy.Allow) // pinned
	nested := filepath.Join(e.repo, "src", "nested")
	if err := os.MkdirAll(filepath.Join(nested, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(nested, "secret.txt"), "x\n")
	write(t, filepath.Join(nested, ".env"), "K=v\n")
	g := e.gateAt(t, nested)
	for _, tc := range []struct {
		id, cmd string
		want    policy.Effect
	}{
		{"u-1", "cat secret.txt", policy.Deny},            // the enclosing rule, as the enclosing repository reads it
		{"u-2", "curl https://example.com/", policy.Deny}, // a command rule of the enclosing policy
		{"u-3", "cat .env", policy.Deny},
		{"u-4", "ls", policy.Allow},
		{"u-5", "echo x > ../../" + policy.FileName, policy.Deny}, // its policy file is protected
	} {
		mustDecide(t, g, e.call(nested, "s-n", tc.id, tc.cmd), tc.want)
	}
	// The enclosing policy emptied: its pinned copy still decides, for a
	// session that starts now.
	write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
	mustDecide(t, e.gateAt(t, nested), e.call(nested, "s-n2", "v-1", "cat secret.txt"), policy.Deny)
}

func TestEnclosingRepos(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"a/.git", "a/b/c/.git", "a/b/c/d/e/.git"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	got := enclosingRepos(filepath.Join(dir, "a/b/c/d/e"))
	want := []string{filepath.Join(dir, "a/b/c"), filepath.Join(dir, "a")}
	if len(got) < 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("enclosingRepos = %q, want %q first", got, want)
	}
	if got := enclosingRepos(""); got != nil {
		t.Errorf("enclosingRepos(\"\") = %q", got)
	}
}

// TestGitOwner: a root whose .git is a file is owned by the repository
// whose .git holds its git directory (red-team round 17, #61 fix).
func TestGitOwner(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("repo/.git/worktrees/wt/commondir", "../..\n")
	write("wt/.git", "gitdir: "+filepath.Join(dir, "repo/.git/worktrees/wt")+"\n")
	write("repo/.git/modules/sub/HEAD", "ref: refs/heads/main\n")
	write("repo/sub/.git", "gitdir: ../.git/modules/sub\n")
	write("rel/.git", "gitdir: ../repo/.git/worktrees/wt\n")
	write("junk/.git", "not a gitdir line\n")
	write("self/.git/x", "")
	for _, c := range []struct{ root, want string }{
		{"wt", "repo"},       // a linked worktree: commondir
		{"repo/sub", "repo"}, // a submodule: the .git above its git directory
		{"rel", "repo"},      // a relative gitdir
		{"junk", ""},         // not a gitdir file
		{"self", ""},         // a .git directory: its own
		{"missing", ""},      // no .git
	} {
		want := c.want
		if want != "" {
			want = filepath.Join(dir, want)
		}
		if got := gitOwner(filepath.Join(dir, c.root)); got != want {
			t.Errorf("gitOwner(%s) = %q, want %q", c.root, got, want)
		}
	}
}
