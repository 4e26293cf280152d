//go:build unix

package evidence

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

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

// recordsFileID is the records file's device and inode, which ScanTypes
// compares with a cursor's.
func recordsFileID(fi os.FileInfo) (dev, ino uint64, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return uint64(st.Dev), uint64(st.Ino), true
}

// openRecords opens the records file for ScanTypes, which runs on every
// hook call: a plain open, without os.Open's registration with the
// runtime's poller (three fcntls and an epoll_ctl that fails for a
// regular file).
func openRecords(path string) (*os.File, error) {
	for {
		fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: path, Err: err}
		}
		return os.NewFile(uintptr(fd), path), nil
	}
}
