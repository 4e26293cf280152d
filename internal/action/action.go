// Package action defines the normalized action: the one versioned shape that
// every interception point (agent hooks, the MCP proxy, the sandbox, the CLI)
// produces before the policy engine decides and the evidence log records.
//
// # Contract
//
// An Action says what an agent is about to do (its Kind and the fields that
// kind uses) and who is doing it (the Actor). Adapters fill it from whatever
// the agent sent; the policy engine reads only this type, so the same
// agent-policy.yaml decides the same way whichever agent asks.
//
// Kinds and the fields they use:
//
//   - exec: Command (a shell command line) and/or Argv, Cwd, Env (names
//     only); TTY when the agent can type into its terminal unseen; Shell
//     when the line is not a POSIX shell's.
//   - file.read, file.write, file.delete: Paths (absolute, or relative to Cwd);
//     file.write may carry Content or Patch; a file.read may be Recursive
//     (everything below Paths, optionally only what Pattern matches).
//   - net.fetch: URL and/or Host, Method.
//   - mcp.call: Server, MCPTool, Arguments.
//   - unknown: anything an adapter could not map. Denied unless a policy
//     explicitly allows it.
//
// The JSON encoding is versioned by the "v" field (currently 1). Parse
// rejects unknown fields, unknown kinds, unsupported versions and oversized
// input rather than guessing: an action that cannot be read exactly is an
// error, and the caller turns errors into denials.
package action

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Version is the current version of the Action JSON encoding.
const Version = 1

// MaxJSONSize bounds the size of one action's JSON encoding accepted by Parse.
const MaxJSONSize = 16 << 20

// Kind is what an action does.
type Kind string

// The action kinds.
const (
	Exec       Kind = "exec"
	FileRead   Kind = "file.read"
	FileWrite  Kind = "file.write"
	FileDelete Kind = "file.delete"
	NetFetch   Kind = "net.fetch"
	MCPCall    Kind = "mcp.call"
	Unknown    Kind = "unknown"
)

// Kinds lists every valid Kind.
var Kinds = []Kind{Exec, FileRead, FileWrite, FileDelete, NetFetch, MCPCall, Unknown}

// Valid reports whether k is one of the defined kinds.
func (k Kind) Valid() bool {
	for _, v := range Kinds {
		if k == v {
			return true
		}
	}
	return false
}

// PowerShell is Action.Shell of a PowerShell command line.
const PowerShell = "powershell"

// PosixSh is Action.Shell of a command line that may run under a POSIX
// sh (dash) as well as bash: Codex's exec_command runs the user's shell.
const PosixSh = "sh"

// Trust levels, from least to most capable.
const (
	ReadOnly   = "read_only"
	WriteLocal = "write_local"
	External   = "external"
)

// TrustLevels lists the valid trust levels, least capable first.
var TrustLevels = []string{ReadOnly, WriteLocal, External}

// ValidTrust reports whether s names a trust level.
func ValidTrust(s string) bool {
	for _, v := range TrustLevels {
		if s == v {
			return true
		}
	}
	return false
}

// Actor is who performs an action: the session it belongs to and the
// identity behind it.
type Actor struct {
	SessionID    string `json:"session_id,omitempty"`
	Agent        string `json:"agent,omitempty"`
	AgentVersion string `json:"agent_version,omitempty"`
	Model        string `json:"model,omitempty"`
	User         string `json:"user,omitempty"`
	// Groups are the identity-provider groups of User; policy roles map
	// them to a trust level.
	Groups []string `json:"groups,omitempty"`
	// TrustLevel, when set, is the trust level the session runs at. When
	// empty the policy derives it from Groups (roles) or its default.
	TrustLevel string `json:"trust_level,omitempty"`
	// RepoRoot is the root of the repository the session works in; path
	// rules are relative to it.
	RepoRoot string `json:"repo_root,omitempty"`
	// Home is the user's home directory, used to find credential stores.
	Home string `json:"home,omitempty"`
	Host string `json:"host,omitempty"`
}

// Action is one normalized agent action.
type Action struct {
	V    int  `json:"v"`
	Kind Kind `json:"kind"`
	// Tool is the agent's own name for the tool (Bash, write_file, …).
	Tool string `json:"tool,omitempty"`
	Cwd  string `json:"cwd,omitempty"`
	// CwdUnknown says Cwd is only the best reading: the action may run
	// in a directory not known (an agent's persistent shell after a cd
	// Mandate could not follow). A command's relative reads are then
	// names in any directory, and a file tool's relative path asks.
	CwdUnknown bool  `json:"cwd_unknown,omitempty"`
	Actor      Actor `json:"actor"`

	// exec
	Command string   `json:"command,omitempty"`
	Argv    []string `json:"argv,omitempty"`
	Env     []string `json:"env,omitempty"`
	// TTY marks an exec whose terminal the agent can type into later
	// without a hook (Codex's write_stdin into a unified-exec session):
	// a program that takes commands from its terminal (an editor, a
	// pager, a REPL, a database client) hands the agent an unseen
	// channel, which the policy treats as opaque.
	TTY bool `json:"tty,omitempty"`
	// Shell is the language of Command when it is not a POSIX shell's:
	// PowerShell for a PowerShell tool, whose line the policy analyses
	// as PowerShell (shell.Options.PowerShell); PosixSh for a line that
	// may run under dash (shell.Options.PosixSh). Any other value is
	// invalid.
	Shell string `json:"shell,omitempty"`

	// file.*
	Paths   []string `json:"paths,omitempty"`
	Content string   `json:"content,omitempty"`
	Patch   string   `json:"patch,omitempty"`
	// Recursive marks a file.read of everything below each of Paths (an
	// agent's search tool: Grep, Glob, grep_search, …): the rules apply to
	// every file it can reach there, not only to the directory's name.
	Recursive bool `json:"recursive,omitempty"`
	// Pattern, on a recursive file.read, is the glob that restricts which
	// files below Paths the tool reads or lists ("**/*.go", "*.ts"); empty
	// means every file.
	Pattern string `json:"pattern,omitempty"`
	// Fold, on a recursive file.read, says the tool ignores case: Pattern
	// matches names case-insensitively, and the literal directories of
	// its pattern (joined to Paths) name every directory that differs
	// from them only in case (Gemini's glob and read_many_files: node's
	// glob with nocase).
	Fold bool `json:"fold,omitempty"`

	// net.fetch
	URL    string `json:"url,omitempty"`
	Host   string `json:"host,omitempty"`
	Method string `json:"method,omitempty"`

	// mcp.call
	Server    string          `json:"server,omitempty"`
	MCPTool   string          `json:"mcp_tool,omitempty"`
	Arguments json.RawMessage `json:"arguments,omitempty"`

	// Branch is the current git branch of the repository, when known; push
	// rules use it when a push names no destination branch.
	Branch string `json:"branch,omitempty"`
}

// Errors returned by Parse and Validate.
var (
	ErrTooLarge = errors.New("action: JSON larger than 16 MiB")
	ErrVersion  = errors.New("action: unsupported version")
	ErrKind     = errors.New("action: unknown kind")
	ErrFields   = errors.New("action: missing fields for kind")
)

// Parse decodes one action from JSON, strictly: unknown fields, trailing
// data, an unknown kind or version, or missing required fields are errors.
// A missing "v" is read as the current version.
func Parse(data []byte) (*Action, error) {
	if len(data) > MaxJSONSize {
		return nil, ErrTooLarge
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var a Action
	if err := dec.Decode(&a); err != nil {
		return nil, fmt.Errorf("action: invalid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("action: invalid JSON: trailing data after the action")
	}
	if a.V == 0 {
		a.V = Version
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return &a, nil
}

// Validate checks that a is a well-formed action of a known kind and
// version with the fields its kind needs.
func (a *Action) Validate() error {
	if a.V != Version {
		return fmt.Errorf("%w %d (this build reads version %d)", ErrVersion, a.V, Version)
	}
	if !a.Kind.Valid() {
		return fmt.Errorf("%w %q", ErrKind, a.Kind)
	}
	if a.Actor.TrustLevel != "" && !ValidTrust(a.Actor.TrustLevel) {
		return fmt.Errorf("action: unknown trust level %q (want read_only, write_local or external)", a.Actor.TrustLevel)
	}
	switch a.Kind {
	case Exec:
		if a.Command == "" && len(a.Argv) == 0 {
			return fmt.Errorf("%w: exec needs command or argv", ErrFields)
		}
		if a.Shell != "" && a.Shell != PowerShell && a.Shell != PosixSh {
			return fmt.Errorf("%w: unknown shell %q (want %q, %q or none)", ErrFields, a.Shell, PowerShell, PosixSh)
		}
	case FileRead, FileWrite, FileDelete:
		if len(a.Paths) == 0 {
			return fmt.Errorf("%w: %s needs paths", ErrFields, a.Kind)
		}
		for _, p := range a.Paths {
			if p == "" {
				return fmt.Errorf("%w: %s has an empty path", ErrFields, a.Kind)
			}
		}
	case NetFetch:
		if a.URL == "" && a.Host == "" {
			return fmt.Errorf("%w: net.fetch needs url or host", ErrFields)
		}
	case MCPCall:
		if a.MCPTool == "" {
			return fmt.Errorf("%w: mcp.call needs mcp_tool", ErrFields)
		}
	}
	return nil
}

// Resource returns the main resource an action touches, for evidence and
// display: the command line, first path, URL or host, or MCP server/tool.
func (a *Action) Resource() string {
	switch a.Kind {
	case Exec:
		if a.Command != "" {
			return a.Command
		}
		return joinArgv(a.Argv)
	case FileRead, FileWrite, FileDelete:
		if len(a.Paths) > 0 {
			return a.Paths[0]
		}
	case NetFetch:
		if a.URL != "" {
			return a.URL
		}
		return a.Host
	case MCPCall:
		return a.Server + "/" + a.MCPTool
	}
	return a.Tool
}

func joinArgv(argv []string) string {
	var b bytes.Buffer
	for i, s := range argv {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return b.String()
}
