//go:build unix

package evidence

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"runtime"
	"sync"

	"golang.org/x/mod/sumdb/tlog"
	"golang.org/x/sys/unix"
)

// tailUnchanged reports whether the files are as this Log's last Append
// left them (see tailState), and returns that state. Called with the lock
// held; it invalidates the remembered state, so that only a successful
// Append makes the next one fast.
func (l *Log) tailUnchanged() (tailState, bool) {
	t := l.tail
	l.tail.valid = false
	if !t.valid {
		return t, false
	}
	var st, cst unix.Stat_t
	if err := unix.Stat(filepath.Join(l.evdir, recordsFile), &st); err != nil {
		return t, false
	}
	if uint64(st.Dev) != t.dev || st.Ino != t.ino || st.Size != t.size {
		return t, false
	}
	if err := unix.Fstat(int(l.cps.Fd()), &cst); err != nil || cst.Size != t.cpsSize {
		return t, false
	}
	if err := unix.Fstat(int(l.hs.Fd()), &cst); err != nil || cst.Size != tlog.StoredHashCount(t.n)*tlog.HashSize {
		return t, false
	}
	return t, true
}

// rememberTail records the state an Append just left the files in, after
// a full recovery; l.next and l.end were set by appendLocked. Called with
// the lock held.
func (l *Log) rememberTail() {
	var st, cst unix.Stat_t
	if unix.Fstat(int(l.rec.Fd()), &st) != nil || unix.Fstat(int(l.cps.Fd()), &cst) != nil || st.Size != l.end {
		return
	}
	l.tail = tailState{valid: true, dev: uint64(st.Dev), ino: st.Ino, size: st.Size, n: l.next, cpsSize: cst.Size}
}

// rawRecords is the records file opened by ScanTypes, which runs on
// every hook call: a plain descriptor read with pread(2). An os.File would
// cost an fcntl (os.NewFile asks whether the descriptor is non-blocking),
// a finalizer and the poller's bookkeeping on every call.
type rawRecords struct {
	fd   int
	path string
}

// openRecords opens the records file for ScanTypes: a plain open, without
// os.Open's registration with the runtime's poller (three fcntls and an
// epoll_ctl that fails for a regular file).
func openRecords(path string) (rawRecords, error) {
	for {
		fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return rawRecords{fd: -1}, &fs.PathError{Op: "open", Path: path, Err: err}
		}
		return rawRecords{fd: fd, path: path}, nil
	}
}

// ReadAt reads len(p) bytes at off, as os.File.ReadAt does: fewer only
// with an error, io.EOF at the end of the file.
func (r rawRecords) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		m, err := unix.Pread(r.fd, p[n:], off+int64(n))
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return n, &fs.PathError{Op: "read", Path: r.path, Err: err}
		}
		if m == 0 {
			return n, io.EOF
		}
		n += m
	}
	return n, nil
}

func (r rawRecords) Close() error { return unix.Close(r.fd) }

// identity is the file's size, device and inode (which ScanTypes compares
// with a cursor's).
func (r rawRecords) identity() (size int64, dev, ino uint64, ok bool, err error) {
	var st unix.Stat_t
	for {
		err = unix.Fstat(r.fd, &st)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return 0, 0, 0, false, &fs.PathError{Op: "stat", Path: r.path, Err: err}
	}
	return st.Size, uint64(st.Dev), uint64(st.Ino), true, nil
}

// Follower is ScanTypes for a reader that lives across calls (the
// resident engine's lock derivation): it keeps the records file open and
// the bytes before the cursor it returned, so that a scan of a file it
// still has open costs a stat of the path and one pread, and the bytes
// before the cursor are compared as they are instead of hashed. The file
// is opened again whenever the path names another file. A Follower is
// safe for concurrent use; its descriptor is closed when it is collected.
type Follower struct {
	mu   sync.Mutex
	path string
	rec  *followed
	last Cursor // the cursor the last scan returned
	tail []byte // the bytes before last.Offset, when kept
	buf  []byte // the pread buffer, reused
}

type followed struct {
	r        rawRecords
	dev, ino uint64
}

// NewFollower returns a Follower of the log in state directory dir.
func NewFollower(dir string) *Follower {
	return &Follower{path: filepath.Join(dir, subdir, recordsFile)}
}

// Scan is ScanTypes (same arguments, same results).
func (fl *Follower) Scan(ctx context.Context, c Cursor, types []string, fn func(Entry) error) (next Cursor, restarted bool, err error) {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	var st unix.Stat_t
	for {
		err = unix.Stat(fl.path, &st)
		if err != unix.EINTR {
			break
		}
	}
	if err == unix.ENOENT {
		fl.drop()
		return Cursor{}, c != (Cursor{}), nil
	}
	if err != nil {
		fl.drop()
		return c, false, fmt.Errorf("evidence: %w", &fs.PathError{Op: "stat", Path: fl.path, Err: err})
	}
	size, dev, ino := st.Size, uint64(st.Dev), uint64(st.Ino)
	if fl.rec == nil || fl.rec.dev != dev || fl.rec.ino != ino {
		// Not the file open (or none): open the path, and scan what was
		// opened, whatever it is by now.
		fl.drop()
		r, err := openRecords(fl.path)
		if errors.Is(err, fs.ErrNotExist) {
			return Cursor{}, c != (Cursor{}), nil
		}
		if err != nil {
			return c, false, fmt.Errorf("evidence: %w", err)
		}
		var ok bool
		if size, dev, ino, ok, err = r.identity(); err != nil || !ok {
			r.Close()
			return c, false, fmt.Errorf("evidence: %w", err)
		}
		fl.rec = &followed{r: r, dev: dev, ino: ino}
		runtime.AddCleanup(fl, func(f *followed) { f.r.Close() }, fl.rec)
	}
	var seen []byte
	if fl.tail != nil && c == fl.last {
		seen = fl.tail
	}
	if fl.buf == nil {
		fl.buf = make([]byte, 0, tailWindow+16<<10)
	}
	next, restarted, tail, err := scanTypes(ctx, fl.rec.r, size, dev, ino, c, seen, fl.buf, types, fn)
	if err != nil {
		fl.last, fl.tail = Cursor{}, nil
		return next, restarted, err
	}
	fl.last = next
	if tail == nil {
		fl.tail = nil
	} else {
		fl.tail = append(fl.tail[:0], tail...) // its own array, never buf's
	}
	return next, restarted, nil
}

// drop closes the file kept open, if any, and forgets its bytes.
func (fl *Follower) drop() {
	if fl.rec != nil {
		fl.rec.r.Close()
		fl.rec.r.fd = -1
		fl.rec = nil
	}
	fl.last, fl.tail = Cursor{}, nil
}
