package evidence

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// PruneReport says what Prune erased.
type PruneReport struct {
	Before  time.Time `json:"before"`
	Through int64     `json:"through_index"` // the last index considered
	Pruned  int64     `json:"pruned"`        // payloads erased by this run
	Record  int64     `json:"record"`        // index of the prune record
}

// Prune erases the payloads of records dated before the cut-off, keeping
// their envelopes (the Merkle leaves), so the tree, the checkpoints and the
// remaining records still verify. Prune, checkpoint and policy.load
// records are kept whole. The pruning is itself recorded first, as a
// "prune" record naming the cut-off and the last index it covers; then the
// records file is rewritten (temporary file, fsync, rename, fsync of the
// directory) under the log's lock. A crash in between leaves a prune record
// that erased nothing, which verifies.
func Prune(ctx context.Context, dir string, before time.Time, opt Options) (PruneReport, error) {
	rep := PruneReport{Before: before.UTC().Truncate(time.Millisecond)}
	if before.IsZero() {
		return rep, fmt.Errorf("evidence: prune needs a cut-off time")
	}
	l, err := Open(dir, opt)
	if err != nil {
		return rep, err
	}
	defer l.Close()
	cut := rep.Before.Format(timeFormat)
	if now := l.opt.Now(); before.After(now) {
		return rep, fmt.Errorf("evidence: prune cut-off %s is in the future", cut)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.lk.lock(); err != nil {
		return rep, err
	}
	defer l.lk.unlock()
	n, size, err := l.recoverLocked()
	if err != nil {
		return rep, err
	}
	if n == 0 {
		return rep, fmt.Errorf("evidence: the log is empty: nothing to prune")
	}
	rep.Through = n - 1
	p, err := l.prepare(Record{Type: TypePrune, Extra: map[string]any{"before": cut, "through_index": n - 1}})
	if err != nil {
		return rep, err
	}
	if rep.Record, err = l.appendLocked(p, n, size); err != nil {
		return rep, err
	}
	if rep.Pruned, err = l.rewritePruned(ctx, n, cut); err != nil {
		return rep, err
	}
	return rep, nil
}

// rewritePruned writes a copy of the records file with the payloads of
// records below index through+1 dated before cut erased, and renames it
// over the original.
func (l *Log) rewritePruned(ctx context.Context, limit int64, cut string) (int64, error) {
	path := filepath.Join(l.evdir, recordsFile)
	tmp, err := os.CreateTemp(l.evdir, ".records.prune*")
	if err != nil {
		return 0, fmt.Errorf("evidence: prune: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return 0, fmt.Errorf("evidence: prune: %w", err)
	}
	src, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("evidence: prune: %w", err)
	}
	defer src.Close()
	var pruned, i int64
	var buf bytes.Buffer
	flush := func() error {
		_, err := tmp.Write(buf.Bytes())
		buf.Reset()
		return err
	}
	err = readLines(src, maxLine, 1<<20, func(b []byte, complete bool) error {
		if !complete {
			return fmt.Errorf("%w: unterminated line during prune", ErrDamaged)
		}
		if i&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("evidence: %w", err)
			}
		}
		ln, err := parseLine(b)
		if err != nil || ln.env.Index != i {
			return fmt.Errorf("%w: record %d does not parse; prune refused (run mandate verify)", ErrDamaged, i)
		}
		i++
		erase := ln.payload != nil && ln.env.Index < limit && ln.env.Timestamp < cut &&
			ln.env.Type != TypePrune && ln.env.Type != TypeCheckpoint && ln.env.Type != TypePolicyLoad
		if erase {
			buf.Write(ln.envText)
			buf.WriteString("\t\n")
			pruned++
		} else {
			buf.Write(b)
			buf.WriteByte('\n')
		}
		if buf.Len() > 1<<20 {
			return flush()
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if err := flush(); err != nil {
		return 0, fmt.Errorf("evidence: prune: %w", err)
	}
	if pruned == 0 {
		return 0, nil // nothing to erase: keep the original file
	}
	if err := tmp.Sync(); err != nil {
		return 0, fmt.Errorf("evidence: prune: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return 0, fmt.Errorf("evidence: prune: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, fmt.Errorf("evidence: prune: %w", err)
	}
	ok = true
	if err := syncDir(l.evdir); err != nil {
		return 0, err
	}
	return pruned, l.reopenIfReplaced()
}
