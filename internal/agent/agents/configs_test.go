package agents_test

import (
	"encoding/json"
	"path"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/agent"
	"github.com/mandate-dev/mandate/internal/golden"
	"github.com/mandate-dev/mandate/internal/policy"
)

// policyAgentFiles is where the policy package's tests read the built-in
// agents' protected files: they cannot import this package (it imports
// policy), so the registry's lists are kept there, equal to it.
const policyAgentFiles = "../../policy/testdata/agent-files.json"

// TestPolicyAgentFiles keeps policy's copy of the built-in agents'
// protected files equal to their tables (go test -update rewrites it).
func TestPolicyAgentFiles(t *testing.T) {
	var out []policy.AgentFiles
	for _, a := range agent.All() {
		f := agent.PolicyFiles(a.Configs)
		f.Name = a.Name
		out = append(out, f)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, policyAgentFiles, append(b, '\n'))
}

// TestConfigsProtected writes to an example of every location of every
// built-in agent's table (agent.Config) and wants each denied by
// self-protection: a location listed but not guarded fails here. Locations
// guarded only as pinned (under an environment variable's directory, in
// the ancestors, or while the agent is in use) are the gate's tests'.
func TestConfigsProtected(t *testing.T) {
	const repo, home = "/work/repo", "/home/dev"
	example := func(p string) string {
		p = strings.ReplaceAll(p, "**", "x/y")
		p = strings.ReplaceAll(p, "*", "x")
		if strings.HasSuffix(p, "/") {
			p += "x.md"
		}
		return p
	}
	p := policy.Default()
	for _, a := range agent.All() {
		for _, c := range a.Configs {
			var targets []string
			switch c.Where {
			case agent.Repo:
				targets = []string{path.Join(repo, example(c.Path)), path.Join(repo, "src", example(c.Path))}
			case agent.Home:
				targets = []string{path.Join(home, example(c.Path))}
			case agent.Anywhere:
				targets = []string{path.Join(repo, example(c.Path)), path.Join(repo, "src", example(c.Path)), path.Join(home, example(c.Path))}
			case agent.System:
				targets = []string{example(c.Path)}
			}
			if c.InUse {
				targets = nil
			}
			for _, target := range targets {
				act := action.Action{V: action.Version, Kind: action.FileWrite, Tool: "Write", Paths: []string{target}, Cwd: repo}
				act.Actor.RepoRoot, act.Actor.Home, act.Actor.TrustLevel = repo, home, action.WriteLocal
				if d := p.Evaluate(&act); d.Decision != policy.Deny || !strings.Contains(d.Reason, policy.PolicySelfProtection) {
					t.Errorf("%s: write %s = %v (%s), want a self-protection deny", a.Name, target, d.Decision, d.Reason)
				}
			}
		}
	}
}
