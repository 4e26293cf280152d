package policy

import (
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

func TestNewRuleKindsParse(t *testing.T) {
	p := mustParse(t, `
policies:
  - name: all
    rules:
      - block_deletes: [".git", "migrations/"]
      - require_approval_deletes: ["*.sql"]
      - require_approval_outside_paths: ["**", "/tmp/", "$TMPDIR"]
      - block_dependency_changes: [npm, pypi]
      - require_approval_dependency_changes: ["*"]
      - block_git_history: [filter-history]
      - require_approval_git_history: ["*"]
`)
	if n := len(p.policies[0].rules); n != 7 {
		t.Fatalf("%d rules", n)
	}
	for _, tc := range []struct{ src, want string }{
		{"      - block_dependency_changes: [pip]\n", `test.yaml:5:36: block_dependency_changes: unknown package ecosystem "pip" (did you mean pypi?)`},
		{"      - require_approval_dependency_changes: [nmp]\n", `test.yaml:5:47: require_approval_dependency_changes: unknown package ecosystem "nmp" (did you mean npm?)`},
		{"      - block_git_history: [gc]\n", `test.yaml:5:29: block_git_history: unknown git history operation "gc" (did you mean prune?)`},
		{"      - require_approval_outside_paths: [\"$HOME/x\"]\n", `test.yaml:5:42: require_approval_outside_paths: bad path pattern "$HOME/x": the only variable a path pattern knows is $TMPDIR, alone in require_approval_outside_paths`},
		{"      - block_deletes: [\"a/../b\"]\n", `test.yaml:5:25: block_deletes: bad path pattern "a/../b": ".." segments are not allowed in patterns`},
		{"      - require_approval_deletes: []\n", `test.yaml:5:35: require_approval_deletes is empty`},
	} {
		_, err := Parse("test.yaml", []byte("policies:\n  - name: a\n    rules:\n      - block_paths: [x]\n"+tc.src))
		if err == nil || err.Error() != tc.want {
			t.Errorf("got  %v\nwant %s", err, tc.want)
		}
	}
}

// TestDeleteRules: block_deletes and require_approval_deletes apply to
// deletes only, however a delete is spelled.
func TestDeleteRules(t *testing.T) {
	p := mustParse(t, `
policies:
  - name: keep
    rules:
      - block_deletes: [".git", "migrations/"]
      - require_approval_deletes: ["*.sql"]
`)
	const c = "delete-only-rules"
	runLines(t, p, "", []lineCase{
		{c, "rm -rf .git", Deny, "block_deletes"},
		{c, "rm -rf src/lib/.git", Deny, "block_deletes"},
		{c, "rm migrations/001_init.sql", Deny, "block_deletes"},
		{c, "rm -r migrations", Deny, "block_deletes"},
		{c, "mv migrations/001_init.sql /tmp/", Deny, "block_deletes"},
		{c, "git rm -r migrations", Deny, "block_deletes"},
		{c, "find migrations -name '*.sql' -delete", Deny, "block_deletes"},
		{c, "unlink db/seed.sql", Ask, "require_approval_deletes"},
		{c, "rm db/*.sql", Ask, "require_approval_deletes"},
		{c, "echo x > migrations/002.sql", Allow, ""},
		{c, "cat .git/config", Allow, ""},
		{c, "rm -rf build", Allow, ""},
	})
	del := fileAction(action.FileDelete, "", "migrations/001_init.sql")
	if d := p.Evaluate(del); d.Decision != Deny || !strings.Contains(d.Rule, "block_deletes") {
		t.Errorf("file.delete: %s %s", d.Decision, d.Reason)
	}
	if d := p.Evaluate(fileAction(action.FileWrite, "", "migrations/001_init.sql")); d.Decision != Allow {
		t.Errorf("file.write: %s %s", d.Decision, d.Reason)
	}
}

// TestOutsidePaths: require_approval_outside_paths asks for writes and
// deletes that no entry covers, in every form of the path.
func TestOutsidePaths(t *testing.T) {
	src := `
policies:
  - name: stay-home
    rules:
      - require_approval_outside_paths: ["**", "/tmp/", "$TMPDIR"]
`
	p := mustParse(t, src).WithOptions(Options{Resolve: identity, TempDir: "/var/folders/x/T/"})
	const c = "write-outside-repository"
	runLines(t, p, "", []lineCase{
		{c, "echo x > /etc/hosts", Ask, "require_approval_outside_paths"},
		{c, "rm -rf /etc", Ask, "require_approval_outside_paths"},
		{c, "cp build/app /usr/local/bin/app", Ask, "require_approval_outside_paths"},
		{c, "echo 'alias ls=rm' >> ~/.bashrc", Ask, "require_approval_outside_paths"},
		{c, "dd if=/dev/zero of=/dev/sda", Ask, "require_approval_outside_paths"},
		{c, "echo > /tmp/../etc/x", Ask, "require_approval_outside_paths"},
		{c, "echo x > /tmp/out.txt", Allow, ""},
		{c, "echo x > /var/folders/x/T/out.txt", Allow, ""},
		{c, "echo x > src/new.go", Allow, ""},
		{c, "rm -rf build", Allow, ""},
		{c, "echo x > /dev/null", Allow, ""},
		{c, "cat /etc/passwd", Allow, ""},
	})
	if d := p.Evaluate(fileAction(action.FileWrite, "", "/etc/hosts")); d.Decision != Ask {
		t.Errorf("file.write /etc/hosts: %s %s", d.Decision, d.Reason)
	}
	// A "temporary directory" holding the repository or home covers nothing.
	slash := mustParse(t, src).WithOptions(Options{Resolve: identity, TempDir: "/"})
	runLines(t, slash, "", []lineCase{{c, "echo x > /etc/hosts", Ask, "require_approval_outside_paths"}})
	// Without $TMPDIR known, its entry covers nothing.
	q := mustParse(t, src)
	runLines(t, q, "", []lineCase{{c, "echo x > /var/folders/x/T/out.txt", Ask, "require_approval_outside_paths"}})
	// A symlink inside the repository to a path outside: the resolved
	// form must be covered too.
	r := mustParse(t, src).WithOptions(Options{Resolve: func(s string) (string, error) {
		if s == testRoot+"/src/etc" {
			return "/etc", nil
		}
		if strings.HasPrefix(s, testRoot+"/src/etc/") {
			return "/etc/" + strings.TrimPrefix(s, testRoot+"/src/etc/"), nil
		}
		return s, nil
	}})
	runLines(t, r, "", []lineCase{{"write-through-symlink", "echo x > src/etc/hosts", Ask, "require_approval_outside_paths"}})
}

// TestDependencyRules: one ecosystem word covers every package manager
// and spelling of that ecosystem; installing what the manifest records is
// not a change.
func TestDependencyRules(t *testing.T) {
	p := mustParse(t, `
policies:
  - name: no-npm
    rules:
      - block_dependency_changes: [npm]
  - name: review-deps
    rules:
      - require_approval_dependency_changes: ["*"]
`)
	const (
		js  = "npm-change"
		py  = "pypi-change"
		any = "other-ecosystem-change"
		no  = "not-a-change"
	)
	runLines(t, p, "", []lineCase{
		{js, "npm install left-pad", Deny, "block_dependency_changes"},
		{js, "npm i -D left-pad", Deny, "block_dependency_changes"},
		{js, "npm add left-pad", Deny, "block_dependency_changes"},
		{js, "npm isntall left-pad", Deny, "block_dependency_changes"},
		{js, "npm --prefix web install left-pad", Deny, "block_dependency_changes"},
		{js, "npm install -g typescript", Deny, "block_dependency_changes"},
		{js, "npm uninstall react", Deny, "block_dependency_changes"},
		{js, "npm update", Deny, "block_dependency_changes"},
		{js, "npm audit fix --force", Deny, "block_dependency_changes"},
		{js, "npm pkg set dependencies.left-pad=1.0.0", Deny, "block_dependency_changes"},
		{js, "pnpm add zod", Deny, "block_dependency_changes"},
		{js, "pnpm -C web add zod", Deny, "block_dependency_changes"},
		{js, "yarn add zod", Deny, "block_dependency_changes"},
		{js, "yarn global add zod", Deny, "block_dependency_changes"},
		{js, "bun a zod", Deny, "block_dependency_changes"},
		{js, "sudo npm i -g pm2", Deny, "block_dependency_changes"},
		{js, "cd web && npm install zod", Deny, "block_dependency_changes"},
		{js, "npm $VERB zod", Ask, ""}, // $VERB is also read as a path in any directory (round 20): self-protection asks first
		{js, "corepack pnpm add zod", Deny, "block_dependency_changes"},
		{js, "npx npm i zod", Deny, "block_dependency_changes"},
		{js, "node /usr/lib/node_modules/npm/bin/npm-cli.js install zod", Deny, "block_dependency_changes"},
		{py, "python3 -m uv add httpx", Ask, "require_approval_dependency_changes"},
		{py, "python3.12 -m pipx install black", Ask, "require_approval_dependency_changes"},
		{py, "pip install requests", Ask, "require_approval_dependency_changes"},
		{py, "pip3 install -U requests", Ask, "require_approval_dependency_changes"},
		{py, "pip3.12 install requests", Ask, "require_approval_dependency_changes"},
		{py, "python3 -m pip install requests", Ask, "require_approval_dependency_changes"},
		{py, "python -m pip install -e git+https://github.com/x/y.git#egg=y", Ask, "require_approval_dependency_changes"},
		{py, "uv pip install requests", Ask, "require_approval_dependency_changes"},
		{py, "uv add requests", Ask, "require_approval_dependency_changes"},
		{py, "uv lock --upgrade", Ask, "require_approval_dependency_changes"},
		{py, "poetry add requests", Ask, "require_approval_dependency_changes"},
		{py, "pipenv install requests", Ask, "require_approval_dependency_changes"},
		{py, "pipx install black", Ask, "require_approval_dependency_changes"},
		{any, "cargo add serde", Ask, "require_approval_dependency_changes"},
		{any, "cargo +nightly install ripgrep", Ask, "require_approval_dependency_changes"},
		{any, "go get github.com/x/y@v1.2.3", Ask, "require_approval_dependency_changes"},
		{any, "go install golang.org/x/tools/cmd/goimports@latest", Ask, "require_approval_dependency_changes"},
		{any, "go mod edit -require=github.com/x/y@v1", Ask, "require_approval_dependency_changes"},
		{any, "gem install rails", Ask, "require_approval_dependency_changes"},
		{any, "bundle add rails", Ask, "require_approval_dependency_changes"},
		{any, "composer require monolog/monolog", Ask, "require_approval_dependency_changes"},
		{any, "composer req monolog/monolog", Ask, "require_approval_dependency_changes"},
		{any, "dotnet add package Newtonsoft.Json", Ask, "require_approval_dependency_changes"},
		{any, "dotnet add app.csproj package Newtonsoft.Json", Ask, "require_approval_dependency_changes"},
		{any, "mvn dependency:get -Dartifact=g:a:1", Ask, "require_approval_dependency_changes"},
		{any, "sudo apt-get install -y jq", Ask, "require_approval_dependency_changes"},
		{any, "brew install jq", Ask, "require_approval_dependency_changes"},
		{any, "conda install numpy", Ask, "require_approval_dependency_changes"},
		{no, "npm ci", Allow, ""},
		{no, "npm install", Allow, ""},
		{no, "npm i --no-audit", Allow, ""},
		{no, "npm run build", Allow, ""},
		// Not a dependency change; with no node_modules/.bin/tsc on this
		// file system npx may fetch the package, which only asks.
		{no, "npx tsc", Ask, "opaque"},
		{no, "pnpm install --frozen-lockfile", Allow, ""},
		{no, "yarn", Allow, ""},
		{no, "pip install -r requirements.txt", Allow, ""},
		{no, "pip install -e .", Allow, ""},
		{no, "pip download requests", Allow, ""},
		{no, "uv sync", Allow, ""},
		{no, "poetry install", Allow, ""},
		{no, "cargo build", Allow, ""},
		{no, "cargo install --path .", Allow, ""},
		{no, "go mod tidy", Allow, ""},
		{no, "go install ./cmd/...", Allow, ""},
		{no, "go build ./...", Allow, ""},
		{no, "bundle install", Allow, ""},
		{no, "composer install", Allow, ""},
		{no, "dotnet restore", Allow, ""},
		{no, "mvn package", Allow, ""},
		{no, "grep -r 'npm install x' docs", Allow, ""},
	})
}

// TestGitHistoryRules: history-destroying git operations by name, however
// git is invoked.
func TestGitHistoryRules(t *testing.T) {
	p := mustParse(t, `
protected_branches: [main, release/*]
policies:
  - name: history
    rules:
      - require_approval_git_history: ["*"]
      - block_git_history: [filter-history]
`)
	const c = "git-history"
	runLines(t, p, "", []lineCase{
		{c, "git branch -D main", Ask, "require_approval_git_history"},
		{c, "git branch --delete --force release/1.0", Ask, "require_approval_git_history"},
		{c, "git -C . branch -d main", Ask, "require_approval_git_history"},
		{c, "git branch -f main HEAD~3", Ask, "require_approval_git_history"},
		{c, "git branch -M topic main", Ask, "require_approval_git_history"},
		{c, "git update-ref -d refs/heads/main", Ask, "require_approval_git_history"},
		{c, "git update-ref heads/main HEAD~5", Ask, "require_approval_git_history"},
		{c, "git checkout -B main", Ask, "require_approval_git_history"},
		{c, "git stash clear", Ask, "require_approval_git_history"},
		{c, "git stash drop", Ask, "require_approval_git_history"},
		{c, "git reflog expire --expire=now --all", Ask, "require_approval_git_history"},
		{c, "git reflog delete HEAD@{1}", Ask, "require_approval_git_history"},
		{c, "git gc --prune=now", Ask, "require_approval_git_history"},
		{c, "git prune", Ask, "require_approval_git_history"},
		{c, "git filter-branch --tree-filter 'rm x' HEAD", Deny, "block_git_history"},
		{c, "git filter-repo --path secrets --invert-paths", Deny, "block_git_history"},
		{c, "bfg --delete-files id_rsa", Deny, "block_git_history"},
		{c, "git branch -D $B", Ask, ""}, // $B is also read as a path in any directory (round 20): self-protection asks first
		{c, "git -c gc.pruneExpire=now gc", Ask, "require_approval_git_history"},
		{"ordinary-git", "git branch -D topic", Allow, ""},
		{"ordinary-git", "git branch -rd origin/main", Allow, ""},
		{"ordinary-git", "git gc", Allow, ""},
		{"ordinary-git", "git stash list", Allow, ""},
		{"ordinary-git", "git reflog", Allow, ""},
		{"ordinary-git", "git branch -m old new", Allow, ""},
	})
}
