// Package smallfile reads the small files a hook call reads afresh every
// time (the policy, the redaction key) with plain system calls, and tells
// when a file a long-lived process keeps something of has been replaced.
//
// # Contract
//
// Read returns at most max+1 bytes of the file at path, so that a caller
// can tell a file over its limit from one at it without reading all of
// it. It makes three system calls for a file that fits in one read:
// os.Open also registers a file with the runtime's poller and backs out
// for a regular file, five more on every call. Errors are *fs.PathError,
// as os's.
//
// Stat returns an ID that changes whenever the file at path is replaced,
// removed, or rewritten in place (device, inode, size, modification and
// change times): a process may reuse what it derived from a file while
// its ID is the same.
package smallfile

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// Read reads the file at path, stopping after max+1 bytes.
func Read(path string, max int) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	b := make([]byte, 0, min(max+1, 4096))
	for len(b) <= max {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := unix.Read(fd, b[len(b):min(cap(b), max+1)])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			break
		}
		b = b[:len(b)+n]
	}
	return b, nil
}

// ID identifies a file's current content well enough to notice a
// replacement: a new inode, or an in-place rewrite.
type ID struct {
	dev, ino     uint64
	size         int64
	mtime, ctime int64
}

// Stat returns the ID of the file at path (following symlinks).
func Stat(path string) (ID, error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return ID{}, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	return ID{dev: uint64(st.Dev), ino: st.Ino, size: st.Size, mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano()}, nil
}
