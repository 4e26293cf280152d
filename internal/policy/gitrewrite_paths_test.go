package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// TestRewritePaths: a git rewrite that changes no protected file is still
// judged by the path rules for what it writes or removes, which only the
// repository can name; a rewrite after a git command that may change
// refs, the index or objects in the same line cannot be decided on the
// repository as it is; plumbing fed paths on its input is judged by them.
func TestRewritePaths(t *testing.T) {
	tr := fixture.Standard(t)
	if !tr.Git {
		t.Skip("git is not installed")
	}
	p := fixturePolicy(t, tr)
	const w, l, f = "write/git-worktree-rewrite", "write/git-worktree-rewrite earlier-in-line", "write/git-plumbing"
	runFSCases(t, p, []fsCase{
		{class: w, cmd: "git checkout-index -a -f", want: Deny, reason: "possibly written"},
		// Writes only missing files (none today), but can write any tracked
		// file of the root, which is outside allow_paths: judged as it can.
		{class: w, cmd: "git checkout-index -a", want: Deny, reason: "allow_paths"},
		{class: w, cmd: "git checkout-index -f agent-policy.yaml", want: Deny, reason: "policy file"},
		{class: w, cmd: "git checkout-index -f -- src/app.go", want: Allow},
		{class: w, cmd: "git checkout-index --prefix=tests/x/ -a", want: Deny, reason: "hook configuration"}, // at any depth
		{class: w, cmd: "git stash push --include-untracked", want: Deny},
		{class: w, cmd: "git stash -a", want: Deny, reason: ".env.local"},
		{class: w, cmd: "git stash -u -- docs", want: Allow},
		{class: w, cmd: "git clean -fd docs", want: Allow},
		// read-tree feature is itself denied now (red-team round 5, #9); an
		// earlier index change that touches no protected entry still asks.
		{class: l, cmd: "git read-tree feature && git checkout-index -f -- src/app.go", want: Deny, reason: "agent-policy.yaml"},
		{class: l, cmd: "git read-tree HEAD && git checkout-index -f -- src/app.go", want: Ask},
		{class: l, cmd: "git read-tree feature && git checkout-index -a -f", want: Deny},
		{class: l, cmd: "git fetch && git merge origin/main", want: Ask},
		{class: l, cmd: "git update-ref refs/heads/main feature && git checkout -- src/app.go", want: Ask},
		{class: l, cmd: "git status && git log --oneline -1 && git checkout -- src/app.go", want: Allow},
		{class: l, cmd: "git branch -v && git stash list && git switch feature", want: Deny, reason: "agent-policy.yaml"},
		{class: f, cmd: "git update-index --add --cacheinfo 100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391 src/.git", want: Deny, reason: "repository"},
		{class: f, cmd: "printf '100644 blob e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\\tagent-policy.yaml\\n' | git mktree", want: Deny, reason: "policy file"},
		{class: f, cmd: "printf '100644 blob e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\\tsrc/a.go\\n' | git mktree", want: Ask},
		{class: f, cmd: "git update-index --index-info < /tmp/forged", want: Ask},
		{class: f, cmd: "git update-index --index-info < /tmp/forged", trust: action.ReadOnly, want: Deny},
		{class: f, cmd: "git update-index --add src/new.go", want: Allow},
		{class: f, cmd: "git update-ref refs/heads/main feature", want: Ask},
		{class: f, cmd: "git update-ref HEAD feature", want: Ask},
		{class: f, cmd: "git update-ref refs/heads/feature main", want: Allow}, // not checked out
		{class: f, cmd: "git update-ref refs/heads/main main", want: Allow},
		{class: "write/git-worktree-rewrite sparse", cmd: "git sparse-checkout set src", want: Deny, reason: "hook configuration"},
		{class: "write/git-worktree-rewrite sparse", cmd: "git sparse-checkout set --no-cone '/*' '!/agent-policy.yaml'", want: Deny, reason: "policy file"},
		{class: "write/git-worktree-rewrite sparse", cmd: "git sparse-checkout set src .claude .gemini .codex", want: Deny, reason: ".github"},
		{class: "write/git-worktree-rewrite sparse", cmd: "git sparse-checkout set --no-cone '/*'", want: Allow},
		{class: "write/git-worktree-rewrite sparse", cmd: "git sparse-checkout set --no-cone '/*' '!docs/'", want: Allow},
		{class: "write/git-worktree-rewrite sparse", cmd: "git sparse-checkout add docs", want: Ask},
		{class: "write/git-worktree-rewrite sparse", cmd: "git sparse-checkout list", want: Allow},
	})
}
