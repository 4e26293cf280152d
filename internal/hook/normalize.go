package hook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hostname"
)

// Errors shared by the adapters; wrap them with the agent's details.
var (
	// ErrPayload is a payload that is not one JSON object.
	ErrPayload = errors.New("hook: payload is not a JSON object")
	// ErrEvent is an event name the adapter does not know.
	ErrEvent = errors.New("hook: unknown event")
	// ErrField is a required field that is missing or has the wrong type.
	ErrField = errors.New("hook: missing or malformed field")
)

// Fields is a JSON object decoded one level deep: values stay raw so that
// each adapter decodes exactly the fields it knows and ignores the rest
// (a newer agent version adding fields must still work).
type Fields map[string]json.RawMessage

// Object decodes data as exactly one JSON object with nothing after it.
func Object(data []byte) (Fields, error) {
	if f, ok := objectFast(data); ok {
		return f, nil
	}
	return objectDecode(data)
}

// objectDecode is Object through encoding/json: the reference objectFast
// answers as, and every case objectFast leaves to it.
func objectDecode(data []byte) (Fields, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var f Fields
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPayload, err)
	}
	if f == nil {
		return nil, fmt.Errorf("%w: got null", ErrPayload)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: trailing data after the object", ErrPayload)
	}
	return f, nil
}

// objectFast is objectDecode for the payloads every hook call brings: a
// valid JSON object (json.Valid, encoding/json's own scanner, checks the
// whole input) whose member names have no escape and no byte above
// ASCII, split one level deep without reflection (a fifth of the
// decoder's time). Anything else (not an object, a name to unescape) is
// left to objectDecode (ok false). Values are the members' exact bytes,
// as json.RawMessage keeps them, in one copy of data; a repeated name
// keeps its last value, as encoding/json does. FuzzObject holds it to
// objectDecode.
func objectFast(data []byte) (Fields, bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' || !json.Valid(data) {
		return nil, false
	}
	buf := bytes.Clone(data)
	f := make(Fields, 16)
	i = skipSpace(buf, i+1)
	if buf[i] == '}' {
		return f, true
	}
	for {
		if buf[i] != '"' {
			return nil, false // not reached: json.Valid
		}
		j := i + 1
		for ; buf[j] != '"'; j++ {
			if c := buf[j]; c == '\\' || c >= utf8.RuneSelf {
				return nil, false
			}
		}
		key := string(buf[i+1 : j])
		i = skipSpace(buf, j+1) // at ':'
		i = skipSpace(buf, i+1)
		end := valueEnd(buf, i)
		f[key] = json.RawMessage(buf[i:end:end])
		i = skipSpace(buf, end)
		if buf[i] != ',' {
			return f, true // '}': json.Valid
		}
		i = skipSpace(buf, i+1)
	}
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// valueEnd returns the end of the valid JSON value starting at b[i].
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; ; i++ {
			switch b[i] {
			case '"':
				i = stringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
	default: // a number, true, false or null
		for i < len(b) {
			switch b[i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return i
			}
			i++
		}
		return i
	}
}

// stringEnd returns the index just past the closing quote of the valid
// JSON string starting at b[i].
func stringEnd(b []byte, i int) int {
	for i++; ; i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
}

// Has reports whether key is present and not null.
func (f Fields) Has(key string) bool {
	v, ok := f[key]
	return ok && !isNull(v)
}

func isNull(v json.RawMessage) bool {
	return len(bytes.TrimSpace(v)) == 0 || string(bytes.TrimSpace(v)) == "null"
}

// String returns the string at key; absent or null is "", any other type
// is an error.
func (f Fields) String(key string) (string, error) {
	v, ok := f[key]
	if !ok || isNull(v) {
		return "", nil
	}
	// A string without escapes is its bytes between the quotes (v is one
	// valid JSON value, as Object decoded it); anything else, including
	// invalid UTF-8, which encoding/json replaces, takes json.Unmarshal.
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' && bytes.IndexByte(v, '\\') < 0 && utf8.Valid(v) {
		return string(v[1 : len(v)-1]), nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", fmt.Errorf("%w: %s is not a string", ErrField, key)
	}
	return s, nil
}

// Strings reads several string fields at once; the first type error wins.
func (f Fields) Strings(dst map[string]*string) error {
	for k, p := range dst {
		s, err := f.String(k)
		if err != nil {
			return err
		}
		*p = s
	}
	return nil
}

// Map returns the object at key decoded with json.Number numbers; absent
// or null is nil, any other type is an error.
func (f Fields) Map(key string) (map[string]any, error) {
	v, ok := f[key]
	if !ok || isNull(v) {
		return nil, nil
	}
	m, err := DecodeMap(v)
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not an object", ErrField, key)
	}
	return m, nil
}

// DecodeMap decodes one JSON object, keeping numbers exact.
func DecodeMap(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("null")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data")
	}
	return m, nil
}

// Str returns the first of keys in m that holds a non-empty string.
func Str(m map[string]any, keys ...string) string {
	for _, k := range keys {
		if s, ok := m[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// Paths returns every distinct non-empty string under keys in m (each a
// string or an array of strings), in the order of keys. A tool input that
// names its target under several keys (file_path and absolute_path,
// dir_path and directory) is judged on every one: the tool, or another
// build of it, may use any of them, so each is a target.
func Paths(m map[string]any, keys ...string) []string {
	var out []string
	for _, k := range keys {
		for _, s := range StrList(m, k) {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// NeedPaths is Paths, or an error naming tool and keys when there is none.
func NeedPaths(tool string, m map[string]any, keys ...string) ([]string, error) {
	if ps := Paths(m, keys...); len(ps) > 0 {
		return ps, nil
	}
	return nil, fmt.Errorf("%w: %s call without %s", ErrField, tool, strings.Join(keys, " or "))
}

// Execs is one exec action of command for each of dirs (resolved against
// cwd, in each of its PathReadings), or one in cwd when there is none: a
// shell tool given its directory under several keys may run in any of
// them.
func Execs(tool, cwd, command string, dirs []string) []action.Action {
	if len(dirs) == 0 {
		return []action.Action{Exec(tool, cwd, command)}
	}
	out := make([]action.Action, 0, len(dirs))
	var seen []string
	for _, d := range dirs {
		for _, r := range PathReadings(d) { // the agent may trim it
			if r = ResolvePath(cwd, r); !slices.Contains(seen, r) {
				seen = append(seen, r)
				out = append(out, Exec(tool, r, command))
			}
		}
	}
	return out
}

// StrList returns the strings of the array at key in m (non-strings are
// skipped); a single string is a one-element list.
func StrList(m map[string]any, key string) []string {
	switch v := m[key].(type) {
	case string:
		if v != "" {
			return []string{v}
		}
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// ResolvePath makes p absolute against cwd. A relative p with no cwd
// stays relative (the policy resolves it against the repository). A
// home-relative p ("~" or "~/…", as models write them, and "~NAME/…",
// another user's home to Python's expanduser) is kept so that the policy
// expands it with the user's home: judging it as the home path is the
// conservative reading whether or not the tool expands "~", and the
// policy judges "~NAME/…" both ways (toolpaths.go).
//
// ".." is kept: only the kernel knows what "dir/.." is, since dir may be a
// symlink (/dev/fd/../environ is /proc/self/environ, not /dev/environ), and
// the policy resolves paths through the file system as the kernel does.
// Only "." components and repeated or trailing slashes are dropped.
func ResolvePath(cwd, p string) string {
	if p == "" {
		return ""
	}
	if !filepath.IsAbs(p) && !strings.HasPrefix(p, "~") && cwd != "" {
		p = cwd + "/" + p
	}
	return tidyPath(p)
}

// tidyPath drops "." components and repeated and trailing slashes, and
// keeps ".." (see ResolvePath).
func tidyPath(p string) string {
	abs := strings.HasPrefix(p, "/")
	var parts []string
	for _, c := range strings.Split(p, "/") {
		if c == "" || c == "." {
			continue
		}
		parts = append(parts, c)
	}
	out := strings.Join(parts, "/")
	if abs {
		return "/" + out
	}
	if out == "" {
		return "."
	}
	return out
}

// Exec is an exec action for a shell command line.
func Exec(tool, cwd, command string) action.Action {
	return action.Action{Kind: action.Exec, Tool: tool, Cwd: cwd, Command: command}
}

// File is a file.read, file.write or file.delete action on paths resolved
// against cwd, each in every reading the agent may give it (PathReadings).
// With no path the action is on cwd itself (a search tool without a path
// searches the working directory).
func File(kind action.Kind, tool, cwd string, paths ...string) action.Action {
	var out []string
	for _, p := range paths {
		if p == "" {
			continue
		}
		for _, r := range PathReadings(p) {
			if r = ResolvePath(cwd, r); !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	if len(out) == 0 {
		if cwd == "" {
			cwd = "."
		}
		out = []string{cwd}
	}
	return action.Action{Kind: kind, Tool: tool, Cwd: cwd, Paths: out}
}

// Fetch is a net.fetch action for a URL; the host is filled from it as a
// WHATWG URL parser reads it (the agents' own: Node's new URL(), Rust's
// url crate), or Go's when that finds none. The policy reads URL with
// Go's parser too and judges both hosts: where the two parsers disagree
// (a quote or parenthesis before the userinfo's '@', a backslash, a
// scheme in capitals), the strictest reading wins.
func Fetch(tool, cwd, rawURL string) action.Action {
	a := action.Action{Kind: action.NetFetch, Tool: tool, Cwd: cwd, URL: rawURL, Method: "GET"}
	if _, h, _ := hostname.URL(rawURL); h != "" {
		a.Host = h
	} else if u, err := url.Parse(rawURL); err == nil {
		a.Host = u.Hostname()
	}
	return a
}

// SearchHost is the host of a web search action: a search runs at the
// agent vendor's search backend, not at a URL the model chose.
const SearchHost = "web-search"

// Search is a net.fetch action for a web search tool: host SearchHost,
// method SEARCH, so a policy can allow or deny web search as such.
func Search(tool, cwd string) action.Action {
	return action.Action{Kind: action.NetFetch, Tool: tool, Cwd: cwd, Host: SearchHost, Method: "SEARCH"}
}

// MCP is an mcp.call action.
func MCP(tool, cwd, server, name string, args map[string]any) action.Action {
	a := action.Action{Kind: action.MCPCall, Tool: tool, Cwd: cwd, Server: server, MCPTool: name}
	if args != nil {
		if b, err := json.Marshal(args); err == nil {
			a.Arguments = b
		}
	} else {
		a.Arguments = json.RawMessage("{}")
	}
	return a
}

// Unknown is an action Mandate cannot classify; the policy denies it unless
// it explicitly allows the tool.
func Unknown(tool, cwd string) action.Action {
	return action.Action{Kind: action.Unknown, Tool: tool, Cwd: cwd}
}

// SplitMCP splits an MCP tool name of the form prefix+server+sep+tool
// ("mcp__github__create_issue" with prefix "mcp__" and sep "__"). The server
// is the part up to the first sep; ok is false when name is not one.
func SplitMCP(name, prefix, sep string) (server, tool string, ok bool) {
	rest, found := strings.CutPrefix(name, prefix)
	if !found {
		return "", "", false
	}
	server, tool, found = strings.Cut(rest, sep)
	if !found || server == "" || tool == "" {
		return "", "", false
	}
	return server, tool, true
}

// Finish stamps every action with the event's identity: version, cwd (when
// the action has none) and the Actor fields an adapter knows. The gate
// fills the rest of the Actor.
func (ev *Event) Finish() {
	for i := range ev.Actions {
		a := &ev.Actions[i]
		a.V = action.Version
		if a.Cwd == "" {
			a.Cwd = ev.Cwd
		}
		if a.Tool == "" {
			a.Tool = ev.Tool
		}
		a.Actor.Agent = ev.Agent
		a.Actor.AgentVersion = ev.AgentVersion
		a.Actor.Model = ev.Model
		a.Actor.SessionID = ev.SessionID
	}
}

// Bool returns a pointer to b, for Event.Success.
func Bool(b bool) *bool { return &b }

// Int returns a pointer to i, for Event.ExitCode.
func Int(i int) *int { return &i }

// WriteJSON writes v as one line of JSON (HTML characters unescaped, so a
// reason reads as written).
func WriteJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// RequireInput returns the tool input object at key, or an error naming
// the agent when it is missing: a tool call whose input cannot be read is
// denied, never guessed.
func RequireInput(f Fields, key string) (map[string]any, error) {
	if !f.Has(key) {
		return nil, fmt.Errorf("%w: %s is missing", ErrField, key)
	}
	return f.Map(key)
}

// NeedString returns m[key] or an error naming tool and field.
func NeedString(tool string, m map[string]any, keys ...string) (string, error) {
	if s := Str(m, keys...); s != "" {
		return s, nil
	}
	return "", fmt.Errorf("%w: %s call without %s", ErrField, tool, strings.Join(keys, " or "))
}
