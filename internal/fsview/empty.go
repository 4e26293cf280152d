package fsview

import (
	"io"
	"io/fs"
	"syscall"
)

// Empty is a file system holding nothing but an empty root directory.
// It is the world of a policy's own tests (the tests: section): every
// path named there is virtual, so nothing exists, no symlink is resolved
// and every glob matches nothing on disk. It is an OpenFS that opens
// nothing.
var Empty FS = emptyFS{}

type emptyFS struct{}

func (emptyFS) Lstat(name string) (Info, error) {
	if err := check(name); err != nil {
		return Info{}, err
	}
	if name == "/" {
		return Info{Mode: fs.ModeDir | 0o755, Nlink: 2}, nil
	}
	return Info{}, fs.ErrNotExist
}

func (emptyFS) Readlink(name string) (string, error) {
	if err := check(name); err != nil {
		return "", err
	}
	if name == "/" {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: syscall.EINVAL}
	}
	return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrNotExist}
}

func (emptyFS) ReadDir(name string, max int) ([]string, error) {
	if err := check(name); err != nil {
		return nil, err
	}
	if name == "/" {
		return nil, nil
	}
	return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
}

func (emptyFS) Open(name string) (io.ReadCloser, error) {
	if err := check(name); err != nil {
		return nil, err
	}
	if name == "/" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
