// Package gate owns the security order of every agent tool call:
//
//  1. normalize: the adapter's actions are completed with who is acting
//     (session, user, agent, trust, repository) and validated;
//  2. decide: the policy evaluates every action; the strictest wins;
//  3. redact: the evidence record is redacted (inside evidence.Append,
//     before anything is hashed or written);
//  4. record: the record is appended to the evidence log, and fsynced;
//  5. answer: only then is the decision returned to the adapter.
//
// If step 4 fails the action is denied: nothing an agent does goes
// unrecorded. Every other error on the way is a deny too, unless the policy
// explicitly opted into fail-open, and that choice is itself recorded.
//
// Gate implements hook.Gate. It is built per hook process by Open, which
// loads the policy and opens the log; a failure there is reported to the
// caller, which answers the agent with a deny.
package gate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Recorder is the evidence log as the gate uses it.
type Recorder interface {
	Append(ctx context.Context, r evidence.Record) (int64, error)
	Checkpoint(ctx context.Context) ([]byte, error)
}

// Config wires a Gate.
type Config struct {
	Policy   *policy.Policy
	Log      Recorder
	StateDir string
	// Identity supplies who is acting; see Identity.
	Identity IdentitySource
	Now      func() time.Time
	// Ppid is the agent's process id, which keys the sessions of agents
	// that send no session id; 0 means this process's parent.
	Ppid int

	sessions *sessionCache // set by Open from its Cache; nil reads every time
}

// Gate decides and records agent actions. It is used by one hook process
// for one event, and is safe for concurrent use.
type Gate struct {
	cfg    Config
	closer io.Closer
}

var _ hook.Gate = (*Gate)(nil)

// New returns a Gate; cfg.Policy and cfg.Log are required.
func New(cfg Config) (*Gate, error) {
	if cfg.Policy == nil {
		return nil, errors.New("gate: no policy")
	}
	if cfg.Log == nil {
		return nil, errors.New("gate: no evidence log")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Identity == nil {
		cfg.Identity = LocalIdentity{}
	}
	if cfg.Ppid == 0 {
		cfg.Ppid = os.Getppid()
	}
	return &Gate{cfg: cfg}, nil
}

// Policy returns the policy the gate decides with.
func (g *Gate) Policy() *policy.Policy { return g.cfg.Policy }

// Pre decides a pre-tool event and records the decision before returning
// it. It never returns allow for an action it could not decide and record.
func (g *Gate) Pre(ctx context.Context, ev *hook.Event) policy.Decision {
	sess, err := g.session(ctx, ev)
	if err != nil {
		return g.Failure(ctx, ev, err)
	}
	d := g.decide(ev, sess)
	rec := g.record(ev, sess, "decision")
	if d.TrustLevel != "" {
		rec.TrustLevel = d.TrustLevel
	}
	rec.PolicyChecks = d.PolicyChecks
	rec.Decision = string(d.Decision)
	rec.Policy = d.Policy
	rec.Rule = d.Rule
	rec.Reason = d.Reason
	if d.Decision == policy.Ask {
		rec.ApprovalStatus = "required"
	}
	if _, err := g.cfg.Log.Append(ctx, rec); err != nil {
		return denyDecision(g.cfg.Policy, sess.TrustLevel, "evidence", "record",
			fmt.Sprintf("the evidence log could not record this action (%v); action refused so that nothing runs unrecorded", err))
	}
	return d
}

// decide evaluates every action of ev; the strictest decision wins, and
// the policy checks of all actions are merged (a policy fails if it
// failed for any action).
func (g *Gate) decide(ev *hook.Event, sess *Session) policy.Decision {
	p := g.cfg.Policy
	if len(ev.Actions) == 0 {
		a := action.Action{V: action.Version, Kind: action.Unknown, Tool: ev.Tool, Cwd: ev.Cwd}
		ev.Actions = []action.Action{a}
	}
	var out policy.Decision
	for i := range ev.Actions {
		a := &ev.Actions[i]
		g.complete(a, ev, sess)
		var d policy.Decision
		if err := a.Validate(); err != nil {
			d = denyDecision(p, sess.TrustLevel, "mandate", "normalize",
				fmt.Sprintf("the %s tool call could not be normalized (%v); action refused", ev.Tool, err))
		} else {
			d = p.Evaluate(a)
		}
		if i == 0 {
			out = d
			continue
		}
		out = merge(out, d)
	}
	return out
}

// merge combines the decisions for two actions of one tool call.
func merge(a, b policy.Decision) policy.Decision {
	out := a
	if b.Decision.Stricter(a.Decision) != a.Decision {
		out = b
	}
	byName := map[string]int{}
	var checks []policy.Check
	for _, c := range append(append([]policy.Check{}, a.PolicyChecks...), b.PolicyChecks...) {
		if j, ok := byName[c.Policy]; ok {
			if resultRank(c.Result) > resultRank(checks[j].Result) {
				checks[j] = c
			}
			continue
		}
		byName[c.Policy] = len(checks)
		checks = append(checks, c)
	}
	out.PolicyChecks = checks
	out.Findings = append(append([]policy.Finding{}, a.Findings...), b.Findings...)
	return out
}

func resultRank(r string) int {
	switch r {
	case "pass":
		return 0
	case "ask":
		return 1
	}
	return 2
}

// complete fills in who is acting and where.
func (g *Gate) complete(a *action.Action, ev *hook.Event, s *Session) {
	if a.V == 0 {
		a.V = action.Version
	}
	if a.Cwd == "" {
		a.Cwd = ev.Cwd
	}
	if a.Tool == "" {
		a.Tool = ev.Tool
	}
	act := &a.Actor
	act.SessionID = s.ID
	act.Agent = s.Agent
	if act.AgentVersion == "" {
		act.AgentVersion = s.AgentVersion
	}
	if act.Model == "" {
		act.Model = s.Model
	}
	act.User = s.User
	act.Groups = s.Groups
	// Actor.TrustLevel stays empty: an explicit level would override the
	// policy's roles, which the policy derives from Groups per decision.
	act.RepoRoot = s.Repo
	act.Home = s.Home
	act.Host = s.Host
	if a.Branch == "" {
		a.Branch = s.Branch
	}
}

// Post records the outcome of a tool call, with the sha256 of every file
// it wrote, so each change is attributable to the session that made it.
func (g *Gate) Post(ctx context.Context, ev *hook.Event) error {
	sess, err := g.session(ctx, ev)
	if err != nil {
		return err
	}
	rec := g.record(ev, sess, "outcome")
	switch {
	case ev.Success == nil:
		rec.Result = "unknown"
	case *ev.Success:
		rec.Result = "success"
	default:
		rec.Result = "failure"
	}
	rec.ExitCode = ev.ExitCode
	if ev.Error != "" {
		if rec.Extra == nil {
			rec.Extra = map[string]any{}
		}
		rec.Extra["error"] = truncate(ev.Error, 4096)
	}
	var hashes []any
	for _, a := range ev.Actions {
		if a.Kind != action.FileWrite {
			continue
		}
		for _, p := range a.Paths {
			if !filepath.IsAbs(p) {
				p = filepath.Join(ev.Cwd, p)
			}
			h, err := fileDigest(p)
			if err != nil {
				h = "unreadable: " + err.Error()
			}
			if rec.DiffHash == "" && !strings.HasPrefix(h, "unreadable") {
				rec.DiffHash = h
			}
			hashes = append(hashes, map[string]any{"path": p, "sha256": h})
		}
	}
	if len(hashes) > 0 {
		if rec.Extra == nil {
			rec.Extra = map[string]any{}
		}
		rec.Extra["files"] = hashes
	}
	_, err = g.cfg.Log.Append(ctx, rec)
	return err
}

// maxDigestSize bounds how much of a written file Post hashes.
const maxDigestSize = 256 << 20

func fileDigest(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !st.Mode().IsRegular() {
		return "", fmt.Errorf("not a regular file")
	}
	if st.Size() > maxDigestSize {
		return "", fmt.Errorf("larger than %d bytes", maxDigestSize)
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// Session records a session start or end, or another event. At a session
// end it also writes a signed checkpoint.
func (g *Gate) Session(ctx context.Context, ev *hook.Event) error {
	sess, err := g.session(ctx, ev)
	if err != nil {
		return err
	}
	switch ev.Kind {
	case hook.SessionStart:
		// session() recorded the start when it opened the session.
		return nil
	case hook.SessionEnd:
		rec := g.record(ev, sess, "session.end")
		if _, err := g.cfg.Log.Append(ctx, rec); err != nil {
			return err
		}
		if err := g.closeSession(sess); err != nil {
			return err
		}
		_, err := g.cfg.Log.Checkpoint(ctx)
		return err
	default:
		rec := g.record(ev, sess, "event")
		_, err := g.cfg.Log.Append(ctx, rec)
		return err
	}
}

// Failure answers an internal failure: deny, or allow only where the policy
// explicitly chose fail-open. Either way the failure is recorded if the log
// can take it.
func (g *Gate) Failure(ctx context.Context, ev *hook.Event, cause error) policy.Decision {
	if ev == nil {
		ev = &hook.Event{}
	}
	sess := g.fallbackSession(ev)
	trust := sess.TrustLevel
	p := g.cfg.Policy
	reason := fmt.Sprintf("Mandate could not check this action (%v); it is refused because governance fails closed", oneLine(cause))
	d := denyDecision(p, trust, "mandate", "fail-closed", reason)
	typ := "failure"
	if p.FailOpen() {
		d.Decision = policy.Allow
		d.Rule = "fail-open"
		d.Reason = fmt.Sprintf("Mandate could not check this action (%v); allowed because the policy sets fail_mode: open", oneLine(cause))
		typ = "fail_open"
	}
	rec := g.record(ev, sess, typ)
	rec.Decision = string(d.Decision)
	rec.Policy = d.Policy
	rec.Rule = d.Rule
	rec.Reason = d.Reason
	if _, err := g.cfg.Log.Append(ctx, rec); err != nil && d.Decision == policy.Allow {
		// Fail-open still may not run unrecorded.
		return denyDecision(p, trust, "evidence", "record",
			fmt.Sprintf("the evidence log could not record a fail-open decision (%v); action refused", oneLine(err)))
	}
	return d
}

// record builds the evidence record common to every event type.
func (g *Gate) record(ev *hook.Event, s *Session, typ string) evidence.Record {
	rec := evidence.Record{
		Type:         typ,
		Timestamp:    g.cfg.Now().UTC(),
		SessionID:    s.ID,
		User:         s.User,
		Agent:        s.Agent,
		AgentVersion: s.AgentVersion,
		Model:        s.Model,
		TrustLevel:   s.TrustLevel,
		Repo:         s.Repo,
		Commit:       s.Commit,
		Host:         s.Host,
		Tool:         ev.Tool,
		ToolUseID:    ev.ToolUseID,
		Params:       ev.Input,
		PolicyDigest: g.cfg.Policy.Digest(),
	}
	if len(ev.Actions) > 0 {
		rec.ActionType = string(ev.Actions[0].Kind)
		rec.ResourcePath = ev.Actions[0].Resource()
	}
	if ev.Name != "" {
		rec.Extra = map[string]any{"event": ev.Name}
	}
	return rec
}

func denyDecision(p *policy.Policy, trust, pol, rule, reason string) policy.Decision {
	return policy.Decision{
		Decision:     policy.Deny,
		Policy:       pol,
		Rule:         rule,
		Reason:       reason,
		PolicyChecks: []policy.Check{{Policy: pol, Result: "fail", Rule: rule, Reason: reason}},
		PolicyDigest: p.Digest(),
		TrustLevel:   trust,
	}
}

func oneLine(err error) string {
	if err == nil {
		return "unknown error"
	}
	return truncate(strings.Join(strings.Fields(err.Error()), " "), 300)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// evidenceRecordPolicy is the policy.load record: the policy text, stored
// once per digest, so every decision's policy_digest can be resolved.
func evidenceRecordPolicy(g *Gate, s *Session) evidence.Record {
	p := g.cfg.Policy
	return evidence.Record{
		Type:         "policy.load",
		Timestamp:    g.cfg.Now().UTC(),
		SessionID:    s.ID,
		User:         s.User,
		Agent:        s.Agent,
		Repo:         s.Repo,
		Commit:       s.Commit,
		Host:         s.Host,
		PolicyDigest: p.Digest(),
		PolicyText:   string(p.Text()),
		ResourcePath: p.Name(),
	}
}
