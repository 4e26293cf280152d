package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// gitCall is one git command as git reads it: global options, then the
// subcommand and its arguments.
type gitCall struct {
	c    *shell.Command
	dir  string // working directory after -C; "" when not known
	sub  string
	args []string
	// config holds -c NAME=VALUE given in the line, names lower-cased
	// except the subsection (remote.Origin.push stays as written).
	config map[string]string
	// elsewhere is set when --git-dir, --work-tree or --config-env make
	// git use a repository or configuration other than dir's.
	elsewhere string
	// noReplace is --no-replace-objects: git sees other objects than a
	// query does.
	noReplace bool
	// icase is --icase-pathspecs: every pathspec matches in any case.
	icase bool
}

// gitDashed are the git commands a program named git-<sub> runs (as
// /usr/lib/git-core/git-push does): they are git <sub>.
var gitDashed = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"push": true, "send-pack": true, "http-push": true, "checkout": true, "switch": true, "restore": true,
		"checkout-index": true, "read-tree": true, "reset": true, "stash": true, "merge": true,
		"cherry-pick": true, "rebase": true, "revert": true, "am": true, "pull": true, "clean": true,
		"init": true, "clone": true, "worktree": true, "submodule": true, "subtree": true, "branch": true,
		"reflog": true, "gc": true, "prune": true, "repack": true, "maintenance": true, "update-ref": true, "symbolic-ref": true,
		"update-index": true, "hash-object": true, "mktree": true, "filter-branch": true,
		"filter-repo": true, "sparse-checkout": true, "bisect": true, "commit-tree": true,
		"fast-import": true, "fetch": true, "notes": true, "tag": true, "diff": true, "diff-tree": true,
		"diff-index": true, "show": true, "log": true, "fast-export": true,
	}
}}

// parseGit reads c as a git command; false when c is not one.
func parseGit(c *shell.Command) (gitCall, bool) {
	g := gitCall{c: c, dir: c.Cwd}
	args := c.Args
	switch {
	case c.Name == "git":
	case strings.HasPrefix(c.Name, "git-") && gitDashed.Get()[c.Name[4:]]:
		g.sub, g.args = c.Name[4:], args
		return g, true
	default:
		return g, false
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		val := func() string {
			if _, v, ok := strings.Cut(a, "="); ok && strings.HasPrefix(a, "--") {
				return v
			}
			if i+1 < len(args) {
				i++
				return args[i]
			}
			return ""
		}
		switch {
		case a == "-C":
			d := val()
			if g.dir != "" && staticWord(d) {
				g.dir = path.Join(g.dir, d)
				if path.IsAbs(d) {
					g.dir = path.Clean(d)
				}
			} else {
				g.dir = ""
			}
		case a == "-c":
			g.setConfig(val())
		case strings.HasPrefix(a, "-c") && !strings.HasPrefix(a, "--"):
			g.setConfig(a[2:])
		case a == "--git-dir" || strings.HasPrefix(a, "--git-dir="), a == "--work-tree" || strings.HasPrefix(a, "--work-tree="):
			g.elsewhere = a
			val()
		case strings.HasPrefix(a, "--config-env"):
			g.elsewhere = a
			if !strings.Contains(a, "=") {
				val()
			}
		case a == "--namespace" || a == "--super-prefix" || a == "--attr-source":
			val()
		case a == "--no-replace-objects":
			g.noReplace = true
		case a == "--icase-pathspecs":
			g.icase = true
		case strings.HasPrefix(a, "-"):
			// --no-pager, -P, --bare, --literal-pathspecs, --exec-path[=…], …
		default:
			g.sub, g.args = a, args[i+1:]
			return g, true
		}
	}
	return g, true
}

func (g *gitCall) setConfig(kv string) {
	k, v, ok := strings.Cut(kv, "=")
	if !ok {
		v = "true" // -c name alone sets a boolean
	}
	if g.config == nil {
		g.config = map[string]string{}
	}
	g.config[gitConfigKey(k)] = v
}

// gitConfigKey lower-cases a configuration name's section and key, not its
// subsection, as git compares them.
func gitConfigKey(k string) string {
	first := strings.IndexByte(k, '.')
	last := strings.LastIndexByte(k, '.')
	if first < 0 {
		return strings.ToLower(k)
	}
	if first == last {
		return strings.ToLower(k)
	}
	return strings.ToLower(k[:first]) + k[first:last] + strings.ToLower(k[last:])
}
