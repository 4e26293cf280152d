package hook

import (
	"context"
	"time"
)

// Red-team round 26 (#c9): a call whose budget runs out is denied, and
// the deny is recorded. Before, Run answered deny and nothing was
// written: a payload that made the worker slow (a 2 MB command the
// redactor spent seconds on) left no trace of the attempt in the
// evidence log.
//
// Contract: when the budget runs out after the worker opened (or was
// given) its gate, Run asks the gate to record the refused call before it
// answers, within overdueBudget more. The event it hands over carries the
// call's identity (agent, session, tool, event, working directory, tool
// use id) and the payload's size, never its input: what made the worker
// slow is not read again, and no clear text reaches the log unredacted
// or is redacted under a deadline already spent. Recording is best
// effort: the answer is a deny either way. A gate that cannot record an
// overdue call (no OverdueRecorder) records nothing, as before.

// OverdueRecorder is implemented by gates that record a call refused
// because the hook's time budget ran out (Run's own deny). Overdue must
// record a deny (never fail-open: the call was answered deny) and must
// be safe to call while the worker still uses the gate.
type OverdueRecorder interface {
	Overdue(ctx context.Context, ev *Event, cause error)
}

// overdueBudget bounds the recording of an overdue call.
const overdueBudget = 2 * time.Second

// overdueEvent is ev without its input: identity and the payload's size.
func overdueEvent(ev *Event, payloadBytes int) *Event {
	return &Event{
		Kind: ev.Kind, Name: ev.Name, Agent: ev.Agent, AgentVersion: ev.AgentVersion, Model: ev.Model,
		SessionID: ev.SessionID, Cwd: ev.Cwd, TurnID: ev.TurnID, PermissionMode: ev.PermissionMode,
		Tool: ev.Tool, ToolUseID: ev.ToolUseID,
		Input: map[string]any{"overdue": "input not recorded: the call was refused when Mandate's time budget ran out", "payload_bytes": payloadBytes},
	}
}

// recordOverdue has the worker's gate, if any, record the overdue call.
// It never panics and returns within overdueBudget of being called (the
// recording may go on in the background past it).
func recordOverdue(parent context.Context, st *state, cause error) {
	g, ev, n := st.forOverdue()
	r, ok := g.(OverdueRecorder)
	if !ok || ev == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), overdueBudget)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { _ = recover() }()
		r.Overdue(ctx, overdueEvent(ev, n), cause)
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}
}
