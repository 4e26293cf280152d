package evidence

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// keptWhole are the record types whose payload is never erased: the log's
// own records, and policy texts (every decision naming a policy must keep
// its text, see recordChecks).
var keptWhole = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{TypePrune: true, TypeCheckpoint: true, TypeErasure: true, TypePolicyLoad: true}
}}

// ErrRetention is wrapped by Prune's refusal to cut into the retention
// period the policy sets (evidence.retention).
var ErrRetention = errors.New("evidence: prune refused: the cut-off is within the policy's retention period")

// PruneRequest says what Prune erases, and on whose authority.
type PruneRequest struct {
	// Before is the cut-off: the payloads of records dated before it are
	// erased. It must not be zero nor in the future.
	Before time.Time
	// RetentionDays is the policy's evidence.retention in days; 0 means
	// keep forever. A cut-off later than now minus the retention would
	// erase records the policy says must be kept: refused unless Force.
	RetentionDays int
	// Force overrides the retention. The prune record says so, with the
	// retention it overrode and Operator.
	Force bool
	// Operator is who runs the prune (the person, as the CLI identifies
	// them); recorded as the prune record's user. Required with Force.
	Operator string
	// DryRun reports exactly what would be erased, and erases and
	// records nothing (it only reads, without the lock).
	DryRun bool
}

// PruneReport says what Prune erased (or, for a dry run, would erase).
type PruneReport struct {
	Before time.Time `json:"before"`
	// Through is the last index considered (the log's last record).
	Through int64 `json:"through_index"`
	// Pruned is the number of payloads erased (would be, for a dry run).
	Pruned int64 `json:"pruned"`
	// Ranges are the indexes of those records (inclusive ranges).
	Ranges [][2]int64 `json:"ranges,omitempty"`
	// ByType counts them by record type.
	ByType map[string]int64 `json:"by_type,omitempty"`
	// Sessions is how many sessions they belong to.
	Sessions int `json:"sessions"`
	// First and Last are the timestamps of the first and last of them.
	First time.Time `json:"first,omitzero"`
	Last  time.Time `json:"last,omitzero"`
	// Record is the index of the prune record; -1 when nothing was
	// recorded (a dry run, or nothing to erase).
	Record int64 `json:"record"`
	DryRun bool  `json:"dry_run,omitempty"`
	// Forced is true when the cut-off was within the retention period.
	Forced        bool `json:"forced,omitempty"`
	RetentionDays int  `json:"retention_days"`
	// Keep is the latest cut-off the retention allows now (zero when the
	// policy keeps evidence forever).
	Keep time.Time `json:"keep,omitzero"`

	sessions map[string]bool
}

// Prune erases payloads past retention. It is PruneBefore with the
// retention overridden (Force) and the operator unknown, as the prune
// record then says: callers that know the policy's retention and the
// person must use PruneBefore.
func Prune(ctx context.Context, dir string, before time.Time, opt Options) (PruneReport, error) {
	return PruneBefore(ctx, dir, PruneRequest{Before: before, Force: true, Operator: "unknown (a caller that did not check the retention)"}, opt)
}

// PruneBefore erases the payloads of records dated before req.Before,
// keeping their envelopes and identity parts (docs/evidence-format.md,
// section 2): the type, timestamp, session, agent, tool, decision,
// policy, rule and policy digests, and the user, host and repository stay,
// so session listings and decision counts survive, and the tree, the
// checkpoints and the remaining records still verify. Prune, checkpoint,
// erasure and policy.load records are kept whole.
//
// A cut-off within the policy's retention is refused (ErrRetention)
// unless req.Force. The pruning is recorded first, as a "prune" record
// naming the cut-off, the last index it covers, how many payloads it
// erases and, when forced, the retention overridden and who forced it;
// then the records file is rewritten (temporary file, fsync, rename, fsync
// of the directory) under the log's lock. A crash in between leaves a
// prune record that erased nothing, which verifies. Nothing is recorded
// when nothing is to be erased.
func PruneBefore(ctx context.Context, dir string, req PruneRequest, opt Options) (PruneReport, error) {
	rep := PruneReport{Before: req.Before.UTC().Truncate(time.Millisecond), Record: -1, DryRun: req.DryRun, RetentionDays: req.RetentionDays}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	if err := checkCutoff(&rep, req, now()); err != nil {
		return rep, err
	}
	cut := rep.Before.Format(timeFormat)
	erase := func(l *line) bool {
		return l.payload != nil && l.env.Timestamp < cut && !keptWhole.Get()[l.env.Type]
	}
	if req.DryRun {
		err := scanRecords(ctx, filepath.Join(dir, subdir, recordsFile), func(l *line) {
			rep.Through = l.env.Index
			if erase(l) {
				rep.count(l)
			}
		})
		rep.finish()
		return rep, err
	}
	l, err := Open(dir, opt)
	if err != nil {
		return rep, err
	}
	defer l.Close()
	err = l.rewriteLocked(ctx, func(ln *line) {
		if erase(ln) {
			rep.count(ln)
		}
	}, func(n int64) (Record, bool, error) {
		rep.Through = n - 1
		rep.finish()
		if rep.Pruned == 0 {
			return Record{}, false, nil
		}
		extra := map[string]any{"before": cut, "through_index": n - 1, "erased": rep.Pruned, "retention_days": req.RetentionDays}
		if rep.Forced {
			extra["forced"] = true
		}
		return Record{Type: TypePrune, User: req.Operator, Extra: extra}, true, nil
	}, func(ln *line) []byte {
		if erase(ln) {
			return ln.render(ln.identity, nil)
		}
		return nil
	}, &rep.Record)
	return rep, err
}

// checkCutoff refuses a zero or future cut-off, and one within the
// retention unless forced.
func checkCutoff(rep *PruneReport, req PruneRequest, now time.Time) error {
	if req.Before.IsZero() {
		return errors.New("evidence: prune needs a cut-off time")
	}
	cut := rep.Before.Format(timeFormat)
	if req.Before.After(now) {
		return fmt.Errorf("evidence: prune cut-off %s is in the future (now is %s)", cut, now.UTC().Format(timeFormat))
	}
	if req.RetentionDays < 0 {
		return fmt.Errorf("evidence: retention of %d days is not a retention", req.RetentionDays)
	}
	within := req.RetentionDays == 0
	if !within {
		rep.Keep = now.UTC().AddDate(0, 0, -req.RetentionDays).Truncate(time.Millisecond)
		within = rep.Before.After(rep.Keep)
	}
	if !within {
		return nil
	}
	if !req.Force {
		if req.RetentionDays == 0 {
			return fmt.Errorf("%w: the policy keeps evidence forever (evidence.retention is 0 or unset); nothing is erased without force, and a forced prune is recorded with who ran it", ErrRetention)
		}
		return fmt.Errorf("%w: the policy keeps evidence for %d days, so the latest cut-off allowed now is %s, not %s; nothing was erased (force it to override; the override is recorded with who ran it)",
			ErrRetention, req.RetentionDays, rep.Keep.Format(timeFormat), cut)
	}
	if req.Operator == "" {
		return errors.New("evidence: a forced prune must name who runs it (it is recorded)")
	}
	rep.Forced = true
	return nil
}

func (rep *PruneReport) count(l *line) {
	i := l.env.Index
	if k := len(rep.Ranges); k > 0 && rep.Ranges[k-1][1] == i-1 {
		rep.Ranges[k-1][1] = i
	} else {
		rep.Ranges = append(rep.Ranges, [2]int64{i, i})
	}
	rep.Pruned++
	if rep.ByType == nil {
		rep.ByType = map[string]int64{}
	}
	rep.ByType[l.env.Type]++
	t, _ := time.Parse(timeFormat, l.env.Timestamp)
	if rep.First.IsZero() || t.Before(rep.First) {
		rep.First = t
	}
	if t.After(rep.Last) {
		rep.Last = t
	}
	if rep.sessions == nil {
		rep.sessions = map[string]bool{}
	}
	rep.sessions[l.env.SessionID] = true
}

func (rep *PruneReport) finish() {
	delete(rep.sessions, "")
	rep.Sessions = len(rep.sessions)
}

// render returns the line with the given identity and payload parts (nil
// payload: erased), its envelope unchanged.
func (l *line) render(identity, payload []byte) []byte {
	b := make([]byte, 0, len(l.envText)+len(identity)+len(payload)+3)
	b = append(append(b, l.envText...), '\t')
	if l.env.V != RecordFormatV1 {
		b = append(append(b, identity...), '\t')
	}
	return append(append(b, payload...), '\n')
}

// scanRecords calls fn with every complete record of the records file at
// path, read without the lock.
func scanRecords(ctx context.Context, path string, fn func(*line)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	defer f.Close()
	var i int64
	err = readLines(f, maxLine, 1<<20, func(b []byte, complete bool) error {
		if !complete {
			return errStop
		}
		if i&0xfff == 0 && ctx.Err() != nil {
			return fmt.Errorf("evidence: %w", ctx.Err())
		}
		l, err := parseLine(b)
		if err != nil || l.env.Index != i {
			return fmt.Errorf("%w: record %d does not parse (run mandate verify)", ErrDamaged, i)
		}
		i++
		fn(&l)
		return nil
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	return err
}

// rewriteLocked is the erasing half of Prune and PruneSubject, under the
// log's lock: visit sees every record, decide (knowing the record count)
// returns the record to write first, which is appended; then every record
// below it passes through edit (nil: keep the line as it is) into a
// temporary file renamed over the records file. Nothing is written when
// decide says so. *recorded is set to the appended record's index.
func (l *Log) rewriteLocked(ctx context.Context, visit func(*line), decide func(n int64) (Record, bool, error), edit func(*line) []byte, recorded *int64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	if err := l.lk.lock(); err != nil {
		return err
	}
	defer l.lk.unlock()
	n, size, err := l.recoverLocked()
	if err != nil {
		return err
	}
	if n == 0 {
		return errors.New("evidence: the log is empty: nothing to erase")
	}
	var seen int64
	if err := scanRecords(ctx, filepath.Join(l.evdir, recordsFile), func(ln *line) {
		seen++
		visit(ln)
	}); err != nil {
		return err
	}
	if seen != n {
		return fmt.Errorf("%w: read %d records of %d", ErrDamaged, seen, n)
	}
	rec, ok, err := decide(n)
	if err != nil || !ok {
		return err
	}
	p, err := l.prepare(rec)
	if err != nil {
		return err
	}
	if *recorded, err = l.appendLocked(p, n, size); err != nil {
		return err
	}
	return l.rewriteFile(ctx, n, edit)
}

// rewriteFile writes the records file with each of its first n records
// passed through edit, keeps the rest, and renames it over the original.
func (l *Log) rewriteFile(ctx context.Context, n int64, edit func(*line) []byte) error {
	path := filepath.Join(l.evdir, recordsFile)
	tmp, err := os.CreateTemp(l.evdir, ".records.rewrite*")
	if err != nil {
		return fmt.Errorf("evidence: rewrite: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("evidence: rewrite: %w", err)
	}
	src, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("evidence: rewrite: %w", err)
	}
	defer src.Close()
	var changed, i int64
	var buf bytes.Buffer
	err = readLines(src, maxLine, 1<<20, func(b []byte, complete bool) error {
		if !complete {
			return fmt.Errorf("%w: unterminated line during a rewrite", ErrDamaged)
		}
		if i&0xfff == 0 && ctx.Err() != nil {
			return fmt.Errorf("evidence: %w", ctx.Err())
		}
		var out []byte
		if i < n {
			ln, err := parseLine(b)
			if err != nil || ln.env.Index != i {
				return fmt.Errorf("%w: record %d does not parse; rewrite refused (run mandate verify)", ErrDamaged, i)
			}
			out = edit(&ln)
		}
		i++
		if out != nil {
			buf.Write(out)
			changed++
		} else {
			buf.Write(b)
			buf.WriteByte('\n')
		}
		if buf.Len() > 1<<20 {
			_, err := tmp.Write(buf.Bytes())
			buf.Reset()
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("evidence: rewrite: %w", err)
	}
	if changed == 0 {
		return nil // nothing changed: keep the original file
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("evidence: rewrite: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("evidence: rewrite: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("evidence: rewrite: %w", err)
	}
	ok = true
	if err := syncDir(l.evdir); err != nil {
		return err
	}
	return l.reopenIfReplaced()
}

// ranges turns sorted indexes into inclusive ranges.
func ranges(idx []int64) [][2]int64 {
	sort.Slice(idx, func(a, b int) bool { return idx[a] < idx[b] })
	var out [][2]int64
	for _, i := range idx {
		if k := len(out); k > 0 && out[k-1][1] >= i-1 {
			out[k-1][1] = max(out[k-1][1], i)
			continue
		}
		out = append(out, [2]int64{i, i})
	}
	return out
}
