package gate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/mandate-dev/mandate/internal/atomicfile"
	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Every policy text that decided anything is in the evidence: before the
// first record that names a policy digest (a session start, a decision
// after a mid-session edit, a decision the session's pinned policy took
// part in, a tamper record), the log gets a policy.load record with that
// policy's text. Verify and VerifyBundle fail on a v2 record whose policy
// text is missing.
//
// What is recorded is remembered per log (its origin) and digest: in
// memory (a Cache's, or the gate's own for a one-event hook process) and
// in a marker file, policies/<hex digest>, holding the log's origin, so a
// hook process does not record the text again on every call, and a log
// replaced by a new one (new keys, new origin) gets the texts again.

// policyMarks remembers the policy texts recorded, by state directory,
// log origin and digest. The zero value is ready; safe for concurrent use.
type policyMarks struct {
	mu sync.Mutex
	m  map[string]bool
}

func (pm *policyMarks) has(k string) bool {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	return pm.m[k]
}

func (pm *policyMarks) add(k string) {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	if pm.m == nil || len(pm.m) >= 4096 {
		pm.m = map[string]bool{}
	}
	pm.m[k] = true
}

// appendRecord appends rec, first recording the text of the gate's
// policy when rec names it, and of every policy of ps (the other policies
// that decided: deciders.go).
func (g *Gate) appendRecord(ctx context.Context, s *Session, rec evidence.Record, ps ...*policy.Policy) (int64, error) {
	return g.appendRecordDuring(ctx, s, rec, nil, ps...)
}

// appendRecordDuring is appendRecord, calling during with the record's
// index while the record is made durable (evidence.Log.AppendDuring),
// when the log can; a log that cannot (a test's) never calls it.
func (g *Gate) appendRecordDuring(ctx context.Context, s *Session, rec evidence.Record, during func(int64), ps ...*policy.Policy) (int64, error) {
	if p := g.cfg.Policy; p.Digest() == rec.PolicyDigest || p.Digest() == rec.PinnedPolicyDigest {
		if err := g.ensurePolicy(ctx, s, p); err != nil {
			return 0, err
		}
	}
	for _, p := range ps {
		if p == nil {
			continue
		}
		if err := g.ensurePolicy(ctx, s, p); err != nil {
			return 0, err
		}
	}
	if p := g.cfg.pins; p != nil && p.cache != nil {
		p.behind.Store(true) // read back after the answer (Cache.Answered)
	}
	if l, ok := g.cfg.Log.(interface {
		AppendDuring(context.Context, evidence.Record, func(int64)) (int64, error)
	}); ok && during != nil {
		return l.AppendDuring(ctx, rec, during)
	}
	return g.cfg.Log.Append(ctx, rec)
}

// ensurePolicy records p's text unless the log holds it already.
func (g *Gate) ensurePolicy(ctx context.Context, s *Session, p *policy.Policy) error {
	return g.ensureText(ctx, p.Digest(), func() evidence.Record { return policyRecord(g, s, p) })
}

// ensureText appends the policy.load record rec builds unless the log
// holds the text of digest already.
func (g *Gate) ensureText(ctx context.Context, digest string, rec func() evidence.Record) error {
	origin := ""
	if o, ok := g.cfg.Log.(interface{ Origin() string }); ok {
		origin = o.Origin()
	}
	key := g.cfg.StateDir + "\x00" + origin + "\x00" + digest
	if g.cfg.policyMarks.has(key) {
		return nil
	}
	hex := strings.TrimPrefix(digest, "sha256:")
	dir := filepath.Join(g.cfg.StateDir, "policies")
	marker := filepath.Join(dir, hex)
	if origin != "" {
		if b, err := readRegular(marker, 4096, false); err == nil && string(b) == origin+"\n" {
			g.cfg.policyMarks.add(key)
			return nil
		}
	}
	if _, err := g.cfg.Log.Append(ctx, rec()); err != nil {
		return fmt.Errorf("evidence: recording the text of policy %s: %w", digest, err)
	}
	g.cfg.policyMarks.add(key)
	if origin != "" && len(hex) == 64 {
		// Best effort: without the marker, the text is only recorded again.
		if os.MkdirAll(dir, 0o700) == nil {
			_ = atomicfile.WriteFile(marker, []byte(origin+"\n"), 0o600)
		}
	}
	return nil
}

// policyRecord is the policy.load record of p: its text, stored once per
// digest and log, so every record's policy digest can be resolved.
func policyRecord(g *Gate, s *Session, p *policy.Policy) evidence.Record {
	return evidence.Record{
		Type:         evidence.TypePolicyLoad,
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
