package policy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/gitquery"
)

const strictPolicy = "policies:\n  - name: boundary\n    rules:\n      - block_paths: [\".env*\"]\n"

// gitRepoFixture builds a governed repository: main holds the policy,
// README.md, src/app.go and .claude/settings.json; branch feature changes
// the policy, branch hooks changes the hook configuration, branch docs
// only adds docs/notes.md. HEAD is main.
func gitRepoFixture(t *testing.T) (root string, git func(args ...string) string) {
	t.Helper()
	base := t.TempDir()
	root = filepath.Join(base, "project")
	os.MkdirAll(filepath.Join(root, "src"), 0o755)
	os.MkdirAll(filepath.Join(root, ".claude"), 0o755)
	os.MkdirAll(filepath.Join(base, "home"), 0o755)
	git = func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	write := func(rel, content string) {
		t.Helper()
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q", "-b", "main")
	write("agent-policy.yaml", strictPolicy)
	write("README.md", "readme\n")
	write("src/app.go", "package app\n")
	write(".claude/settings.json", `{"hooks":{}}`)
	git("add", ".")
	git("commit", "-q", "-m", "one")
	git("checkout", "-q", "-b", "feature")
	write("agent-policy.yaml", "policies: []\n")
	git("commit", "-q", "-am", "lenient policy")
	git("checkout", "-q", "main")
	git("checkout", "-q", "-b", "hooks")
	write(".claude/settings.json", `{}`)
	git("commit", "-q", "-am", "no hooks")
	git("checkout", "-q", "main")
	git("checkout", "-q", "-b", "docs")
	write("docs/notes.md", "notes\n")
	git("add", ".")
	git("commit", "-q", "-m", "docs")
	git("checkout", "-q", "main")
	os.RemoveAll(filepath.Join(root, "docs"))
	return root, git
}

// governed parses the repository's policy as Load would and evaluates
// with a real git query.
func governed(t *testing.T, root string, opt Options) *Policy {
	t.Helper()
	p, err := Parse(filepath.Join(root, "agent-policy.yaml"), []byte(strictPolicy))
	if err != nil {
		t.Fatal(err)
	}
	p.path = filepath.Join(root, "agent-policy.yaml")
	return p.WithOptions(opt)
}

func repoAction(root, cmd, trust string) *action.Action {
	return &action.Action{V: 1, Kind: action.Exec, Tool: "Bash", Command: cmd, Cwd: root,
		Actor: action.Actor{TrustLevel: trust, RepoRoot: root, Home: filepath.Join(filepath.Dir(root), "home")}}
}

func runRepo(t *testing.T, p *Policy, root string, cases []lineCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.class+": "+c.cmd, func(t *testing.T) {
			d := p.Evaluate(repoAction(root, c.cmd, action.WriteLocal))
			if d.Decision != c.want {
				t.Fatalf("%s: decision = %s, want %s\nreason: %s", c.cmd, d.Decision, c.want, d.Reason)
			}
			if c.rule != "" && !strings.Contains(d.Rule, c.rule) {
				t.Fatalf("%s: rule = %q, want %q (%s)", c.cmd, d.Rule, c.rule, d.Reason)
			}
		})
	}
}

// TestGitRewrite: git operations that write the work tree from objects
// are denied when a protected file would change, allowed when none would.
func TestGitRewrite(t *testing.T) {
	root, git := gitRepoFixture(t)
	p := governed(t, root, Options{Git: gitquery.New().Query})
	const (
		sw    = "switch-to-other-policy"
		force = "force-from-revision"
		apply = "apply-commits"
		ask   = "cannot-tell"
	)
	runRepo(t, p, root, []lineCase{
		{sw, "git checkout feature", Deny, "git-rewrite"},
		{sw, "git switch feature", Deny, "git-rewrite"},
		{sw, "git switch hooks", Deny, "git-rewrite"},
		{sw, "git switch -c mine feature", Deny, "git-rewrite"},
		{sw, "git checkout -q -b mine feature", Deny, "git-rewrite"},
		{sw, "git checkout --detach feature", Deny, "git-rewrite"},
		{sw, "git -C src checkout feature", Deny, "git-rewrite"},
		{sw, "cd src && git checkout feature", Deny, "git-rewrite"},
		{sw, "/usr/lib/git-core/git-checkout feature", Deny, "git-rewrite"},
		{sw, "git reset --keep feature", Deny, "git-rewrite"},
		{force, "git checkout feature -- agent-policy.yaml", Deny, "git-rewrite"},
		{force, "git checkout feature -- .", Deny, "git-rewrite"},
		{force, "git restore --source feature agent-policy.yaml", Deny, "git-rewrite"},
		{force, "git restore -s hooks .claude", Deny, "git-rewrite"},
		{force, "git reset --hard feature", Deny, "git-rewrite"},
		{force, "git read-tree -u --reset feature", Deny, "git-rewrite"},
		{apply, "git merge feature", Deny, "git-rewrite"},
		{apply, "git merge --squash hooks", Deny, "git-rewrite"},
		{apply, "git cherry-pick feature", Deny, "git-rewrite"},
		{apply, "git revert hooks", Deny, "git-rewrite"},
		{apply, "git cherry-pick main..feature", Deny, "git-rewrite"},
		{apply, "git rebase feature", Deny, "git-rewrite"},
		{apply, "git rebase --onto hooks main", Deny, "git-rewrite"},
		{sw, "git switch --orphan fresh", Deny, "git-rewrite"},
		{ask, "git pull", Ask, "git-rewrite"},
		{ask, "git pull --rebase origin main", Ask, "git-rewrite"},
		{ask, "cd src && git am ../patches.mbox", Ask, "git-rewrite"},
		{ask, "git checkout $BRANCH", Ask, "git-rewrite"},
		{ask, "git rebase -i main", Ask, "git-rewrite"},
		{ask, "git -c filter.x.smudge=cat checkout docs", Ask, ""},
		{ask, "git --git-dir=/tmp/other.git checkout docs", Ask, "git-rewrite"},
		{ask, "git --no-replace-objects checkout docs", Ask, "git-rewrite"},
		{ask, "git bisect start feature main", Ask, "git-rewrite"},
		{"sparse-removes-protected", "git sparse-checkout set src", Deny, "git-rewrite"}, // removes .claude/ (gitsparse.go)
		{ask, "git sparse-checkout add src", Ask, "git-rewrite"},
		{ask, "git config filter.x.smudge 'sed s/a/b/' && git checkout docs", Ask, ""},
		{ask, "echo '* filter=x' > .gitattributes && git checkout docs", Ask, "git-rewrite"},
		{ask, "GIT_INDEX_FILE=/tmp/i git checkout docs", Ask, ""},
		// Nothing protected changes: the normal rules decide.
		{"ordinary-git", "git checkout docs", Allow, ""},
		{"ordinary-git", "git switch docs", Allow, ""},
		{"ordinary-git", "git checkout -", Allow, ""}, // the previous branch, docs
		{"ordinary-git", "git checkout -b topic", Allow, ""},
		{"ordinary-git", "git merge docs", Allow, ""},
		{"ordinary-git", "git cherry-pick docs", Allow, ""},
		{"ordinary-git", "git rebase docs", Allow, ""},
		{"ordinary-git", "git checkout feature -- src/app.go", Allow, ""},
		{"ordinary-git", "git checkout -- src/app.go", Allow, ""},
		{"ordinary-git", "git restore src/app.go", Allow, ""},
		{"ordinary-git", "cd src && git checkout .", Allow, ""},
		{"ordinary-git", "git stash", Allow, ""},
		{"ordinary-git", "git stash -u", Allow, ""},
		// read-tree without -u fills the index only, but with feature's
		// policy, which the next stash -k or checkout . writes (red-team
		// round 5, #9): denied like update-index --cacheinfo of the policy.
		{"ordinary-git", "git read-tree feature", Deny, "git-rewrite"},
		{"ordinary-git", "git read-tree HEAD", Allow, ""},
		{"ordinary-git", "git read-tree -m HEAD", Allow, ""},
		{"ordinary-git", "git reset --soft feature", Allow, ""},
		// checkout-index -a writes every tracked file from the index, which
		// holds nothing the work tree does not: git says no protected file
		// changes, and this policy has no allow_paths (see rewriteCovered).
		{"ordinary-git", "git checkout-index -a", Allow, ""},
	})

	git("checkout", "-q", "feature")
	git("checkout", "-q", "main")
	runRepo(t, p, root, []lineCase{
		{sw, "git checkout -", Deny, "git-rewrite"}, // the previous branch, feature
		{sw, "git switch -", Deny, "git-rewrite"},
	})

	// A forged index (update-index run by a human here) makes a restore
	// from the index write the lenient policy.
	blob := git("rev-parse", "feature:agent-policy.yaml")
	git("update-index", "--cacheinfo", "100644,"+blob+",agent-policy.yaml")
	runRepo(t, p, root, []lineCase{
		{"restore-forged-index", "git checkout -- agent-policy.yaml", Deny, "git-rewrite"},
		{"restore-forged-index", "git restore agent-policy.yaml", Deny, "git-rewrite"},
		{"restore-forged-index", "git checkout .", Deny, "git-rewrite"},
		{"restore-forged-index", "git checkout-index -a -f", Deny, "git-rewrite"},
		{"restore-forged-index", "git checkout-index -f agent-policy.yaml", Deny, "git-rewrite"},
		{"restore-forged-index", "git checkout-index -a --prefix=../home/", Deny, "git-rewrite"},
		// stash and reset --hard write HEAD's policy, which is the one on disk.
		{"restore-forged-index", "git stash", Allow, ""},
		{"restore-forged-index", "cd src && git reset --hard", Allow, ""},
	})
	git("reset", "-q")

	// A stash holding a policy change: popping it writes the policy.
	os.WriteFile(filepath.Join(root, "agent-policy.yaml"), []byte("policies: []\n"), 0o644)
	runRepo(t, p, root, []lineCase{
		// The policy on disk differs from HEAD: stash and reset revert it.
		{"revert-local-policy", "git stash", Deny, "git-rewrite"},
		{"revert-local-policy", "git stash push -- agent-policy.yaml", Deny, "git-rewrite"},
		{"revert-local-policy", "git checkout -f docs", Deny, "git-rewrite"},
		{"revert-local-policy", "git merge --abort", Deny, "git-rewrite"},
	})
	git("stash", "-q")
	runRepo(t, p, root, []lineCase{
		{"stash-apply", "git stash pop", Deny, "git-rewrite"},
		{"stash-apply", "git stash apply stash@{0}", Deny, "git-rewrite"},
		{"stash-apply", "git stash apply 0", Deny, "git-rewrite"},
		{"ordinary-git", "git stash list", Allow, ""},
	})
	git("stash", "drop", "-q")

	// Untracked protected files: clean and stash -u would remove them.
	os.WriteFile(filepath.Join(root, ".claude", "settings.local.json"), []byte("{}"), 0o644)
	runRepo(t, p, root, []lineCase{
		{"remove-untracked-protected", "git stash -u", Deny, "git-rewrite"},
		{"remove-untracked-protected", "git clean -fx .claude", Deny, "git-rewrite"},
		{"ordinary-git", "git clean -n", Allow, ""},
	})
	os.Remove(filepath.Join(root, ".claude", "settings.local.json"))

	// Plumbing that forges content for a protected path.
	runRepo(t, p, root, []lineCase{
		{"forge-plumbing", "git update-index --cacheinfo 100644," + blob + ",agent-policy.yaml", Deny, "git-forge"},
		{"forge-plumbing", "git update-index --add --cacheinfo 100644 " + blob + " .claude/settings.json", Deny, "git-forge"},
		{"forge-plumbing", "git hash-object -w --path=agent-policy.yaml src/app.go", Deny, "git-forge"},
		{"ordinary-git", "git update-index --add src/app.go", Allow, ""},
		{"ordinary-git", "git hash-object -w src/app.go", Allow, ""},
	})

	// Filters configured in the repository rewrite content on checkout.
	// A filter assigned to other files (as git-lfs is) does not matter;
	// one assigned to a protected file does, wherever it is configured.
	git("config", "filter.evil.smudge", "sed s/deny/allow/")
	os.WriteFile(filepath.Join(root, ".gitattributes"), []byte("*.bin filter=evil\n"), 0o644)
	runRepo(t, p, root, []lineCase{{"ordinary-git", "git checkout docs", Allow, ""}})
	os.WriteFile(filepath.Join(root, ".gitattributes"), []byte("*.yaml filter=evil\n"), 0o644)
	runRepo(t, p, root, []lineCase{{ask, "git checkout docs", Ask, "git-rewrite"}})
	git("config", "--unset", "filter.evil.smudge")
	home := filepath.Join(filepath.Dir(root), "home")
	os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[filter \"evil\"]\n\tsmudge = sed s/deny/allow/\n"), 0o644)
	runRepo(t, p, root, []lineCase{{ask, "git checkout docs", Ask, "git-rewrite"}})
	os.Remove(filepath.Join(home, ".gitconfig"))
	os.Remove(filepath.Join(root, ".gitattributes"))

	// No git query, or one that cannot answer in time: ask.
	for _, q := range []*Policy{
		governed(t, root, Options{}),
		governed(t, root, Options{Git: (&gitquery.Runner{Timeout: time.Nanosecond}).Query}),
	} {
		runRepo(t, q, root, []lineCase{
			{ask, "git checkout docs", Ask, "git-rewrite"},
			{ask, "git stash pop", Ask, "git-rewrite"},
			{"ordinary-git", "git checkout -- src/app.go", Allow, ""},
		})
	}
	// read_only: denied, never asked.
	d := p.Evaluate(repoAction(root, "git checkout docs", action.ReadOnly))
	if d.Decision != Deny {
		t.Errorf("read_only checkout: %s (%s)", d.Decision, d.Reason)
	}
}
