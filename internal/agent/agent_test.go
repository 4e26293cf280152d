package agent_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/agent"
	_ "github.com/mandate-dev/mandate/internal/agent/agents"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/install"
	"github.com/mandate-dev/mandate/internal/policy"
)

// An eighth agent is one Agent value, registered here as a package of its
// own would register it: detection, install, doctor and self-protection
// all see it without another line changed anywhere.

type fakeSpec struct{}

func (fakeSpec) Protocol() *hook.Protocol { return &fakeProtocol }

var fakeProtocol = hook.Protocol{
	Agent: "fake",
	Strings: func(ev *hook.Event, _ hook.Fields) map[string]*string {
		return map[string]*string{"event": &ev.Name, "cwd": &ev.Cwd, "tool_name": &ev.Tool}
	},
	Events: map[string]hook.EventKind{"before_tool": hook.PreTool},
	Actions: func(ev *hook.Event, _ hook.Fields) ([]action.Action, error) {
		return []action.Action{hook.Unknown(ev.Tool, ev.Cwd)}, nil
	},
	Deny: func(_ *hook.Event, r string) any { return map[string]string{"verdict": "no", "why": r} },
}

var fake = &agent.Agent{
	Name:        "fake",
	Display:     "Fake Agent",
	Hook:        hook.Adapt[fakeSpec]{},
	Shapes:      []hook.Shape{{Rank: 5, Match: func(f hook.Fields) bool { return f.HasAny("fake_version") }}},
	Binaries:    []string{"fake-agent"},
	ProjectDirs: []string{".fake"},
	Install: agent.Install{
		Layout:     agent.Nested,
		Events:     []string{"before_tool"},
		ToolEvents: []string{"before_tool"},
		PreTool:    "before_tool",
		Project:    func(e agent.Env) string { return filepath.Join(e.Repo, ".fake", "hooks.json") },
		User:       func(e agent.Env) string { return filepath.Join(e.Home, ".fake", "hooks.json") },
		Handler:    agent.CommandHandler,
		Note:       "Fake Agent needs nothing more.",
	},
	Trust: func(e agent.Env, in agent.Installed) []agent.Problem {
		return []agent.Problem{{Severity: agent.Warning, Message: "fake trust check ran for " + in.Path, Fix: "none"}}
	},
	Configs: []agent.Config{
		{Where: agent.Repo, Path: ".fake/hooks.json", Format: agent.JSON},
		{Where: agent.Home, Path: ".fake/hooks.json", Format: agent.JSON},
		{Where: agent.System, Path: "/etc/fake-agent/"},
	},
}

func init() { agent.Register(fake) }

func TestEighthAgent(t *testing.T) {
	if !slices.Contains(agent.Names(), "fake") {
		t.Fatalf("Names() = %v, no fake", agent.Names())
	}
	if got := hook.Detect([]byte(`{"event":"before_tool","fake_version":"1","tool_name":"x"}`)); got != "fake" {
		t.Errorf("Detect = %q, want fake", got)
	}
	// The built-in agents are still detected.
	if got := hook.Detect([]byte(`{"hook_event_name":"PreToolUse","session_id":"s"}`)); got != hook.Claude {
		t.Errorf("Detect(claude payload) = %q", got)
	}

	home, repo := t.TempDir(), t.TempDir()
	res, err := install.Install(install.Options{Agent: "fake", Home: home, Repo: repo})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(repo, ".fake", "hooks.json"); res.Path != want || !res.Changed {
		t.Errorf("Install = %+v, want a new %s", res, want)
	}
	data, err := os.ReadFile(res.Path)
	if err != nil || !strings.Contains(string(data), `"command": "mandate hook fake"`) {
		t.Errorf("installed settings: %s, %v", data, err)
	}

	rep := install.Doctor(install.DoctorOptions{Home: home, Repo: repo})
	var found *install.AgentReport
	for i := range rep.Agents {
		if rep.Agents[i].Agent == "fake" {
			found = &rep.Agents[i]
		}
	}
	if found == nil || len(found.Installed) != 1 {
		t.Fatalf("Doctor = %+v, want the fake installation", rep)
	}
	ran := false
	for _, p := range found.Problems {
		ran = ran || strings.HasPrefix(p.Message, "fake trust check ran")
	}
	if !ran {
		t.Errorf("doctor did not run the fake agent's trust check: %+v", found.Problems)
	}

	p := policy.Default()
	for _, target := range []string{"/work/repo/.fake/hooks.json", "/home/dev/.fake/hooks.json", "/etc/fake-agent/config.json"} {
		a := action.Action{V: action.Version, Kind: action.FileWrite, Tool: "Write", Paths: []string{target}, Cwd: "/work/repo"}
		a.Actor.RepoRoot, a.Actor.Home, a.Actor.TrustLevel = "/work/repo", "/home/dev", action.WriteLocal
		if d := p.Evaluate(&a); d.Decision != policy.Deny || !strings.Contains(d.Reason, policy.PolicySelfProtection) {
			t.Errorf("write %s = %v (%s), want a self-protection deny", target, d.Decision, d.Reason)
		}
	}
}
