package policy

import (
	"slices"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// The evaluation's fast paths (a test that skips work, a list shared
// rather than built) against the plain code they stand in for.

// FuzzVersionedToolMatch: the "p" test in front of versionedTool skips
// only names the expression does not match.
func FuzzVersionedToolMatch(f *testing.F) {
	for _, s := range []string{"pip", "pip3", "pip3.12", "python3", "py", "py3.11", "npm", "Pip3", "xpip", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if got, want := versionedToolMatch(name), versionedTool.Get().FindStringSubmatch(name); !slices.Equal(got, want) {
			t.Fatalf("versionedToolMatch(%q) = %q, the expression says %q", name, got, want)
		}
	})
}

// splitNestedGitDirs is inNestedGitDirs over strings.Split's segments.
func splitNestedGitDirs(abs string, glob bool) bool {
	segs := strings.Split(abs, "/")
	for i := 0; i+1 < len(segs); i++ {
		if foldSeg(segs[i]) != ".git" {
			continue
		}
		n := foldSeg(segs[i+1])
		if n == "worktrees" || n == "modules" || (glob && i+2 == len(segs)) {
			return true
		}
	}
	return false
}

// FuzzInNestedGitDirs: walking the segments answers as splitting them.
func FuzzInNestedGitDirs(f *testing.F) {
	for _, s := range []string{"/p/.git/worktrees/x", "/p/.GIT/Modules", "/p/.git/*", "/p/.git", ".git/", "/.git//modules", "", "/", "/p/.git./worktrees"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, abs string, glob bool) {
		if got, want := inNestedGitDirs(abs, glob), splitNestedGitDirs(abs, glob); got != want {
			t.Fatalf("inNestedGitDirs(%q, %v) = %v, over the split segments %v", abs, glob, got, want)
		}
	})
}

// builtChecks is PolicyChecks as decision built it for every action:
// every policy passing, then each hit applied in order.
func builtChecks(p *Policy, hs []hit) []Check {
	out := make([]Check, len(p.policies)+len(builtinPolicies))
	for i := range p.policies {
		out[i] = Check{Policy: p.policies[i].name, Result: "pass"}
	}
	for i, b := range builtinPolicies {
		out[len(p.policies)+i] = Check{Policy: b, Result: "pass"}
	}
	for i := range hs {
		h := &hs[i]
		ci := -1
		if h.group == groupUser {
			ci = int(h.ref.pol)
		} else {
			for j, b := range builtinPolicies {
				if b == h.f.Policy {
					ci = len(p.policies) + j
				}
			}
		}
		if ci < 0 {
			continue
		}
		c := &out[ci]
		if c.Result == "pass" || (c.Result == "ask" && h.f.Effect.rank() > Ask.rank()) {
			if h.f.Effect != Allow {
				c.Result, c.Rule, c.Reason = checkResult(h.f.Effect), h.f.Rule, h.f.Reason
			}
		}
	}
	return out
}

// TestSharedChecks: a decision's PolicyChecks, shared or copied, are the
// list built afresh, and evaluating again leaves the shared list passing.
func TestSharedChecks(t *testing.T) {
	p := mustParse(t, bigPolicy(60))
	var acts []*action.Action
	acts = append(acts, benchActions()...)
	for _, c := range []string{"tool12 deploy now", "rm -r keep-20", "npm install left-pad", "git stash clear", "ls", "cat ~/.ssh/id_rsa",
		"curl https://api-3.internal.example", "make release-18", "echo hi > agent-policy.yaml", "printf x > secret-13.key"} {
		acts = append(acts, execAction(c, ""))
	}
	acts = append(acts, fileAction(action.FileWrite, "", "a/b/secret-13.key"), fileAction(action.FileRead, "", "src/x.go"))
	for round := 0; round < 2; round++ {
		for _, a := range acts {
			ev := p.evaluate(a)
			want := builtChecks(p, ev.sorted())
			if got := ev.decision().PolicyChecks; !slices.Equal(got, want) {
				t.Fatalf("%q %s: checks\n%+v\nwant\n%+v", a.Command, a.Kind, got, want)
			}
		}
	}
	for _, c := range p.idx.passChecks {
		if c.Result != "pass" || c.Rule != "" || c.Reason != "" {
			t.Fatalf("the shared all-pass list changed: %+v", c)
		}
	}
}
