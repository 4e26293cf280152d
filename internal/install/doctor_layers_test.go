package install

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/hook"
)

// red-team round 28, #301: an off switch in a settings layer that does
// not hold Mandate's hooks turns them off all the same; doctor reads
// every layer the agent merges and reports it as an error.
func TestDoctorOffSwitchInAnyLayer(t *testing.T) {
	for _, tc := range []struct {
		name, agent string
		scope       Scope
		file        string // repo-relative when it starts with "repo:", else home-relative
		text        string
		want        string // "" none
	}{
		{"claude local project settings", hook.Claude, Project, "repo:.claude/settings.local.json", `{"disableAllHooks":true}`, "disableAllHooks"},
		{"claude user settings over a project install", hook.Claude, Project, ".claude/settings.json", `{"disableAllHooks":true}`, "disableAllHooks"},
		{"claude user local settings", hook.Claude, User, ".claude/settings.local.json", `{"disableAllHooks": true}`, "disableAllHooks"},
		{"gemini project settings over a user install", hook.Gemini, User, "repo:.gemini/settings.json", `{"hooksConfig":{"enabled":false}}`, "hooksConfig.enabled"},
		{"codex project config", hook.Codex, Project, "repo:.codex/config.toml", "[features]\nhooks = false\n", "hooks = false"},
		// everyday: a layer with permissions or a theme only
		{"claude local permissions", hook.Claude, Project, "repo:.claude/settings.local.json", `{"permissions":{"allow":["Bash(npm test:*)"]}}`, ""},
		{"claude disableAllHooks false", hook.Claude, Project, "repo:.claude/settings.local.json", `{"disableAllHooks":false}`, ""},
		{"codex project model", hook.Codex, Project, "repo:.codex/config.toml", "model = \"o3\"\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newDoctorEnv(t)
			e.install(t, tc.agent, tc.scope)
			p := filepath.Join(e.home, tc.file)
			if rel, ok := strings.CutPrefix(tc.file, "repo:"); ok {
				p = filepath.Join(e.repo, rel)
			}
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			ar := agentReport(e.doctor(), tc.agent)
			var hit []string
			for _, m := range errorsOf(ar) {
				if strings.Contains(m, p) && tc.want != "" && strings.Contains(m, tc.want) {
					hit = append(hit, m)
				}
				if tc.want == "" && strings.Contains(m, p) {
					t.Errorf("a false alarm: %s", m)
				}
			}
			if tc.want != "" && len(hit) != 1 {
				t.Errorf("%s: errors %q, want one naming %s and %s", tc.name, errorsOf(ar), p, tc.want)
			}
		})
	}
}
