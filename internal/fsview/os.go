package fsview

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// OS is the real file system. It is an OpenFS.
var OS FS = osFS{}

type osFS struct{}

func (osFS) Lstat(name string) (Info, error) {
	if err := check(name); err != nil {
		return Info{}, err
	}
	fi, err := os.Lstat(filepath.FromSlash(name))
	if err != nil {
		return Info{}, err
	}
	return infoOf(fi), nil
}

func (osFS) Readlink(name string) (string, error) {
	if err := check(name); err != nil {
		return "", err
	}
	t, err := os.Readlink(filepath.FromSlash(name))
	return filepath.ToSlash(t), err
}

func (osFS) ReadDir(name string, max int) ([]string, error) {
	if err := check(name); err != nil {
		return nil, err
	}
	return readDir(filepath.FromSlash(name), max)
}

// Open opens the regular file name, following symlinks as the kernel does.
func (osFS) Open(name string) (io.ReadCloser, error) {
	if err := check(name); err != nil {
		return nil, err
	}
	return openRegular(filepath.FromSlash(name), name, false)
}

func readDir(dir string, max int) ([]string, error) {
	// Never a plain open: one of a FIFO blocks until a writer comes (a
	// glob descending through src/fifo stalled the call). dirOpenFlags
	// make it fail at once for anything but a directory.
	f, err := os.OpenFile(dir, os.O_RDONLY|dirOpenFlags, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(max + 1)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if len(names) > max {
		return nil, ErrLimit
	}
	slices.Sort(names)
	return names, nil
}
