package policy

import (
	"fmt"
	"path"
	"strings"
)

// nestedGit returns why writing (or deleting) t is forbidden because it
// creates, replaces or removes a repository boundary inside the governed
// repository, or "". A repository is governed when a policy file is in
// force. Creating a .git anywhere below the root makes that directory a
// repository of its own, which Mandate would govern by its policy (or the
// built-in default) instead of this one; replacing or removing the root's
// own .git does the same to the whole repository. Writes inside the
// root's .git directory are not creations.
func (ev *evaluation) nestedGit(t *target, op opKind) string {
	if ev.p.path == "" || !t.inRepo || t.glob {
		return ""
	}
	segs := t.lRelSegs
	for i, s := range segs {
		if s != ".git" {
			continue
		}
		if i > 0 && op == opWrite {
			return fmt.Sprintf("it creates a repository at %s inside the governed repository, which would then be governed by its own policy or the built-in default instead of this one", strings.Join(t.relSegs[:i], "/"))
		}
		if i == 0 && len(segs) == 1 {
			return "it replaces or removes the repository's own .git, so the policy would no longer be found for this directory"
		}
		return ""
	}
	return ""
}

// gitNewRepository: git init, clone, worktree add and submodule add create
// a .git in the directory they make.
func (ev *evaluation) gitNewRepository(g *gitCall) {
	if ev.p.path == "" {
		return
	}
	var dir string
	known, bare := true, false
	opts, pos := parseOpts(g.args, optSet{})
	switch g.sub {
	case "init":
		opts, pos = parseOpts(g.args, optSet{longVal: []string{"template", "separate-git-dir", "object-format", "ref-format", "initial-branch", "shared"}, shortVal: "b"})
		bare = hasOpt(opts, "--bare")
		if len(pos) > 0 {
			dir = pos[0]
		} else {
			dir = "."
		}
	case "clone":
		opts, pos = parseOpts(g.args, optSet{
			shortVal: "objuc",
			longVal: []string{"origin", "branch", "upload-pack", "reference", "reference-if-able", "separate-git-dir",
				"depth", "shallow-since", "shallow-exclude", "config", "template", "jobs", "filter", "server-option",
				"bundle-uri", "ref-format", "revision"},
		})
		if len(pos) == 0 {
			return
		}
		bare = hasOpt(opts, "--bare", "--mirror")
		if len(pos) > 1 {
			dir = pos[1]
		} else {
			dir = humanish(pos[0])
			if bare {
				dir += ".git"
			}
		}
	case "worktree":
		if len(pos) == 0 || pos[0] != "add" {
			return
		}
		_, pos = parseOpts(g.args[1:], optSet{shortVal: "bB", longVal: []string{"reason"}})
		if len(pos) == 0 {
			return
		}
		dir = pos[0]
	case "submodule":
		sub := ""
		if len(pos) > 0 {
			sub = pos[0]
		}
		switch sub {
		case "add":
			_, pos = parseOpts(g.args[1:], optSet{shortVal: "b", longVal: []string{"branch", "name", "reference", "depth"}})
			if len(pos) == 0 {
				return
			}
			if len(pos) > 1 {
				dir = pos[1]
			} else {
				dir = humanish(pos[0])
			}
		case "update":
			if !hasOpt(opts, "--init") {
				return
			}
			known = false
		default:
			return
		}
	}
	if !known || g.dir == "" || !staticWord(dir) || dir == "" {
		ev.builtin(groupSelf, Ask, "nested-repository", g.c.Line, fmt.Sprintf("%q may create repositories inside the governed repository, which would then be governed by their own policy instead of this one", g.c.Line))
		return
	}
	abs := path.Join(g.dir, dir)
	if path.IsAbs(dir) {
		abs = path.Clean(dir)
	}
	made := path.Join(abs, ".git")
	if bare {
		made = abs // a bare repository is the directory itself
	}
	t := newTarget(made, ev.root, ev.home)
	switch {
	case !t.inRepo:
		// Outside the governed repository: a write of the new
		// repository, judged by the path rules like any other.
		if g.sub == "init" {
			ev.checkRef(made, opWrite, pathFlags{})
		}
		return
	case t.rel == ".git" && g.sub == "init":
		ev.deny(groupSelf, "nested-repository", g.c.Line, fmt.Sprintf("%q re-initialises the governed repository, which can replace its hooks, templates, object directory and initial branch", g.c.Line))
		return
	case bare:
		ev.deny(groupSelf, "nested-repository", g.c.Line, fmt.Sprintf("%q creates a bare repository at %s inside the governed repository, a repository of its own there", g.c.Line, t.rel))
		return
	}
	if why := ev.nestedGit(t, opWrite); why != "" {
		ev.deny(groupSelf, "nested-repository", g.c.Line, fmt.Sprintf("%q: %s", g.c.Line, why))
	}
}

// humanish is the directory git clone and submodule add make for a URL:
// its last path component without .git or a trailing /.
func humanish(url string) string {
	u := strings.TrimRight(url, "/")
	u = strings.TrimSuffix(u, "/.git")
	if i := strings.LastIndexAny(u, "/:"); i >= 0 {
		u = u[i+1:]
	}
	u = strings.TrimSuffix(u, ".git")
	if u == "" {
		return "."
	}
	return u
}
