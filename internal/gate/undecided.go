package gate

import (
	"context"
	"fmt"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Outcomes with no decision (red-team round 28 #306). A post-tool event
// for a call Mandate never decided proves the call ran past the hook: its
// pre-tool hook did not run (hooks switched off and back, a matcher
// narrowed for one call, a hook that failed open). Post looks the call up
// in the memory of decisions (decided.go) by its session and call id, and
// when nothing was decided under that id it decides the call again, as its
// pre-tool event would have been:
//
//   - where the policy denies or asks it, the call ran past a rule: a
//     `tamper` record naming it (kind KindUndecided), which locks the
//     scopes the call could see (its session's repository, and the
//     repository of its working directory when another; every repository
//     for a session outside any) until a person runs `mandate tamper ack`;
//   - otherwise the outcome is recorded with extra.no_decision saying so.
//
// Either way the outcome is recorded with extra.no_decision. A call whose
// memory cannot be told (the session's file ended and was recreated, too
// large, unreadable) is recorded as any outcome: never a false tamper.
//
// Which post-tool events name the same call as a pre-tool event
// (callCorrelated): the agent must send a call id in both, the same one,
// and a session id (a session keyed by the agent's pid and directory
// cannot be found again once the directory changes). Agents and events
// where nothing correlates keep recording the outcome as any other.

// KindUndecided is the kind of a tamper lock's change that is a tool call
// which ran with no decision.
const KindUndecided = "call-without-decision"

// correlatedPosts lists, per agent, the post-tool events whose call id is
// the one its pre-tool event carried. What `mandate install` registers
// covers every tool at both events (matcher "*" for Claude Code, Codex and
// Gemini CLI; no matcher for the flat layouts), so no tool has a
// post-tool hook without a pre-tool one.
var correlatedPosts = map[string]map[string]bool{
	// Claude Code: tool_use_id in PreToolUse, PostToolUse and
	// PostToolUseFailure (captures: agent/claude/testdata).
	hook.Claude: {"PostToolUse": true, "PostToolUseFailure": true},
	// Codex: tool_use_id in PreToolUse and PostToolUse, the same for
	// shell, apply_patch and MCP calls (captures: agent/codex/testdata).
	hook.Codex: {"PostToolUse": true},
	// Cursor: tool_use_id in preToolUse and postToolUse(Failure) (and in
	// Claude Code's spelling, when Cursor runs hooks from Claude's
	// settings); beforeShellExecution, afterShellExecution,
	// afterMCPExecution and afterFileEdit carry none, and are not paired.
	hook.Cursor: {"postToolUse": true, "postToolUseFailure": true, "PostToolUse": true, "PostToolUseFailure": true},
	// Hermes: extra.tool_call_id in pre_tool_call and post_tool_call.
	hook.Hermes: {"post_tool_call": true},
	// Gemini CLI (BeforeTool/AfterTool) and Copilot CLI
	// (preToolUse/postToolUse) send no call id: a post-tool event cannot
	// be told from one of another call of the same tool, so an outcome
	// with no decision is not detected for them (today's behaviour).
}

// callCorrelated reports whether ev, a post-tool event, names the call
// its pre-tool event named (see correlatedPosts).
func callCorrelated(ev *hook.Event) bool {
	return ev.ToolUseID != "" && ev.SessionID != "" && correlatedPosts[ev.Agent][ev.Name]
}

// undecidedOutcome checks that ev's call was decided; when it was not,
// it decides it again, and returns what the outcome's record says
// (extra.no_decision, "" when the call was decided or cannot be told) and
// the decision the call would have had.
func (g *Gate) undecidedOutcome(sessKey string, ev *hook.Event, sess *Session, v *view) (string, policy.Decision) {
	if !callCorrelated(ev) || g.remembered(sessKey, ev) != undecided {
		return "", policy.Decision{}
	}
	again := *ev
	again.Actions = append(again.Actions[:0:0], ev.Actions...)
	d, _ := g.decide(&again, sess, v)
	why := fmt.Sprintf("no decision was recorded for this call (%s %s): its pre-tool hook did not run; decided now: %s", ev.Agent, ev.Name, d.Decision)
	if d.Rule != "" {
		why += fmt.Sprintf(" (%s/%s)", d.Policy, d.Rule)
	}
	return why, d
}

// lockUndecided records the tamper of a call that ran with no decision
// and that the policy denies or asks (outcome is its outcome record), and
// locks the scopes of v.
func (g *Gate) lockUndecided(ctx context.Context, ev *hook.Event, s *Session, v *view, d policy.Decision, outcome int64, why string) error {
	p := g.cfg.pins
	unlock, err := p.lockPins()
	if err != nil {
		return err
	}
	defer unlock()
	scopes := make([]scope, 0, len(v.scopes))
	for _, sc := range v.scopes {
		if !sc.global {
			scopes = append(scopes, sc)
		}
	}
	if len(scopes) == 0 {
		scopes = []scope{globalScope}
	}
	now := g.cfg.Now().UTC()
	la := LockAction{SessionID: s.ID, Agent: ev.Agent, Tool: ev.Tool, ToolUseID: ev.ToolUseID, Decision: -1}
	if len(ev.Actions) > 0 {
		r := evidence.Record{Params: ev.Input, ResourcePath: ev.Actions[0].Resource()}
		la.Summary = summary(&r)
	}
	for _, sc := range scopes {
		rec := evidence.Record{
			Type: evidence.TypeTamper, Timestamp: now, SessionID: s.ID, User: s.User, Agent: s.Agent,
			Repo: sc.root, Host: s.Host, Tool: ev.Tool, ToolUseID: ev.ToolUseID, Params: ev.Input,
			PolicyDigest: g.cfg.Policy.Digest(),
		}
		a := map[string]any{"agent": ev.Agent, "tool": ev.Tool, "decision_index": -1, "session_id": s.ID,
			"tool_use_id": ev.ToolUseID, "outcome_index": outcome, "summary": la.Summary}
		if len(ev.Actions) > 0 {
			a["resource_path"] = ev.Actions[0].Resource()
		}
		rec.Extra = map[string]any{
			"kind": KindUndecided, "scope": scopeName(sc), "locks": sc.String(), "scope_ref": sc.key(),
			"actions": []any{a}, "seen_at": ev.Name, "seen_by_session_id": s.ID, "why": why,
			"decision": string(d.Decision), "policy": d.Policy, "rule": d.Rule, "reason": d.Reason,
		}
		if sc.id != "" {
			rec.Extra["scope_id"] = sc.id
		}
		i, err := g.appendRecord(ctx, s, rec)
		if err != nil {
			return fmt.Errorf("evidence: recording a call that ran with no decision: %w", err)
		}
		lc := LockChange{Time: now, Kind: KindUndecided, Record: i, Actions: []LockAction{la}}
		if err := addToLock(g.cfg.StateDir, sc, lc); err != nil {
			return err
		}
	}
	return nil
}
