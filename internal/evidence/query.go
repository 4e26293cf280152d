package evidence

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Source is where records are read from: the local log of a state
// directory (LocalSource) or a bundle (*Bundle). Listing, session
// summaries and session timelines read either with the same code.
type Source interface {
	// scan calls fn with every complete record, in index order.
	scan(ctx context.Context, fn func(*line) error) error
}

// LocalSource is the log in state directory dir, read without the lock
// (it writes nothing, so it works on a read-only copy of the directory);
// an unterminated last line is skipped.
func LocalSource(dir string) Source { return localSource(dir) }

type localSource string

func (d localSource) scan(ctx context.Context, fn func(*line) error) error {
	evdir := filepath.Join(string(d), subdir)
	rf, err := os.Open(filepath.Join(evdir, recordsFile))
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Stat(evdir); err != nil {
			return fmt.Errorf("evidence: %w", err)
		}
		return nil // initialized, nothing recorded yet
	}
	if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	defer rf.Close()
	st, err := rf.Stat()
	if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	return scanLines(ctx, rf, st.Size(), fn)
}

// scan implements Source for a bundle: its records.
func (b *Bundle) scan(ctx context.Context, fn func(*line) error) error {
	return scanLines(ctx, bytes.NewReader(b.records), int64(len(b.records)), fn)
}

// scanLines parses the record lines of r for fn, skipping an unterminated
// last line.
func scanLines(ctx context.Context, r io.Reader, size int64, fn func(*line) error) error {
	var i int64
	err := readLines(r, maxLine, size, func(b []byte, complete bool) error {
		if !complete {
			return nil
		}
		if i&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("evidence: %w", err)
			}
		}
		i++
		l, err := parseLine(b)
		if err != nil {
			return fmt.Errorf("%w: record %d: %v (run mandate verify)", ErrDamaged, i-1, err)
		}
		return fn(&l)
	})
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

// Filter selects records for Records and Sessions. Zero fields match
// everything; Text matches case-insensitively anywhere in the stored
// (redacted) record; Since is inclusive and Until exclusive. Decision
// matches DecisionOf (so a fail-closed failure is a deny). Limit > 0
// keeps the last Limit matches.
type Filter struct {
	Session, Agent, User, Decision, Text string
	// Type is a record type, or several separated by commas
	// ("session.start,session.end").
	Type string
	// Tool is an agent tool name, or several separated by commas, matched
	// without regard to case ("bash" matches Claude Code's Bash).
	Tool string
	// Repo is a directory: the records of the repository rooted there and
	// of repositories below it ("/" matches every record).
	Repo         string
	Since, Until time.Time
	Limit        int
}

// filterSets are a Filter's lists, parsed once per scan.
type filterSets struct {
	types, tools map[string]bool
	repo         string
}

func (f *Filter) sets() filterSets {
	list := func(s string, fold bool) map[string]bool {
		if s == "" {
			return nil
		}
		m := map[string]bool{}
		for _, v := range strings.Split(s, ",") {
			if v = strings.TrimSpace(v); v != "" {
				if fold {
					v = strings.ToLower(v)
				}
				m[v] = true
			}
		}
		return m
	}
	fs := filterSets{types: list(f.Type, false), tools: list(f.Tool, true)}
	if f.Repo != "" {
		fs.repo = filepath.Clean(f.Repo)
	}
	return fs
}

// repoMatch reports whether repository root r is dir or below it.
func repoMatch(dir, r string) bool {
	return dir == "" || dir == "/" || r == dir || strings.HasPrefix(r, dir+"/")
}

// SessionSummary is one session as listed by `mandate sessions`.
type SessionSummary struct {
	ID      string    `json:"session_id"`
	Agent   string    `json:"agent"`
	User    string    `json:"user"`
	First   time.Time `json:"first"`
	Last    time.Time `json:"last"`
	Records int       `json:"records"`
	Allowed int       `json:"allowed"`
	Denied  int       `json:"denied"`
	Asked   int       `json:"asked"`
	Ended   bool      `json:"ended"`
}

// Records returns the records that match f, in log order. It reads the
// records file without the lock; an unterminated last line is skipped.
func (l *Log) Records(ctx context.Context, f Filter) ([]Entry, error) {
	return Records(ctx, l.dir, f)
}

// Sessions summarizes the sessions of the records that match f (Limit
// applies to sessions), oldest first.
func (l *Log) Sessions(ctx context.Context, f Filter) ([]SessionSummary, error) {
	return Sessions(ctx, l.dir, f)
}

// Records is RecordsFrom the log in state directory dir (LocalSource).
func Records(ctx context.Context, dir string, f Filter) ([]Entry, error) {
	return RecordsFrom(ctx, LocalSource(dir), f)
}

// Sessions is SessionsFrom the log in state directory dir (LocalSource).
func Sessions(ctx context.Context, dir string, f Filter) ([]SessionSummary, error) {
	return SessionsFrom(ctx, LocalSource(dir), f)
}

// RecordsFrom returns the records of src that match f, in index order.
func RecordsFrom(ctx context.Context, src Source, f Filter) ([]Entry, error) {
	var out []Entry
	err := scanSource(ctx, src, f, func(e Entry) {
		out = append(out, e)
		if f.Limit > 0 && len(out) > 2*f.Limit {
			out = append(out[:0], out[len(out)-f.Limit:]...)
		}
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[len(out)-f.Limit:]
	}
	return out, err
}

// SessionsFrom summarizes the sessions of the records of src that match f
// (Limit applies to sessions), oldest first. Decisions are counted with
// DecisionOf.
func SessionsFrom(ctx context.Context, src Source, f Filter) ([]SessionSummary, error) {
	limit := f.Limit
	f.Limit = 0
	by := map[string]*SessionSummary{}
	err := scanSource(ctx, src, f, func(e Entry) {
		r := &e.Record
		if r.SessionID == "" {
			return
		}
		s := by[r.SessionID]
		if s == nil {
			s = &SessionSummary{ID: r.SessionID, First: r.Timestamp, Last: r.Timestamp}
			by[r.SessionID] = s
		}
		if s.Agent == "" {
			s.Agent = r.Agent
		}
		if s.User == "" {
			s.User = r.User
		}
		if r.Timestamp.Before(s.First) {
			s.First = r.Timestamp
		}
		if r.Timestamp.After(s.Last) {
			s.Last = r.Timestamp
		}
		s.Records++
		if r.Type == TypeSessionEnd {
			s.Ended = true
		}
		switch DecisionOf(r) {
		case "allow":
			s.Allowed++
		case "deny":
			s.Denied++
		case "ask":
			s.Asked++
		}
	})
	if err != nil {
		return nil, err
	}
	out := make([]SessionSummary, 0, len(by))
	for _, s := range by {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].First.Equal(out[j].First) {
			return out[i].First.Before(out[j].First)
		}
		return out[i].ID < out[j].ID
	})
	if limit > 0 && len(out) > limit {
		out = out[len(out)-limit:]
	}
	return out, nil
}

// ErrNoSession and ErrAmbiguousSession are ResolveSession's errors.
var (
	ErrNoSession        = errors.New("evidence: no session has this id")
	ErrAmbiguousSession = errors.New("evidence: several sessions start with this prefix")
)

// ResolveSession returns the session id of src that prefix names: the id
// itself, else the one id starting with it. Several matches are
// ErrAmbiguousSession (naming up to ten), none ErrNoSession.
func ResolveSession(ctx context.Context, src Source, prefix string) (string, error) {
	if prefix == "" {
		return "", fmt.Errorf("%w: an empty prefix", ErrNoSession)
	}
	seen := map[string]bool{}
	var matches []string
	err := src.scan(ctx, func(l *line) error {
		id := l.env.SessionID
		if id == prefix {
			matches = []string{id}
			return errStop
		}
		if strings.HasPrefix(id, prefix) && !seen[id] {
			seen[id] = true
			matches = append(matches, id)
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return "", err
	}
	switch {
	case len(matches) == 1:
		return matches[0], nil
	case len(matches) == 0:
		return "", fmt.Errorf("%w: %q", ErrNoSession, prefix)
	}
	sort.Strings(matches)
	shown := matches[:min(len(matches), 10)]
	return "", fmt.Errorf("%w: %q matches %d sessions (%s)", ErrAmbiguousSession, prefix, len(matches), strings.Join(shown, ", "))
}

// scanSource calls fn for every record of src that matches f.
func scanSource(ctx context.Context, src Source, f Filter, fn func(Entry)) error {
	text := []byte(strings.ToLower(f.Text))
	sets := f.sets()
	return src.scan(ctx, func(l *line) error {
		if f.Session != "" && l.env.SessionID != f.Session {
			return nil
		}
		if sets.types != nil && !sets.types[l.env.Type] {
			return nil
		}
		if len(text) > 0 && !containsFold(l, text) {
			return nil
		}
		e, err := l.entry()
		if err != nil {
			return fmt.Errorf("%w: record %d: %v", ErrDamaged, l.env.Index, err)
		}
		r := &e.Record
		if (!f.Since.IsZero() && r.Timestamp.Before(f.Since)) || (!f.Until.IsZero() && !r.Timestamp.Before(f.Until)) {
			return nil
		}
		if (f.Agent != "" && r.Agent != f.Agent) || (f.User != "" && r.User != f.User) || (f.Decision != "" && DecisionOf(r) != f.Decision) ||
			(sets.tools != nil && !sets.tools[strings.ToLower(r.Tool)]) || !repoMatch(sets.repo, r.Repo) {
			return nil
		}
		fn(e)
		return nil
	})
}

// containsFold reports whether any part of the line holds text (lower
// case).
func containsFold(l *line, text []byte) bool {
	for _, p := range [][]byte{l.envText, l.identity, l.payload} {
		if bytes.Contains(bytes.ToLower(p), text) {
			return true
		}
	}
	return false
}

// DecisionOf is how a record counts among a session's decisions, the one
// rule every listing, count and report uses: a decision record counts as
// its decision; a fail-closed failure as a deny, because the action was
// refused (unless the record says it was not a pre-tool event, whose
// failure refuses nothing); a fail-open record as an allow. Anything else
// is not a decision ("").
func DecisionOf(r *Record) string {
	switch r.Type {
	case TypeDecision:
		return r.Decision
	case TypeFailure:
		if k := r.extraString("event_kind"); k != "" && k != "pre_tool" {
			return ""
		}
		return "deny"
	case TypeFailOpen:
		return "allow"
	}
	return ""
}
