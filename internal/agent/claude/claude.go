// Package claude speaks Claude Code's hook protocol (verified against
// Claude Code 2.1.330).
//
// # Contract
//
// Decode reads PreToolUse, PostToolUse and PostToolUseFailure (tool
// events: tool_name and a tool_input object are required), SessionStart,
// SessionEnd, and Claude Code's other documented events (recorded as
// Other). An unknown event name is an error. Tools map to actions: Bash,
// PowerShell (Shell action.PowerShell) and Monitor → exec; Write, Edit, MultiEdit, NotebookEdit →
// file.write (Content is the new text); Read, NotebookRead → file.read;
// Grep and Glob → a recursive file.read of everything they can reach (see
// hook.SearchFiles: root path or the cwd; Grep's glob, or its ripgrep type, or
// Glob's pattern as the pattern, an absolute or ".." pattern widening the
// root; Claude splits Grep's glob at white space and commas into a list of
// rg globs and trims a Grep or Glob path, so every reading is judged: see
// hook.GlobReadings and hook.PathReadings); LS → a plain file.read of the
// directory (its names); WebFetch →
// net.fetch; WebSearch → a web-search net.fetch; mcp__<server>__<tool> →
// mcp.call; anything else → unknown. (Claude Code 2.1.330 does not offer
// Grep and Glob in every session: they are mapped for the sessions and
// versions that do.)
//
// Encode, pre-tool: allow is no output and exit 0 (Claude Code's own
// permission rules still apply); deny is
// {"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":R}}
// on stdout, R on stderr, exit 2; ask is the same JSON with
// permissionDecision "ask" and exit 0 (Claude Code prompts the user).
// Post-tool deny (the outcome could not be recorded) is
// {"decision":"block","reason":R} with exit 2, which Claude Code shows to
// the model; session and other events never block (stderr, exit 0).
package claude

import (
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook"
)

// Adapter is Claude Code's hook adapter.
type Adapter = hook.Adapt[spec]

type spec struct{}

func (spec) Protocol() *hook.Protocol { return &protocol }

var protocol = hook.Protocol{
	Agent: hook.Claude,
	Strings: func(ev *hook.Event, _ hook.Fields) map[string]*string {
		return map[string]*string{
			"hook_event_name": &ev.Name, "session_id": &ev.SessionID, "cwd": &ev.Cwd,
			"transcript_path": &ev.TranscriptPath, "permission_mode": &ev.PermissionMode,
			"model": &ev.Model, "tool_name": &ev.Tool, "tool_use_id": &ev.ToolUseID,
		}
	},
	Kind: func(name string) (hook.EventKind, bool) {
		if k, ok := events[name]; ok {
			return k, true
		}
		return hook.Other, slices.Contains(otherEvents, name)
	},
	Actions: func(ev *hook.Event, f hook.Fields) ([]action.Action, error) {
		server := ""
		if m, err := f.Map("mcp_server"); err == nil {
			server = hook.Str(m, "name")
		}
		return Actions(ev.Tool, ev.Cwd, server, ev.Input)
	},
	Outcome: func(ev *hook.Event, f hook.Fields) {
		if ev.Name == "PostToolUseFailure" {
			ev.Success = hook.Bool(false)
			ev.Error, _ = f.String("error")
			return
		}
		ev.Success = hook.Bool(true)
		if r, _ := f.Map("tool_response"); r != nil {
			if b, ok := r["interrupted"].(bool); ok && b {
				ev.Success = hook.Bool(false)
				ev.Error = "interrupted"
			}
		}
	},
	Deny: func(_ *hook.Event, r string) any { return output{specific{"PreToolUse", "deny", r}} },
	Ask:  func(_ *hook.Event, r string) any { return output{specific{"PreToolUse", "ask", r}} },
	Post: func(r string) (any, int) { return block{"block", r}, 2 },
}

var events = map[string]hook.EventKind{
	"PreToolUse":         hook.PreTool,
	"PostToolUse":        hook.PostTool,
	"PostToolUseFailure": hook.PostTool,
	"SessionStart":       hook.SessionStart,
	"SessionEnd":         hook.SessionEnd,
}

var otherEvents = []string{
	"Setup", "UserPromptSubmit", "UserPromptExpansion", "PermissionRequest", "PermissionDenied",
	"PostToolBatch", "Notification", "MessageDisplay", "SubagentStart", "SubagentStop",
	"TaskCreated", "TaskCompleted", "Stop", "StopFailure", "TeammateIdle", "InstructionsLoaded",
	"ConfigChange", "CwdChanged", "DirectoryAdded", "FileChanged", "WorktreeCreate",
	"WorktreeRemove", "PreCompact", "PostCompact", "Elicitation", "ElicitationResult",
}

// Actions maps a Claude Code tool call (also used by agents that reuse
// Claude's tool names) to normalized actions. server, when known from the
// payload, names the MCP server.
func Actions(tool, cwd, server string, in map[string]any) ([]action.Action, error) {
	switch tool {
	case "Bash", "PowerShell":
		cmd, err := hook.NeedString(tool, in, "command")
		if err != nil {
			return nil, err
		}
		a := hook.Exec(tool, cwd, cmd)
		if tool == "PowerShell" {
			a.Shell = action.PowerShell
		}
		return []action.Action{a}, nil
	case "Monitor":
		if cmd := hook.Str(in, "command"); cmd != "" {
			return []action.Action{hook.Exec(tool, cwd, cmd)}, nil
		}
		return []action.Action{hook.Unknown(tool, cwd)}, nil
	case "Write", "Edit", "MultiEdit", "NotebookEdit":
		ps, err := hook.NeedPaths(tool, in, "file_path", "notebook_path")
		if err != nil {
			return nil, err
		}
		a := hook.File(action.FileWrite, tool, cwd, ps...)
		switch tool {
		case "Write":
			a.Content = hook.Str(in, "content")
		case "Edit":
			a.Content = hook.Str(in, "new_string")
		case "NotebookEdit":
			a.Content = hook.Str(in, "new_source")
		case "MultiEdit":
			var parts []string
			if edits, ok := in["edits"].([]any); ok {
				for _, e := range edits {
					if m, ok := e.(map[string]any); ok {
						parts = append(parts, hook.Str(m, "new_string"))
					}
				}
			}
			a.Content = strings.Join(parts, "\n")
		}
		return []action.Action{a}, nil
	case "Read", "NotebookRead":
		ps, err := hook.NeedPaths(tool, in, "file_path", "notebook_path")
		if err != nil {
			return nil, err
		}
		return []action.Action{hook.File(action.FileRead, tool, cwd, ps...)}, nil
	case "Grep":
		return hook.SearchCall("claude/Grep", tool, cwd, in), nil
	case "Glob":
		return hook.SearchCall("claude/Glob", tool, cwd, in), nil
	case "LS":
		return []action.Action{hook.File(action.FileRead, tool, cwd, hook.Str(in, "path"))}, nil
	case "WebFetch":
		u, err := hook.NeedString(tool, in, "url")
		if err != nil {
			return nil, err
		}
		return []action.Action{hook.Fetch(tool, cwd, u)}, nil
	case "WebSearch":
		return []action.Action{hook.Search(tool, cwd)}, nil
	}
	if srv, name, ok := hook.SplitMCP(tool, "mcp__", "__"); ok {
		if server == "" {
			server = srv
		}
		return []action.Action{hook.MCP(tool, cwd, server, name, in)}, nil
	}
	return []action.Action{hook.Unknown(tool, cwd)}, nil
}

type specific struct {
	HookEventName            string `json:"hookEventName"`
	PermissionDecision       string `json:"permissionDecision"`
	PermissionDecisionReason string `json:"permissionDecisionReason"`
}

type output struct {
	HookSpecificOutput specific `json:"hookSpecificOutput"`
}

type block struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}
