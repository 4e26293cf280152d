package hook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy"
)

// A Protocol is what one agent's hook protocol does differently from the
// others; its Decode and Encode are the skeleton every adapter shares.
//
// Decoding reads the top-level strings (Strings), lets the agent read
// anything else it needs (Prepare), maps the event name to a kind
// (Events, or Kind), and for a tool event reads the tool call (Tool, or by
// default: tool_name required, a tool_input object, then Actions) and, for
// a post-tool event, its outcome (Outcome). Every error is prefixed with
// the agent's name.
//
// Encoding answers allow with nothing and exit 0 (or, on a pre-tool event,
// with Allow's answer where the agent needs one), every other decision on
// a pre-tool event with the agent's deny (Deny) on stdout and the reason
// on stderr with exit 2, ask with the agent's native ask (Ask) and exit 0
// where it has one, a failure to record a post-tool outcome with Post
// where set, and anything else with the reason on stderr and exit 0.
type Protocol struct {
	// Agent is the agent's command-line name.
	Agent string
	// Strings names the payload's top-level string members and the Event
	// field each is read into.
	Strings func(ev *Event, f Fields) map[string]*string
	// Prepare, if set, reads what else the payload says before the event
	// name is looked up; event is the event name from the command line
	// (RunOptions.Event), or "".
	Prepare func(ev *Event, f Fields, event string)
	// Events maps the agent's event names to kinds; Kind, if set, is used
	// instead.
	Events map[string]EventKind
	Kind   func(name string) (EventKind, bool)
	// Tool, if set, reads a tool event's tool, input and actions in place
	// of the default.
	Tool func(ev *Event, f Fields) error
	// Actions maps a tool call to normalized actions (the default Tool).
	Actions func(ev *Event, f Fields) ([]action.Action, error)
	// Outcome, if set, fills a post-tool event's outcome.
	Outcome func(ev *Event, f Fields)

	// Allow, if set, is the agent's answer to an allowed pre-tool event,
	// or nil for none (the default: no output). An agent whose hook
	// payload leaves out where or how the call runs answers with input
	// that pins it to what was decided (Codex's workdir).
	Allow func(ev *Event) any
	// Deny is the agent's deny answer to a pre-tool event.
	Deny func(ev *Event, reason string) any
	// Ask, if set, is the agent's native ask answer to ev, or nil where
	// it has none (then ask is a deny whose reason asks for approval).
	Ask func(ev *Event, reason string) any
	// Post, if set, is the answer, and its exit code, when a post-tool
	// outcome could not be recorded.
	Post func(reason string) (any, int)

	// KeepsCwd says the agent keeps a shell per session whose working
	// directory a cd in one call carries into later calls, while the
	// payload's cwd stays the agent process's (Hermes' terminal, Copilot
	// CLI's bash sessions; not Claude Code, which reports its shell's).
	// Its events carry ActionsAt, and the gate judges them from every
	// directory the session's shell may be in (gate shellcwd.go).
	KeepsCwd bool
	// KeepsShellState says the agent's shell also carries its functions,
	// aliases and exported variables into later calls (Hermes' terminal
	// re-sources a snapshot of export -p, declare -f and alias -p before
	// every command; not Copilot CLI, whose commands start fresh
	// processes). Mandate analyses each call as a fresh shell and cannot
	// follow that state: a call whose command may leave any
	// (policy.Decision.KeepsState) is denied (hook shellcwd.go). It implies
	// KeepsCwd.
	KeepsShellState bool
}

// Decode reads one hook payload.
func (p *Protocol) Decode(payload []byte) (*Event, error) {
	return p.DecodeEvent(payload, "")
}

// DecodeEvent reads one hook payload, event naming the event when the
// payload does not (see EventDecoder).
func (p *Protocol) DecodeEvent(payload []byte, event string) (*Event, error) {
	f, err := Object(payload)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.Agent, err)
	}
	return p.decode(f, event)
}

// DecodeObject is Decode of a payload that Object has parsed.
func (p *Protocol) DecodeObject(f Fields) (*Event, error) { return p.decode(f, "") }

func (p *Protocol) decode(f Fields, event string) (*Event, error) {
	ev := &Event{Kind: PreTool, Agent: p.Agent}
	if err := f.Strings(p.Strings(ev, f)); err != nil {
		return ev, fmt.Errorf("%s: %w", p.Agent, err)
	}
	if p.Prepare != nil {
		p.Prepare(ev, f, event)
	}
	var kind EventKind
	var ok bool
	if p.Kind != nil {
		kind, ok = p.Kind(ev.Name)
	} else {
		kind, ok = p.Events[ev.Name]
	}
	if !ok {
		return ev, fmt.Errorf("%s: %w %q", p.Agent, ErrEvent, ev.Name)
	}
	ev.Kind = kind
	if kind == PreTool || kind == PostTool {
		if err := p.tool(ev, f); err != nil {
			return ev, fmt.Errorf("%s: %w", p.Agent, err)
		}
		if kind == PostTool && p.Outcome != nil {
			p.Outcome(ev, f)
		}
		ev.KeepsShellState = p.KeepsShellState
		if p.KeepsCwd || p.KeepsShellState {
			ev.ActionsAt = func(cwd string) ([]action.Action, error) {
				at := *ev
				at.Cwd, at.Actions = cwd, nil
				err := p.tool(&at, f)
				at.Finish() // an action that names no cwd runs in this one
				return at.Actions, err
			}
		}
	}
	ev.Finish()
	return ev, nil
}

func (p *Protocol) tool(ev *Event, f Fields) error {
	if p.Tool != nil {
		return p.Tool(ev, f)
	}
	if ev.Tool == "" {
		return fmt.Errorf("%w: tool_name is missing", ErrField)
	}
	var err error
	if ev.Input, err = RequireInput(f, "tool_input"); err != nil {
		return err
	}
	ev.Actions, err = p.Actions(ev, f)
	return err
}

// Encode writes the agent's answer to d for ev and returns the exit code.
func (p *Protocol) Encode(ev *Event, d policy.Decision, stdout, stderr io.Writer) int {
	kind := PreTool
	if ev != nil {
		kind = ev.Kind
	}
	if d.Decision == policy.Allow {
		if kind == PreTool && p.Allow != nil && ev != nil {
			if out := p.Allow(ev); out != nil {
				// The answer carries what makes the call safe to run: an
				// agent that cannot read it must not run the call as sent.
				var b bytes.Buffer
				enc := json.NewEncoder(&b)
				enc.SetEscapeHTML(false)
				err := enc.Encode(out)
				if err == nil {
					_, err = stdout.Write(b.Bytes())
				}
				if err != nil {
					fmt.Fprintln(stderr, "Mandate could not answer the agent: "+err.Error())
					return 2
				}
			}
		}
		return 0
	}
	switch {
	case kind == PreTool:
		r := DenyReason(d)
		if d.Decision == policy.Ask {
			if p.Ask != nil {
				if out := p.Ask(ev, AskReason(d)); out != nil {
					WriteJSON(stdout, out)
					return 0
				}
			}
			r = ApprovalReason(d)
		}
		WriteJSON(stdout, p.Deny(ev, r))
		fmt.Fprintln(stderr, r)
		return 2
	case kind == PostTool && p.Post != nil:
		r := PostReason(d)
		out, code := p.Post(r)
		WriteJSON(stdout, out)
		fmt.Fprintln(stderr, r)
		return code
	}
	fmt.Fprintln(stderr, EventReason(kind, d))
	return 0
}

// Adapt is the Adapter of the Protocol that P names: an agent package
// declares type Adapter = hook.Adapt[itsSpec], so that its zero value is
// ready to use.
type Adapt[P interface{ Protocol() *Protocol }] struct{}

var (
	_ Adapter       = Adapt[nopSpec]{}
	_ ObjectDecoder = Adapt[nopSpec]{}
	_ EventDecoder  = Adapt[nopSpec]{}
)

type nopSpec struct{}

func (nopSpec) Protocol() *Protocol { return &Protocol{} }

func (Adapt[P]) protocol() *Protocol { var s P; return s.Protocol() }

// Name is the agent's command-line name.
func (a Adapt[P]) Name() string { return a.protocol().Agent }

// Decode reads one hook payload.
func (a Adapt[P]) Decode(payload []byte) (*Event, error) { return a.protocol().Decode(payload) }

// DecodeEvent reads one hook payload with the event name from the command
// line.
func (a Adapt[P]) DecodeEvent(payload []byte, event string) (*Event, error) {
	return a.protocol().DecodeEvent(payload, event)
}

// DecodeObject is Decode of a payload that Object has parsed.
func (a Adapt[P]) DecodeObject(f Fields) (*Event, error) { return a.protocol().DecodeObject(f) }

// Encode writes the agent's answer to d.
func (a Adapt[P]) Encode(ev *Event, d policy.Decision, stdout, stderr io.Writer) int {
	return a.protocol().Encode(ev, d, stdout, stderr)
}
