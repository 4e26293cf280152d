package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"

	"github.com/mandate-dev/mandate/internal/shell"
)

// What a dependency change writes. A command that adds, removes or
// upgrades a project's dependencies (deps.go) rewrites the project's
// manifest and lock file, and for some managers the directory the
// packages go to: pnpm add, yarn add, go get, uv add, poetry add,
// composer require and bundle add write package.json, go.mod,
// pyproject.toml, composer.json or the Gemfile of the project they run
// in. Those writes are judged by the path rules like any other, unless a
// rule names the command itself (block_commands "npm install",
// require_approval_commands "go get", the dependency rules): the policy
// author decided that command, and that decision stands. The project is the nearest directory, from
// the command's up to the repository root, that holds the manager's
// manifest (the command's own when none does). Changes outside the
// project (npm -g, gem install, pip install without a project) write
// where the environment says, which Mandate does not guess.

// depFiles are the files a manager's project changes rewrite; the first
// is the manifest that marks the project.
var depFiles = &lazy.Value[map[string][]string]{New: func() map[string][]string {
	return map[string][]string{
		"npm":      {"package.json", "package-lock.json", "npm-shrinkwrap.json", "node_modules"},
		"pnpm":     {"package.json", "pnpm-lock.yaml", "node_modules"},
		"yarn":     {"package.json", "yarn.lock", "node_modules"},
		"bun":      {"package.json", "bun.lockb", "bun.lock", "node_modules"},
		"uv":       {"pyproject.toml", "uv.lock"},
		"poetry":   {"pyproject.toml", "poetry.lock"},
		"pdm":      {"pyproject.toml", "pdm.lock"},
		"pipenv":   {"Pipfile", "Pipfile.lock"},
		"cargo":    {"Cargo.toml", "Cargo.lock"},
		"go":       {"go.mod", "go.sum"},
		"composer": {"composer.json", "composer.lock", "vendor"},
		"bundle":   {"Gemfile", "Gemfile.lock"},
		"bundler":  {"Gemfile", "Gemfile.lock"},
		"dotnet":   {},
	}
}}

// dependencyWrites judges the files c's dependency change rewrites.
func (ev *evaluation) dependencyWrites(c *shell.Command) {
	name, args := depProgram(c)
	files := depFiles.Get()[name]
	if len(files) == 0 {
		return
	}
	ch, ok := dependencyChange(c)
	if !ok || ch.dyn || ch.global || c.Cwd == "" {
		return
	}
	subj := oneLine(c.Line, 200)
	for _, h := range ev.hits {
		if h.group == groupUser && h.f.Effect != Allow && h.f.Subject == subj {
			// A rule names the command itself (block_commands "npm
			// install", require_approval_commands "go get", the
			// dependency rules): the author's decision for it stands.
			return
		}
	}
	if pm := pkgManagers.Get()[name]; pm != nil {
		for _, a := range args {
			if slicesContains(pm.global, a) {
				return // npm -g install x: a global flag before the verb
			}
		}
	}
	dir := c.Cwd
	for d := c.Cwd; ; d = path.Dir(d) {
		if _, ok := ev.lstat(path.Join(d, files[0])); ok {
			dir = d
			break
		}
		if _, in := under(d, ev.root); !in || d == ev.root || d == "/" {
			break
		}
	}
	start := len(ev.hits)
	for _, f := range files {
		p := path.Join(dir, f)
		if _, ok := ev.lstat(p); !ok && f != files[0] {
			continue // a lock file or package directory made only when there is one
		}
		ev.checkRef(p, opWrite, pathFlags{cmd: c.Name, via: "rewritten by " + oneLine(c.Line, 60)})
		for _, h := range ev.hits[start:] {
			if h.f.Effect == Deny {
				return
			}
		}
	}
}
