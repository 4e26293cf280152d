package policy

import (
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/shell"
)

// FuzzCommandRules feeds argument vectors to the parsers of rules that
// read a program's own arguments (Mandate's subcommands, signals, package
// managers, git history, work-tree rewrites, pushes). None may panic;
// signals and Mandate invocations decided with no process known stay
// decisions; a push verdict is one line.
func FuzzCommandRules(f *testing.F) {
	for _, s := range []string{
		"kill -9 -- -1", "kill -s KILL $PID", "pkill -f 'mand[a]te.*serve'", "pkill --sess 4242 -x x",
		"killall -r '(?i)x' -u 0", "skill -KILL -u root mandate", "fuser -km /home", "timeout -s KILL 1 mandate serve",
		"mandate --help uninstall", "mandate policy", "go run -C cmd/mandate . prune",
		"npm --prefix x i -g y", "python3 -m pip install -e git+https://x", "uv pip install -U", "composer g req x",
		"git -c push.default=matching push", "git push origin +HEAD:refs/heads/*", "git push origin tag",
		"git checkout feature -- .", "git rebase --onto a b c", "git cherry-pick a..b ^c", "git stash apply 3",
		"git branch -M x main", "git update-ref -d heads/main", "git checkout-index -a --prefix=../x/",
		"", "-", "--", "---x", "-\x00",
	} {
		f.Add(s)
	}
	p := mustParse(f, `
policies:
  - name: all
    rules:
      - block_dependency_changes: ["*"]
      - require_approval_git_history: ["*"]
`).WithOptions(Options{Resolve: identity})
	f.Fuzz(func(t *testing.T, line string) {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			return
		}
		c := &shell.Command{Name: fields[0], Prog: fields[0], Args: fields[1:], Line: line, Cwd: testRoot}
		ev, ok := p.prepare(execAction("(fuzz)", "external"))
		if !ok {
			t.Fatal("prepare failed")
		}
		ev.signalCommand(c)
		ev.dependencyRules(c)
		ev.historyProgram(c)
		ev.mandateCommands(&shell.Analysis{Commands: []shell.Command{*c}})
		if g, ok := parseGit(c); ok {
			ev.gitHistory(&g)
			_ = wtOps(&g)
			ev.gitCommand(c)
		}
		for _, h := range ev.hits {
			if strings.ContainsAny(h.f.Reason, "\n\r") {
				t.Fatalf("reason not one line: %q", h.f.Reason)
			}
		}
		_, _ = parseOpts(c.Args, pkillOpts)
		_ = mandateVerdict(c.Args)
		for _, a := range c.Args {
			_ = p.refspecVerdict(a, "main", "")
			_, _ = compileERE(a, true, true)
		}
		checkEffect(t, ev.decision())
	})
}
