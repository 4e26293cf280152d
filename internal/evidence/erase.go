package evidence

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Subject erasure (GDPR Article 17). A v2 record keeps the person's
// identity (user, host, repository) in its identity part, to which the
// envelope commits by a salted digest; PruneSubject replaces that part by
// the subject's pseudonym, a keyed hash stable per subject, so the
// person's records stay countable and linkable to each other (decisions,
// sessions, compliance counts) without naming them. The salt makes the
// digest useless for confirming a guess once the identity is gone.
// Payloads that name the subject anywhere (a command, a file content, an
// output, a v1 record's user) are erased. The erasure is recorded first,
// as an "erasure" record listing the indexes it changes, and the verifier
// accepts a pseudonym or an erased payload only where such a record names
// it.

// ErrNoSubject is PruneSubject's error for a subject no record names.
var ErrNoSubject = errors.New("evidence: no record names this subject")

// SubjectRequest says whose identity PruneSubject erases.
type SubjectRequest struct {
	// Subject is the person as records name them: git's user.email or
	// the OS user (see docs/identity.md). Matched without regard to case.
	Subject string
	// Operator is who runs the erasure, recorded as the erasure record's
	// user (as the subject's pseudonym when it is the subject).
	Operator string
	// Reason is recorded with the erasure (a request reference); it must
	// not name the subject.
	Reason string
	// DryRun reports what would change, and changes nothing.
	DryRun bool
}

// SubjectReport says what PruneSubject changed (would change).
type SubjectReport struct {
	Pseudonym string `json:"pseudonym"`
	// Identities are the records whose identity became the pseudonym.
	Identities      int64      `json:"identities"`
	IdentityRanges  [][2]int64 `json:"identity_ranges,omitempty"`
	Payloads        int64      `json:"payloads"`
	PayloadRanges   [][2]int64 `json:"payload_ranges,omitempty"`
	AlreadyErased   int64      `json:"already_erased"` // records carrying the pseudonym already
	Record          int64      `json:"record"`         // the erasure record; -1 if none was written
	DryRun          bool       `json:"dry_run,omitempty"`
	Residual        []Residual `json:"residual,omitempty"`
	ThroughIndex    int64      `json:"through_index"`
	SessionsTouched int        `json:"sessions"`
}

// Residual is a place the subject is still named after the erasure, and
// why it could not be erased.
type Residual struct {
	Index int64  `json:"index"`
	Where string `json:"where"`
}

// Pseudonym returns the pseudonym PruneSubject gives subject under the
// installation's redaction key (evidence/redact.key): "pseudonym:" and 32
// hex digits of HMAC-SHA256(key, "mandate subject pseudonym v1" NUL
// lowercase(subject)). Whoever holds the key can confirm a guessed subject
// against it, as with redaction markers: it is a pseudonym, not an
// anonymisation (GDPR Article 4(5)).
func Pseudonym(dir, subject string) (string, error) {
	k, err := RedactKey(dir)
	if err != nil {
		return "", err
	}
	return pseudonymFor(k, subject), nil
}

func pseudonymFor(key []byte, subject string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("mandate subject pseudonym v1\x00"))
	m.Write([]byte(strings.ToLower(subject)))
	return PseudonymPrefix + hex.EncodeToString(m.Sum(nil)[:16])
}

// PruneSubject replaces the identity of subject by its pseudonym in every
// record, erases every payload that names subject, and records the
// erasure (see the comment above). Policy texts, and the log's own
// records, are never erased: where they, or an envelope, name the subject
// the report lists it as Residual. A subject no record names is
// ErrNoSubject, and nothing is written.
func PruneSubject(ctx context.Context, dir string, req SubjectRequest, opt Options) (SubjectReport, error) {
	rep := SubjectReport{Record: -1, DryRun: req.DryRun}
	subject := strings.TrimSpace(req.Subject)
	if subject == "" || !utf8.ValidString(subject) {
		return rep, errors.New("evidence: subject erasure needs the subject's identity (a user as records name it)")
	}
	if len(subject) < 3 {
		return rep, fmt.Errorf("evidence: subject %q is too short to be matched safely", subject)
	}
	if strings.Contains(strings.ToLower(req.Reason), strings.ToLower(subject)) {
		return rep, errors.New("evidence: the erasure's reason names the subject: it would be recorded")
	}
	key, err := RedactKey(dir)
	if err != nil {
		return rep, err
	}
	rep.Pseudonym = pseudonymFor(key, subject)
	m, err := newSubjectMatcher(dir, subject, rep.Pseudonym)
	if err != nil {
		return rep, err
	}
	if req.DryRun {
		err := scanRecords(ctx, filepath.Join(dir, subdir, recordsFile), m.visit)
		if err == nil {
			err = m.finish(&rep)
		}
		return rep, err
	}
	l, err := Open(dir, opt)
	if err != nil {
		return rep, err
	}
	defer l.Close()
	err = l.rewriteLocked(ctx, m.visit, func(n int64) (Record, bool, error) {
		if err := m.finish(&rep); err != nil {
			return Record{}, false, err
		}
		rep.ThroughIndex = n - 1
		op := req.Operator
		if strings.EqualFold(strings.TrimSpace(op), subject) {
			op = rep.Pseudonym
		}
		extra := map[string]any{"pseudonym": rep.Pseudonym, "through_index": n - 1,
			"identities": rangesAny(rep.IdentityRanges), "payloads": rangesAny(rep.PayloadRanges)}
		if req.Reason != "" {
			extra["reason"] = req.Reason
		}
		return Record{Type: TypeErasure, User: op, Extra: extra}, true, nil
	}, func(ln *line) []byte {
		i := ln.env.Index
		id, pl := m.identities[i], m.payloads[i]
		if !id && !pl {
			return nil
		}
		identity, payload := ln.identity, ln.payload
		if id {
			identity = pseudonymPart(rep.Pseudonym)
		}
		if pl {
			payload = nil
		}
		return ln.render(identity, payload)
	}, &rep.Record)
	return rep, err
}

// subjectMatcher finds what names a subject.
type subjectMatcher struct {
	pseudonym string
	needles   [][]byte // lowercase, as they appear inside JSON strings
	names     []string // the user values that are the subject
	// found
	identities, payloads map[int64]bool
	already              int64
	residual             []Residual
	sessions             map[string]bool
}

func newSubjectMatcher(dir, subject, pseudonym string) (*subjectMatcher, error) {
	m := &subjectMatcher{pseudonym: pseudonym, names: []string{subject},
		identities: map[int64]bool{}, payloads: map[int64]bool{}, sessions: map[string]bool{}}
	// A v1 log with redact_pii stored the user as a redaction marker: it
	// names the subject as surely as the address does.
	if red, err := NewRedactor(dir, true); err == nil {
		if marked, _ := red.Text(subject); marked != subject && strings.HasPrefix(marked, "[REDACTED:") {
			m.names = append(m.names, marked)
		}
	} else {
		return nil, err
	}
	for _, n := range m.names {
		q, err := json.Marshal(strings.ToLower(n))
		if err != nil {
			return nil, err
		}
		m.needles = append(m.needles, q[1:len(q)-1])
	}
	return m, nil
}

func (m *subjectMatcher) isSubject(user string) bool {
	for _, n := range m.names {
		if strings.EqualFold(user, n) {
			return true
		}
	}
	return false
}

func (m *subjectMatcher) mentions(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	low := bytes.ToLower(b)
	for _, n := range m.needles {
		if bytes.Contains(low, n) {
			return true
		}
	}
	return false
}

// visit classifies one record.
func (m *subjectMatcher) visit(l *line) {
	i := l.env.Index
	touched := false
	switch {
	case l.pseudonym == m.pseudonym:
		m.already++
	case l.identity != nil && l.pseudonym == "":
		var id identityPart
		if json.Unmarshal(l.identity, &id) == nil && m.isSubject(id.User) {
			m.identities[i] = true
			touched = true
		} else if m.mentions(l.identity) {
			m.residual = append(m.residual, Residual{Index: i, Where: "the host or repository of another user's record"})
		}
	}
	if m.mentions(l.payload) {
		if keptWhole.Get()[l.env.Type] {
			m.residual = append(m.residual, Residual{Index: i, Where: "the payload of a " + l.env.Type + " record, which is never erased"})
		} else {
			m.payloads[i] = true
			touched = true
		}
	}
	if m.mentions(l.envText) {
		m.residual = append(m.residual, Residual{Index: i, Where: "the envelope (the Merkle leaf), which cannot change"})
	}
	if touched {
		m.sessions[l.env.SessionID] = true
	}
}

func (m *subjectMatcher) finish(rep *SubjectReport) error {
	rep.Identities, rep.Payloads, rep.AlreadyErased = int64(len(m.identities)), int64(len(m.payloads)), m.already
	rep.IdentityRanges, rep.PayloadRanges = ranges(keys(m.identities)), ranges(keys(m.payloads))
	rep.Residual = m.residual
	delete(m.sessions, "")
	rep.SessionsTouched = len(m.sessions)
	if rep.Identities+rep.Payloads == 0 {
		if m.already > 0 {
			return fmt.Errorf("%w: the subject was erased before (%d records carry pseudonym %s) and nothing else names them", ErrNoSubject, m.already, m.pseudonym)
		}
		if len(m.residual) > 0 {
			return fmt.Errorf("%w that can be erased: it is named only where nothing can be erased (%d places: see the report)", ErrNoSubject, len(m.residual))
		}
		return ErrNoSubject
	}
	return nil
}

func keys(m map[int64]bool) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func rangesAny(rs [][2]int64) []any {
	out := make([]any, len(rs))
	for i, r := range rs {
		out[i] = []any{r[0], r[1]}
	}
	return out
}
