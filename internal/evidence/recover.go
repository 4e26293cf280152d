package evidence

// Crash recovery: what Open and every append do to bring the records and
// hashes files to a consistent state after a crash or another writer — a
// torn last line cut off, missing hashes rebuilt from the records, a
// replaced file reopened. Each step is safe to repeat and runs with the
// log's lock held.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// recoverLocked brings the files to a consistent state after any crash and
// returns the number of records and the size of the records file. Called
// with the lock held.
func (l *Log) recoverLocked() (n, size int64, err error) {
	if n, size, err = l.recoverRecords(); err != nil {
		return 0, 0, err
	}
	// A checkpoint is written before its record (at index tree size). A
	// writer that died between the two left a checkpoint signing exactly n
	// records: record it now, before anything else is appended.
	_, last, err := repairTail(l.cps)
	if err != nil {
		return n, size, err
	}
	l.lastCP = l.readCPInfo(last, n, size)
	if last == nil {
		return n, size, nil
	}
	if cpSize, ok := quickCheckpointSize(last); !ok || cpSize != n {
		return n, size, nil // a malformed line is reported by Verify and Checkpoint
	}
	cp, err := parseCheckpointLine(last, l.verifier)
	if err != nil {
		return 0, 0, fmt.Errorf("%w: last checkpoint: %v", ErrDamaged, err)
	}
	p, err := l.prepare(checkpointRecord(cp))
	if err != nil {
		return 0, 0, err
	}
	if _, err := l.appendLocked(p, n, size); err != nil {
		return 0, 0, err
	}
	return l.recoverRecords()
}

// quickCheckpointSize reads the tree size of a checkpoint line without
// checking its signature.
func quickCheckpointSize(b []byte) (int64, bool) {
	var w struct {
		Note string `json:"note"`
	}
	if json.Unmarshal(b, &w) != nil {
		return 0, false
	}
	_, rest, ok := strings.Cut(w.Note, "\n")
	if !ok {
		return 0, false
	}
	sz, _, ok := strings.Cut(rest, "\n")
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseInt(sz, 10, 64)
	return v, err == nil
}

// recoverRecords repairs the records and hashes files (see recoverLocked).
func (l *Log) recoverRecords() (n, size int64, err error) {
	if err := l.reopenIfReplaced(); err != nil {
		return 0, 0, err
	}
	hst, err := l.hs.Stat()
	if err != nil {
		return 0, 0, fmt.Errorf("evidence: %w", err)
	}
	nh := treeSizeForHashes(hst.Size() / tlog.HashSize)
	if want := tlog.StoredHashCount(nh) * tlog.HashSize; want != hst.Size() {
		// A torn hash write: its record is complete and rolled forward below.
		if err := l.hs.Truncate(want); err != nil {
			return 0, 0, fmt.Errorf("evidence: repairing hashes: %w", err)
		}
	}
	size, last, err := repairTail(l.rec)
	if err != nil {
		return 0, 0, err
	}
	nr := int64(0)
	var ll line
	if last != nil {
		if ll, err = parseLine(last); err != nil {
			return 0, 0, fmt.Errorf("%w: last record: %v", ErrDamaged, err)
		}
		nr = ll.env.Index + 1
	}
	switch {
	case nr == nh:
		return nr, size, nil
	case nr == nh+1:
		// The previous writer died after writing its record but before
		// its hashes: that record was never acknowledged, but it is
		// complete and well-formed, so keep it.
		if err := l.writeHashes(nh, ll.envText); err != nil {
			return 0, 0, err
		}
		return nr, size, nil
	case nr > nh+1:
		// A system crash lost hashes of several synced records (Append
		// does not sync the hashes): recompute them from the records.
		if err := l.rebuildHashes(nh, nr); err != nil {
			return 0, 0, err
		}
		return nr, size, nil
	default:
		return 0, 0, fmt.Errorf("%w: %s holds %d records but %s covers %d (run mandate verify)", ErrDamaged, recordsFile, nr, hashesFile, nh)
	}
}

// rebuildHashes recomputes the stored hashes of records from..to-1 from the
// records file, and syncs them.
func (l *Log) rebuildHashes(from, to int64) error {
	st, err := l.rec.Stat()
	if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	next := from
	err = readLines(io.NewSectionReader(l.rec, 0, st.Size()), maxLine, st.Size(), func(b []byte, complete bool) error {
		if !complete || next >= to {
			return errStop
		}
		ln, err := parseLine(b)
		if err != nil {
			return fmt.Errorf("%w: record: %v", ErrDamaged, err)
		}
		if ln.env.Index < next {
			return nil
		}
		if ln.env.Index != next {
			return fmt.Errorf("%w: record %d where %d was expected", ErrDamaged, ln.env.Index, next)
		}
		if err := l.putHashes(next, ln.envText); err != nil {
			return err
		}
		next++
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	if next != to {
		return fmt.Errorf("%w: rebuilt hashes for records %d to %d of %d", ErrDamaged, from, next, to)
	}
	if err := l.sync(l.hs); err != nil {
		return fmt.Errorf("evidence: syncing hashes: %w", err)
	}
	return nil
}

// reopenIfReplaced reopens the records file if Prune replaced it.
func (l *Log) reopenIfReplaced() error {
	p := filepath.Join(l.evdir, recordsFile)
	st, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	cur, err := l.rec.Stat()
	if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	if os.SameFile(st, cur) {
		return nil
	}
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("evidence: reopening records: %w", err)
	}
	l.rec.Close()
	l.rec = f
	// The records moved (a prune or an erasure rewrote the file): the
	// offsets of this Log's recent requests are stale.
	l.recent = recentRequests{}
	return nil
}

// repairTail truncates a torn (unterminated) last line of f and returns
// the new size and the last complete line (without LF), nil if none.
func repairTail(f *os.File) (int64, []byte, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, nil, fmt.Errorf("evidence: %w", err)
	}
	size := st.Size()
	if size == 0 {
		return 0, nil, nil
	}
	end, err := lastLF(f, size, size)
	if err != nil {
		return 0, nil, err
	}
	if end+1 != size {
		if err := f.Truncate(end + 1); err != nil {
			return 0, nil, fmt.Errorf("evidence: repairing torn tail: %w", err)
		}
		size = end + 1
	}
	if size == 0 {
		return 0, nil, nil
	}
	start, err := lastLF(f, size-1, size)
	if err != nil {
		return 0, nil, err
	}
	ln := make([]byte, size-1-(start+1))
	if _, err := f.ReadAt(ln, start+1); err != nil {
		return 0, nil, fmt.Errorf("evidence: reading last record: %w", err)
	}
	return size, ln, nil
}

// lastLF returns the offset of the last LF before offset before, or -1.
// It looks back at most maxLine bytes.
func lastLF(f *os.File, before, size int64) (int64, error) {
	const chunk = 16 << 10
	buf := make([]byte, chunk)
	pos := before
	for pos > 0 {
		if before-pos > maxLine {
			return 0, fmt.Errorf("%w: a line longer than %d bytes", ErrDamaged, maxLine)
		}
		n := int64(chunk)
		if pos < n {
			n = pos
		}
		pos -= n
		if _, err := f.ReadAt(buf[:n], pos); err != nil {
			return 0, fmt.Errorf("evidence: reading tail: %w", err)
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			return pos + int64(i), nil
		}
	}
	return -1, nil
}

// treeSizeForHashes returns the largest n whose stored hash count is at
// most h.
func treeSizeForHashes(h int64) int64 {
	i := sort.Search(int(h+1), func(n int) bool { return tlog.StoredHashCount(int64(n)) > h })
	return int64(i) - 1
}
