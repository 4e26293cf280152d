package hook

import (
	"context"
	"io"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy"
)

// EventKind is the lifecycle point an agent's hook fired at.
type EventKind string

// The event kinds Mandate handles. Agents' own names (PreToolUse,
// BeforeTool, preToolUse, …) map onto these.
const (
	PreTool      EventKind = "pre_tool"
	PostTool     EventKind = "post_tool"
	SessionStart EventKind = "session_start"
	SessionEnd   EventKind = "session_end"
	// Other is an event Mandate records but does not decide on (a user
	// prompt, a notification, a stop).
	Other EventKind = "other"
)

// Event is one hook invocation, decoded from an agent's payload into
// Mandate's terms.
type Event struct {
	Kind EventKind
	// Name is the agent's own event name, as sent ("PreToolUse").
	Name string
	// Agent is the agent that really sent the payload, detected from the
	// payload's shape (Cursor and Copilot also run Claude's hooks).
	Agent          string
	AgentVersion   string
	Model          string
	SessionID      string
	Cwd            string
	TranscriptPath string
	// PermissionMode is the agent's own permission mode when it reports
	// one (Claude Code, Codex: "default", "bypassPermissions", …).
	PermissionMode string
	// TurnID identifies the turn within the session (Codex).
	TurnID string
	// UserEmail is the signed-in user the agent reports (Cursor).
	UserEmail string

	Tool      string
	ToolUseID string
	// Input is the tool input exactly as the agent sent it (decoded JSON);
	// it is what the evidence record stores, after redaction.
	Input map[string]any
	// Actions are the normalized actions of a tool call. Most tool calls
	// are one action; a patch touching several files may be more. The
	// adapter fills Kind, Tool, Cwd, the kind's fields and Actor.Agent,
	// AgentVersion, Model and SessionID; the gate fills the rest of Actor.
	Actions []action.Action
	// ActionsAt, when the agent keeps its shell's working directory
	// across calls (Protocol.KeepsCwd), is the call's actions as if the
	// payload had named cwd: where relative paths and commands run when
	// an earlier call's cd moved the session's shell.
	ActionsAt func(cwd string) ([]action.Action, error) `json:"-"`
	// KeepsShellState: the agent keeps its shell's functions, aliases and
	// exported variables across calls (Protocol.KeepsShellState).
	KeepsShellState bool `json:"-"`

	// Post-tool outcome, when the agent reports it.
	Success  *bool
	ExitCode *int
	Error    string
}

// Gate is what the hook runner needs from the decision-and-evidence path
// (implemented by internal/gate). Methods never panic; every error on the
// path to an action comes back as a deny decision, never as an allow.
type Gate interface {
	// Pre decides a pre-tool event, records the decision, and returns it.
	Pre(ctx context.Context, ev *Event) policy.Decision
	// Post records a post-tool outcome.
	Post(ctx context.Context, ev *Event) error
	// Session records a session start or end (and anything Other).
	Session(ctx context.Context, ev *Event) error
	// Failure turns an internal failure (bad payload, panic, timeout) into
	// the decision to answer with, and records it: a deny, unless the
	// policy explicitly opted into fail-open, which is itself recorded.
	Failure(ctx context.Context, ev *Event, err error) policy.Decision
}

// ObjectDecoder is implemented by adapters that can decode a payload from
// its top-level object as Object parsed it: Run parses the payload once,
// for Detect and for the adapter. DecodeObject(f) must answer exactly as
// Decode of the payload f came from.
type ObjectDecoder interface {
	DecodeObject(f Fields) (*Event, error)
}

// Adapter speaks one agent's hook protocol.
type Adapter interface {
	// Name is the agent's name as used on the command line ("claude").
	Name() string
	// Decode reads the agent's hook payload. A payload it cannot read
	// exactly is an error (and a deny).
	Decode(payload []byte) (*Event, error)
	// Encode writes the agent's answer to d for ev on stdout/stderr and
	// returns the process exit code. A deny is always the agent's own JSON
	// where it has one and exit code 2 with the reason on stderr.
	Encode(ev *Event, d policy.Decision, stdout, stderr io.Writer) int
}
