package fsview

import (
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Rooted returns an FS whose absolute namespace lives in dir: "/x/y" is
// dir/x/y. Symlink targets are returned as stored, so a fixture's absolute
// symlink "/home/dev/.ssh/id_rsa" points into the same namespace. It is
// for tests: it lets a fixture tree stand at /home/dev/project. It is an
// OpenFS: Open resolves symlinks in the namespace first, so an absolute
// link never reaches the real file system outside dir.
func Rooted(dir string) FS { return rooted{dir: filepath.Clean(dir)} }

type rooted struct{ dir string }

func (r rooted) real(name string) (string, error) {
	if err := check(name); err != nil {
		return "", err
	}
	if strings.Contains("/"+name+"/", "/../") {
		// Resolve never passes ".."; refuse to leave the root anyway.
		return "", &os.PathError{Op: "rooted", Path: name, Err: os.ErrInvalid}
	}
	return filepath.Join(r.dir, filepath.FromSlash(name)), nil
}

func (r rooted) Lstat(name string) (Info, error) {
	p, err := r.real(name)
	if err != nil {
		return Info{}, err
	}
	fi, err := os.Lstat(p)
	if err != nil {
		return Info{}, err
	}
	return infoOf(fi), nil
}

func (r rooted) Readlink(name string) (string, error) {
	p, err := r.real(name)
	if err != nil {
		return "", err
	}
	t, err := os.Readlink(p)
	return filepath.ToSlash(t), err
}

func (r rooted) ReadDir(name string, max int) ([]string, error) {
	p, err := r.real(name)
	if err != nil {
		return nil, err
	}
	return readDir(p, max)
}

func (r rooted) Open(name string) (io.ReadCloser, error) {
	res, err := Resolve(r, name)
	if err != nil {
		return nil, err
	}
	p, err := r.real(res)
	if err != nil {
		return nil, err
	}
	return openRegular(p, name, true)
}
