package hook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/mandate-dev/mandate/internal/policy"
)

// Defaults for RunOptions.
const (
	// DefaultMaxPayload bounds the hook payload read from stdin.
	DefaultMaxPayload = 32 << 20
	// DefaultBudget is the time one hook invocation may take before Run
	// answers deny on its own. It is well below every agent's hook timeout
	// (Copilot's default is 30 s) so that Mandate, not the agent, decides.
	DefaultBudget = 10 * time.Second
)

// ErrTooLarge is a payload above RunOptions.MaxPayload.
var ErrTooLarge = errors.New("hook: payload too large")

// ErrBudget is a hook invocation that exceeded its time budget.
var ErrBudget = errors.New("hook: time budget exceeded")

// RunOptions tune Run. The zero value is usable.
type RunOptions struct {
	// MaxPayload bounds the bytes read from stdin (DefaultMaxPayload).
	MaxPayload int64
	// Budget bounds the whole invocation (DefaultBudget).
	Budget time.Duration
	// Event is the event name given on the command line, for agents whose
	// payload does not carry it (Copilot CLI's camelCase shape).
	Event string
	// Lookup finds the adapter of the agent Detect names when it is not the
	// one the command line named. Nil keeps the given adapter.
	Lookup func(name string) (Adapter, bool)
	// Open builds the gate for the decoded event when Run is given a nil
	// one. It runs inside the time budget and the panic guard, after
	// decoding, so that the policy is found from the payload's cwd (the
	// hook process's own working directory may be elsewhere, e.g. Cursor
	// runs user hooks from ~/.cursor). A gate that implements io.Closer is
	// closed when the invocation ends. An Open error is a failure (deny).
	Open func(ctx context.Context, ev *Event) (Gate, error)
	// Refuse, when set, is why the event is not decided: the gate
	// records it as a failure with this cause and the answer is the
	// agent's deny (the front's deadline passed, hookwire.DeadlinePassedEnv).
	Refuse error
	// NoGate is why there is no gate when Run is given a nil one and no
	// Open: every event is then answered as a failure with this reason.
	NoGate error
	// Go starts the worker that does the invocation; nil starts a new
	// goroutine. A long-lived process passes a pool of goroutines whose
	// stacks have already grown to what a decision needs.
	Go func(func())
}

// ErrNoGate is the failure when Run has no gate and no NoGate reason.
var ErrNoGate = errors.New("hook: no gate")

// EventDecoder is implemented by adapters that can use the event name from
// the command line (RunOptions.Event) when the payload has none.
type EventDecoder interface {
	DecodeEvent(payload []byte, event string) (*Event, error)
}

// answer is what the worker hands back: everything to write, written once
// by Run so that a worker still stuck after the budget writes nothing.
type answer struct {
	stdout, stderr []byte
	code           int
}

// Run handles one hook invocation: read stdin (bounded), detect the real
// caller, decode, ask the gate, encode the agent's answer, and return the
// exit code. It never returns 1 and never leaves a deny without output:
// every failure is answered as the agent's deny (see the package doc).
func Run(ctx context.Context, ad Adapter, g Gate, stdin io.Reader, stdout, stderr io.Writer, opts RunOptions) int {
	if opts.MaxPayload <= 0 {
		opts.MaxPayload = DefaultMaxPayload
	}
	if opts.Budget <= 0 {
		opts.Budget = DefaultBudget
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Budget)
	defer cancel()

	done := make(chan answer, 1)
	// The worker reports the detected caller's adapter and the decoded
	// event as soon as it has them, so that a deny after the budget ran out
	// is still in the real caller's format.
	st := &state{ad: ad, g: g}
	spawn := opts.Go
	if spawn == nil {
		spawn = func(f func()) { go f() }
	}
	spawn(func() {
		var ans answer
		answered := false
		defer func() {
			if r := recover(); r != nil {
				a, ev := st.get()
				ans = denyAnswer(a, ev, fmt.Sprintf("Mandate failed internally (panic: %v); the action is refused because governance fails closed", r))
			} else if !answered {
				// work ended without returning (runtime.Goexit): the zero
				// answer is empty output and exit 0, an allow to most agents.
				a, ev := st.get()
				ans = denyAnswer(a, ev, "Mandate's worker stopped without an answer; the action is refused because governance fails closed")
			}
			done <- ans
		}()
		ans = work(ctx, st, g, stdin, opts)
		answered = true
	})

	var ans answer
	select {
	case ans = <-done:
	case <-ctx.Done():
		recordOverdue(ctx, st, fmt.Errorf("%w: no decision within %s", ErrBudget, opts.Budget))
		a, ev := st.get()
		ans = denyAnswer(a, ev, fmt.Sprintf("Mandate did not reach a decision within %s (%v); the action is refused because governance fails closed", opts.Budget, ErrBudget))
	}
	_, _ = stdout.Write(ans.stdout)
	_, _ = stderr.Write(ans.stderr)
	return ans.code
}

// state is what the worker has learnt so far, shared with Run.
type state struct {
	mu sync.Mutex
	ad Adapter
	ev *Event
	g  Gate // the gate, once given or opened
	n  int  // the payload's size
}

// forOverdue returns what recordOverdue needs: the gate, the decoded
// event (nil before decoding) and the payload's size.
func (s *state) forOverdue() (Gate, *Event, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.g, s.ev, s.n
}

func (s *state) setGate(g Gate) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.g = g
}

func (s *state) setSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n = n
}

func (s *state) get() (Adapter, *Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ev == nil {
		return s.ad, nil
	}
	ev := &Event{Kind: s.ev.Kind, Name: s.ev.Name, Agent: s.ev.Agent}
	return s.ad, ev
}

func (s *state) set(ad Adapter, ev *Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ad, s.ev = ad, ev
}

// work does the invocation; every error path ends in an answer.
func work(ctx context.Context, st *state, g Gate, stdin io.Reader, opts RunOptions) answer {
	ad, _ := st.get()
	payload, err := readBounded(stdin, opts.MaxPayload)
	if err != nil {
		if g == nil && opts.NoGate != nil {
			err = fmt.Errorf("%w (and %w)", err, opts.NoGate)
		}
		return failure(ctx, ad, g, nil, err)
	}
	st.setSize(len(payload))
	hint := opts.Event
	// The payload is parsed once, for detection and for the adapter.
	f, ferr := Object(payload)
	who := ""
	if ferr == nil {
		who = DetectObject(f)
	}
	// Claude Code's shape is the fallback of detection and a subset of
	// Codex's: a Claude-shaped payload never overrides the command line.
	if who != "" && who != Claude && who != ad.Name() && opts.Lookup != nil {
		if other, ok := opts.Lookup(who); ok {
			ad = other
			hint = "" // the command line named another agent's event
			st.set(ad, nil)
		}
	}
	var ev *Event
	if ed, ok := ad.(EventDecoder); ok && hint != "" {
		ev, err = ed.DecodeEvent(payload, hint)
	} else if od, ok := ad.(ObjectDecoder); ok && ferr == nil {
		ev, err = od.DecodeObject(f)
	} else {
		ev, err = ad.Decode(payload)
	}
	if ev == nil {
		ev = &Event{Kind: PreTool, Agent: ad.Name()}
		if err == nil {
			err = errors.New("hook: adapter returned no event")
		}
	}
	st.set(ad, ev)
	if g == nil && opts.Open != nil {
		// Even an undecodable payload gets a gate, so the failure is
		// recorded; when the gate cannot open, the failure says why.
		og, oerr := opts.Open(ctx, ev)
		if oerr != nil {
			if err != nil {
				oerr = fmt.Errorf("%w (and %w)", err, oerr)
			}
			return failure(ctx, ad, nil, ev, oerr)
		}
		if c, ok := og.(io.Closer); ok {
			defer c.Close()
		}
		g = og
		st.setGate(g)
	}
	if err == nil && opts.Refuse != nil {
		err = opts.Refuse
	}
	if err != nil {
		return failure(ctx, ad, g, ev, err)
	}
	if g == nil {
		reason := opts.NoGate
		if reason == nil {
			reason = ErrNoGate
		}
		return failure(ctx, ad, nil, ev, reason)
	}
	var d policy.Decision
	switch ev.Kind {
	case PreTool:
		d = g.Pre(ctx, ev)
	case PostTool:
		if err := g.Post(ctx, ev); err != nil {
			return failure(ctx, ad, g, ev, err)
		}
		d = policy.Decision{Decision: policy.Allow}
	case SessionStart, SessionEnd, Other:
		if err := g.Session(ctx, ev); err != nil {
			return failure(ctx, ad, g, ev, err)
		}
		d = policy.Decision{Decision: policy.Allow}
	default:
		return failure(ctx, ad, g, ev, fmt.Errorf("%w: kind %q", ErrEvent, ev.Kind))
	}
	if ctx.Err() != nil {
		// The budget ran out while the gate worked: Run has answered deny.
		return denyAnswer(ad, ev, "Mandate did not reach a decision in time; the action is refused")
	}
	return encode(ad, ev, d)
}

// failure asks the gate to turn err into a decision (and record it). A
// panicking gate is answered without it.
func failure(ctx context.Context, ad Adapter, g Gate, ev *Event, err error) (ans answer) {
	if ev == nil {
		ev = &Event{Kind: PreTool, Agent: ad.Name()}
	}
	defer func() {
		if r := recover(); r != nil {
			ans = denyAnswer(ad, ev, fmt.Sprintf("Mandate could not check this action (%v) and failed while recording that (panic: %v); the action is refused because governance fails closed", err, r))
		}
	}()
	if g == nil {
		return denyAnswer(ad, ev, fmt.Sprintf("Mandate could not check this action (%v); the action is refused because governance fails closed", err))
	}
	return encode(ad, ev, g.Failure(ctx, ev, err))
}

// encode runs the adapter's Encode and enforces the contract on its output:
// anything but allow or ask is a deny, and a deny always has exit code 2
// and a reason on stderr.
func encode(ad Adapter, ev *Event, d policy.Decision) answer {
	if d.Decision != policy.Allow && d.Decision != policy.Ask {
		d.Decision = policy.Deny
	}
	var out, errb bytes.Buffer
	code := ad.Encode(ev, d, &out, &errb)
	if code == 1 || (ev.Kind == PreTool && d.Decision == policy.Deny) {
		code = 2 // exit 1 fails open in most agents; a pre-tool deny is always 2
	}
	if code == 2 && errb.Len() == 0 {
		errb.WriteString(DenyReason(d) + "\n")
	}
	return answer{stdout: out.Bytes(), stderr: errb.Bytes(), code: code}
}

func denyAnswer(ad Adapter, ev *Event, reason string) (ans answer) {
	var out, errb bytes.Buffer
	code := Deny(ad, ev, reason, &out, &errb)
	return answer{stdout: out.Bytes(), stderr: errb.Bytes(), code: code}
}

// Deny answers a deny in ad's format without a gate: for when no gate can
// be built (unreadable policy, unwritable evidence log) or the gate itself
// failed. ev may be nil (a pre-tool event is assumed). It returns the exit
// code: always 2 for a pre-tool event; for other events whatever the
// adapter answers (they never block, see the package doc). The reason
// always reaches stderr, even if the adapter panics.
func Deny(ad Adapter, ev *Event, reason string, stdout, stderr io.Writer) (code int) {
	if ev == nil {
		ev = &Event{Kind: PreTool}
		if ad != nil {
			ev.Agent = ad.Name()
		}
	}
	d := policy.Decision{Decision: policy.Deny, Policy: "mandate", Rule: "fail-closed", Reason: reason}
	var out, errb bytes.Buffer
	code = 2
	func() {
		defer func() {
			if r := recover(); r != nil {
				out.Reset()
				errb.Reset()
				code = 2
			}
		}()
		if ad != nil {
			code = ad.Encode(ev, d, &out, &errb)
		}
	}()
	if ev.Kind == PreTool || code == 1 {
		code = 2
	}
	if errb.Len() == 0 {
		errb.WriteString(DenyReason(d) + "\n")
	}
	_, _ = stdout.Write(out.Bytes())
	_, _ = stderr.Write(errb.Bytes())
	return code
}

// readBounded reads all of r, failing once more than max bytes arrive: it
// never holds more than max+1 bytes.
func readBounded(r io.Reader, max int64) ([]byte, error) {
	if r == nil {
		return nil, errors.New("hook: no stdin")
	}
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("hook: reading the payload: %w", err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil, fmt.Errorf("%w: empty payload", ErrPayload)
	}
	return b, nil
}
