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
// owner/repo operand names.
type gitEquivalent struct {
	sub, git, valued, host string
}

var gitEquivalents = &lazy.Value[map[string][]gitEquivalent]{New: func() map[string][]gitEquivalent {
	jjValued := "-R --repository --at-operation --at-op --color --config --config-file --remote --depth --branch -b"
	return map[string][]gitEquivalent{
		"gh":   {{sub: "repo clone", git: "clone", valued: "-u --upstream-remote-name -R --repo", host: "github.com"}},
		"glab": {{sub: "repo clone", git: "clone", valued: "-g --group -p --preserve-namespace", host: "gitlab.com"}},
		"jj": {{sub: "git clone", git: "clone", valued: jjValued}, {sub: "git init", git: "init", valued: jjValued},
			{sub: "init", git: "init", valued: jjValued}},
	}
}}

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
		for i := 0; i < len(c.args); i++ {
			f := c.args[i]
			switch {
			case f.s == "--" && !f.dyn:
				gitArgs = append(gitArgs, c.args[i+1:]...)
				i = len(c.args)
			case strings.HasPrefix(f.s, "-") && !f.dyn:
				if inFields(e.valued, f.s) {
					i++
				}
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
		if !match {
			continue
		}
		rest := ops[len(sub):]
		argv := append([]field{{s: "git"}, {s: e.git}}, gitArgs...)
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
