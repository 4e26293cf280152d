package policy

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/fsview"
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
	ev.gitMoveHead(&g)    // gitrewrite_paths.go
	ev.gitReplaceRefs(&g) // gitreplace.go
	ev.gitRefStreams(&g)  // gitstreams.go
}

// gitEnvNames are environment variables that make git use another
// repository, index, object store or configuration than the one Mandate
// asks about.
var gitEnvNames = []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
	"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE",
	"GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM",
	"GIT_ATTR_SOURCE", "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM",
	"GIT_ICASE_PATHSPECS"}

// lineChangesGit says why what git will do in this line may differ from
// what Mandate's queries see, or "": the line sets git's environment,
// changes its configuration (git config, git remote), or writes files git
// reads for it (.git/…, .gitattributes, ~/.gitconfig, ~/.config/git/).
func (ev *evaluation) lineChangesGit() string {
	for _, name := range gitEnvNames {
		if strings.Contains(ev.a.Command, name) || slices.ContainsFunc(ev.a.Argv, func(s string) bool { return strings.Contains(s, name) }) {
			return "the line sets " + name
		}
	}
	if len(ev.analyses) == 0 {
		return ""
	}
	an := ev.analyses[len(ev.analyses)-1]
	for i := range an.Commands {
		g, ok := parseGit(&an.Commands[i])
		if !ok {
			continue
		}
		switch g.sub {
		case "config":
			if gitConfigWrites(g.args) {
				return "the line changes git's configuration (" + g.c.Line + ")"
			}
		case "remote":
			if len(g.args) > 0 && g.args[0] != "show" && g.args[0] != "-v" && g.args[0] != "get-url" {
				return "the line changes git's remotes (" + g.c.Line + ")"
			}
		}
	}
	for _, w := range append(slices.Clone(an.Writes), an.Deletes...) {
		l := fsview.Fold(w.Path) // fold.go: the case-insensitive file systems
		if strings.Contains(l, "/.git/") || strings.HasSuffix(l, "/.git") || path.Base(l) == ".gitattributes" ||
			strings.HasSuffix(l, "/.gitconfig") || strings.Contains(l, "/.config/git/") || strings.HasSuffix(l, "/.config/git") {
			return "the line writes " + w.Path + ", which git reads"
		}
	}
	return ""
}

// gitConfigWrites reports whether git config args change the
// configuration: every form but reading.
func gitConfigWrites(args []string) bool {
	pos := 0
	for i := 0; i < len(args); i++ {
		switch a := args[i]; a {
		case "--get", "--get-all", "--get-regexp", "--get-urlmatch", "-l", "--list", "get", "list", "--get-color", "--get-colorbool":
			return false
		case "--unset", "--unset-all", "--add", "--replace-all", "-e", "--edit", "--rename-section", "--remove-section",
			"set", "unset", "rename-section", "remove-section", "edit":
			return true
		case "-f", "--file", "--blob", "--type", "--default", "--comment":
			i++
		default:
			if dynamicWord(a) {
				return true
			}
			if !strings.HasPrefix(a, "-") {
				pos++
			}
		}
	}
	return pos >= 2
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
