// Package cursor speaks Cursor's agent hook protocol (documented protocol,
// cursor.com/docs/hooks, 2026; no live capture yet).
//
// # Contract
//
// Decode reads preToolUse (tool_name and a tool_input object required),
// beforeShellExecution (command required), beforeMCPExecution (tool_name
// required; tool_input is a JSON string), beforeReadFile (file_path
// required; the file content Cursor sends is not kept in Event.Input, so
// it never reaches the evidence log), the post events (postToolUse,
// postToolUseFailure, afterShellExecution, afterMCPExecution,
// afterFileEdit), sessionStart, sessionEnd and Cursor's other documented
// events (recorded as Other). Cursor also runs hooks registered in Claude
// Code's settings and sends this same shape there. An unknown event name
// is an error.
//
// Tools: Shell → exec; Write, Edit → file.write; Delete → file.delete;
// Read, LS → file.read; Grep and Glob → a recursive file.read of
// everything they can reach (see hook.SearchFiles: every root argument
// present (path, target_directory, directory, dir_path, paths, root), or
// the cwd; Grep's glob, include_pattern and type, Glob's glob_pattern,
// pattern and glob, each a pattern, an absolute or ".." pattern widening
// the root; the argument names are Cursor's documented and Claude Code's,
// not yet seen in a capture, so all of them count); WebFetch → net.fetch;
// WebSearch → a web-search net.fetch; MCP:<tool> (or MCP:<server>:<tool>)
// → mcp.call; anything else → unknown.
//
// Encode, permission events: allow is no output and exit 0; deny is
// {"continue":true,"permission":"deny","user_message":R,"agent_message":R}
// on stdout, R on stderr, exit 2. Ask is native ({"permission":"ask"},
// exit 0) for beforeShellExecution and beforeMCPExecution only: Cursor
// accepts but does not enforce ask on preToolUse, so there it is a deny
// whose reason says that human approval is required. Other events never
// block.
package cursor

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook"
)

// Adapter is Cursor's hook adapter.
type Adapter = hook.Adapt[spec]

type spec struct{}

func (spec) Protocol() *hook.Protocol { return &protocol }

var protocol = hook.Protocol{
	Agent: hook.Cursor,
	Strings: func(ev *hook.Event, _ hook.Fields) map[string]*string {
		return map[string]*string{
			"hook_event_name": &ev.Name, "conversation_id": &ev.SessionID, "cwd": &ev.Cwd,
			"transcript_path": &ev.TranscriptPath, "model": &ev.Model, "cursor_version": &ev.AgentVersion,
			"user_email": &ev.UserEmail, "tool_use_id": &ev.ToolUseID,
		}
	},
	Prepare: func(ev *hook.Event, f hook.Fields, _ string) {
		if ev.Cwd == "" {
			if roots := hook.StrList(member(f, "workspace_roots"), "r"); len(roots) > 0 {
				ev.Cwd = roots[0]
			}
		}
	},
	Kind: func(name string) (hook.EventKind, bool) {
		// Claude Code's spelling of the same events, when Cursor runs
		// hooks from Claude's settings with its own names capitalised.
		k, ok := events[lowerFirst(name)]
		return k, ok
	},
	Tool:    tool,
	Outcome: outcome,
	Deny:    func(_ *hook.Event, r string) any { return output{true, "deny", r, r} },
	Ask: func(ev *hook.Event, r string) any {
		if name := eventName(ev); name == "beforeShellExecution" || name == "beforeMCPExecution" {
			return output{true, "ask", r, r}
		}
		return nil
	},
}

// eventName is ev's event name in Cursor's own spelling.
func eventName(ev *hook.Event) string {
	if ev == nil {
		return "preToolUse"
	}
	return lowerFirst(ev.Name)
}

// member is f's member key decoded on its own, as the member "r" of the
// map returned (nil when f has no such member).
func member(f hook.Fields, key string) map[string]any {
	r, ok := f[key]
	if !ok {
		return nil
	}
	m, _ := hook.DecodeMap(append(append([]byte(`{"r":`), r...), '}'))
	return m
}

var events = map[string]hook.EventKind{
	"preToolUse": hook.PreTool, "beforeShellExecution": hook.PreTool,
	"beforeMCPExecution": hook.PreTool, "beforeReadFile": hook.PreTool,
	"postToolUse": hook.PostTool, "postToolUseFailure": hook.PostTool,
	"afterShellExecution": hook.PostTool, "afterMCPExecution": hook.PostTool,
	"afterFileEdit": hook.PostTool,
	"sessionStart":  hook.SessionStart, "sessionEnd": hook.SessionEnd,
	"subagentStart": hook.Other, "subagentStop": hook.Other, "beforeSubmitPrompt": hook.Other,
	"preCompact": hook.Other, "stop": hook.Other, "afterAgentResponse": hook.Other,
	"afterAgentThought": hook.Other, "beforeTabFileRead": hook.Other,
	"afterTabFileEdit": hook.Other, "workspaceOpen": hook.Other,
}

// Decode reads one Cursor hook payload.
// tool reads a tool event's tool call, by event.
func tool(ev *hook.Event, f hook.Fields) error {
	var err error
	switch lowerFirst(ev.Name) {
	case "beforeShellExecution", "afterShellExecution":
		ev.Tool = "Shell"
		cmd, err := f.String("command")
		if err != nil || cmd == "" {
			return fmt.Errorf("%w: command is missing", hook.ErrField)
		}
		ev.Input = map[string]any{"command": cmd}
		ev.Actions = []action.Action{hook.Exec("Shell", ev.Cwd, cmd)}
	case "beforeReadFile":
		ev.Tool = "Read"
		p, err := f.String("file_path")
		if err != nil || p == "" {
			return fmt.Errorf("%w: file_path is missing", hook.ErrField)
		}
		ev.Input = map[string]any{"file_path": p}
		ev.Actions = []action.Action{hook.File(action.FileRead, "Read", ev.Cwd, p)}
	case "afterFileEdit":
		ev.Tool = "Write"
		p, err := f.String("file_path")
		if err != nil || p == "" {
			return fmt.Errorf("%w: file_path is missing", hook.ErrField)
		}
		ev.Input = map[string]any{"file_path": p}
		ev.Actions = []action.Action{hook.File(action.FileWrite, "Write", ev.Cwd, p)}
	case "beforeMCPExecution", "afterMCPExecution":
		if ev.Tool, err = f.String("tool_name"); err != nil || ev.Tool == "" {
			return fmt.Errorf("%w: tool_name is missing", hook.ErrField)
		}
		if ev.Input, err = mcpInput(f); err != nil {
			return err
		}
		srv, name := "", ev.Tool
		if s, n, ok := strings.Cut(strings.TrimPrefix(ev.Tool, "MCP:"), ":"); ok {
			srv, name = s, n
		}
		ev.Actions = []action.Action{hook.MCP(ev.Tool, ev.Cwd, srv, name, ev.Input)}
	default:
		if ev.Tool, err = f.String("tool_name"); err != nil || ev.Tool == "" {
			return fmt.Errorf("%w: tool_name is missing", hook.ErrField)
		}
		if ev.Input, err = hook.RequireInput(f, "tool_input"); err != nil {
			return err
		}
		ev.Actions, err = actions(ev.Tool, ev.Cwd, ev.Input)
	}
	return err
}

// outcome fills a post-tool event's outcome.
func outcome(ev *hook.Event, f hook.Fields) {
	ev.Success = hook.Bool(!strings.HasSuffix(ev.Name, "Failure"))
	if ev.Name == "afterShellExecution" {
		if n, ok := member(f, "exit_code")["r"].(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				ev.ExitCode = hook.Int(int(i))
				ev.Success = hook.Bool(i == 0)
			}
		}
	}
	ev.Error, _ = f.String("error_message")
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// mcpInput decodes beforeMCPExecution's tool_input: a JSON string (as
// documented) or an object; url or command of the server are kept.
func mcpInput(f hook.Fields) (map[string]any, error) {
	var in map[string]any
	if s, err := f.String("tool_input"); err == nil && s != "" {
		if in, err = hook.DecodeMap([]byte(s)); err != nil {
			return nil, fmt.Errorf("%w: tool_input is not a JSON object", hook.ErrField)
		}
	} else if in, err = hook.RequireInput(f, "tool_input"); err != nil {
		return nil, err
	}
	return in, nil
}

func actions(tool, cwd string, in map[string]any) ([]action.Action, error) {
	switch tool {
	case "Shell", "Bash":
		cmd, err := hook.NeedString(tool, in, "command")
		if err != nil {
			return nil, err
		}
		return hook.Execs(tool, cwd, cmd, hook.Paths(in, "working_directory", "cwd")), nil
	case "Write", "Edit":
		ps, err := hook.NeedPaths(tool, in, "file_path", "path", "target_file")
		if err != nil {
			return nil, err
		}
		a := hook.File(action.FileWrite, tool, cwd, ps...)
		a.Content = hook.Str(in, "content", "contents", "new_string")
		return []action.Action{a}, nil
	case "Delete":
		ps, err := hook.NeedPaths(tool, in, "file_path", "path", "target_file")
		if err != nil {
			return nil, err
		}
		return []action.Action{hook.File(action.FileDelete, tool, cwd, ps...)}, nil
	case "Read":
		ps, err := hook.NeedPaths(tool, in, "file_path", "path", "target_file")
		if err != nil {
			return nil, err
		}
		return []action.Action{hook.File(action.FileRead, tool, cwd, ps...)}, nil
	case "Grep":
		return hook.SearchCall("cursor/Grep", tool, cwd, in), nil
	case "Glob":
		return hook.SearchCall("cursor/Glob", tool, cwd, in), nil
	case "LS":
		return []action.Action{hook.File(action.FileRead, tool, cwd, hook.Paths(in, "path", "target_directory")...)}, nil
	case "WebFetch":
		u, err := hook.NeedString(tool, in, "url")
		if err != nil {
			return nil, err
		}
		return []action.Action{hook.Fetch(tool, cwd, u)}, nil
	case "WebSearch":
		return []action.Action{hook.Search(tool, cwd)}, nil
	}
	if rest, ok := strings.CutPrefix(tool, "MCP:"); ok && rest != "" {
		srv, name, found := strings.Cut(rest, ":")
		if !found {
			srv, name = "", rest
		}
		if name != "" {
			return []action.Action{hook.MCP(tool, cwd, srv, name, in)}, nil
		}
	}
	return []action.Action{hook.Unknown(tool, cwd)}, nil
}

type output struct {
	Continue     bool   `json:"continue"`
	Permission   string `json:"permission"`
	UserMessage  string `json:"user_message"`
	AgentMessage string `json:"agent_message"`
}
