package policy

import (
	"fmt"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/shell"
)

// gitCommand applies the git rules to one simple command at trust levels
// write_local and external (read_only allows only read-only git, judged in
// trust.go): aliases, pushes, nested repositories, operations that rewrite
// the work tree from objects, plumbing that forges content.
func (ev *evaluation) gitCommand(c *shell.Command) {
	g, ok := parseGit(c)
	if !ok {
		return
	}
	if c.Name == "git" && gitConfigAlias(c.Args) {
		ev.builtin(groupTrust, Ask, "git-alias", c.Line, fmt.Sprintf("%q defines a git alias, which hides the command it runs", c.Line))
	}
	if g.sub == "" {
		return
	}
	switch g.sub {
	case "push", "send-pack", "http-push":
		ev.gitPush(&g)
	case "subtree":
		if len(g.args) > 0 && g.args[0] == "push" {
			ev.gitPush(&g)
		}
	case "init", "clone", "worktree", "submodule":
		ev.gitNewRepository(&g)
	}
	ev.gitRewrite(&g)
	ev.gitForge(&g)
}

// cannotTell records that Mandate cannot tell what a git command would
// change: a question for a human (denied at read_only).
func (ev *evaluation) cannotTell(rule string, c *shell.Command, why string) {
	if ev.trust == action.ReadOnly {
		ev.deny(groupSelf, rule, c.Line, why+" (trust level read_only)")
		return
	}
	ev.builtin(groupSelf, Ask, rule, c.Line, why)
}
