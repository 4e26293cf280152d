package evidence

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mandate-dev/mandate/internal/canonjson"
	"github.com/mandate-dev/mandate/internal/lazy"
	"github.com/mandate-dev/mandate/internal/redact"
)

// part is where a record member is stored in a v2 line.
type part int

const (
	inPayload  part = iota // erasable by Prune past retention
	inEnvelope             // the Merkle leaf: never erased, counted by audits
	inIdentity             // the accountable identity: replaced only by PruneSubject
)

// placement says, for every record member that is not simply payload,
// where a v2 line stores it and whether it is exempt from the
// personal-data detectors. The accountable identity (user, agent,
// session, host, repository; seed 000's "User dev-37 launched Codex CLI")
// and the policy text (which must hash to its digest, see section 2 of
// docs/evidence-format.md) are never masked as PII; secret detectors
// still run on them, and a value in which a secret is found is stored
// masked. Every other member is redacted in full, PII detectors included
// when the policy enables them.
//
// Red-team round 26 (#c6): own marks the record's own fields, which
// Mandate sets from a closed vocabulary, the policy or a digest (type,
// decision, trust level, policy and rule names, digests, commit, request
// id) and the tool's name: they are redacted on their own, apart from the
// agent's text (tool input, output, paths, reasons quoting a command).
// Redacted together, a command with an unresolved password position
// (mysql -p"$X") had the fail-closed pass learn every word beside it as a
// secret, and the record lost its type, decision and policy: the deny
// vanished from mandate log --decision deny and verify failed. Detectors
// still run on each own field, so a secret can not reach storage through
// one; only what the agent's text taught the redactor does not apply.
var placement = map[string]struct {
	part  part
	noPII bool
	own   bool
}{
	"type":                 {inEnvelope, false, true},
	"session_id":           {inEnvelope, true, false},
	"agent":                {inEnvelope, true, false},
	"tool":                 {inEnvelope, false, true},
	"decision":             {inEnvelope, false, true},
	"policy":               {inEnvelope, false, true},
	"rule":                 {inEnvelope, false, true},
	"policy_digest":        {inEnvelope, false, true},
	"pinned_policy_digest": {inEnvelope, false, true},
	"user":                 {inIdentity, true, false},
	"host":                 {inIdentity, true, false},
	"repo":                 {inIdentity, true, false},
	"policy_text":          {inPayload, true, false},
	"trust_level":          {inPayload, false, true},
	"action_type":          {inPayload, false, true},
	"commit":               {inPayload, false, true},
	"request_id":           {inPayload, false, true},
	"result":               {inPayload, false, true},
	"approval_status":      {inPayload, false, true},
	"diff_hash":            {inPayload, false, true},
	"rollback_ref":         {inPayload, false, true},
}

// writtenByLog are the record types only the log itself writes.
var writtenByLog = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{TypeCheckpoint: true, TypePrune: true, TypeErasure: true}
}}

// prepared is a record ready to append: everything but its index.
type prepared struct {
	env      envelope // Index unset
	identity []byte   // nil: no identity
	payload  []byte
	now      time.Time // the clock when it was prepared (for the unsigned-tail bound)
	// during, when set, is run with the record's index while the record
	// is made durable (Log.AppendDuring).
	during func(int64)
}

// prepare redacts r and encodes its parts. It runs outside the lock.
func (l *Log) prepare(r Record) (prepared, error) {
	var p prepared
	red := l.opt.Redactor
	if red == nil {
		return p, errors.New("evidence: no redactor configured: refusing to store an unredacted record")
	}
	if r.Type == "" {
		return p, errors.New("evidence: record has no type")
	}
	// One clock reading per record: its timestamp, unless the caller set
	// one, and the time the unsigned-tail bound is checked against.
	p.now = l.opt.Now()
	ts := r.Timestamp
	if ts.IsZero() {
		ts = p.now
	}
	p.env.V = RecordFormat
	p.env.Timestamp = ts.UTC().Truncate(time.Millisecond).Format(timeFormat)
	// The timestamp is set by Mandate and carried by the envelope: the
	// tree leaves it out.
	obj, err := recordTree(&r)
	if err != nil {
		return p, err
	}
	exempt := make(map[string]any, 8)
	own := make(map[string]any, 16)
	for k, pl := range placement {
		v, ok := obj[k]
		switch {
		case !ok:
			continue
		case pl.noPII:
			exempt[k] = v
		case pl.own:
			own[k] = v
		default:
			continue
		}
		delete(obj, k)
	}
	redacted, findings := red.Tree(obj)
	out, ok := redacted.(map[string]any)
	if !ok {
		return p, errors.New("evidence: redaction did not return an object")
	}
	kept, more := redactExempt(red, l.piiRules(), exempt)
	for k, v := range kept {
		out[k] = v
	}
	findings = append(findings, more...)
	if len(own) > 0 {
		ro, more := red.Tree(own)
		rm, ok := ro.(map[string]any)
		if !ok {
			return p, errors.New("evidence: redaction did not return an object")
		}
		for k, v := range rm {
			out[k] = v
		}
		findings = append(findings, more...)
	}
	if len(findings) > 0 {
		list, _ := out["redactions"].([]any)
		for _, f := range findings {
			list = append(list, map[string]any{"path": f.Path, "rule": f.Rule})
		}
		out["redactions"] = list
	}
	take := func(k string) string {
		s, _ := out[k].(string)
		delete(out, k)
		return s
	}
	e := &p.env
	e.Type, e.SessionID, e.Agent, e.Tool = take("type"), take("session_id"), take("agent"), take("tool")
	e.Decision, e.Policy, e.Rule = take("decision"), take("policy"), take("rule")
	e.PolicyDigest, e.PinnedPolicyDigest = take("policy_digest"), take("pinned_policy_digest")
	user, host, repo := take("user"), take("host"), take("repo")
	if e.Type == "" {
		return p, errors.New("evidence: record type was redacted away")
	}
	var salt [32]byte
	n := 16
	if user != "" || host != "" || repo != "" {
		n = 32
	}
	if _, err := io.ReadFull(l.opt.Rand, salt[:n]); err != nil {
		return p, fmt.Errorf("evidence: generating salt: %w", err)
	}
	out["salt"] = hex.EncodeToString(salt[:16])
	if p.identity, err = encodeIdentity(user, host, repo, hex.EncodeToString(salt[16:32])); err != nil {
		return p, fmt.Errorf("evidence: canonical encoding: %w", err)
	}
	if p.identity != nil {
		e.Identity = payloadDigest(p.identity)
	}
	if p.payload, err = canonjson.Marshal(out); err != nil {
		return p, fmt.Errorf("evidence: canonical encoding: %w", err)
	}
	e.Digest = payloadDigest(p.payload)
	if len(p.payload)+len(p.identity)+2048 > maxLine {
		return p, fmt.Errorf("evidence: record of %d bytes exceeds the %d-byte limit", len(p.payload)+len(p.identity), maxLine)
	}
	return p, nil
}

// piiRules returns the IDs of the log redactor's personal-data rules.
func (l *Log) piiRules() map[string]bool {
	l.piiOnce.Do(func() { l.pii = piiRuleIDs(l.opt.Redactor) })
	return l.pii
}

func piiRuleIDs(r *redact.Redactor) map[string]bool {
	m := map[string]bool{}
	for _, ru := range r.Rules() {
		if ru.PII {
			m[ru.ID] = true
		}
	}
	return m
}

// redactExempt redacts members exempt from the PII detectors: each keeps
// its value unless a secret (a non-PII rule) was found in it, in which
// case it is stored as the redactor masked it. It returns the findings
// that count (the secrets').
func redactExempt(r *redact.Redactor, pii map[string]bool, m map[string]any) (map[string]any, []redact.Finding) {
	if len(m) == 0 {
		return m, nil
	}
	red, findings := r.Tree(m)
	rm, _ := red.(map[string]any)
	secret := map[string]bool{}
	var kept []redact.Finding
	for _, f := range findings {
		if pii[f.Rule] {
			continue
		}
		k := f.Path
		if i := strings.IndexAny(k, ".["); i >= 0 {
			k = k[:i]
		}
		secret[k] = true
		kept = append(kept, f)
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if secret[k] || rm == nil {
			out[k] = rm[k]
		} else {
			out[k] = v
		}
	}
	return out, kept
}

// RedactIdentity redacts identity values (a user, host, session id or
// repository) exactly as records store them: never masked as personal
// data, masked only where a secret detector fires. The gate writes its
// session files with it, so the identity a record carries is the one the
// session file holds.
func RedactIdentity(r *redact.Redactor, fields map[string]string) map[string]string {
	in := make(map[string]any, len(fields))
	for k, v := range fields {
		in[k] = v
	}
	red, _ := redactExempt(r, piiRuleIDs(r), in)
	out := make(map[string]string, len(fields))
	for k := range fields {
		s, ok := red[k].(string)
		if !ok {
			s = "[REDACTED]" // a value redaction could not keep a string is never kept
		}
		out[k] = s
	}
	return out
}
