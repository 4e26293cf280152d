package install

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/mandate-dev/mandate/internal/agent"
)

// Off switches in any layer (red-team round 28, #301). An agent that
// merges several settings files (Claude Code: the user's, the project's,
// the project's local one, CLAUDE_CONFIG_DIR's; Gemini CLI: the user's,
// the project's, the system's) obeys an off switch in any of them, not
// only in the file that holds Mandate's hooks: {"disableAllHooks": true}
// in .claude/settings.local.json turns off the hooks .claude/settings.json
// registers. Doctor reads every such layer the agent's configuration
// table (agent.Config) names and reports each off switch (spec.offSwitch:
// disableAllHooks, Gemini's hooksConfig) as an error: the agent's tool
// calls would run ungoverned. Codex's [features] hooks = false is its
// Trust check's (agent/codex).

// layerOffSwitches reports the off switches of every settings layer of
// ag but the files already inspected (skip).
func layerOffSwitches(o DoctorOptions, ag *agent.Agent, skip map[string]bool) []Problem {
	if !ag.Install.DisableAllHooks && !ag.Install.HooksConfig {
		return nil
	}
	sp, ok := specFor(ag.Name)
	if !ok {
		return nil
	}
	var ps []Problem
	for _, path := range settingsLayers(o, ag) {
		if skip[path] || !exists(path) {
			continue
		}
		skip[path] = true
		data, err := readSettings(path, false)
		if err != nil || data == nil || isBlank(data) {
			continue // an unreadable layer: the agent reports it; not an off switch Mandate can tell
		}
		d, err := parseJSONC(path, data, sp)
		if err != nil {
			continue
		}
		if fe := sp.offSwitch(d); fe != nil {
			p := fileProblem(Error, fe)
			p.Message += fmt.Sprintf(" (this layer applies to every %s session here, whatever the file holding Mandate's hooks says)", displayOf(ag))
			ps = append(ps, p)
		}
	}
	return ps
}

// settingsLayers are the JSON settings files ag merges, as paths here.
func settingsLayers(o DoctorOptions, ag *agent.Agent) []string {
	var out []string
	for _, c := range ag.Configs {
		if strings.Contains(c.Path, "*") || (c.Format != agent.ClaudeSettings && c.Format != agent.JSON) ||
			!strings.HasPrefix(filepath.Base(c.Path), "settings") {
			continue
		}
		var p string
		switch c.Where {
		case agent.Repo:
			if o.Repo != "" {
				p = filepath.Join(o.Repo, filepath.FromSlash(c.Path))
			}
		case agent.Home:
			if o.Home != "" {
				p = filepath.Join(o.Home, filepath.FromSlash(c.Path))
			}
		case agent.EnvDir:
			if o.Getenv != nil && o.Getenv(c.Env) != "" {
				p = filepath.Join(o.Getenv(c.Env), filepath.FromSlash(c.Path))
			}
		case agent.System:
			p = filepath.FromSlash(c.Path)
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

func displayOf(ag *agent.Agent) string {
	if ag.Display != "" {
		return ag.Display
	}
	return ag.Name
}
