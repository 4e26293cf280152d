package fsview

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// OpenFS is an FS that can also open regular files for reading: the few
// decisions that compare content (a program with Mandate's binaries, a
// protected file with what a git revision holds, an ignore file's
// re-included names) read through it.
type OpenFS interface {
	FS
	// Open opens the regular file name names (symlinks followed, within
	// the FS's namespace) for reading. Anything else — a FIFO, a device, a
	// socket, a directory — is an error wrapping ErrNotRegular. Opening
	// never blocks: the file is opened non-blocking, and checked after
	// opening to be the same regular file (device and inode) the name
	// named just before, so a FIFO swapped in between is refused too.
	Open(name string) (io.ReadCloser, error)
}

// Errors of Open and ReadFile.
var (
	ErrNotRegular = errors.New("fsview: not a regular file")
	ErrNoOpen     = errors.New("fsview: file content cannot be read through this file system")
	ErrTooLarge   = errors.New("fsview: file larger than the bound")
)

// Open opens name through fsys when fsys is an OpenFS, and fails with
// ErrNoOpen otherwise.
func Open(fsys FS, name string) (io.ReadCloser, error) {
	o, ok := fsys.(OpenFS)
	if !ok {
		return nil, ErrNoOpen
	}
	return o.Open(name)
}

// ReadFile reads the regular file name through fsys, at most max bytes: a
// longer file is an error wrapping ErrTooLarge, never a truncated answer.
func ReadFile(fsys FS, name string, max int64) ([]byte, error) {
	f, err := Open(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: %s is larger than %d bytes", ErrTooLarge, name, max)
	}
	return b, nil
}

// openRegular opens the real path p read-only and non-blocking, checking
// before and after opening that it is one and the same regular file.
// With noFollow, a final symlink is refused (the caller resolved it in its
// own namespace).
func openRegular(p, name string, noFollow bool) (io.ReadCloser, error) {
	stat := os.Stat
	flags := os.O_RDONLY | openFlags
	if noFollow {
		stat = os.Lstat
		flags |= openNoFollow
	}
	before, err := stat(p)
	if err != nil {
		return nil, pathErr(name, err)
	}
	if !before.Mode().IsRegular() {
		return nil, pathErr(name, ErrNotRegular)
	}
	f, err := os.OpenFile(p, flags, 0)
	if err != nil {
		return nil, pathErr(name, err)
	}
	after, err := f.Stat()
	if err != nil || !after.Mode().IsRegular() || !os.SameFile(before, after) {
		f.Close()
		return nil, pathErr(name, fmt.Errorf("%w (the file changed while it was opened)", ErrNotRegular))
	}
	return f, nil
}

func pathErr(name string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return &os.PathError{Op: "open", Path: name, Err: pe.Err}
	}
	return &os.PathError{Op: "open", Path: name, Err: err}
}
