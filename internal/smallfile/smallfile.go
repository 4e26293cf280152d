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
// ReadRegular is Read for a file that must be a regular file (a policy):
// it never opens a FIFO, a device, a socket or a directory, and tells a
// dangling symlink from a missing file, each as a *NotRegularError
// (errors.Is(err, ErrNotRegular)). It stats the path first, opens it with
// O_NONBLOCK (so a FIFO swapped in after the check cannot block the
// call) and checks that what it opened is the regular file it stat-ed.
//
// Stat returns an ID that changes whenever the file at path is replaced,
// removed, or rewritten in place (device, inode, size, modification and
// change times): a process may reuse what it derived from a file while
// its ID is the same.
package smallfile

import (
	"errors"
	"io/fs"
)

// ErrNotRegular is what a *NotRegularError is.
var ErrNotRegular = errors.New("not a regular file")

// NotRegularError says what a path ReadRegular refused is instead of a
// regular file.
type NotRegularError struct {
	Path string
	What string // "a FIFO", "a directory", "a dangling symlink", ...
}

func (e *NotRegularError) Error() string {
	return e.Path + " is " + e.What + ", not a regular file"
}

// Is makes errors.Is(err, ErrNotRegular) hold.
func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegular }

// ID identifies a file's current content well enough to notice a
// replacement: a new inode, or an in-place rewrite.
type ID struct {
	dev, ino     uint64
	size         int64
	mtime, ctime int64
}

// ModeKind names a file type from its fs.FileMode, for error messages
// (Kind does the same from stat mode bits).
func ModeKind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symlink"
	}
	return "a special file"
}
