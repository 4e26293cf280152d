package gate

// Red-team round 17, breaker br17d: round 16's gate fixes attacked.
// source: "red-team round 17". Each failed at the HEAD it was written on
// (856f21e); fixed: a root whose .git is a file counts its owner
// (gitOwner, enclosing.go) for locks and touched policies.
//
// Classes:
//
//   - #61 lock/linked-worktree-common-dir (red-team round 17, #61): a
//     tamper lock holds for the repositories an action reaches, found by
//     the paths it names (repoRoot: the nearest directory holding .git).
//     A linked worktree of the locked repository (`git worktree add`,
//     everyday for agents: one worktree per task) is a repository of its
//     own by that test, but its .git is a file naming the locked
//     repository's .git/worktrees/<name>, whose common directory is the
//     locked repository's .git: its refs, objects, config and packed
//     refs. A git command run in the worktree (`git -C ../wt update-ref
//     refs/heads/feature HEAD~1`, `git branch -f`, `git branch -D`,
//     `git commit`, `git push`, `git gc --prune=now`) writes the locked
//     repository's .git while the lock holds, from any session.

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/policy"
)

// #61, class "lock/linked-worktree-common-dir". Why: a tamper lock on a
// repository is looked up for the roots an action's paths reach
// (touched: repoRoot of each path); a linked worktree's root is the
// worktree, whose .git file points into the locked repository's .git, so
// git commands run there write the locked repository's refs and objects
// unlocked. Verified with real git (2.x): `git -C wt update-ref
// refs/heads/feature HEAD~1` moved repo's feature branch; at HEAD the
// gate allows the line from a session of another repository while repo is
// locked (rule ""), where `git -C repo commit -am x` is denied (lock).
func TestBreaker17dLockMissesLinkedWorktree(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	// a real repository with a linked worktree beside it
	if err := os.RemoveAll(filepath.Join(e.repo, ".git")); err != nil {
		t.Fatal(err)
	}
	wt := filepath.Join(e.dir, "wt")
	for _, args := range [][]string{
		{"-C", e.repo, "init", "-q", "-b", "main"},
		{"-C", e.repo, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "--allow-empty", "-m", "one"},
		{"-C", e.repo, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "--allow-empty", "-m", "two"},
		{"-C", e.repo, "branch", "feature"},
		{"-C", e.repo, "worktree", "add", "-q", wt, "-b", "task"},
	} {
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	e.g = e.gateAt(t, e.repo)
	other := filepath.Join(e.dir, "other")
	if err := os.MkdirAll(filepath.Join(other, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	g2 := e.gateAt(t, other)
	mustDecide(t, g2, e.call(other, "s-2", "toolu_0", "ls"), policy.Allow)
	// repo's session tampers: repo is locked
	mustDecide(t, e.g, e.call(e.repo, "s-1", "toolu_A", "npm test"), policy.Allow)
	write(t, filepath.Join(e.repo, ".claude", "settings.local.json"), `{"disableAllHooks": true}`)
	if err := e.g.Post(ctx, e.post(e.repo, "s-1", "toolu_A")); err != nil {
		t.Fatal(err)
	}
	mustDecide(t, g2, e.call(other, "s-2", "toolu_1", "git -C "+e.repo+" commit -am x"), policy.Deny) // control
	for i, c := range []string{
		"git -C " + wt + " update-ref refs/heads/feature HEAD~1",
		"cd " + wt + " && git branch -f feature HEAD~1",
		"git -C " + wt + " branch -D feature",
		"git -C " + wt + " commit --allow-empty -m x",
		"git -C " + wt + " gc --prune=now",
		"git -C " + wt + " push origin feature",
	} {
		if d := g2.Pre(ctx, e.call(other, "s-2", "toolu_W"+string(rune('a'+i)), c)); d.Decision != policy.Deny {
			t.Errorf("%q while the repository it writes is locked: %s (rule %q), want deny", c, d.Decision, d.Rule)
		}
	}
}
