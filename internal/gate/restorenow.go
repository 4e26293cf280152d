package gate

import "fmt"

// Restoring at once (red-team round 28, #303). A tamper lock is answered
// by `mandate hook`: a change that switches the agent's hooks off
// (disableAllHooks in a settings layer, Mandate's hook entry removed, the
// front binary replaced) leaves a lock that the next session never asks
// about. So when a change of a file whose change routes the agents' calls
// (every pinned file but a policy: a hook configuration, a hook script,
// a Mandate binary) is taken for a tamper, the pinned copy is put back
// at once (pinStore.restore, as `mandate tamper ack --restore` does:
// written whole and synced, or removed when it was pinned absent; the
// copy checked against its digest after), and the lock and its record
// stay: the record says what was done. The next session's hooks run
// again and meet the lock. A restore that fails is recorded, and the
// lock stays as before.
//
// Only a tamper is restored. A change not taken for the agents' (a
// governance-change: nothing in flight and nothing that routes, or a
// person's change through Mandate's own commands) is never restored.
// The content the change wrote is kept in the pin store (settle reads it
// keeping a copy, except files that may hold secrets): `mandate tamper
// ack` without --restore, a person accepting the change as it was made,
// puts it back (Ack).

// restoreOutcome is what restoring at once did: Action is "restored",
// "removed" (pinned absent) or "" (not restored: Err says why, or nothing
// was tried).
type restoreOutcome struct {
	Action string
	Err    error
}

// restorable reports whether a tamper of an entry of kind is restored at
// once: every pinned file but a policy (the hook still runs and meets
// the lock, and the accepted text keeps deciding) and a directory's
// listing (what appeared in it is an entry of its own, restored by
// being removed).
func restorable(kind string) bool {
	return kind != kindPolicy && !isDirKind(kind)
}

// restoreNow puts e's pinned state back and records it in e (which holds
// the changed state as observed). Call with the pins lock held.
func (p *pinStore) restoreNow(e *pinEntry, home string) restoreOutcome {
	if e.Pinned == e.Seen {
		return restoreOutcome{} // nothing to put back
	}
	if err := p.restore(e); err != nil {
		return restoreOutcome{Err: err}
	}
	o := observe(e.Path)
	c, err := p.examine(e, o, home, false)
	if err != nil {
		return restoreOutcome{Err: fmt.Errorf("gate: restoring %s: reading it back: %w", e.Path, err)}
	}
	if c.digest != e.Pinned {
		return restoreOutcome{Err: fmt.Errorf("gate: restoring %s: it holds %s after the restore, not the pinned %s", e.Path, c.digest, e.Pinned)}
	}
	e.record(o, c, wallNow())
	if e.Pinned == digestAbsent {
		return restoreOutcome{Action: "removed"}
	}
	return restoreOutcome{Action: "restored"}
}

// restoreNote is the restore outcome as a tamper record and a lock say it.
func (r restoreOutcome) note() string {
	switch {
	case r.Action != "":
		return r.Action
	case r.Err != nil:
		return "failed: " + r.Err.Error()
	}
	return ""
}
