package fsview

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Limits on the questions an FS answers.
const (
	// MaxLinks bounds the symlinks Resolve follows (Linux's own limit).
	MaxLinks = 40
	// MaxPath bounds a path's length in bytes (Linux's PATH_MAX).
	MaxPath = 4096
)

// Errors an FS or the helpers return.
var (
	ErrLoop    = errors.New("fsview: too many levels of symbolic links")
	ErrTooLong = errors.New("fsview: path too long")
	ErrLimit   = errors.New("fsview: too many names to list")
	ErrNotAbs  = errors.New("fsview: path is not absolute")
)

// Info is what lstat says of a file.
type Info struct {
	// Dev and Ino identify the file: two names with the same Dev and Ino
	// are the same file (a hard link). Both are zero where the platform
	// gives no identity.
	Dev, Ino uint64
	Mode     fs.FileMode
	Size     int64
	Nlink    uint64
	// Mtime and Ctime are nanoseconds since the Unix epoch.
	Mtime, Ctime int64
}

// ID is a file's identity.
type ID struct{ Dev, Ino uint64 }

// ID returns i's identity; ok is false where the platform gives none.
func (i Info) ID() (id ID, ok bool) {
	return ID{i.Dev, i.Ino}, i.Ino != 0
}

// FS answers lstat, readlink and directory listings for absolute,
// slash-separated paths.
type FS interface {
	// Lstat describes name without following a final symlink. A missing
	// file is an error satisfying errors.Is(err, fs.ErrNotExist).
	Lstat(name string) (Info, error)
	// Readlink returns the target of the symlink name, as stored.
	Readlink(name string) (string, error)
	// ReadDir lists the names in directory name, sorted, at most max of
	// them; more is ErrLimit.
	ReadDir(name string, max int) ([]string, error)
}

// DirResolver is an FS that may know, without looking, what the path of
// an existing directory resolves to (the resident engine's, for the
// repository root and home directory, under inotify watches). Resolve
// asks it first; ok false means look.
type DirResolver interface {
	ResolvedDir(p string) (resolved string, ok bool)
}

func check(p string) error {
	if len(p) > MaxPath {
		return fmt.Errorf("%w (%d bytes)", ErrTooLong, len(p))
	}
	if !strings.HasPrefix(p, "/") {
		return fmt.Errorf("%w: %q", ErrNotAbs, p)
	}
	return nil
}

// Resolve returns p with every symlink resolved, the way the kernel would
// when opening it: each existing component is looked up in turn, a symlink
// is replaced by its target (relative targets against the link's
// directory), "..” applies to the resolved path, and the part from the
// first missing component on is appended unchanged, so that a file about
// to be created resolves through its existing parents. More than MaxLinks
// symlinks is ErrLoop. A component that exists but is not a directory,
// with more components after it, is an error (ENOTDIR), as for the kernel.
func Resolve(fsys FS, p string) (string, error) {
	if err := check(p); err != nil {
		return "", err
	}
	if dr, ok := fsys.(DirResolver); ok {
		if r, ok := dr.ResolvedDir(p); ok {
			return r, nil
		}
	}
	links := 0
	done := "/"          // resolved prefix
	todo := splitPath(p) // components still to resolve
	missing := false     // a component did not exist: the rest is appended as is
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			done = path.Dir(done)
			continue
		}
		next := path.Join(done, c)
		if len(next) > MaxPath {
			return "", fmt.Errorf("%w (%d bytes)", ErrTooLong, len(next))
		}
		if missing {
			done = next
			continue
		}
		info, err := fsys.Lstat(next)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			missing = true
			done = next
			continue
		case err != nil:
			return "", err
		}
		if info.Mode&fs.ModeSymlink == 0 {
			if len(todo) > 0 && !info.Mode.IsDir() && hasReal(todo) {
				return "", &fs.PathError{Op: "resolve", Path: next, Err: errNotDir}
			}
			done = next
			continue
		}
		if links++; links > MaxLinks {
			return "", &fs.PathError{Op: "resolve", Path: p, Err: ErrLoop}
		}
		target, err := fsys.Readlink(next)
		if err != nil {
			return "", err
		}
		if len(target)+len(todo) > MaxPath*2 {
			return "", fmt.Errorf("%w: symlink target", ErrTooLong)
		}
		if strings.HasPrefix(target, "/") {
			done = "/"
		}
		todo = append(splitPath(target), todo...)
	}
	return done, nil
}

var errNotDir = errors.New("not a directory")

// hasReal reports whether components contain a name (not only "." and "").
func hasReal(cs []string) bool {
	for _, c := range cs {
		if c != "" && c != "." {
			return true
		}
	}
	return false
}

func splitPath(p string) []string {
	return strings.Split(strings.Trim(p, "/"), "/")
}

// Stat describes the file p names after resolving every symlink.
func Stat(fsys FS, p string) (Info, error) {
	r, err := Resolve(fsys, p)
	if err != nil {
		return Info{}, err
	}
	return fsys.Lstat(r)
}
