package hook

import (
	"bytes"
	"slices"
)

// Agent names, as used on the command line (mandate hook <name>), of the
// agents whose names the hook runner and its tests need.
const (
	Claude  = "claude"
	Codex   = "codex"
	Gemini  = "gemini"
	Copilot = "copilot"
	Cursor  = "cursor"
	Hermes  = "hermes"
)

// A Shape is a payload shape that names the agent that sent it.
type Shape struct {
	// Agent is the agent's name (set by agent.Register).
	Agent string
	// Rank orders the shapes: of those that match, the lowest rank wins.
	Rank int
	// Match reports whether f has this shape.
	Match func(f Fields) bool
}

// shapes are the registered shapes, by rank.
var shapes []Shape

// AddShape registers a payload shape. It is called by agent.Register, from
// init functions only.
func AddShape(s Shape) {
	shapes = append(shapes, s)
	slices.SortStableFunc(shapes, func(a, b Shape) int { return a.Rank - b.Rank })
}

// Detect names the agent that really sent payload, from its shape, or ""
// when the shape is not recognised (the caller then keeps the adapter the
// command line named). Each agent states its shapes (agent.Agent.Shapes);
// the first by rank that matches wins. The built-in ranks:
//
//  1. Cursor (10): any of cursor_version, conversation_id, generation_id,
//     workspace_roots (Cursor's common fields, sent even to hooks it runs
//     from Claude Code's settings).
//  2. Copilot CLI, camelCase shape (20, 21): any of toolName, toolArgs,
//     toolResult, sessionId, or a numeric timestamp (epoch milliseconds).
//  3. Hermes (30): a snake_case event name (pre_tool_call,
//     on_session_start, …) or Hermes' profile/extra fields.
//  4. Codex (40): turn_id, or a transcript under a .codex directory.
//  5. An ISO-string timestamp: Gemini CLI (50) for its own event names
//     (BeforeTool, AfterTool, …) and for shared ones (SessionStart,
//     SessionEnd, Notification) when a transcript_path is present;
//     otherwise Copilot CLI's VS Code-compatible PascalCase shape (51:
//     PreToolUse with timestamp and no transcript_path).
//  6. Claude Code (100): any other payload with a hook_event_name.
func Detect(payload []byte) string {
	f, err := Object(payload)
	if err != nil {
		return ""
	}
	return DetectObject(f)
}

// DetectObject is Detect of a payload that Object has parsed.
func DetectObject(f Fields) string {
	for _, s := range shapes {
		if s.Match(f) {
			return s.Agent
		}
	}
	return ""
}

// HasAny reports whether f has any of keys.
func (f Fields) HasAny(keys ...string) bool {
	for _, k := range keys {
		if _, ok := f[k]; ok {
			return true
		}
	}
	return false
}

// Timestamp is the first byte of f's timestamp member: a digit or '-' for
// a number, '"' for a string, 0 when there is none.
func (f Fields) Timestamp() byte {
	ts := bytes.TrimSpace(f["timestamp"])
	if len(ts) == 0 {
		return 0
	}
	return ts[0]
}

// Event is f's hook_event_name, or "".
func (f Fields) Event() string {
	e, _ := f.String("hook_event_name")
	return e
}
