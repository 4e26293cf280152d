package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Programs that change what later everyday calls run, beside persist.go's
// settings (red-team round 6 #17, #19), as data: hook installers (a git
// hooks directory or core.hooksPath: every later git commit runs the
// hook), shell start-up blocks (every later shell runs them), user package
// indexes (every later install may take the agent's package), and
// programs that make a git repository by running git (a nested
// repository: gitEquivalents analyses them as the git command they run).

var hookPersisters = &lazy.Value[map[string][]persister]{New: func() map[string][]persister {
	startup := "~/.bashrc ~/.bash_profile ~/.profile ~/.zshrc ~/.config/fish/config.fish ~/.tcshrc ~/.xonshrc"
	return map[string][]persister{
		// git hook installers: .git/config (core.hooksPath) or .git/hooks
		"husky":      {{files: ".git/config", keys: "*"}},
		"pre-commit": {{sub: "install", files: ".git/hooks", keys: "*"}, {sub: "install-hooks", files: ".git/hooks", keys: "*"}, {sub: "init-templatedir", files: ".git/hooks", keys: "*"}},
		"lefthook":   {{sub: "install", files: ".git/hooks .git/config", keys: "*"}, {sub: "add", files: ".git/hooks", keys: "*"}},
		"overcommit": {{flag: "--install -i", files: ".git/hooks", keys: "*"}},
		"git-annex":  {{sub: "init", files: ".git/config .git/hooks"}, {sub: "reinit", files: ".git/config .git/hooks"}},
		"dvc":        {{sub: "init", files: ".dvc .dvcignore"}, {sub: "install", files: ".git/hooks", keys: "*"}},
		// shell start-up files
		"pipx":       {{sub: "ensurepath", files: startup}},
		"conda":      {{sub: "init", files: startup, keys: "*"}},
		"mamba":      {{sub: "init", files: startup, keys: "*"}},
		"micromamba": {{sub: "shell init", files: startup, keys: "*"}},
		// user package indexes
		"gem":    {{sub: "sources", flag: "-a --add -r --remove -c --clear-all", files: "~/.gemrc"}},
		"dotnet": {{sub: "nuget add source", files: "~/.nuget/NuGet/NuGet.Config", opt: "--configfile"}, {sub: "nuget update source", files: "~/.nuget/NuGet/NuGet.Config", opt: "--configfile"}, {sub: "nuget enable source", files: "~/.nuget/NuGet/NuGet.Config", opt: "--configfile"}},
		"nuget":  {{sub: "sources add", files: "~/.nuget/NuGet/NuGet.Config", opt: "-ConfigFile"}, {sub: "sources update", files: "~/.nuget/NuGet/NuGet.Config", opt: "-ConfigFile"}},
		"cargo":  {{sub: "login", files: "~/.cargo/credentials.toml"}},
	}
}}

// gitEquivalent is a command that runs git: its subcommand words, the git
// subcommand it runs, its options taking a value, and the host its short
// owner/repo operand names. Scaffolders that make a repository (cargo new
// --vcs git DIR, rails new APP) are git init of their directory.
type gitEquivalent struct {
	sub, git, valued, host string
	// need: options of which one must be given for git to run: a flag
	// ("--clone") or NAME=VALUE ("--vcs=git": --vcs git or --vcs=git; a
	// value not known statically counts); "" for none.
	need string
	// unless: options with which no git runs (rails new --skip-git).
	unless string
	// ops: the operands handed to git: "" all of them; "1" the first
	// only (the directory a scaffolder makes, its other operands are its
	// own); any other value is the one operand, fixed (repo init makes
	// .repo/manifests).
	ops string
	// args: git's words before the operands ("update --init").
	args string
}

// railsValued are rails new's options that take a value.
const railsValued = "-d --database -j --javascript -c --css -r --ruby -m --template -a --asset-pipeline -n --name --rc -b --builder"

var gitEquivalents = &lazy.Value[map[string][]gitEquivalent]{New: func() map[string][]gitEquivalent {
	jjValued := "-R --repository --at-operation --at-op --color --config --config-file --remote --depth --branch -b --git-repo"
	cargoValued := "--vcs --name --edition --registry --color --config -Z -C --manifest-path --lockfile-path"
	return map[string][]gitEquivalent{
		"gh": {{sub: "repo clone", git: "clone", valued: "-u --upstream-remote-name -R --repo", host: "github.com"},
			{sub: "repo create", git: "clone", need: "--clone -c", ops: "1", host: "github.com",
				valued: "-d --description -h --homepage -t --team -p --template -l --license -g --gitignore -s --source -r --remote"},
			{sub: "repo fork", git: "clone", need: "--clone --clone=true", ops: "1", host: "github.com", valued: "--remote-name --fork-name --org"},
			// gh gist clone GIST [DIR] [-- gitflags]: git clone of the gist.
			{sub: "gist clone", git: "clone", host: "gist.github.com"}},
		"glab": {{sub: "repo clone", git: "clone", valued: "-g --group -p --preserve-namespace", host: "gitlab.com"}},
		"tea":  {{sub: "clone", git: "clone", valued: "-l --login --depth"}, {sub: "repos clone", git: "clone", valued: "-l --login --depth"}},
		// jj git init colocates (a .git beside .jj); without, its store
		// is a bare git repository below .jj: a repository all the same.
		"jj": {{sub: "git clone", git: "clone", valued: jjValued},
			{sub: "git init", git: "init", valued: jjValued, unless: "--git-repo", ops: "1"},
			{sub: "init", git: "init", valued: jjValued, ops: "1"}},
		// Scaffolders. cargo new|init inits git inside a repository only
		// with --vcs git (without it, where the new directory's parent is
		// missing or ignored: internal/policy scaffolders.go).
		"cargo": {{sub: "new", git: "init", valued: cargoValued, need: "--vcs=git", ops: "1"},
			{sub: "init", git: "init", valued: cargoValued, need: "--vcs=git", ops: "1"}},
		// uv init: git unless already inside a repository; with --vcs
		// git, counted as always (not checked).
		"uv": {{sub: "init", git: "init", valued: "--vcs --name --python -p --build-backend --author-from --app --lib --package --directory --project --cache-dir --color --config-file", need: "--vcs=git", ops: "1"}},
		"rails": {{sub: "new", git: "init", valued: railsValued, unless: "--skip-git -G --pretend -p", ops: "1"},
			{sub: "plugin new", git: "init", valued: railsValued, unless: "--skip-git -G --pretend -p", ops: "1"}},
		"laravel": {{sub: "new", git: "init", valued: "--branch --organization --database --stack --using", need: "--git --github", ops: "1"}},
		// Google's repo: init makes the manifest repository, sync checks
		// out the projects the manifest names (not known: as git
		// submodule update --init).
		"repo": {{sub: "init", git: "init", valued: "-u --manifest-url -b --manifest-branch -m --manifest-name -g --groups -p --platform --reference --depth --repo-url --repo-rev --manifest-depth", ops: ".repo/manifests"},
			{sub: "sync", git: "submodule", args: "update --init", valued: "-j --jobs -m --manifest-name"}},
	}
}}

// optGiven reports whether one of the options in list (see
// gitEquivalent.need) is among given: names and their values (dyn when
// not known statically).
func optGiven(list string, given []givenOpt) bool {
	for _, w := range strings.Fields(list) {
		name, want, hasVal := strings.Cut(w, "=")
		for _, g := range given {
			if g.name != name {
				continue
			}
			if !hasVal || g.dyn || g.val == want {
				return true
			}
		}
	}
	return false
}

// givenOpt is an option of a command and its value.
type givenOpt struct {
	name, val string
	dyn       bool
}

// gitEquivalent analyses a command that runs git as that git command (gh
// repo clone o/r DIR is git clone https://github.com/o/r DIR; jj git init
// DIR is git init DIR), so that the repository it makes is judged as git's
// (a nested repository, writes outside allow_paths).
func (c *cmd) gitEquivalent() error {
	eqs, ok := gitEquivalents.Get()[c.name]
	if !ok {
		return nil
	}
	for _, e := range eqs {
		sub := strings.Fields(e.sub)
		var ops []field
		var gitArgs []field
		var given []givenOpt
		for i := 0; i < len(c.args); i++ {
			f := c.args[i]
			switch {
			case f.s == "--" && !f.dyn:
				gitArgs = append(gitArgs, c.args[i+1:]...)
				i = len(c.args)
			case strings.HasPrefix(f.s, "-") && !f.dyn:
				name, val, eq := strings.Cut(f.s, "=")
				g := givenOpt{name: name, val: val}
				if !eq && inFields(e.valued, f.s) && i+1 < len(c.args) {
					i++
					g.val, g.dyn = c.s(i), c.args[i].dyn
				}
				given = append(given, g)
			default:
				ops = append(ops, f)
			}
		}
		if len(ops) < len(sub) {
			continue
		}
		match := true
		for j, w := range sub {
			if ops[j].dyn || ops[j].s != w {
				match = false
			}
		}
		if !match || e.need != "" && !optGiven(e.need, given) || optGiven(e.unless, given) {
			continue
		}
		rest := ops[len(sub):]
		switch e.ops {
		case "":
		case "1":
			rest = rest[:min(1, len(rest))]
		default:
			rest = []field{{s: e.ops}}
		}
		argv := []field{{s: "git"}, {s: e.git}}
		for _, w := range strings.Fields(e.args) {
			argv = append(argv, field{s: w})
		}
		argv = append(argv, gitArgs...)
		for j, f := range rest {
			if j == 0 && e.git == "clone" && e.host != "" && !f.dyn && !strings.Contains(f.s, ":") {
				f.s = "https://" + e.host + "/" + f.s // OWNER/REPO or REPO
			}
			argv = append(argv, f)
		}
		for i := range c.args {
			c.skip[i] = true
		}
		sc, err := c.a.enter(c.sc.withVia(c.name + " " + e.sub))
		if err != nil {
			return err
		}
		return c.a.simple(argv, sc)
	}
	return nil
}
