package gate

import (
	"context"
	"path/filepath"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
)

// The pin check without a hook call (red-team round 28, #301, #305). A
// change whose effect is that no hook call comes (the agent's hooks
// switched off by a process an allowed command left behind, after the
// session's last call) is never compared by a check that runs only when
// a hook call arrives. The resident engine's sentry (sentry_linux.go)
// runs the very check a landing event runs (settle), for the scopes whose
// pinned files it saw change, with no call of its own: what is in flight
// then is attributed as a hook call would attribute it, and a routing
// change with nothing in flight is a tamper lock, restored at once
// (restorenow.go). Its records say seen_at "engine-watch".

// sweepEvent names the check in the records it makes.
const sweepEvent = "engine-watch"

// entrySnap is a pinned entry as the pins said when the sentry saw an
// event naming its file: what the file was last recorded as, and when.
type entrySnap struct {
	scope   scope
	seen    string
	pinned  string
	checked int64
	locked  int // the changes of it the scope's lock held
}

// sweep runs settle over sc with no hook call, then records a
// governance-change for each file in snaps (the files the events named)
// that changed and came back before it was compared (transient).
func (g *Gate) sweep(ctx context.Context, sc scope, snaps map[string]entrySnap) error {
	home := ""
	id := Identity{}
	if g.cfg.Identity != nil {
		id = g.cfg.Identity.Identify(ctx, sc.root)
		home = id.Home
	}
	s := &Session{User: id.User, Host: id.Host, Home: home, UserSource: id.UserSource}
	ev := &hook.Event{Kind: hook.PostTool, Name: sweepEvent}
	if !sc.global {
		s.Repo, s.Cwd = sc.root, sc.root
	}
	if err := g.settle(ctx, ev, s, []scope{sc}, 1); err != nil {
		return err
	}
	return g.transients(ctx, ev, s, sc, snaps)
}

// transients records, for each file of sc in snaps, a change that the
// events saw and the comparison did not: the file as pinned again, with
// nothing recorded since the event (its content and pin as at the event,
// no lock change of it since), and changed (its own times, or its
// directory's when it is absent) after it was last recorded. Such a file
// was replaced by the same content, or created and removed: for the
// time between, the agent may have run with it (a hook switched off for
// one session, #305). It is a record, not a lock: its content is as
// pinned, and a person's editor saving an unchanged file does the same.
// A change Mandate's own commands made moved the pin or the recorded
// time under the pins lock, and is not one.
func (g *Gate) transients(ctx context.Context, ev *hook.Event, s *Session, sc scope, snaps map[string]entrySnap) error {
	p := g.cfg.pins
	m, err := p.load(sc)
	if err != nil || m == nil {
		return err
	}
	var lock *Lock
	for path, sn := range snaps {
		if sn.scope.key() != sc.key() {
			continue
		}
		i := m.find(path)
		if i < 0 {
			continue
		}
		e := m.Entries[i]
		if e.Seen != sn.seen || e.Pinned != sn.pinned || e.Seen != e.Pinned || isDirKind(e.Kind) {
			continue
		}
		o := observe(path)
		at := changedAt(&e, o)
		if o.missing {
			d := observe(filepath.Dir(path))
			if d.missing || d.err != nil {
				continue
			}
			at = max(d.l.Mtime, d.l.Ctime)
		} else if !e.unchanged(o) {
			continue // changed again since settle: the next check's
		}
		if at <= sn.checked {
			continue
		}
		if lock == nil {
			if lock, err = lockOf(g.cfg.StateDir, sc, nil); err != nil {
				return err
			}
			if lock == nil {
				lock = &Lock{}
			}
		}
		if lockChangesOf(lock, path) > sn.locked {
			continue // a tamper of it was recorded (and restored) since
		}
		rec := evidence.Record{
			Type: evidence.TypeGovernanceChange, Timestamp: g.cfg.Now().UTC(), User: s.User, Host: s.Host,
			Repo: sc.root, ResourcePath: path, PolicyDigest: g.cfg.Policy.Digest(),
			Extra: map[string]any{
				"file": path, "kind": e.Kind, "old_digest": e.Seen, "new_digest": e.Seen,
				"scope": scopeName(sc), "pin": "unchanged", "seen_at": ev.Name,
				"transient": "the file changed and was as pinned again before it was compared: " +
					"an agent session that started meanwhile may have run with the change",
			},
		}
		if _, err := g.appendRecord(ctx, s, rec); err != nil {
			return err
		}
	}
	return nil
}

// lockChangesOf counts the changes of path l holds (nil: none).
func lockChangesOf(l *Lock, path string) int {
	n := 0
	if l != nil {
		for _, c := range l.Changes {
			if c.File == path {
				n++
			}
		}
	}
	return n
}
