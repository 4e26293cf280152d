package hook

import (
	"bytes"
	"strings"
)

// Agent names, as used on the command line (mandate hook <name>).
const (
	Claude  = "claude"
	Codex   = "codex"
	Gemini  = "gemini"
	Copilot = "copilot"
	Cursor  = "cursor"
	Hermes  = "hermes"
)

// Names lists every agent Mandate has an adapter for.
var Names = []string{Claude, Codex, Gemini, Copilot, Cursor, Hermes}

// geminiOnly are event names only Gemini CLI sends.
var geminiOnly = map[string]bool{
	"BeforeTool": true, "AfterTool": true, "BeforeAgent": true, "AfterAgent": true,
	"BeforeModel": true, "AfterModel": true, "BeforeToolSelection": true, "PreCompress": true,
}

// Detect names the agent that really sent payload, from its shape, or ""
// when the shape is not recognised (the caller then keeps the adapter the
// command line named). The rules, first match wins:
//
//  1. Cursor: any of cursor_version, conversation_id, generation_id,
//     workspace_roots (Cursor's common fields, sent even to hooks it runs
//     from Claude Code's settings).
//  2. Copilot CLI, camelCase shape: any of toolName, toolArgs, toolResult,
//     sessionId, or a numeric timestamp (epoch milliseconds).
//  3. Hermes: a snake_case event name (pre_tool_call, on_session_start, …)
//     or Hermes' profile/extra fields.
//  4. Codex: turn_id, or a transcript under a .codex directory.
//  5. An ISO-string timestamp: Gemini CLI for its own event names
//     (BeforeTool, AfterTool, …) and for shared ones (SessionStart,
//     SessionEnd, Notification) when a transcript_path is present;
//     otherwise Copilot CLI's VS Code-compatible PascalCase shape
//     (PreToolUse with timestamp and no transcript_path).
//  6. Claude Code: any other payload with a hook_event_name.
func Detect(payload []byte) string {
	f, err := Object(payload)
	if err != nil {
		return ""
	}
	return DetectObject(f)
}

// DetectObject is Detect of a payload that Object has parsed.
func DetectObject(f Fields) string {
	for _, k := range []string{"cursor_version", "conversation_id", "generation_id", "workspace_roots"} {
		if _, ok := f[k]; ok {
			return Cursor
		}
	}
	for _, k := range []string{"toolName", "toolArgs", "toolResult", "sessionId"} {
		if _, ok := f[k]; ok {
			return Copilot
		}
	}
	ts := bytes.TrimSpace(f["timestamp"])
	if len(ts) > 0 && (ts[0] == '-' || (ts[0] >= '0' && ts[0] <= '9')) {
		return Copilot
	}
	event, _ := f.String("hook_event_name")
	if event != "" && strings.Contains(event, "_") && strings.ToLower(event) == event {
		return Hermes
	}
	if _, ok := f["profile"]; ok {
		return Hermes
	}
	if _, ok := f["extra"]; ok {
		return Hermes
	}
	if _, ok := f["turn_id"]; ok {
		return Codex
	}
	if tp, _ := f.String("transcript_path"); strings.Contains(tp, "/.codex/") {
		return Codex
	}
	if len(ts) > 0 && ts[0] == '"' {
		if geminiOnly[event] {
			return Gemini
		}
		switch event {
		case "SessionStart", "SessionEnd", "Notification":
			if f.Has("transcript_path") {
				return Gemini
			}
		}
		return Copilot
	}
	if event != "" {
		return Claude
	}
	return ""
}
