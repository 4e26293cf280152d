// Package codex speaks the OpenAI Codex CLI hook protocol (verified
// against Codex 0.169.0).
//
// # Contract
//
// Decode reads PreToolUse and PostToolUse (tool_name and a tool_input
// object are required), SessionStart, SessionEnd, and Codex's other
// documented events (recorded as Other); an unknown event name is an
// error. Codex reports every shell tool as Bash with tool_input.command →
// exec; a line Codex takes over and applies itself as a patch
// ("[cd DIR &&] apply_patch <<EOF … EOF") also yields the patch's file
// actions as Codex reads the here-document and DIR, unexpanded
// (intercept.go; the shell analysis judges the helper Codex puts on PATH
// for every other spelling); apply_patch carries the raw patch text in tool_input.command, and
// every file it touches becomes an action (added and updated files →
// file.write, deleted → file.delete, a move → write of the new path and
// delete of the old), with paths resolved against the payload's cwd;
// mcp__<server>__<tool> → mcp.call; Read and view_image (an image file
// the model sees), should a build send them → file.read; anything else →
// unknown. Codex 0.169.0 offers no search or listing tool of its own (its
// tools are exec_command, write_stdin, apply_patch, view_image, web_search
// and tool_search): searches run as shell commands, judged as such.
// Every shell call is marked TTY: Codex may run it on a terminal
// (exec_command tty: true, which its payload does not carry) and sends no
// hook for write_stdin into it, so a program that reads commands from
// its terminal is opaque. Post-tool outcomes: "Exit code: N" in the tool response gives
// the exit code, an MCP result's isError gives success.
//
// Encode, pre-tool: allow is no output and exit 0, except for a shell call,
// whose line is given back pinned to the payload's cwd (workdir.go); deny is
// {"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":R}}
// on stdout, R on stderr (Codex needs it non-empty), exit 2. Codex has no
// ask (an ask answer makes the hook "fail" and the tool run), so ask is a
// deny whose reason says that human approval is required. Post-tool deny
// (the outcome could not be recorded) is {"decision":"block","reason":R}
// with exit 2; session and other events never block.
package codex

import (
	"regexp"
	"strconv"
	"sync"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook"
)

// Adapter is the Codex CLI hook adapter.
type Adapter = hook.Adapt[spec]

type spec struct{}

func (spec) Protocol() *hook.Protocol { return &protocol }

var protocol = hook.Protocol{
	Agent: hook.Codex,
	Strings: func(ev *hook.Event, _ hook.Fields) map[string]*string {
		return map[string]*string{
			"hook_event_name": &ev.Name, "session_id": &ev.SessionID, "turn_id": &ev.TurnID,
			"cwd": &ev.Cwd, "transcript_path": &ev.TranscriptPath, "permission_mode": &ev.PermissionMode,
			"model": &ev.Model, "tool_name": &ev.Tool, "tool_use_id": &ev.ToolUseID,
		}
	},
	Events: events,
	Actions: func(ev *hook.Event, _ hook.Fields) ([]action.Action, error) {
		return actions(ev.Tool, ev.Cwd, ev.Input)
	},
	Outcome: outcome,
	Allow:   pinAllowed,
	Deny:    func(_ *hook.Event, r string) any { return output{specific{"PreToolUse", "deny", r}} },
	Post:    func(r string) (any, int) { return block{"block", r}, 2 },
}

var events = map[string]hook.EventKind{
	"PreToolUse":        hook.PreTool,
	"PostToolUse":       hook.PostTool,
	"SessionStart":      hook.SessionStart,
	"SessionEnd":        hook.SessionEnd,
	"PermissionRequest": hook.Other,
	"UserPromptSubmit":  hook.Other,
	"Stop":              hook.Other,
	"SubagentStart":     hook.Other,
	"SubagentStop":      hook.Other,
	"PreCompact":        hook.Other,
	"PostCompact":       hook.Other,
	"Interrupt":         hook.Other,
}

// exitCode is compiled on first use (package-level regexps cost every hook
// process start-up time).
var exitCode = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^Exit code: (-?\d+)`) })

func actions(tool, cwd string, in map[string]any) ([]action.Action, error) {
	switch tool {
	case "Bash":
		cmd, err := hook.NeedString(tool, in, "command")
		if err != nil {
			return nil, err
		}
		// Codex's hook payload does not say whether the command runs on
		// a terminal (exec_command tty), and write_stdin into one has no
		// hook: every shell call may be typed into later, unseen.
		ex := hook.Exec(tool, cwd, cmd)
		ex.TTY = true
		// exec_command runs the user's shell, which may be dash: the
		// line is read as sh too (shell.Options.PosixSh)
		ex.Shell = action.PosixSh
		return append([]action.Action{ex}, intercepted(tool, cwd, cmd)...), nil
	case "apply_patch":
		return hook.PatchInputs(tool, cwd, in, "command", "input", "patch")
	case "Read", "view_image":
		ps, err := hook.NeedPaths(tool, in, "file_path", "path")
		if err != nil {
			return nil, err
		}
		return []action.Action{hook.File(action.FileRead, tool, cwd, ps...)}, nil
	}
	if srv, name, ok := hook.SplitMCP(tool, "mcp__", "__"); ok {
		return []action.Action{hook.MCP(tool, cwd, srv, name, in)}, nil
	}
	return []action.Action{hook.Unknown(tool, cwd)}, nil
}

func outcome(ev *hook.Event, f hook.Fields) {
	if s, err := f.String("tool_response"); err == nil {
		if m := exitCode().FindStringSubmatch(s); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil {
				ev.ExitCode = hook.Int(n)
				ev.Success = hook.Bool(n == 0)
			}
		}
		return
	}
	if m, err := f.Map("tool_response"); err == nil && m != nil {
		if isErr, ok := m["isError"].(bool); ok {
			ev.Success = hook.Bool(!isErr)
		}
	}
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
