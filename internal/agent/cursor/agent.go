package cursor

import (
	"path/filepath"

	"github.com/mandate-dev/mandate/internal/agent"
	"github.com/mandate-dev/mandate/internal/hook"
)

// Agent is Cursor.
var Agent = &agent.Agent{
	Name:    hook.Cursor,
	Display: "Cursor",
	Hook:    Adapter{},
	// Cursor's common fields, sent even to hooks it runs from Claude
	// Code's settings.
	Shapes: []hook.Shape{{Rank: 10, Match: func(f hook.Fields) bool {
		return f.HasAny("cursor_version", "conversation_id", "generation_id", "workspace_roots")
	}}},
	Binaries:    []string{"cursor-agent", "cursor"},
	ProjectDirs: []string{".cursor"},
	UserDirs:    []string{".cursor"},
	Install: agent.Install{
		Layout:  agent.Flat,
		Events:  []string{"preToolUse", "postToolUse", "sessionStart", "sessionEnd"},
		PreTool: "preToolUse",
		Syntax: agent.Syntax{Comments: false,
			Strict:   "Cursor documents hooks.json as JSON, and Mandate has not verified that Cursor reads a file with comments",
			Trailing: "a trailing comma is not JSON, which Cursor documents hooks.json as"},
		Project: func(e agent.Env) string { return filepath.Join(e.Repo, ".cursor", "hooks.json") },
		User:    func(e agent.Env) string { return filepath.Join(e.Home, ".cursor", "hooks.json") },
		Handler: func(cmd, event string) []agent.Member {
			h := agent.Members("command", cmd, "timeout", agent.Timeout)
			if event == "preToolUse" {
				h = append(h, agent.Member{Key: "failClosed", Value: true})
			}
			return h
		},
		Note: "Cursor runs project hooks only in a trusted workspace; Mandate cannot check Cursor's trust state, so confirm the workspace is trusted.",
	},
	Configs: configs,
	Trust: func(e agent.Env, in agent.Installed) []agent.Problem {
		if in.Scope != agent.Project {
			return nil
		}
		return []agent.Problem{{Severity: agent.Warning, Message: "Cursor runs project hooks only in a trusted workspace, which Mandate cannot check", Fix: "confirm in Cursor that " + e.Repo + " is a trusted workspace, or install with --user"}}
	},
}
