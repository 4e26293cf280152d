//go:build unix

package evidence

import (
	"io"
	"io/fs"
	"path/filepath"

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
