package policy

import "testing"

// TestRedteam19aGitHistory holds the git-history findings of red-team
// round 19 (breaker br19a, #11 and #12), source: "red-team round 19",
// fixed by gcConfigOp (githistory_refs.go), and the fix's variants.
//
//   - class git-history/gc-pattern-config (#11): gc.<pattern>.reflogExpire
//     and gc.<pattern>.reflogExpireUnreachable (git-config(1)) apply the
//     expiry to the refs the pattern matches; gitHistory knows only the
//     two-level keys. Verified with git 2.39: git -c 'gc.*.reflogExpire=now'
//     gc emptied the reflog and pruned the commit only it reached.
//   - class git-history/auto-gc (#12): commit, fetch, merge, am, rebase and
//     receive-pack end with git maintenance run --auto / gc --auto, which
//     runs gc under the line's -c configuration when its thresholds are
//     met — and the line sets them too (gc.autoPackLimit=1, gc.auto=1).
//     Only gc and maintenance are read. Verified with git 2.39: with two
//     packs, git -c gc.autoPackLimit=1 -c gc.reflogExpire=now -c
//     gc.reflogExpireUnreachable=now -c gc.pruneExpire=now commit
//     --allow-empty -m x emptied the reflog and deleted the dangling commit.
func TestRedteam19aGitHistory(t *testing.T) {
	p := mustParse(t, `
protected_branches: [main, release/*]
policies:
  - name: history
    rules:
      - block_git_history: ["*"]
`)
	runLines(t, p, "", []lineCase{
		{"git-history/gc-pattern-config", "git -c 'gc.*.reflogExpire=now' gc", Deny, "block_git_history"},
		{"git-history/gc-pattern-config", "git -c 'gc.refs/heads/main.reflogExpireUnreachable=now' maintenance run --task=gc", Deny, "block_git_history"},
		{"git-history/auto-gc", "git -c gc.autoPackLimit=1 -c gc.pruneExpire=now commit --allow-empty -m x", Deny, "block_git_history"},
		{"git-history/auto-gc", "git -c gc.auto=1 -c gc.pruneExpire=now fetch", Deny, "block_git_history"},
		// everyday: the same commands without history-discarding configuration
		{"ordinary-git", "git -c gc.auto=0 commit --allow-empty -m x", Allow, ""},
		{"ordinary-git", "git -c 'gc.refs/stash.reflogExpire=never' gc", Allow, ""},
		// red-team round 19 fix: variants
		{"git-history/gc-pattern-config", "git -c 'gc.refs/remotes/*.reflogExpireUnreachable=all' -c gc.reflogExpire=now pull", Deny, "block_git_history"},
		{"git-history/auto-gc", "git -c gc.auto=1 -c gc.reflogExpireUnreachable=now merge feature", Deny, "block_git_history"},
		{"git-history/auto-gc", "git -c GC.PruneExpire=now am x.patch", Deny, "block_git_history"},
		{"git-history/auto-gc", "git -c gc.worktreePruneExpire=now rebase main", Deny, "block_git_history"},
		{"git-history/auto-gc", "git -c gc.pruneExpire=now status", Deny, "block_git_history"},
		{"ordinary-git", "git -c gc.pruneExpire=never -c gc.auto=1 commit --allow-empty -m x", Allow, ""},
		{"ordinary-git", "git -c user.name=x commit --allow-empty -m x", Allow, ""},
	})
}
