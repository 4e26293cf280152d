package policy

import (
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// TestAgentTools: agents' own tools the adapters leave unknown are judged
// for what they do (round 5, found but not tested: KillShell, Skill and
// save_memory were denied as unknown tools).
func TestAgentTools(t *testing.T) {
	open := mustParse(t, "policies:\n  - name: open\n    rules:\n      - block_paths: [\"secret/\"]\n")
	guarded := mustParse(t, "policies:\n  - name: home\n    rules:\n      - block_paths: [\"~/.gemini/\"]\n")
	unknown := func(agent, tool, trust string) *action.Action {
		a := &action.Action{V: 1, Kind: action.Unknown, Tool: tool, Cwd: testRoot, Actor: actor(trust)}
		a.Actor.Agent = agent
		return a
	}
	cases := []struct {
		p      *Policy
		a      *action.Action
		want   Effect
		reason string
	}{
		{open, unknown("claude", "KillShell", action.WriteLocal), Allow, ""},
		{open, unknown("claude", "KillShell", action.ReadOnly), Allow, ""},
		// round 23 (c) #4: Claude Code's current names (2.0.64+)
		{open, unknown("claude", "TaskStop", action.WriteLocal), Allow, ""},
		{open, unknown("claude", "TaskStop", action.ReadOnly), Allow, ""},
		{open, unknown("claude", "TaskOutput", action.ReadOnly), Allow, ""},
		{open, unknown("claude", "TaskCreate", action.WriteLocal), Allow, ""},
		{open, unknown("claude", "TaskUpdate", action.WriteLocal), Allow, ""},
		{open, unknown("claude", "TaskList", action.ReadOnly), Allow, ""},
		{open, unknown("claude", "TaskGet", action.ReadOnly), Allow, ""},
		{open, unknown("claude", "TaskKill", action.WriteLocal), Deny, "not one Mandate understands"},
		{open, unknown("claude", "Skill", action.WriteLocal), Ask, "skill"},
		{open, unknown("claude", "SlashCommand", action.External), Ask, "skill"},
		{open, unknown("claude", "Skill", action.ReadOnly), Deny, "read_only"},
		{open, unknown("gemini", "save_memory", action.WriteLocal), Allow, ""},
		{guarded, unknown("gemini", "save_memory", action.WriteLocal), Deny, ".gemini"},
		{open, unknown("claude", "save_memory", action.WriteLocal), Deny, "not one Mandate understands"},
		{open, unknown("claude", "NotATool", action.WriteLocal), Deny, "not one Mandate understands"},
	}
	for _, c := range cases {
		d := c.p.Evaluate(c.a)
		if d.Decision != c.want || !strings.Contains(d.Reason, c.reason) {
			t.Errorf("%s %s at %s: %s (%s), want %s with %q", c.a.Actor.Agent, c.a.Tool, c.a.Actor.TrustLevel, d.Decision, d.Reason, c.want, c.reason)
		}
	}
}
