// Package copilot speaks GitHub Copilot CLI's hook protocol (verified
// against Copilot CLI 1.0.102).
//
// # Contract
//
// Copilot sends two shapes. The camelCase shape ({sessionId, timestamp
// (epoch ms), cwd, toolName, toolArgs, toolResult}) has no event name: the
// event comes from the command line (mandate install writes
// "mandate hook copilot <event>"), else from the shape (toolResult → post,
// toolName → pre, source/initialPrompt → sessionStart, reason →
// sessionEnd, prompt → userPromptSubmitted, error → errorOccurred). The
// VS Code-compatible shape (hook_event_name PascalCase, session_id,
// tool_name, tool_input) carries it; for hooks registered in
// .claude/settings.json its tool names are Claude Code's (Bash, Write,
// Edit, Read, Glob) over Copilot's own arguments, and are mapped back
// (Edit with a raw patch is apply_patch), and the post result is
// tool_result {result_type, text_result_for_llm}. toolArgs may be an object or a
// string: a string holding a JSON object is decoded, any other string
// (apply_patch's raw patch) is kept as {"toolArgs": text}. A tool event
// without tool arguments is an error.
//
// Tools: bash, powershell (Shell action.PowerShell) → exec; create, edit, str_replace_editor and
// apply_patch → file.write (every file the patch touches; Delete File →
// file.delete); view → file.read (of a file, or of a directory, which it
// lists); rg (grep in older releases) and glob → a recursive file.read of
// everything they can reach (see hook.SearchFiles: each of paths, a string or
// an array, or the cwd; rg's glob, or its ripgrep type, or glob's pattern
// as the pattern, an absolute or ".." pattern widening the root);
// web_fetch → net.fetch;
// web_search → a web-search net.fetch; <server>-<tool> → mcp.call;
// anything else → unknown. Post outcomes: toolResult.resultType gives
// success, "exit code N" in the result text gives the exit code.
//
// Encode, pre-tool: allow is no output and exit 0; deny is
// {"permissionDecision":"deny","permissionDecisionReason":R} on stdout, R
// on stderr, exit 2 (Copilot ignores Claude Code's format). Copilot 1.0.102
// did not document ask for CLI hooks, so ask is a deny whose reason says
// that human approval is required. Other events never block.
package copilot

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook"
)

// Adapter is the Copilot CLI hook adapter.
type Adapter = hook.Adapt[spec]

type spec struct{}

func (spec) Protocol() *hook.Protocol { return &protocol }

var protocol = hook.Protocol{
	Agent: hook.Copilot,
	Strings: func(ev *hook.Event, f hook.Fields) map[string]*string {
		if f.Has("hook_event_name") {
			return map[string]*string{"hook_event_name": &ev.Name, "session_id": &ev.SessionID,
				"cwd": &ev.Cwd, "tool_name": &ev.Tool, "transcript_path": &ev.TranscriptPath}
		}
		return map[string]*string{"sessionId": &ev.SessionID, "cwd": &ev.Cwd, "toolName": &ev.Tool}
	},
	Prepare: func(ev *hook.Event, f hook.Fields, event string) {
		if !f.Has("hook_event_name") {
			ev.Name = event
			if ev.Name == "" {
				ev.Name = shape(f)
			}
		}
	},
	Events: events,
	Tool: func(ev *hook.Event, f hook.Fields) error {
		if ev.Tool == "" {
			return fmt.Errorf("%w: the tool name is missing", hook.ErrField)
		}
		var err error
		if ev.Input, err = args(f, inputKey(f)); err != nil {
			return err
		}
		ev.Actions, err = actions(ownTool(ev, f), ev.Cwd, ev.Input)
		return err
	},
	Outcome: func(ev *hook.Event, f hook.Fields) { outcome(ev, ownTool(ev, f), f) },
	Deny:    func(_ *hook.Event, r string) any { return output{"deny", r} },
	// The bash and powershell tools keep named shell sessions
	// (sessionId) that outlive the call, so a cd persists; the payload's
	// cwd is the CLI's (not run against a live Copilot CLI).
	KeepsCwd: true,
}

// inputKey is where the payload's shape keeps the tool input.
func inputKey(f hook.Fields) string {
	if f.Has("hook_event_name") {
		return "tool_input"
	}
	return "toolArgs"
}

// ownTool is the tool's name in Copilot CLI's own spelling.
func ownTool(ev *hook.Event, f hook.Fields) string {
	if f.Has("hook_event_name") {
		return ownName(ev.Tool, ev.Input)
	}
	return ev.Tool
}

var events = map[string]hook.EventKind{
	"preToolUse": hook.PreTool, "PreToolUse": hook.PreTool,
	"postToolUse": hook.PostTool, "PostToolUse": hook.PostTool,
	"postToolUseFailure": hook.PostTool, "PostToolUseFailure": hook.PostTool,
	"sessionStart": hook.SessionStart, "SessionStart": hook.SessionStart,
	"sessionEnd": hook.SessionEnd, "SessionEnd": hook.SessionEnd,
	"userPromptSubmitted": hook.Other, "UserPromptSubmit": hook.Other,
	"agentStop": hook.Other, "Stop": hook.Other,
	"subagentStart": hook.Other, "SubagentStart": hook.Other,
	"subagentStop": hook.Other, "SubagentStop": hook.Other,
	"preCompact": hook.Other, "PreCompact": hook.Other,
	"errorOccurred": hook.Other, "notification": hook.Other, "Notification": hook.Other,
	"permissionRequest": hook.Other, "PermissionRequest": hook.Other,
}

// exitRE is compiled on first use (package-level regexps cost every hook
// process start-up time).
var exitRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`exit code (-?\d+)`) })

// shape names the event of a camelCase payload that came without one.
func shape(f hook.Fields) string {
	switch {
	case f.Has("toolResult"):
		return "postToolUse"
	case f.Has("toolName"):
		return "preToolUse"
	case f.Has("source"), f.Has("initialPrompt"):
		return "sessionStart"
	case f.Has("reason"):
		return "sessionEnd"
	case f.Has("prompt"):
		return "userPromptSubmitted"
	case f.Has("error"):
		return "errorOccurred"
	}
	return ""
}

// args decodes the tool arguments: an object, a string holding a JSON
// object, or a raw string kept under key.
func args(f hook.Fields, key string) (map[string]any, error) {
	if !f.Has(key) {
		return nil, fmt.Errorf("%w: %s is missing", hook.ErrField, key)
	}
	if s, err := f.String(key); err == nil {
		if m, err := hook.DecodeMap([]byte(s)); err == nil {
			return m, nil
		}
		return map[string]any{key: s}, nil
	}
	return f.Map(key)
}

// claudeNames maps the Claude Code tool names that Copilot CLI puts in the
// VS Code-compatible payloads it sends to hooks registered in
// .claude/settings.json back to its own tools; the arguments stay Copilot's
// (verified with 1.0.102: bash → Bash, create → Write, edit and apply_patch
// → Edit, view → Read, glob → Glob). A wrong guess fails closed: the own
// tool's required arguments are then missing.
var claudeNames = map[string]string{
	"Bash": "bash", "PowerShell": "powershell", "Write": "create", "Read": "view",
	"Glob": "glob", "Grep": "grep", "WebFetch": "web_fetch", "WebSearch": "web_search",
}

// ownName is Copilot's own name of a tool named tool in a VS Code-compatible
// payload with arguments in.
func ownName(tool string, in map[string]any) string {
	if tool == "Edit" {
		if _, ok := in["tool_input"].(string); ok {
			return "apply_patch" // the raw patch, kept as {"tool_input": text}
		}
		return "edit"
	}
	if own, ok := claudeNames[tool]; ok {
		return own
	}
	return tool
}

var builtin = map[string]bool{
	"bash": true, "powershell": true, "create": true, "edit": true, "view": true, "glob": true,
	"grep": true, "rg": true, "apply_patch": true, "str_replace_editor": true, "web_fetch": true,
	"web_search": true, "task": true, "ask_user": true, "report_intent": true, "think": true,
	"update_todo": true, "read_bash": true, "write_bash": true, "stop_bash": true,
	"list_bash": true, "fetch_copilot_cli_documentation": true,
}

func actions(tool, cwd string, in map[string]any) ([]action.Action, error) {
	switch tool {
	case "bash", "powershell":
		cmd, err := hook.NeedString(tool, in, "command")
		if err != nil {
			return nil, err
		}
		a := hook.Exec(tool, cwd, cmd)
		if tool == "powershell" {
			a.Shell = action.PowerShell
		}
		return []action.Action{a}, nil
	case "create", "edit", "str_replace_editor":
		if tool == "str_replace_editor" && hook.Str(in, "command") == "view" {
			break
		}
		ps, err := hook.NeedPaths(tool, in, "path", "file_path")
		if err != nil {
			return nil, err
		}
		a := hook.File(action.FileWrite, tool, cwd, ps...)
		a.Content = hook.Str(in, "file_text", "new_str")
		return []action.Action{a}, nil
	case "apply_patch":
		return hook.PatchInputs(tool, cwd, in, "toolArgs", "tool_input", "input", "patch")
	case "view", "read":
		ps, err := hook.NeedPaths(tool, in, "path", "file_path")
		if err != nil {
			return nil, err
		}
		return []action.Action{hook.File(action.FileRead, tool, cwd, ps...)}, nil
	case "grep", "rg":
		return hook.SearchCall("copilot/"+tool, tool, cwd, in), nil
	case "glob":
		return hook.SearchCall("copilot/glob", tool, cwd, in), nil
	case "web_fetch":
		u, err := hook.NeedString(tool, in, "url")
		if err != nil {
			return nil, err
		}
		return []action.Action{hook.Fetch(tool, cwd, u)}, nil
	case "web_search":
		return []action.Action{hook.Search(tool, cwd)}, nil
	}
	if tool == "str_replace_editor" {
		ps, err := hook.NeedPaths(tool, in, "path", "file_path")
		if err != nil {
			return nil, err
		}
		return []action.Action{hook.File(action.FileRead, tool, cwd, ps...)}, nil
	}
	if !builtin[tool] {
		if srv, name, ok := strings.Cut(tool, "-"); ok && srv != "" && name != "" {
			return []action.Action{hook.MCP(tool, cwd, srv, name, in)}, nil
		}
	}
	return []action.Action{hook.Unknown(tool, cwd)}, nil
}

func outcome(ev *hook.Event, tool string, f hook.Fields) {
	if ev.Name == "postToolUseFailure" || ev.Name == "PostToolUseFailure" {
		ev.Success = hook.Bool(false)
	}
	var r map[string]any
	for _, k := range []string{"toolResult", "tool_result", "tool_response"} {
		if m, err := f.Map(k); err == nil && m != nil {
			r = m
			break
		}
	}
	if r == nil {
		return
	}
	text := hook.Str(r, "textResultForLlm", "text_result_for_llm")
	switch rt := hook.Str(r, "resultType", "result_type"); rt {
	case "success":
		ev.Success = hook.Bool(true)
	case "":
	default:
		ev.Success = hook.Bool(false)
		ev.Error = rt + ": " + firstLine(text)
	}
	if m := exitRE().FindStringSubmatch(text); m != nil && (tool == "bash" || tool == "powershell") {
		if n, err := strconv.Atoi(m[1]); err == nil {
			ev.ExitCode = hook.Int(n)
			if n != 0 {
				ev.Success = hook.Bool(false)
			}
		}
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

type output struct {
	PermissionDecision       string `json:"permissionDecision"`
	PermissionDecisionReason string `json:"permissionDecisionReason"`
}
