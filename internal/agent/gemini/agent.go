package gemini

import (
	"fmt"
	"path/filepath"

	"github.com/mandate-dev/mandate/internal/agent"
	"github.com/mandate-dev/mandate/internal/hook"
)

// Agent is Gemini CLI.
var Agent = &agent.Agent{
	Name:    hook.Gemini,
	Display: "Gemini CLI",
	Hook:    Adapter{},
	// An ISO-string timestamp with Gemini's own event names, or with the
	// shared ones when a transcript_path is present (Copilot CLI's
	// PascalCase shape has none).
	Shapes: []hook.Shape{{Rank: 50, Match: func(f hook.Fields) bool {
		if f.Timestamp() != '"' {
			return false
		}
		ev := f.Event()
		switch ev {
		case "SessionStart", "SessionEnd", "Notification":
			return f.Has("transcript_path")
		}
		_, ok := events[ev] // the other events are Gemini's own
		return ok
	}}},
	Binaries:    []string{"gemini"},
	ProjectDirs: []string{".gemini"},
	UserDirs:    []string{".gemini"},
	Install: agent.Install{
		Layout:     agent.Nested,
		Events:     []string{"BeforeTool", "AfterTool", "SessionStart", "SessionEnd"},
		ToolEvents: []string{"BeforeTool", "AfterTool"},
		PreTool:    "BeforeTool",
		Syntax:     agent.Syntax{Comments: true, Trailing: "Gemini CLI (0.61.0) refuses to start with a settings file that has one"},
		Project:    func(e agent.Env) string { return filepath.Join(e.Repo, ".gemini", "settings.json") },
		User:       func(e agent.Env) string { return filepath.Join(e.Home, ".gemini", "settings.json") },
		Handler: func(cmd, _ string) []agent.Member {
			return agent.Members("type", "command", "name", "mandate", "command", cmd, "timeout", agent.Timeout*1000)
		},
		Note:        "Gemini CLI runs project hooks only in a trusted folder: trust the repository when Gemini asks (it is recorded in ~/.gemini/trustedFolders.json).",
		HooksConfig: true,
	},
	Configs: configs,
	Trust:   trust,
}

// trust checks that the user's settings do not switch hooks off and, for
// a project installation, that the repository is a trusted folder.
func trust(e agent.Env, in agent.Installed) []agent.Problem {
	var ps []agent.Problem
	userSettings := filepath.Join(e.Home, ".gemini", "settings.json")
	// The installation's own file is checked by install (HooksConfig).
	if m, err := e.ReadJSON(userSettings); err == nil && userSettings != in.Path {
		if hc, ok := m["hooksConfig"].(map[string]any); ok {
			if en, ok := hc["enabled"].(bool); ok && !en {
				ps = append(ps, agent.Problem{Severity: agent.Error, Message: userSettings + " sets hooksConfig.enabled = false: Gemini CLI runs no hook", Fix: "set hooksConfig.enabled to true in " + userSettings})
			}
			if dis, ok := hc["disabled"].([]any); ok {
				for _, d := range dis {
					if d == "mandate" {
						ps = append(ps, agent.Problem{Severity: agent.Error, Message: userSettings + " lists \"mandate\" in hooksConfig.disabled", Fix: "remove it from hooksConfig.disabled in " + userSettings})
					}
				}
			}
		}
	}
	if in.Scope != agent.Project {
		return ps
	}
	if m, err := e.ReadJSON(userSettings); err == nil {
		if sec, ok := m["security"].(map[string]any); ok {
			if ft, ok := sec["folderTrust"].(map[string]any); ok {
				if en, ok := ft["enabled"].(bool); ok && !en {
					return ps // folder trust switched off: every folder is trusted
				}
			}
		}
	}
	if e.Var("GEMINI_CLI_TRUST_WORKSPACE") == "true" {
		return ps
	}
	tf := filepath.Join(e.Home, ".gemini", "trustedFolders.json")
	m, _ := e.ReadJSON(tf)
	trusted := false
	for p, v := range m {
		switch v {
		case "TRUST_FOLDER":
			trusted = trusted || agent.Within(e.Repo, p)
		case "TRUST_PARENT":
			trusted = trusted || agent.Within(e.Repo, filepath.Dir(p))
		case "DO_NOT_TRUST":
			if filepath.Clean(p) == filepath.Clean(e.Repo) {
				return append(ps, agent.Problem{Severity: agent.Error, Message: fmt.Sprintf("%s marks %s as not trusted: Gemini CLI skips its project hooks", tf, e.Repo), Fix: "trust the folder in gemini (/permissions) or edit " + tf})
			}
		}
	}
	if !trusted {
		ps = append(ps, agent.Problem{Severity: agent.Error,
			Message: fmt.Sprintf("%s is not a trusted folder for Gemini CLI (%s): project hooks are skipped in untrusted folders", e.Repo, tf),
			Fix:     "run gemini in the repository and trust the folder, or install with --user"})
	}
	return ps
}
