package gate

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
)

// The records of a change of a pinned file (settle, watch.go): a tamper
// record, which locks its scope, or a governance-change record.

// recordTamper appends the tamper record of a change made while flights
// were in flight (none: a change of Mandate's routing, unattended.go),
// and returns the lock entry for it.
func (g *Gate) recordTamper(ctx context.Context, ev *hook.Event, s *Session, sc scope, old *pinEntry, c content, flights []flight, why string, ro restoreOutcome) (LockChange, error) {
	now := g.cfg.Now().UTC()
	idx := make([]int64, len(flights))
	for i, f := range flights {
		idx[i] = f.Decision
	}
	var decisions map[int64]evidence.Entry
	if r, ok := g.cfg.Log.(interface {
		Entries(context.Context, []int64) (map[int64]evidence.Entry, error)
	}); ok {
		decisions, _ = r.Entries(ctx, idx) // a call whose record is gone is still named
	}
	var actions []any
	var lockActions []LockAction
	rec := evidence.Record{
		Type: evidence.TypeTamper, Timestamp: now, SessionID: s.ID, User: s.User, Agent: s.Agent,
		Repo: sc.root, Host: s.Host, ResourcePath: old.Path, PolicyDigest: g.cfg.Policy.Digest(),
	}
	for i, f := range flights {
		d, found := decisions[f.Decision]
		la := LockAction{Agent: f.Agent, Tool: f.Tool, Decision: f.Decision}
		a := map[string]any{"agent": f.Agent, "tool": f.Tool, "decision_index": f.Decision,
			"started": time.Unix(0, f.Started).UTC().Format(time.RFC3339Nano), "background": f.Background}
		if found {
			r := d.Record
			la.SessionID, la.ToolUseID, la.Summary = r.SessionID, r.ToolUseID, summary(&r)
			a["session_id"], a["tool_use_id"], a["resource_path"] = r.SessionID, r.ToolUseID, r.ResourcePath
			if r.Params != nil {
				a["params"] = r.Params
			}
			if i == 0 {
				rec.SessionID, rec.User, rec.Agent = r.SessionID, r.User, r.Agent
				rec.Tool, rec.ToolUseID, rec.Params = r.Tool, r.ToolUseID, r.Params
			}
		} else if i == 0 {
			rec.Tool, rec.Agent = f.Tool, f.Agent
		}
		actions = append(actions, a)
		lockActions = append(lockActions, la)
	}
	rec.Extra = map[string]any{
		"file": old.Path, "kind": old.Kind, "old_digest": old.Seen, "new_digest": c.digest,
		"scope": scopeName(sc), "locks": sc.String(), "actions": actions,
		"seen_at": ev.Name, "seen_by_session_id": s.ID, "scope_ref": sc.key(),
	}
	if sc.id != "" {
		rec.Extra["scope_id"] = sc.id
	}
	if n := ro.note(); n != "" {
		rec.Extra["restore"] = n // restorenow.go
	}
	var seen []LockAction
	if len(flights) == 0 {
		// A change that routes around Mandate, made when nothing was in
		// flight (unattended.go): the sessions of the scope seen last.
		rec.Extra["attribution"] = attributionNone
		rec.Extra["why"] = why
		seen = g.scopeSessions(sc, s)
		var ss []any
		for _, a := range seen {
			ss = append(ss, map[string]any{"session_id": a.SessionID, "agent": a.Agent})
		}
		rec.Extra["sessions"] = ss
	}
	i, err := g.appendRecord(ctx, s, rec)
	if err != nil {
		return LockChange{}, fmt.Errorf("evidence: recording a tamper event: %w", err)
	}
	lc := LockChange{Time: now, File: old.Path, Kind: old.Kind, Old: old.Seen, New: c.digest, Record: i, Actions: lockActions, Sessions: seen, Restored: ro.note()}
	if len(flights) == 0 {
		lc.Attribution = attributionNone
	}
	return lc, nil
}

// recordChange appends the governance-change record of a change made
// while no tool call was in flight; for a policy it carries the new text.
func (g *Gate) recordChange(ctx context.Context, ev *hook.Event, s *Session, sc scope, old *pinEntry, c content, locked bool) error {
	rec := evidence.Record{
		Type: evidence.TypeGovernanceChange, Timestamp: g.cfg.Now().UTC(), SessionID: s.ID, User: s.User, Agent: s.Agent,
		Repo: sc.root, Host: s.Host, ResourcePath: old.Path, PolicyDigest: g.cfg.Policy.Digest(),
	}
	pin := "updated"
	switch {
	case locked:
		pin = "kept: the scope is locked until a person acknowledges its tamper lock"
	case old.Kind == kindPolicy && c.digest == old.Pinned:
		pin = "accepted: the file holds the accepted text again"
	case old.Kind == kindPolicy:
		pin = "pending: the accepted text decides with the file until a person accepts it (mandate policy accept)"
	}
	rec.Extra = map[string]any{
		"file": old.Path, "kind": old.Kind, "old_digest": old.Seen, "new_digest": c.digest,
		"scope": scopeName(sc), "pin": pin, "seen_at": ev.Name,
	}
	if old.Kind == kindPolicy && !locked {
		rec.Extra["accepted_digest"] = old.Pinned // pending.go
	}
	if old.Kind == kindPolicy && c.text != nil {
		rec.PolicyDigest = c.digest
		rec.PolicyText = string(c.text)
	}
	if _, err := g.appendRecord(ctx, s, rec); err != nil {
		return fmt.Errorf("evidence: recording a governance change: %w", err)
	}
	return nil
}

func scopeName(sc scope) string {
	if sc.global {
		return "global"
	}
	return "repository"
}

// summary is the command or path a decision record names.
func summary(r *evidence.Record) string {
	for _, k := range []string{"command", "cmd", "file_path", "path", "notebook_path"} {
		switch v := r.Params[k].(type) {
		case string:
			return v
		case []any:
			var parts []string
			for _, e := range v {
				if s, ok := e.(string); ok {
					parts = append(parts, s)
				}
			}
			return strings.Join(parts, " ")
		}
	}
	return r.ResourcePath
}
