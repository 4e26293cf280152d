// Package hermes speaks Nous Research Hermes Agent's shell-hook protocol
// (documented protocol and source, 2026-09; no live capture yet).
//
// # Contract
//
// Decode reads pre_tool_call and post_tool_call (tool_name and a
// tool_input object are required; Hermes sends null when the arguments are
// not an object, which is an error), on_session_start, on_session_end,
// on_session_finalize, and Hermes' other documented events (recorded as
// Other); an unknown event name is an error. The tool call id comes from
// extra.tool_call_id.
//
// Tools: terminal → exec (workdir resolved against cwd); write_file →
// file.write; patch → file.write of its path (replace mode) or one action
// per file of its V4A patch (patch mode; Delete File → file.delete);
// read_file → file.read; search_files → a recursive file.read of
// everything it can reach (see hook.SearchFiles: root path, a directory or
// a file, or the cwd; file_glob, or pattern when target is files, as the
// pattern, an absolute or ".." pattern widening the root), and, when its
// pattern or path starts with '-', the rg and grep command lines Hermes
// builds without "--", judged as commands (hook.SearchArgv);
// web_extract, browser_navigate →
// net.fetch per URL; web_search → a web-search net.fetch;
// mcp_<server>_<tool> and mcp__<server>__<tool> → one mcp.call per way the
// name splits into server and tool (mcpname.go); anything else (including execute_code,
// which runs Python that can call tools) → unknown, which the policy denies
// unless it allows the tool by name.
//
// Encode, pre_tool_call: allow is no output and exit 0; deny is
// {"decision":"block","reason":R} on stdout, R on stderr, exit 2. Hermes
// hooks have no ask, so ask is a deny whose reason says that human
// approval is required. Other events never block. Install the hook with
// fail_closed: true so that Hermes blocks when the hook cannot run at all.
package hermes

import (
	"fmt"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook"
)

// Adapter is the Hermes Agent hook adapter.
type Adapter = hook.Adapt[spec]

type spec struct{}

func (spec) Protocol() *hook.Protocol { return &protocol }

var protocol = hook.Protocol{
	Agent: hook.Hermes,
	Strings: func(ev *hook.Event, _ hook.Fields) map[string]*string {
		return map[string]*string{
			"hook_event_name": &ev.Name, "session_id": &ev.SessionID, "cwd": &ev.Cwd, "tool_name": &ev.Tool,
		}
	},
	Prepare: func(ev *hook.Event, f hook.Fields, _ string) {
		if extra, err := f.Map("extra"); err == nil {
			ev.ToolUseID = hook.Str(extra, "tool_call_id")
			ev.Model = hook.Str(extra, "model")
		}
	},
	Events: events,
	Actions: func(ev *hook.Event, _ hook.Fields) ([]action.Action, error) {
		return actions(ev.Tool, ev.Cwd, ev.Input)
	},
	Deny: func(_ *hook.Event, r string) any { return output{"block", r} },
	// The terminal tool keeps a cwd per session (terminal_tool.py
	// _update_cwd after every command), and the file tools resolve
	// relative paths from it (file_tools_paths.py
	// _authoritative_workspace_root → get_session_cwd); the payload's cwd
	// is Path.cwd(), the process's (shell_hooks.py _payload_fields).
	KeepsCwd: true,
	// Its terminal runs each command in a new bash that sources the
	// session's snapshot first and re-dumps it after (export -p, declare
	// -f of every function, alias -p, shopt -s expand_aliases:
	// tools/environments/base_session_env.py _wrap_command_script), shared
	// by the sessions of one environment.
	KeepsShellState: true,
}

var events = map[string]hook.EventKind{
	"pre_tool_call":    hook.PreTool,
	"post_tool_call":   hook.PostTool,
	"on_session_start": hook.SessionStart, "on_session_end": hook.SessionEnd,
	"on_session_finalize": hook.SessionEnd,
	"on_session_reset":    hook.Other, "pre_llm_call": hook.Other, "post_llm_call": hook.Other,
	"pre_verify": hook.Other, "subagent_start": hook.Other, "subagent_stop": hook.Other,
	"pre_gateway_dispatch": hook.Other, "pre_approval_request": hook.Other,
	"post_approval_response": hook.Other, "transform_tool_result": hook.Other,
	"transform_terminal_output": hook.Other, "transform_llm_output": hook.Other,
}

func actions(tool, cwd string, in map[string]any) ([]action.Action, error) {
	switch tool {
	case "terminal":
		cmd, err := hook.NeedString(tool, in, "command")
		if err != nil {
			return nil, err
		}
		return hook.Execs(tool, cwd, cmd, hook.Paths(in, "workdir", "cwd")), nil
	case "write_file":
		ps, err := hook.NeedPaths(tool, in, "path", "file_path")
		if err != nil {
			return nil, err
		}
		a := hook.File(action.FileWrite, tool, cwd, ps...)
		a.Content = hook.Str(in, "content")
		return []action.Action{a}, nil
	case "patch":
		if hook.Str(in, "mode") == "patch" {
			text, err := hook.NeedString(tool, in, "patch")
			if err != nil {
				return nil, err
			}
			return hook.PatchActions(tool, cwd, text)
		}
		ps, err := hook.NeedPaths(tool, in, "path", "file_path")
		if err != nil {
			return nil, err
		}
		a := hook.File(action.FileWrite, tool, cwd, ps...)
		a.Content = hook.Str(in, "new_string")
		return []action.Action{a}, nil
	case "read_file":
		ps, err := hook.NeedPaths(tool, in, "path", "file_path")
		if err != nil {
			return nil, err
		}
		return []action.Action{hook.File(action.FileRead, tool, cwd, ps...)}, nil
	case "search_files":
		// target "files" (or "find") searches names with pattern as the
		// glob; "content" (or "grep", the default) searches contents of
		// the files file_glob matches.
		// The pattern and path also go to rg or grep as arguments
		// (hook.SearchArgv): one that starts with '-' is an option.
		// Its reading of path and pattern (the multi-path split, the
		// files-mode rewrite) is hook.SearchCall's table.
		key := "hermes/search_files"
		if t := hook.Str(in, "target"); t == "files" || t == "find" {
			key += ":files"
		}
		return hook.SearchCall(key, tool, cwd, in), nil
	case "web_search":
		return []action.Action{hook.Search(tool, cwd)}, nil
	case "web_extract", "browser_navigate":
		var out []action.Action
		for _, u := range append(hook.StrList(in, "urls"), hook.StrList(in, "url")...) {
			out = append(out, hook.Fetch(tool, cwd, u))
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("%w: %s call without url", hook.ErrField, tool)
		}
		return out, nil
	}
	if acts := mcpActions(tool, cwd, in); len(acts) > 0 { // mcpname.go
		return acts, nil
	}
	return []action.Action{hook.Unknown(tool, cwd)}, nil
}

type output struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}
