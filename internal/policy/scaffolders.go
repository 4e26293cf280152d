package policy

import (
	"fmt"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Scaffolders whose git init depends on where they run (red-team round 8,
// #8). Those that make a repository on request or always (cargo new --vcs
// git, rails new, jj git init, gh repo create --clone, …) are the shell
// analysis's gitEquivalents: judged as git init DIR or git clone. cargo
// new and cargo init without --vcs decide by themselves: they initialise
// git in the new package unless its parent directory is inside a
// repository, which cargo tells by discovering one from the parent and
// asking whether the parent is ignored. So a parent that does not exist
// yet (cargo new crates/a/b) or that the repository ignores (target/,
// node_modules/) gets a repository of its own inside the governed one
// (checked with cargo 1.95: src/deep/x/.git, ign/x/.git). A parent the
// line itself creates (mkdir -p crates && cargo new crates/a) counts as
// existing.

// cargoNewOpts are cargo's options (global and new/init's) that take a
// value.
var cargoNewOpts = optSet{shortVal: "ZC", longVal: []string{"vcs", "name", "edition", "registry", "color", "config", "manifest-path", "lockfile-path"}}

// cargoImplicitRepo judges cargo new|init without --vcs.
func (ev *evaluation) cargoImplicitRepo(c *shell.Command) {
	if ev.p.path == "" || c.Name != "cargo" {
		return
	}
	opts, pos := parseOpts(c.Args, cargoNewOpts)
	if len(pos) == 0 || pos[0] != "new" && pos[0] != "init" || hasOpt(opts, "--vcs") {
		return
	}
	dir := "."
	switch {
	case len(pos) > 1:
		dir = pos[1]
	case pos[0] == "new":
		return // cargo new needs a path
	}
	base := c.Cwd
	if d := optVals(opts, "-C"); len(d) > 0 && base != "" {
		base = path.Join(base, d[len(d)-1])
	}
	ask := func(why string) {
		ev.builtin(groupSelf, Ask, "nested-repository", c.Line, fmt.Sprintf("%q may create a repository inside the governed repository (cargo initialises git where the new package's parent is outside any repository or ignored), and %s", c.Line, why))
	}
	if base == "" || !staticWord(dir) || !staticWord(base) {
		ask("where is not known statically")
		return
	}
	abs := path.Join(base, dir)
	if path.IsAbs(dir) {
		abs = path.Clean(dir)
	}
	t := newTarget(path.Join(abs, ".git"), ev.root, ev.home)
	if !t.inRepo || t.rel == ".git" {
		return // outside the governed repository, or its root
	}
	parent := path.Dir(abs)
	var why string
	if _, ok := ev.stat(parent); !ok && !ev.lineMakes(parent) {
		why = "does not exist yet, so cargo finds no repository above it"
	} else {
		ignored, err := ev.ignoredDir(parent)
		if err != nil {
			ask(fmt.Sprintf("whether git ignores %s is not known: %v", parent, err))
			return
		}
		if ignored {
			why = "is ignored by the repository, so cargo treats it as outside it"
		}
	}
	if why == "" {
		return
	}
	rel, _ := under(parent, ev.root)
	if rel == "" {
		rel = "."
	}
	if nested := ev.nestedGit(t, opWrite); nested != "" {
		ev.deny(groupSelf, "nested-repository", c.Line, fmt.Sprintf("%q: the new package's parent %s %s and cargo initialises git there: %s", c.Line, rel, why, nested))
	}
}

// lineMakes reports whether the line being judged writes p or below it
// (mkdir -p p).
func (ev *evaluation) lineMakes(p string) bool {
	if len(ev.analyses) == 0 {
		return false
	}
	for _, w := range ev.analyses[len(ev.analyses)-1].Writes {
		if !w.Candidate && (w.Path == p || strings.HasPrefix(w.Path, p+"/")) {
			return true
		}
	}
	return false
}

// ignoredDir reports whether git ignores directory p of the governed
// repository (p or a directory above it matches .gitignore).
func (ev *evaluation) ignoredDir(p string) (bool, error) {
	rel, ok := under(p, ev.root)
	if !ok || rel == "" {
		return false, nil
	}
	out, err := ev.gitQuery(ev.root, "ls-files", "-z", "-o", "-i", "--directory", "--exclude-standard", "--", rel)
	if err != nil {
		return false, err
	}
	for _, e := range splitZ(out) {
		e = strings.TrimSuffix(e, "/")
		if e == rel || strings.HasPrefix(rel, e+"/") {
			return true, nil
		}
	}
	return false, nil
}
