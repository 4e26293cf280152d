package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Git history. block_git_history and require_approval_git_history name
// git operations that destroy history that may not be recoverable:
//
//   - branch-delete: deleting a protected branch (branch -d/-D, update-ref
//     -d), or forcing one onto other commits (branch -f/-M/-C onto it,
//     update-ref of it, checkout -B / switch -C of it);
//   - stash-drop: stash drop and stash clear;
//   - reflog-expire: reflog expire and reflog delete;
//   - prune: gc --prune=…, prune, repack -a -d and its kin (unreachable
//     objects are deleted);
//   - filter-history: filter-branch, filter-repo, bfg (every commit
//     rewritten).
//
// "*" is all of them. Protected branches are the policy's
// protected_branches.

var historyOps = []string{"branch-delete", "stash-drop", "reflog-expire", "prune", "filter-history"}

var historyAliases = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"branch": "branch-delete", "branch-d": "branch-delete", "delete-branch": "branch-delete", "update-ref": "branch-delete",
		"stash": "stash-drop", "stash-clear": "stash-drop", "reflog": "reflog-expire", "gc": "prune",
		"filter-branch": "filter-history", "filter-repo": "filter-history", "bfg": "filter-history", "rewrite": "filter-history",
	}
}}

func historyWord(s string) (string, error) {
	return vocabularyWord(s, "git history operation", historyOps, historyAliases.Get())
}

// historyOp says which history operation g is, and how.
func (p *Policy) historyOp(g *gitCall) (op, what string, could bool) {
	if op, what, could := p.refHistoryOp(g); op != "" {
		return op, what, could
	}
	if op, what := gcConfigOp(g); op != "" {
		return op, what, false
	}
	args := g.args
	switch g.sub {
	case "branch":
		opts, pos := parseOpts(args, optSet{shortVal: "tu", longVal: []string{"set-upstream-to", "track", "contains", "no-contains", "merged", "no-merged", "points-at", "sort", "format", "color", "column", "abbrev"}})
		if hasOpt(opts, "-r", "--remotes") {
			return "", "", false
		}
		del := hasOpt(opts, "-d", "-D", "--delete")
		move := hasOpt(opts, "-m", "-M", "--move", "-c", "-C", "--copy")
		force := hasOpt(opts, "-f", "--force", "-D", "-M", "-C")
		var names []string
		switch {
		case del:
			names = pos
		case move && len(pos) > 0:
			names = pos[len(pos)-1:] // the new name is overwritten
		case force && len(pos) > 0:
			names = pos[:1] // branch -f NAME START resets NAME
		}
		for _, n := range names {
			if dynamicWord(n) {
				return "branch-delete", fmt.Sprintf("deletes or overwrites branch %q, not known before the line runs", n), true
			}
			if p.protectedBranch(n) {
				if del {
					return "branch-delete", fmt.Sprintf("deletes protected branch %q", n), false
				}
				return "branch-delete", fmt.Sprintf("forces protected branch %q onto other commits", n), false
			}
		}
	case "checkout", "switch":
		opts, _ := parseOpts(args, optSet{shortVal: "bBc", longVal: []string{"orphan", "conflict", "pathspec-from-file"}})
		for _, n := range optVals(opts, "-B", "-C", "--force-create") {
			if p.protectedBranch(n) || dynamicWord(n) {
				return "branch-delete", fmt.Sprintf("resets protected branch %q", n), dynamicWord(n)
			}
		}
	case "worktree":
		if len(args) == 0 || args[0] != "add" {
			break
		}
		opts, _ := parseOpts(args[1:], optSet{shortVal: "bB", longVal: []string{"reason", "orphan"}})
		for _, n := range optVals(opts, "-B") {
			if p.protectedBranch(n) || dynamicWord(n) {
				return "branch-delete", fmt.Sprintf("worktree add -B %s resets the branch onto other commits", n), dynamicWord(n)
			}
		}
	case "update-ref":
		opts, pos := parseOpts(args, optSet{shortVal: "m", longVal: []string{"create-reflog"}})
		if hasOpt(opts, "--stdin") {
			return "branch-delete", "updates refs read from its input, which could be protected branches", true
		}
		if len(pos) > 0 {
			ref := pos[0]
			if dynamicWord(ref) {
				return "branch-delete", fmt.Sprintf("updates ref %q, not known before the line runs", ref), true
			}
			if b, ok := branchOfRef(ref); ok && p.protectedBranch(b) {
				if hasOpt(opts, "-d") {
					return "branch-delete", fmt.Sprintf("deletes protected branch %q", b), false
				}
				return "branch-delete", fmt.Sprintf("moves protected branch %q to other commits", b), false
			}
		}
	case "stash":
		if len(args) > 0 && (args[0] == "drop" || args[0] == "clear") {
			return "stash-drop", "stash " + args[0] + " discards stashed changes", false
		}
	case "reflog":
		if len(args) > 0 && (args[0] == "expire" || args[0] == "delete") {
			return "reflog-expire", "reflog " + args[0] + " discards the record of where refs were", false
		}
	case "gc", "maintenance":
		for _, a := range args {
			if a == "--prune" || strings.HasPrefix(a, "--prune=") {
				return "prune", fmt.Sprintf("gc %s deletes unreachable commits", a), false
			}
		}
	case "prune":
		return "prune", "prune deletes unreachable commits", false
	case "repack":
		if what := repackDrops(args); what != "" {
			return "prune", what, false
		}
	case "filter-branch", "filter-repo":
		return "filter-history", g.sub + " rewrites every commit", false
	}
	return "", "", false
}

// branchOfRef returns the branch a ref names for update-ref: refs/heads/X,
// heads/X (git DWIMs both), or a bare name.
func branchOfRef(ref string) (string, bool) {
	switch {
	case strings.HasPrefix(ref, "refs/heads/"):
		return ref[len("refs/heads/"):], true
	case strings.HasPrefix(ref, "heads/"):
		return ref[len("heads/"):], true
	case strings.HasPrefix(ref, "refs/"):
		return "", false
	}
	return ref, true
}

// gitHistory applies the git history rules to one git command.
func (ev *evaluation) gitHistory(g *gitCall) {
	x := &ev.p.idx.ext
	if len(x.blockHistory)+len(x.approveHistory) == 0 {
		return
	}
	op, what, could := ev.p.historyOp(g)
	if op == "" && (g.sub == "gc" || g.sub == "maintenance") {
		// how long gc keeps unreachable objects and reflogs is git's
		// configuration: one the line sets other than by -c is not known
		if why := ev.lineChangesGit(); why != "" {
			op, what, could = "prune", g.sub+" keeps unreachable objects and reflogs as git's configuration says, and "+why, true
		}
	}
	if op == "" {
		return
	}
	ev.historyFindings(g.c, op, what, could)
}

// historyProgram applies them to programs other than git that rewrite
// history (bfg).
func (ev *evaluation) historyProgram(c *shell.Command) {
	x := &ev.p.idx.ext
	if c.Name == "bfg" && len(x.blockHistory)+len(x.approveHistory) > 0 {
		ev.historyFindings(c, "filter-history", "bfg rewrites every commit", false)
	}
}

func (ev *evaluation) historyFindings(c *shell.Command, op, what string, could bool) {
	x := &ev.p.idx.ext
	eff := Deny
	if could {
		eff = Ask
	}
	for _, rf := range x.blockHistory {
		if w := ev.p.entry(rf).word; w == "*" || w == op {
			ev.user(rf, eff, c.Line, fmt.Sprintf("command %q: %s (%s), which block_git_history %q forbids", c.Line, what, op, ev.p.entry(rf).text))
		}
	}
	for _, rf := range x.approveHistory {
		if w := ev.p.entry(rf).word; w == "*" || w == op {
			ev.user(rf, Ask, c.Line, fmt.Sprintf("command %q: %s (%s), which require_approval_git_history %q puts to a human", c.Line, what, op, ev.p.entry(rf).text))
		}
	}
}

// repackDrops says how repack with args deletes unreachable objects, or
// "": -a with -d drops the unreachable objects of every pack it rewrites
// (unless -k keeps them or --cruft packs them); -A with -d loosens them
// instead, unless --unpack-unreachable=WHEN drops the older ones; --cruft
// with --cruft-expiration=WHEN drops the older ones.
func repackDrops(args []string) string {
	opts, _ := parseOpts(args, optSet{shortVal: "g", longVal: []string{"window", "depth", "threads",
		"window-memory", "max-pack-size", "geometric", "unpack-unreachable", "cruft-expiration", "expire-to",
		"filter", "filter-to", "combine-cruft-below-size", "max-cruft-size", "name-hash-version"},
		longFlag: []string{"cruft", "keep-unreachable", "pack-kept-objects", "write-bitmap-index", "write-midx", "local", "quiet", "path-walk"}})
	if !hasOpt(opts, "-d") || hasOpt(opts, "-k", "--keep-unreachable") {
		return ""
	}
	if v := optVals(opts, "--cruft-expiration"); len(v) > 0 {
		return "repack --cruft-expiration=" + v[len(v)-1] + " deletes unreachable objects"
	}
	if hasOpt(opts, "--cruft") {
		return ""
	}
	if v := optVals(opts, "--unpack-unreachable"); len(v) > 0 && hasOpt(opts, "-A") {
		return "repack -A -d --unpack-unreachable=" + v[len(v)-1] + " deletes unreachable objects"
	}
	if hasOpt(opts, "-a") && !hasOpt(opts, "-A") {
		return "repack -a -d deletes the unreachable objects of the packs it rewrites"
	}
	return ""
}
