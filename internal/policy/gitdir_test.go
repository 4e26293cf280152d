package policy

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// TestNestedRepository: in a governed repository nothing may create a
// .git below the root (that directory would then be governed by its own
// policy or the built-in default), nor replace or remove the root's own.
func TestNestedRepository(t *testing.T) {
	root, _ := gitRepoFixture(t)
	p := governed(t, root, Options{})
	const c = "nested-repository"
	runRepo(t, p, root, []lineCase{
		{c, "mkdir -p src/.git", Deny, "nested-repository"},
		{c, "mkdir src/.GIT", Deny, "nested-repository"},
		{c, "touch src/.git", Deny, "nested-repository"},
		{c, "echo 'gitdir: /tmp/x' > src/.git", Deny, "nested-repository"},
		{c, "cp -r /tmp/repo/.git src/.git", Deny, "nested-repository"},
		{c, "git init src", Deny, "nested-repository"},
		{c, "git init", Deny, "nested-repository"}, // re-initialises the governed repository
		{c, "git init --template=/tmp/t .", Deny, "nested-repository"},
		{c, "git init --bare src/x.git", Deny, "nested-repository"},
		{c, "git clone --bare https://github.com/org/lib.git src/lib.git", Deny, "nested-repository"},
		{c, "git clone --mirror https://github.com/org/lib.git src/lib", Deny, "nested-repository"},
		{c, "cd src && git init", Deny, "nested-repository"},
		{c, "git init --separate-git-dir /tmp/g src/lib", Deny, "nested-repository"},
		{c, "git -C src init -q", Deny, "nested-repository"},
		{c, "git clone https://github.com/org/lib.git src/lib", Deny, "nested-repository"},
		{c, "cd src && git clone https://github.com/org/lib.git", Deny, "nested-repository"},
		{c, "git worktree add src/wt", Deny, "nested-repository"},
		{c, "git worktree add -b topic src/wt main", Deny, "nested-repository"},
		{c, "git submodule add https://github.com/org/lib.git src/lib", Deny, "nested-repository"},
		{c, "cd src && git submodule add ../lib.git", Deny, "nested-repository"},
		{c, "git submodule update --init", Ask, "nested-repository"},
		{c, "rm -rf .git", Deny, "nested-repository"},
		{c, "mv .git /tmp/g", Deny, "nested-repository"},
		{"ordinary-git", "git init --bare /tmp/bare.git", Allow, ""},
		{"ordinary-git", "git clone https://github.com/org/lib.git /tmp/lib", Allow, ""},
		{"ordinary-git", "git worktree add /tmp/wt", Allow, ""},
		{"ordinary-git", "echo x > .git/info/exclude", Allow, ""},
		{"ordinary-git", "git submodule update", Allow, ""},
	})
	// Copying or moving a repository into the governed one: denied when
	// the copy's own destination is inside (red-team round 7, #8), asked
	// when the line writes inside elsewhere.
	base := filepath.Dir(root)
	os.MkdirAll(filepath.Join(base, "other", ".git"), 0o755)
	os.MkdirAll(filepath.Join(base, "plain"), 0o755)
	runRepo(t, p, root, []lineCase{
		{c, "cp -r " + base + "/other src/lib", Deny, "nested-repository"},
		{c, "rsync -a " + base + "/other/ src/lib/", Deny, "nested-repository"},
		{c, "mv " + base + "/other src/lib", Deny, "nested-repository"},
		{c, "cp -r " + base + "/other/.git src/", Deny, "nested-repository"},
		{c, "cp -r " + base + "/other /tmp/x && echo x > src/y", Ask, "nested-repository"},
		{"ordinary-copy", "cp -r " + base + "/plain src/lib", Allow, ""},
		{"ordinary-copy", "cp -r " + base + "/other /tmp/elsewhere", Allow, ""},
	})
	// The file tools too.
	for _, f := range []string{"src/.git/config", "src/.git", "src/lib/.git/HEAD"} {
		a := &action.Action{V: 1, Kind: action.FileWrite, Tool: "Write", Paths: []string{f}, Cwd: root,
			Actor: action.Actor{TrustLevel: action.WriteLocal, RepoRoot: root, Home: filepath.Join(filepath.Dir(root), "home")}}
		if d := p.Evaluate(a); d.Decision != Deny || d.Rule != "nested-repository" {
			t.Errorf("Write %s: %s %s (%s)", f, d.Decision, d.Rule, d.Reason)
		}
	}
	// Without a policy file in force the repository is not governed.
	q := mustParse(t, strictPolicy)
	runRepo(t, q, root, []lineCase{{"ungoverned", "mkdir -p src/.git", Allow, ""}})
}
