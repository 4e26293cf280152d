package gate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
	"github.com/mandate-dev/mandate/internal/smallfile"
)

// A policy that does not load (a parse error, an unreadable or
// non-regular file) governs nothing: every action is refused. That deny
// is evidence like any other: when the evidence log can be opened, Open
// returns a gate in broken-policy mode, which records the policy's text
// (a policy.load record whose extra.error holds the parse error, so the
// text that "decided" is in the evidence) and, for every pre-tool event,
// a decision record: deny, policy "mandate", rule "policy-error", the
// error in its reason. Other events are answered as failures (recorded,
// fail-closed). Nothing in this mode consults a policy; fail_mode: open
// cannot apply, as the policy that would say so is unreadable.

// brokenPolicy is why a gate has no policy.
type brokenPolicy struct {
	err    error
	path   string // the policy file, when known
	text   []byte // its contents, when readable
	digest string // of text
}

// RulePolicyError is the rule of a deny by a policy that does not load.
const RulePolicyError = "policy-error"

// openBroken opens a gate in broken-policy mode (see above), or returns
// cause when the log cannot record it either.
func openBroken(o Options, cause error) (*Gate, error) {
	// The policy's redact_pii is unknown: redact personal data (the
	// identity stays in clear either way).
	log, closer, err := o.Cache.openLog(o.StateDir, true, o.Now, checkpointBound(o.Checkpoints, nil))
	if err != nil {
		return nil, fmt.Errorf("%w (and the evidence log cannot record the refusal: %v)", cause, err)
	}
	bp := &brokenPolicy{err: cause, path: o.PolicyPath}
	if bp.path == "" {
		bp.path, _ = policy.Locate(o.Cwd, o.Getenv)
	}
	if bp.path != "" && !filepath.IsAbs(bp.path) && o.Cwd != "" {
		bp.path = filepath.Join(o.Cwd, bp.path)
	}
	if bp.path != "" {
		if text, err := smallfile.ReadRegular(bp.path, policy.MaxFileSize); err == nil {
			sum := sha256.Sum256(text)
			bp.text, bp.digest = text, "sha256:"+hex.EncodeToString(sum[:])
		}
	}
	g, err := New(Config{
		Policy:    policy.Default(), // never consulted: every path checks g.broken first
		Log:       log,
		StateDir:  o.StateDir,
		Identity:  LocalIdentity{Getenv: o.Getenv, Environ: o.Environ},
		Now:       o.Now,
		Ppid:      o.Ppid,
		Getenv:    o.Getenv,
		RequestID: o.RequestID,
		Redactor:  log.Redactor(),
		pins:      o.Cache.pinStore(o.StateDir),
	})
	if err != nil {
		if closer != nil {
			closer.Close()
		}
		return nil, err
	}
	if o.Cache != nil {
		g.cfg.policyMarks = &o.Cache.marks
	}
	g.broken = bp
	g.closer = closer
	return g, nil
}

// brokenSession is who acts in broken-policy mode: the session file when
// there is one (it is never created in this mode), else who the machine
// says.
func (g *Gate) brokenSession(ctx context.Context, ev *hook.Event) *Session {
	s := g.fallbackSession(ev)
	if s.User == "" {
		idn := g.cfg.Identity.Identify(ctx, ev.Cwd)
		s.User, s.Host, s.UserSource = idn.User, idn.Host, idn.UserSource
		s.Repo = repoRoot(ev.Cwd)
	}
	return s
}

// reason is the reason of every deny in broken-policy mode.
func (bp *brokenPolicy) reason() string {
	where := "the policy"
	if bp.path != "" {
		where = "the policy " + bp.path
	}
	return fmt.Sprintf("%s does not load (%s); every action is refused until it is fixed (run mandate policy validate)", where, oneLine(bp.err))
}

// brokenRecord is a record of the broken mode: it names the broken
// text's digest (recorded first) when the text could be read.
func (g *Gate) brokenRecord(ctx context.Context, ev *hook.Event, s *Session, typ string, d policy.Decision) evidence.Record {
	bp := g.broken
	rec := g.record(ev, s, typ)
	rec.PolicyDigest = ""
	rec.Decision, rec.Policy, rec.Rule, rec.Reason = string(d.Decision), d.Policy, d.Rule, d.Reason
	rec.PolicyChecks = d.PolicyChecks
	if rec.Extra == nil {
		rec.Extra = map[string]any{}
	}
	rec.Extra["policy_error"] = oneLine(bp.err)
	rec.Extra["event_kind"] = string(ev.Kind)
	if bp.path != "" {
		rec.Extra["policy_path"] = bp.path
	}
	if bp.digest != "" && g.ensureText(ctx, bp.digest, func() evidence.Record {
		return evidence.Record{Type: evidence.TypePolicyLoad, Timestamp: g.cfg.Now().UTC(), SessionID: s.ID, User: s.User, Agent: s.Agent,
			Repo: s.Repo, Host: s.Host, PolicyDigest: bp.digest, PolicyText: string(bp.text), ResourcePath: bp.path,
			Extra: map[string]any{"error": oneLine(bp.err), "loaded": false}}
	}) == nil {
		rec.PolicyDigest = bp.digest
	}
	return rec
}

// brokenPre answers a pre-tool event in broken-policy mode: deny, recorded
// as a decision.
func (g *Gate) brokenPre(ctx context.Context, ev *hook.Event) policy.Decision {
	s := g.brokenSession(ctx, ev)
	reason := g.broken.reason()
	d := policy.Decision{Decision: policy.Deny, Policy: "mandate", Rule: RulePolicyError, Reason: reason,
		PolicyChecks: []policy.Check{{Policy: "mandate", Result: "fail", Rule: RulePolicyError, Reason: reason}}}
	rec := g.brokenRecord(ctx, ev, s, evidence.TypeDecision, d)
	if len(ev.Actions) > 0 {
		rec.ActionType = string(ev.Actions[0].Kind)
	}
	if _, err := g.cfg.Log.Append(ctx, rec); err != nil {
		if dup, ok := err.(*evidence.DuplicateError); ok {
			return recordedDecision(&dup.Entry.Record)
		}
		d.Reason = fmt.Sprintf("%s; the refusal could not be recorded either (%s)", reason, oneLine(err))
	}
	return d
}

// brokenFailure records a failure in broken-policy mode (fail-closed).
func (g *Gate) brokenFailure(ctx context.Context, ev *hook.Event, cause error) policy.Decision {
	s := g.brokenSession(ctx, ev)
	reason := fmt.Sprintf("%s (%s)", g.broken.reason(), oneLine(cause))
	d := policy.Decision{Decision: policy.Deny, Policy: "mandate", Rule: RulePolicyError, Reason: reason,
		PolicyChecks: []policy.Check{{Policy: "mandate", Result: "fail", Rule: RulePolicyError, Reason: reason}}}
	rec := g.brokenRecord(ctx, ev, s, evidence.TypeFailure, d)
	if _, err := g.cfg.Log.Append(ctx, rec); err != nil {
		if dup, ok := err.(*evidence.DuplicateError); ok && ev.Kind == hook.PreTool {
			return recordedDecision(&dup.Entry.Record)
		}
	}
	return d
}
