package gate

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"

	unix "github.com/mandate-dev/mandate/internal/unixcompat"
)

// Files the gate reads on a hook call (a file an agent wrote, a session or
// pin file, the repository's HEAD) are read so that no file-system shape
// an agent can create stalls the call: the path is lstat-ed (or stat-ed)
// first and anything but a regular file is refused without being opened;
// the open is non-blocking, so a file replaced by a FIFO between the two
// still cannot block, and fstat then checks that the file opened is the
// one examined; reads are bounded.

// errNotRegular is a path that names something other than a regular file.
var errNotRegular = errors.New("not a regular file")

// fileType names the type of a file mode for messages and digests.
func fileType(mode uint32) string {
	switch mode & unix.S_IFMT {
	case unix.S_IFREG:
		return "file"
	case unix.S_IFDIR:
		return "directory"
	case unix.S_IFLNK:
		return "symlink"
	case unix.S_IFIFO:
		return "fifo"
	case unix.S_IFSOCK:
		return "socket"
	case unix.S_IFCHR, unix.S_IFBLK:
		return "device"
	}
	return "unknown"
}

// openRegular opens path read-only if it is a regular file. With follow,
// symlinks are followed (the file an agent wrote through a link); without,
// a symlink is refused (Mandate's own state files are never links).
func openRegular(path string, follow bool) (int, unix.Stat_t, error) {
	var st unix.Stat_t
	var err error
	for {
		if follow {
			err = unix.Stat(path, &st)
		} else {
			err = unix.Lstat(path, &st)
		}
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return -1, st, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return -1, st, &fs.PathError{Op: "open", Path: path, Err: fmt.Errorf("%w (a %s)", errNotRegular, fileType(uint32(st.Mode)))}
	}
	flags := unix.O_RDONLY | unix.O_NONBLOCK | unix.O_CLOEXEC | unix.O_NOCTTY
	if !follow {
		flags |= unix.O_NOFOLLOW
	}
	var fd int
	for {
		fd, err = unix.Open(path, flags, 0)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return -1, st, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	var fst unix.Stat_t
	if err := unix.Fstat(fd, &fst); err != nil {
		unix.Close(fd)
		return -1, st, &fs.PathError{Op: "fstat", Path: path, Err: err}
	}
	if fst.Mode&unix.S_IFMT != unix.S_IFREG || fst.Dev != st.Dev || fst.Ino != st.Ino {
		unix.Close(fd)
		return -1, st, &fs.PathError{Op: "open", Path: path, Err: fmt.Errorf("%w (replaced while it was opened)", errNotRegular)}
	}
	return fd, fst, nil
}

// errTooLarge is a file over the caller's bound.
var errTooLarge = errors.New("file too large")

// readRegular reads the regular file at path, at most max bytes (a larger
// file is errTooLarge). See openRegular for follow.
func readRegular(path string, max int64, follow bool) ([]byte, error) {
	fd, st, err := openRegular(path, follow)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	if st.Size > max {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w (%d bytes, the limit is %d)", errTooLarge, st.Size, max)}
	}
	b := make([]byte, 0, st.Size+1)
	for int64(len(b)) <= max {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		want := min(int64(cap(b)), max+1) - int64(len(b))
		n, err := unix.Read(fd, b[len(b):int64(len(b))+want])
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
		if int64(n) < want && int64(len(b)) == st.Size {
			// A short read of a regular file ends at its end, and the
			// file held what fstat said: no read of nothing to say so.
			break
		}
	}
	if int64(len(b)) > max {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w (the limit is %d bytes)", errTooLarge, max)}
	}
	return b, nil
}

// hashRegular returns "sha256:<hex>" of the regular file at path (symlinks
// followed), reading at most max bytes, and calls each (when not nil)
// with every chunk read, for a copy made in the same pass.
func hashRegular(path string, max int64, each func([]byte) error) (string, unix.Stat_t, error) {
	fd, st, err := openRegular(path, true)
	if err != nil {
		return "", st, err
	}
	defer unix.Close(fd)
	if st.Size > max {
		return "", st, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w (%d bytes, the limit is %d)", errTooLarge, st.Size, max)}
	}
	h := sha256.New()
	if err := copyFD(fd, h, max, each); err != nil {
		return "", st, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), st, nil
}

func copyFD(fd int, h hash.Hash, max int64, each func([]byte) error) error {
	buf := make([]byte, 64<<10)
	var total int64
	for {
		n, err := unix.Read(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if total += int64(n); total > max {
			return fmt.Errorf("%w (the limit is %d bytes)", errTooLarge, max)
		}
		h.Write(buf[:n])
		if each != nil {
			if err := each(buf[:n]); err != nil {
				return err
			}
		}
	}
}

func digestBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}
