// Package gemini speaks Gemini CLI's hook protocol (verified against
// Gemini CLI 0.61.0).
//
// # Contract
//
// Decode reads BeforeTool and AfterTool (tool_name and a tool_input object
// are required), SessionStart, SessionEnd, and Gemini's other documented
// events (recorded as Other); an unknown event name is an error. Tools map
// to actions: run_shell_command → exec (dir_path resolved against cwd);
// write_file, replace → file.write (Content is the new text); read_file
// → file.read; grep_search (search_file_content before 0.61) and glob → a
// recursive file.read of everything they can reach (see hook.SearchFiles: root
// dir_path or the cwd; grep_search's include_pattern and glob's pattern as
// the pattern, an absolute or ".." pattern widening the root);
// read_many_files → a recursive file.read from the cwd of each include
// (or paths) entry, an entry naming a directory reading all of it (glob
// and read_many_files hand their patterns to node's glob: extended globs
// and case folding are read as hook.SearchCall's table says);
// list_directory → a plain file.read of the directory: it lists names,
// not contents, one level deep, so it is judged as a read of the directory
// itself;
// web_fetch → one net.fetch per URL it fetches, read as Gemini reads them
// (its url argument whole; each white-space token of its prompt holding
// "://", parsed as WHATWG new URL() parses it; see fetchURLs), unknown
// when it names none; google_web_search → a web-search net.fetch; mcp_<server>_<tool> →
// mcp.call (server and tool from mcp_context when present); anything else →
// unknown. Relative paths are resolved against the payload's cwd.
//
// Encode, BeforeTool: allow is no output and exit 0 (Gemini's own policy
// engine still runs); deny is {"decision":"deny","reason":R} on stdout, R
// on stderr, exit 2; ask is {"decision":"ask","reason":R,"systemMessage":R}
// with exit 0 (Gemini forces its confirmation dialog). Gemini ignores
// Claude Code's format, so only this one is written. When an AfterTool
// outcome cannot be recorded the answer is {"systemMessage":R} with exit 0:
// a deny there would replace the tool result the model sees and invite a
// retry of a change that already ran. Session and other events never
// block.
package gemini

import (
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook"
)

// Adapter is the Gemini CLI hook adapter.
type Adapter = hook.Adapt[spec]

type spec struct{}

func (spec) Protocol() *hook.Protocol { return &protocol }

var protocol = hook.Protocol{
	Agent: hook.Gemini,
	Strings: func(ev *hook.Event, _ hook.Fields) map[string]*string {
		return map[string]*string{
			"hook_event_name": &ev.Name, "session_id": &ev.SessionID, "cwd": &ev.Cwd,
			"transcript_path": &ev.TranscriptPath, "tool_name": &ev.Tool,
		}
	},
	Events: events,
	Actions: func(ev *hook.Event, f hook.Fields) ([]action.Action, error) {
		mcpCtx, _ := f.Map("mcp_context")
		return actions(ev.Tool, ev.Cwd, ev.Input, mcpCtx)
	},
	Outcome: func(ev *hook.Event, f hook.Fields) {
		ev.Success = hook.Bool(true)
		if r, _ := f.Map("tool_response"); r != nil {
			if e, ok := r["error"]; ok && e != nil {
				ev.Success = hook.Bool(false)
				switch v := e.(type) {
				case string:
					ev.Error = v
				case map[string]any:
					ev.Error = hook.Str(v, "message")
				}
			}
		}
	},
	Deny: func(_ *hook.Event, r string) any { return decision{Decision: "deny", Reason: r} },
	Ask:  func(_ *hook.Event, r string) any { return decision{"ask", r, r} },
	// A deny after the tool ran would replace the result the model sees
	// with the reason, and the model would retry a change that already
	// ran; a system message warns the user instead.
	Post: func(r string) (any, int) { return message{r}, 0 },
}

var events = map[string]hook.EventKind{
	"BeforeTool":          hook.PreTool,
	"AfterTool":           hook.PostTool,
	"SessionStart":        hook.SessionStart,
	"SessionEnd":          hook.SessionEnd,
	"BeforeAgent":         hook.Other,
	"AfterAgent":          hook.Other,
	"BeforeModel":         hook.Other,
	"AfterModel":          hook.Other,
	"BeforeToolSelection": hook.Other,
	"Notification":        hook.Other,
	"PreCompress":         hook.Other,
}

func actions(tool, cwd string, in, mcpCtx map[string]any) ([]action.Action, error) {
	switch tool {
	case "run_shell_command":
		cmd, err := hook.NeedString(tool, in, "command")
		if err != nil {
			return nil, err
		}
		return hook.Execs(tool, cwd, cmd, hook.Paths(in, "dir_path", "directory")), nil
	case "write_file", "replace":
		ps, err := hook.NeedPaths(tool, in, "file_path", "absolute_path")
		if err != nil {
			return nil, err
		}
		a := hook.File(action.FileWrite, tool, cwd, ps...)
		a.Content = hook.Str(in, "content", "new_string")
		return []action.Action{a}, nil
	case "read_file":
		ps, err := hook.NeedPaths(tool, in, "file_path", "absolute_path")
		if err != nil {
			return nil, err
		}
		return []action.Action{hook.File(action.FileRead, tool, cwd, ps...)}, nil
	case "read_many_files":
		return hook.SearchCall("gemini/read_many_files", tool, cwd, in), nil
	case "grep_search", "search_file_content":
		return hook.SearchCall("gemini/grep_search", tool, cwd, in), nil
	case "glob":
		return hook.SearchCall("gemini/glob", tool, cwd, in), nil
	case "list_directory":
		return []action.Action{hook.File(action.FileRead, tool, cwd, hook.Paths(in, "dir_path", "path", "directory")...)}, nil
	case "web_fetch":
		var out []action.Action
		for _, u := range fetchURLs(in) {
			out = append(out, hook.Fetch(tool, cwd, u))
		}
		if len(out) == 0 {
			out = append(out, hook.Unknown(tool, cwd))
		}
		return out, nil
	case "google_web_search":
		return []action.Action{hook.Search(tool, cwd)}, nil
	}
	if srv, name := hook.Str(mcpCtx, "server_name"), hook.Str(mcpCtx, "tool_name"); srv != "" && name != "" {
		return []action.Action{hook.MCP(tool, cwd, srv, name, in)}, nil
	}
	if srv, name, ok := hook.SplitMCP(tool, "mcp_", "_"); ok {
		return []action.Action{hook.MCP(tool, cwd, srv, name, in)}, nil
	}
	return []action.Action{hook.Unknown(tool, cwd)}, nil
}

// fetchURLs returns the URLs web_fetch fetches, read as Gemini CLI reads
// them (packages/core/src/tools/web-fetch.ts): url whole (direct mode,
// new URL(params.url), leading and trailing controls and spaces trimmed),
// and in prompt every token between JavaScript white
// space (text.split(/\s+/)) that holds "://", each parsed by the WHATWG
// URL parser (new URL(token): the scheme case-folded, the userinfo up to
// the authority's last '@', quotes and parentheses included). A token
// that does not start with a letter cannot parse (Gemini refuses the call)
// and is read from its first letter too, as an older Gemini's URL
// extraction did. hook.Fetch takes each URL's host as the WHATWG parser
// reads it, the policy as Go's does: the strictest wins.
func fetchURLs(in map[string]any) []string {
	var out []string
	add := func(u string) {
		if u != "" && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	for _, u := range hook.StrList(in, "url") {
		add(strings.TrimFunc(u, func(r rune) bool { return r <= ' ' })) // as new URL() trims it
	}
	for _, p := range hook.StrList(in, "prompt") {
		for _, tok := range strings.FieldsFunc(p, hook.JSSpace) {
			if !strings.Contains(tok, "://") {
				continue
			}
			add(tok)
			if i := strings.IndexFunc(tok, isLetter); i > 0 {
				add(tok[i:])
			}
		}
	}
	return out
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

type message struct {
	SystemMessage string `json:"systemMessage"`
}

type decision struct {
	Decision      string `json:"decision"`
	Reason        string `json:"reason"`
	SystemMessage string `json:"systemMessage,omitempty"`
}
