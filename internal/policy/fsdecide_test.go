package policy

import (
	"os"
	"path"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
	"github.com/mandate-dev/mandate/internal/shell"
)

// fixturePolicy is the corpus's policy as the policy in force at the
// fixture's repository root, seeing the fixture's file system, with the
// fixture's Mandate binaries and state directory in the protected set, the
// real git query runner on its repository and its $PATH.
func fixturePolicy(t testing.TB, tr *fixture.Tree) *Policy {
	t.Helper()
	return corpusPolicy(t, fixtureOptions(tr))
}

// corpusPolicy is the corpus's policy, in force at the fixture's
// repository root, deciding with opt.
func corpusPolicy(t testing.TB, opt Options) *Policy {
	t.Helper()
	p := mustParseFile(t, "../shell/testdata/example-policy.yaml")
	p = p.WithOptions(opt)
	p.path = fixture.Policy
	return p
}

// fixtureOptions are the options the evasion corpus is decided with on
// the standard tree: see corpusOptions.
func fixtureOptions(tr *fixture.Tree) Options {
	var git GitQuery
	if tr.Git {
		git = tr.GitQuery()
	}
	return corpusOptions(tr.FS, git)
}

// corpusOptions are the options of a fixture namespace seen through fsys:
// the state directory and the two binaries protected, the fixture's $PATH
// (~/bin first), and git (nil when git is not installed).
func corpusOptions(fsys fsview.FS, git GitQuery) Options {
	opt := Options{FS: fsys, StateDirs: []string{fixture.StateDir}, PathEnv: fixture.PathEnv, Git: git}
	for _, b := range fixture.Binaries {
		opt.Protected = append(opt.Protected, Protected{Path: b, Kind: ProtectBinary})
	}
	return opt
}

// fsCase is one decision on a fixture tree, with the class of bypass it
// closes (or the everyday command it must not break).
type fsCase struct {
	class  string
	cmd    string         // a command line, or
	act    *action.Action // an action (file tools)
	an     *shell.Analysis
	trust  string
	want   Effect
	reason string // substring of the reason, when non-empty
}

func runFSCases(t *testing.T, p *Policy, cases []fsCase) {
	t.Helper()
	for _, c := range cases {
		name := c.cmd
		if c.act != nil {
			name = string(c.act.Kind) + " " + strings.Join(c.act.Paths, " ")
		}
		t.Run(c.class+"/"+oneLine(name, 60), func(t *testing.T) {
			var d Decision
			switch {
			case c.an != nil:
				d = evalAnalysis(p, c.trust, c.an)
			case c.act != nil:
				a := *c.act
				if c.trust != "" {
					a.Actor.TrustLevel = c.trust
				}
				d = p.Evaluate(&a)
			default:
				d = p.Evaluate(execAction(c.cmd, c.trust))
			}
			if d.Decision != c.want {
				t.Fatalf("%s: decision = %s, want %s\nreason: %s", c.class, d.Decision, c.want, d.Reason)
			}
			if c.reason != "" && !strings.Contains(d.Reason, c.reason) {
				t.Fatalf("%s: reason %q does not say %q", c.class, d.Reason, c.reason)
			}
		})
	}
}

func fileTool(kind action.Kind, tool string, paths ...string) *action.Action {
	a := fileAction(kind, "", paths...)
	a.Tool = tool
	return a
}

func searchTool(tool, pattern string, paths ...string) *action.Action {
	a := fileTool(action.FileRead, tool, paths...)
	a.Recursive, a.Pattern = true, pattern
	return a
}

func cleanPath(p string) string { return path.Clean(p) }

// symlinkReal and linkReal add a symlink or a hard link to a built tree.
func symlinkReal(tr *fixture.Tree, name, target string) error {
	return os.Symlink(target, tr.Real(name))
}

func linkReal(tr *fixture.Tree, name, target string) error {
	return os.Link(tr.Real(target), tr.Real(name))
}
