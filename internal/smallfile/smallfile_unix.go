//go:build unix

package smallfile

import (
	"errors"
	"io/fs"
	"syscall"

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
	return readFD(fd, path, max, -1)
}

// readFD reads fd to its end, at most max+1 bytes. size is the size fstat
// gave for a regular file (-1 for another file): a short read that ends
// there is the file's end, and no further read is made to be told so.
func readFD(fd int, path string, max int, size int64) ([]byte, error) {
	c := 4096
	if size >= 0 && size < int64(max) {
		c = int(size) + 1
	}
	b := make([]byte, 0, min(max+1, c))
	for len(b) <= max {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		want := min(cap(b), max+1) - len(b)
		n, err := unix.Read(fd, b[len(b):len(b)+want])
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
		if n < want && int64(len(b)) == size {
			break
		}
	}
	return b, nil
}

// ReadRegular reads the regular file at path, stopping after max+1 bytes.
func ReadRegular(path string, max int) ([]byte, error) {
	var st unix.Stat_t
	if err := retry(func() error { return unix.Stat(path, &st) }); err != nil {
		var lst unix.Stat_t
		if err == unix.ENOENT && unix.Lstat(path, &lst) == nil && uint32(lst.Mode)&unix.S_IFMT == unix.S_IFLNK {
			return nil, &NotRegularError{Path: path, What: "a dangling symlink"}
		}
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if uint32(st.Mode)&unix.S_IFMT != unix.S_IFREG {
		return nil, &NotRegularError{Path: path, What: Kind(uint32(st.Mode))}
	}
	return readStatted(path, uint64(st.Dev), st.Ino, max)
}

// ReadStatted is ReadRegular for a path its caller has just stat-ed
// (following symlinks) and found a regular file, fi being what that stat
// said: the file is opened and checked as ReadRegular does (non-blocking,
// it must be the regular file stat-ed), without a second stat.
func ReadStatted(path string, fi fs.FileInfo, max int) ([]byte, error) {
	st, ok := fi.Sys().(*syscall.Stat_t) // what os.Stat and os.Lstat give
	if !ok || !fi.Mode().IsRegular() {
		return ReadRegular(path, max)
	}
	b, err := readStatted(path, uint64(st.Dev), st.Ino, max)
	var nr *NotRegularError
	if errors.As(err, &nr) && nr.What == replaced {
		// Replaced since the caller's stat (an editor saving by rename):
		// what ReadRegular reads, with a stat of its own.
		return ReadRegular(path, max)
	}
	return b, err
}

const replaced = "a file replaced while it was being opened"

func readStatted(path string, dev, ino uint64, max int) ([]byte, error) {
	var fd int
	err := retry(func() (err error) {
		fd, err = unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK|unix.O_NOCTTY, 0)
		return err
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	var ost unix.Stat_t
	if err := unix.Fstat(fd, &ost); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if uint32(ost.Mode)&unix.S_IFMT != unix.S_IFREG {
		return nil, &NotRegularError{Path: path, What: Kind(uint32(ost.Mode))}
	}
	if uint64(ost.Dev) != dev || ost.Ino != ino {
		return nil, &NotRegularError{Path: path, What: replaced}
	}
	return readFD(fd, path, max, ost.Size)
}

func retry(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}

// Kind names a file type from its stat mode bits, for error messages.
func Kind(mode uint32) string {
	switch mode & unix.S_IFMT {
	case unix.S_IFREG:
		return "a regular file"
	case unix.S_IFDIR:
		return "a directory"
	case unix.S_IFIFO:
		return "a FIFO"
	case unix.S_IFSOCK:
		return "a socket"
	case unix.S_IFCHR:
		return "a character device"
	case unix.S_IFBLK:
		return "a block device"
	case unix.S_IFLNK:
		return "a symlink"
	}
	return "a special file"
}

// Stat returns the ID of the file at path (following symlinks).
func Stat(path string) (ID, error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return ID{}, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	return ID{dev: uint64(st.Dev), ino: st.Ino, size: st.Size, mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano()}, nil
}
