package evidence

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Filter selects records for Records and Sessions. Zero fields match
// everything; Text matches case-insensitively anywhere in the stored
// (redacted) record; Since is inclusive and Until exclusive. Limit > 0
// keeps the last Limit matches.
type Filter struct {
	Session, Agent, User, Decision, Text string
	Since, Until                         time.Time
	Limit                                int
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

// Records is Log.Records for the log in state directory dir, opened
// read-only: it writes nothing and takes no lock, so it works on a
// read-only copy of the state directory.
func Records(ctx context.Context, dir string, f Filter) ([]Entry, error) {
	evdir := filepath.Join(dir, subdir)
	var out []Entry
	err := scanDir(ctx, evdir, f, func(e Entry) {
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

// Sessions is Log.Sessions for the log in state directory dir, read-only
// like Records.
func Sessions(ctx context.Context, dir string, f Filter) ([]SessionSummary, error) {
	limit := f.Limit
	f.Limit = 0
	by := map[string]*SessionSummary{}
	err := scanDir(ctx, filepath.Join(dir, subdir), f, func(e Entry) {
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

// scanDir calls fn for every record of the log in evdir that matches f.
func scanDir(ctx context.Context, evdir string, f Filter, fn func(Entry)) error {
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
	text := []byte(strings.ToLower(f.Text))
	var i int64
	st, err := rf.Stat()
	if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	err = readLines(rf, maxLine, st.Size(), func(b []byte, complete bool) error {
		if !complete {
			return nil
		}
		if i&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("evidence: %w", err)
			}
		}
		l, err := parseLine(b)
		if err != nil {
			return fmt.Errorf("%w: record %d: %v (run mandate verify)", ErrDamaged, i, err)
		}
		i++
		if f.Session != "" && l.env.SessionID != f.Session {
			return nil
		}
		if len(text) > 0 && !bytes.Contains(bytes.ToLower(b), text) {
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
		if (f.Agent != "" && r.Agent != f.Agent) || (f.User != "" && r.User != f.User) || (f.Decision != "" && r.Decision != f.Decision) {
			return nil
		}
		fn(e)
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	return nil
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
