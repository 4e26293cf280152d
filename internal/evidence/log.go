package evidence

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/mandate-dev/mandate/internal/redact"
)

// Options configures a Log.
type Options struct {
	// Now is the clock for record timestamps and checkpoints (default
	// time.Now).
	Now func() time.Time
	// Redactor redacts every record before it is hashed or written.
	// Required by Append, Checkpoint and Prune: without it they fail.
	Redactor *redact.Redactor
	// Rand supplies payload salts (default crypto/rand.Reader).
	Rand io.Reader
	// Checkpoints bounds the unsigned tail (the zero value: the default
	// bound, 1,000 records or 60 seconds).
	Checkpoints CheckpointBound
}

// Log is an open evidence log. Its methods are safe for concurrent use,
// and any number of processes may have the same log open.
type Log struct {
	dir, evdir string
	opt        Options
	signer     note.Signer // loaded by loadSigner, under mu
	verifier   note.Verifier
	lk         *fileLock

	mu     sync.Mutex // serializes this process's users of lk (flock is per file description)
	rec    *os.File
	hs     *os.File
	cps    *os.File
	closed bool
	noSync bool // tests and benchmarks that build large fixtures only

	// tail is how this Log's last Append left the files, under mu.
	tail tailState
	// next and end are the record count and records file size after the
	// last successful appendLocked, under mu.
	next, end int64
	// recent holds the request ids this Log appended, under mu.
	recent recentRequests

	piiOnce sync.Once
	pii     map[string]bool // the redactor's personal-data rule IDs

	lastCP cpInfo // the latest checkpoint, under mu (see checkpointDue)
}

// tailState is what the files looked like when an Append of this Log
// released the lock: the records file's identity and size, the number of
// records, and the checkpoints file's size. An Append that finds them
// unchanged under the lock, and the hashes file the size that many records
// give, knows that no one (no other Log, no other process) has written
// since, so the files are consistent and it can skip recovery, which reads
// the tails back. Every writer changes the records file's size or identity
// (Prune replaces it; a checkpoint written by a writer that then died
// changes the checkpoints file's size), so a change always falls back to
// full recovery.
type tailState struct {
	valid    bool
	dev, ino uint64
	size     int64 // of the records file
	n        int64 // records
	cpsSize  int64
}

// Open opens the log in the state directory dir, creating the directory,
// keys and empty log on first use. A log whose files exist but are
// incomplete (records without hashes, keys missing) is an ErrDamaged
// error, never recreated.
func Open(dir string, opt Options) (*Log, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Rand == nil {
		opt.Rand = &bufferedRand{}
	}
	evdir := filepath.Join(dir, subdir)
	recPath, hsPath := filepath.Join(evdir, recordsFile), filepath.Join(evdir, hashesFile)
	recExists, err := exists(recPath)
	if err != nil {
		return nil, err
	}
	hsExists, err := exists(hsPath)
	if err != nil {
		return nil, err
	}
	if !recExists && !hsExists {
		if err := Init(dir); err != nil {
			return nil, err
		}
	}
	// The verifier is cheap and needed to read checkpoints; the signer is
	// loaded (and checked against it) at the first checkpoint: see signer.
	verifier, err := loadVerifier(dir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Lstat(filepath.Join(evdir, signerFile)); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrDamaged, signerFile, err)
	}
	lk, err := openLock(evdir)
	if err != nil {
		return nil, err
	}
	l := &Log{dir: dir, evdir: evdir, opt: opt, verifier: verifier, lk: lk}
	if err := lk.lock(); err != nil {
		lk.Close()
		return nil, err
	}
	err = l.openFiles()
	lk.unlock()
	if err != nil {
		l.closeFiles()
		lk.Close()
		return nil, err
	}
	return l, nil
}

func exists(p string) (bool, error) {
	_, err := os.Lstat(p)
	if err == nil {
		return true, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return false, fmt.Errorf("evidence: %w", err)
}

// openFiles opens (creating both, or neither) the records and hashes
// files, and the checkpoints file. Called with the lock held.
func (l *Log) openFiles() error {
	recPath, hsPath := filepath.Join(l.evdir, recordsFile), filepath.Join(l.evdir, hashesFile)
	recExists, err := exists(recPath)
	if err != nil {
		return err
	}
	hsExists, err := exists(hsPath)
	if err != nil {
		return err
	}
	if recExists != hsExists {
		missing, present := hashesFile, recPath
		if !recExists {
			missing, present = recordsFile, hsPath
		}
		if st, err := os.Stat(present); err != nil || st.Size() > 0 {
			return fmt.Errorf("%w: %s is missing but %s exists", ErrDamaged, missing, present)
		}
	}
	if l.rec, err = os.OpenFile(recPath, os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return fmt.Errorf("evidence: opening records: %w", err)
	}
	if l.hs, err = os.OpenFile(hsPath, os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return fmt.Errorf("evidence: opening hashes: %w", err)
	}
	if l.cps, err = os.OpenFile(filepath.Join(l.evdir, checkpointsFile), os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return fmt.Errorf("evidence: opening checkpoints: %w", err)
	}
	if !recExists || !hsExists {
		return syncDir(l.evdir)
	}
	return nil
}

func (l *Log) closeFiles() {
	for _, f := range []*os.File{l.rec, l.hs, l.cps} {
		if f != nil {
			f.Close()
		}
	}
}

// loadSigner loads the signing key and checks that it pairs with the
// verifier; called with mu held, before the first signature.
func (l *Log) loadSigner() (note.Signer, error) {
	if l.signer != nil {
		return l.signer, nil
	}
	signer, verifier, err := loadKeys(l.dir)
	if err != nil {
		return nil, err
	}
	if verifier.Name() != l.verifier.Name() || verifier.KeyHash() != l.verifier.KeyHash() {
		return nil, fmt.Errorf("%w: the verifier key changed while the log was open", ErrDamaged)
	}
	l.signer = signer
	return signer, nil
}

// Close closes the log's files.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	l.closeFiles()
	return l.lk.Close()
}

// bufferedRand reads crypto/rand.Reader a few hundred bytes at a time: a
// salt is 16 bytes, and one getrandom call per record cost a system call
// on every hook call. Safe for concurrent use.
type bufferedRand struct {
	mu   sync.Mutex
	buf  [512]byte
	rest []byte // the part of buf not handed out yet
}

func (b *bufferedRand) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for n < len(p) {
		if len(b.rest) == 0 {
			if _, err := io.ReadFull(rand.Reader, b.buf[:]); err != nil {
				return n, err
			}
			b.rest = b.buf[:]
		}
		c := copy(p[n:], b.rest)
		clear(b.rest[:c]) // hand out each byte once, and keep no copy
		b.rest = b.rest[c:]
		n += c
	}
	return n, nil
}

// ErrClosed is returned by methods of a closed Log.
var ErrClosed = errors.New("evidence: log is closed")

// Append redacts r, appends it and makes it durable; it returns the
// record's index. A nil error means the record and its Merkle hashes are on
// disk (fdatasync'd): a crash after this returns loses nothing.
//
// A record with a RequestID that a recent record already carries is not
// appended: Append returns a *DuplicateError with the earlier record when
// it records the same request, ErrRequestConflict when it does not (see
// RequestWindow).
func (l *Log) Append(ctx context.Context, r Record) (int64, error) {
	return l.AppendDuring(ctx, r, nil)
}

// AppendDuring is Append, and calls during with the record's index while
// the record is written to the device: once the record is written to the
// file and its writeback started, before the sync that waits for it, so
// that work the caller must finish before it acts on the record (the
// gate's in-flight note) overlaps the device's write. Append returns
// only after both are done. during is
// called at most once, and not at all when nothing is written (a
// duplicate request, an error before the write); when it was called and
// Append fails, the record may or may not be on disk, as with any failed
// Append.
func (l *Log) AppendDuring(ctx context.Context, r Record, during func(int64)) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("evidence: %w", err)
	}
	if writtenByLog.Get()[r.Type] {
		return 0, fmt.Errorf("evidence: record type %q is written by the log itself", r.Type)
	}
	p, err := l.prepare(r)
	if err != nil {
		return 0, err
	}
	// Redaction takes time on large input: a record prepared past the
	// caller's deadline is not appended, since the caller has answered
	// without it (hook.Run records its own deny of an overdue call).
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("evidence: %w", err)
	}
	p.during = during
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return 0, ErrClosed
	}
	if err := l.lk.lock(); err != nil {
		return 0, err
	}
	defer l.lk.unlock()
	t, fast := l.tailUnchanged()
	n, size := t.n, t.size
	if !fast {
		var err error
		if n, size, err = l.recoverLocked(); err != nil {
			return 0, err
		}
	}
	if r.RequestID != "" {
		if err := l.findRequest(r.RequestID, &p, fast, size); err != nil {
			if fast {
				l.tail = t // nothing was written: the tail is as it was
			} else {
				l.rememberTailAt(n, size)
			}
			return 0, err
		}
	}
	if l.checkpointDue(n, p.now) {
		// The unsigned tail reached its bound: sign it before this record.
		if _, err := l.checkpointAt(n, size); err != nil {
			return 0, fmt.Errorf("evidence: signing the checkpoint the unsigned-tail bound requires: %w", err)
		}
		n, size, fast = l.next, l.end, false
	}
	idx, err := l.appendLocked(p, n, size)
	if err != nil {
		return 0, err
	}
	if l.lastCP.known && l.lastCP.n == 0 && l.lastCP.t.IsZero() {
		// The first record: the time bound runs from now until a checkpoint.
		l.lastCP.t = p.now
	}
	if r.RequestID != "" {
		l.recent.add(r.RequestID, recordLoc{index: idx, offset: size})
	}
	if fast {
		// Nothing else changed under the lock: no need to look again.
		t.n, t.size, t.valid = l.next, l.end, true
		l.tail = t
	} else {
		l.rememberTail()
	}
	return idx, nil
}

// rememberTailAt is rememberTail for files left as recovery found them
// (n records, size bytes), when nothing was appended.
func (l *Log) rememberTailAt(n, size int64) {
	l.next, l.end = n, size
	l.rememberTail()
}

// appendLocked writes p as record n at offset size of the records file.
func (l *Log) appendLocked(p prepared, n, size int64) (int64, error) {
	env := p.env
	env.Index = n
	et, err := env.encode()
	if err != nil {
		return 0, fmt.Errorf("evidence: encoding envelope: %w", err)
	}
	ln := make([]byte, 0, len(et)+len(p.identity)+len(p.payload)+3)
	ln = append(append(ln, et...), '\t')
	ln = append(append(ln, p.identity...), '\t')
	ln = append(append(ln, p.payload...), '\n')
	if _, err := l.rec.WriteAt(ln, size); err != nil {
		_ = l.rec.Truncate(size) // best effort; the next append repairs it anyway
		return 0, fmt.Errorf("evidence: writing record: %w", err)
	}
	if p.during != nil {
		// The device writes the record while during runs; the sync then
		// waits for that write and makes it durable. (A goroutine for
		// either would wait for a thread to take it up, often longer than
		// during takes: BENCHMARKS.md, tenth pass.)
		if !l.noSync {
			startWriteback(l.rec, size, int64(len(ln)))
		}
		p.during(n)
	}
	// The hashes record n adds are computed while the device writes the
	// record (they read only earlier hashes), and written once it is
	// durable (BENCHMARKS.md, thirteenth pass).
	hb, off, err := l.hashesOf(n, et)
	if err != nil {
		return 0, err
	}
	if err := l.sync(l.rec); err != nil {
		return 0, fmt.Errorf("evidence: syncing records: %w", err)
	}
	// The hashes are not synced: they are a deterministic function of the
	// records, which are. After a crash they can only lag behind the
	// records (never lead: they are written after the record is durable),
	// and recoverRecords recomputes what is missing. One fdatasync per
	// append instead of two halves what every hook call waits for.
	if err := l.writeHashesAt(hb, off); err != nil {
		return 0, err
	}
	l.next, l.end = n+1, size+int64(len(ln))
	return n, nil
}

// writeHashes stores the Merkle hashes that record n (leaf data et) adds,
// durably.
func (l *Log) writeHashes(n int64, et []byte) error {
	if err := l.putHashes(n, et); err != nil {
		return err
	}
	if err := l.sync(l.hs); err != nil {
		return fmt.Errorf("evidence: syncing hashes: %w", err)
	}
	return nil
}

// putHashes writes the Merkle hashes that record n (leaf data et) adds,
// without syncing them.
func (l *Log) putHashes(n int64, et []byte) error {
	buf, off, err := l.hashesOf(n, et)
	if err != nil {
		return err
	}
	return l.writeHashesAt(buf, off)
}

// hashesOf computes the Merkle hashes that record n (leaf data et) adds
// and where in the hashes file they go; it reads only the hashes of
// records before n.
func (l *Log) hashesOf(n int64, et []byte) ([]byte, int64, error) {
	hashes, err := tlog.StoredHashes(n, et, hashFile{l.hs})
	if err != nil {
		return nil, 0, fmt.Errorf("evidence: computing hashes: %w", err)
	}
	buf := make([]byte, 0, len(hashes)*tlog.HashSize)
	for _, h := range hashes {
		buf = append(buf, h[:]...)
	}
	return buf, tlog.StoredHashCount(n) * tlog.HashSize, nil
}

// writeHashesAt writes hashes computed by hashesOf, without syncing them.
func (l *Log) writeHashesAt(buf []byte, off int64) error {
	if _, err := l.hs.WriteAt(buf, off); err != nil {
		_ = l.hs.Truncate(off)
		return fmt.Errorf("evidence: writing hashes: %w", err)
	}
	return nil
}

func (l *Log) sync(f *os.File) error {
	if l.noSync {
		return nil
	}
	return datasync(f)
}

// hashFile reads stored hashes from the hashes file.
type hashFile struct{ f *os.File }

func (h hashFile) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if _, err := h.f.ReadAt(out[i][:], x*tlog.HashSize); err != nil {
			return nil, fmt.Errorf("evidence: reading hash %d: %w", x, err)
		}
	}
	return out, nil
}

// Origin is the log's name: the origin line of its checkpoints and the
// name of its keys ("mandate.dev/evidence/<log-id>").
func (l *Log) Origin() string { return l.verifier.Name() }

// Redactor is the redactor the log redacts records with, for files that
// must be redacted as records are (the gate's session files).
func (l *Log) Redactor() *redact.Redactor { return l.opt.Redactor }
