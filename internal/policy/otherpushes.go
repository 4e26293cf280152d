package policy

import (
	"fmt"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/lazy"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Pushes by programs other than git push (push.go judges git's own):
// stacked-diff and review tools, git's extensions, forges' CLIs that
// merge on the remote (or change its default branch, or delete it: every
// branch goes), other version-control systems, as data (a forge's API
// called directly: forgeapi.go). Each is a
// program and the words that make it push (or merge into a remote
// branch); the refs it updates are its own affair, not known to Mandate.
// At write_local no push runs; at external each asks.
type otherPush struct {
	prog    string
	words   []string // the subcommand words, in order ("git", "push")
	unless  string   // an option that makes it not push
	with    string   // an option without which it does not push ("" none)
	updates string   // what it updates, for the reason
}

var otherPushes = []otherPush{
	{prog: "jj", words: []string{"git", "push"}, updates: "the repository's bookmarks on the remote"},
	{prog: "sl", words: []string{"push"}, updates: "remote branches"},
	{prog: "sl", words: []string{"pr", "submit"}, updates: "remote branches"},
	{prog: "sl", words: []string{"ghstack"}, updates: "remote branches"},
	{prog: "hg", words: []string{"push"}, updates: "remote branches"},
	{prog: "git", words: []string{"town", "ship"}, updates: "the main branch on the remote"},
	{prog: "git", words: []string{"town", "sync"}, updates: "remote branches"},
	{prog: "git", words: []string{"town", "propose"}, updates: "remote branches"},
	{prog: "git-town", words: []string{"ship"}, updates: "the main branch on the remote"},
	{prog: "git-town", words: []string{"sync"}, updates: "remote branches"},
	{prog: "git", words: []string{"machete", "traverse"}, unless: "--no-push", updates: "every branch it traverses"},
	{prog: "git-machete", words: []string{"traverse"}, unless: "--no-push", updates: "every branch it traverses"},
	{prog: "gt", words: []string{"submit"}, updates: "the stack's branches"},
	{prog: "gt", words: []string{"ss"}, updates: "the stack's branches"},
	{prog: "gt", words: []string{"stack", "submit"}, updates: "the stack's branches"},
	{prog: "gt", words: []string{"merge"}, updates: "the trunk on the remote"},
	{prog: "git", words: []string{"review"}, unless: "-d", updates: "refs/for/BRANCH on Gerrit"},
	{prog: "git-review", unless: "-d", updates: "refs/for/BRANCH on Gerrit"},
	{prog: "gh", words: []string{"pr", "merge"}, updates: "the pull request's base branch on the remote"},
	{prog: "gh", words: []string{"repo", "sync"}, updates: "a branch on the remote"},
	{prog: "gh", words: []string{"repo", "edit"}, with: "--default-branch", updates: "the remote's default branch"},
	{prog: "gh", words: []string{"repo", "delete"}, updates: "every branch: it deletes the repository on the forge"},
	{prog: "glab", words: []string{"repo", "delete"}, updates: "every branch: it deletes the project on the forge"},
	{prog: "tea", words: []string{"repos", "delete"}, updates: "every branch: it deletes the repository on the forge"},
	{prog: "glab", words: []string{"mr", "merge"}, updates: "the merge request's target branch on the remote"},
	{prog: "tea", words: []string{"pr", "merge"}, updates: "the pull request's base branch on the remote"},
	{prog: "gs", words: []string{"branch", "submit"}, updates: "remote branches"},
	{prog: "gs", words: []string{"stack", "submit"}, updates: "remote branches"},
	{prog: "gs", words: []string{"bs"}, updates: "remote branches"},
	{prog: "gs", words: []string{"ss"}, updates: "remote branches"},
	{prog: "git-spice", words: []string{"branch", "submit"}, updates: "remote branches"},
	{prog: "ghstack", updates: "remote branches"},
	{prog: "spr", words: []string{"diff"}, updates: "remote branches"},
	{prog: "git", words: []string{"spr", "diff"}, updates: "remote branches"},
	{prog: "av", words: []string{"pr"}, updates: "remote branches"},
	{prog: "git", words: []string{"lfs", "push"}, updates: "the remote's LFS objects"},
	{prog: "git", words: []string{"annex", "sync"}, updates: "remote branches"},
	{prog: "git", words: []string{"annex", "push"}, updates: "remote branches"},
	{prog: "git", words: []string{"p4", "submit"}, updates: "the Perforce depot"},
	{prog: "git", words: []string{"svn", "dcommit"}, updates: "the Subversion repository"},
	{prog: "arc", words: []string{"land"}, updates: "the remote's main branch"},
	{prog: "svn", words: []string{"commit"}, updates: "the Subversion repository"},
	{prog: "svn", words: []string{"ci"}, updates: "the Subversion repository"},
	{prog: "bzr", words: []string{"push"}, updates: "remote branches"},
	{prog: "fossil", words: []string{"push"}, updates: "the remote repository"},
	{prog: "fossil", words: []string{"sync"}, updates: "the remote repository"},
	{prog: "darcs", words: []string{"push"}, updates: "the remote repository"},
	{prog: "pijul", words: []string{"push"}, updates: "the remote repository"},
	{prog: "cvs", words: []string{"commit"}, updates: "the CVS repository"},
	{prog: "cvs", words: []string{"ci"}, updates: "the CVS repository"},
}

// otherPushPrograms are the programs of otherPushes.
var otherPushPrograms = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, p := range otherPushes {
		m[p.prog] = true
	}
	return m
}}

// maxPushWords bounds the operands searched for a push's words.
const maxPushWords = 4

// otherPushCommand judges c when it is a push of otherPushes.
func (ev *evaluation) otherPushCommand(c *shell.Command) {
	p, ok := matchOtherPush(c)
	if !ok {
		return
	}
	if ev.trust == action.WriteLocal {
		ev.deny(groupTrust, "no-push", c.Line, fmt.Sprintf("trust level write_local does not allow %q: it pushes to %s, and pushing needs trust level external", c.Line, p.updates))
		return
	}
	ev.builtin(groupTrust, Ask, "push-approval", c.Line, fmt.Sprintf("%q: updates %s, which refs is not known before it runs", c.Line, p.updates))
}

// matchOtherPush finds c's entry of otherPushes.
func matchOtherPush(c *shell.Command) (otherPush, bool) {
	if !otherPushPrograms.Get()[c.Name] {
		return otherPush{}, false
	}
	var ops []string
	for _, a := range c.Args {
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") && len(ops) < maxPushWords {
			ops = append(ops, a)
		}
	}
	for _, p := range otherPushes {
		if p.prog != c.Name || (p.unless != "" && hasArg(c.Args, p.unless)) || p.with != "" && !hasOptArg(c.Args, p.with) {
			continue
		}
		if len(p.words) == 0 || hasRun(ops, p.words) {
			return p, true
		}
	}
	return otherPush{}, false
}

// hasRun reports whether words occur in ops one after the other.
func hasRun(ops, words []string) bool {
	for i := 0; i+len(words) <= len(ops); i++ {
		ok := true
		for j, w := range words {
			if ops[i+j] != w {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// hasOptArg reports whether option s is given, alone or as s=VALUE.
func hasOptArg(args []string, s string) bool {
	for _, a := range args {
		if a == s || strings.HasPrefix(a, s+"=") {
			return true
		}
	}
	return false
}

func hasArg(args []string, s string) bool {
	for _, a := range args {
		if a == s {
			return true
		}
	}
	return false
}
