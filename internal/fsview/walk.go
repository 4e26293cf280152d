package fsview

import (
	"errors"
	"io/fs"
	"path"
	"strings"
)

// Defaults for Walk's bounds.
const (
	DefaultWalkFiles  = 20000 // entries visited
	DefaultWalkBudget = 50000 // file-system calls
)

// WalkOptions are the scope and the bounds of one Walk.
type WalkOptions struct {
	// SkipHidden skips every name starting with "." below the root (and
	// what is below such a directory), as rg does without --hidden.
	SkipHidden bool
	// MaxFiles is the most entries visited below the root; more is
	// ErrLimit. Zero means DefaultWalkFiles.
	MaxFiles int
	// Budget is the most file-system calls; more is ErrBudget. Zero
	// means DefaultWalkBudget.
	Budget int
	// DirNames bounds one directory listing; a larger directory is
	// ErrLimit. Zero means DefaultDirNames.
	DirNames int
	// Listed, when set, is called with each directory and its names
	// (sorted) before any of them is visited: the caller can read what
	// the directory holds (an ignore file) before deciding about its
	// entries.
	Listed func(dir string, names []string)
	// KeepHidden, with SkipHidden, is asked about each name starting with
	// "." below the root: true visits it after all (a name an ignore file
	// re-includes, as rg and fd search them).
	KeepHidden func(path string) bool
}

// SkipDir and SkipAll, returned by a visit function, skip the directory
// just visited or end the walk without an error.
var (
	SkipDir = fs.SkipDir
	SkipAll = fs.SkipAll
)

// Walk visits dir and everything below it, depth first, names in sorted
// order, calling visit with each path and what lstat says of it. dir
// itself is resolved first (a symlink named as the root is followed, as
// grep -r and cp -r follow the paths they are given), and the paths
// visited are below the resolved root. Below the root, symlinks are
// visited but not followed, and directories named .git are skipped. A
// directory that cannot be listed (removed meanwhile, not permitted) is
// visited but contributes nothing. visit may return SkipDir (do not
// descend into this directory; nothing for a file), SkipAll (stop, no error) or another error
// (stop with it). Errors: ErrLimit, ErrBudget, ErrTooLong, and errors
// resolving dir.
func Walk(fsys FS, dir string, opt WalkOptions, visit func(path string, info Info) error) error {
	if opt.MaxFiles <= 0 {
		opt.MaxFiles = DefaultWalkFiles
	}
	if opt.Budget <= 0 {
		opt.Budget = DefaultWalkBudget
	}
	if opt.DirNames <= 0 {
		opt.DirNames = DefaultDirNames
	}
	w := &walker{b: &budget{fsys: fsys, max: opt.Budget}, opt: opt, visit: visit}
	root, err := Resolve(w.b, dir)
	if err != nil {
		return err
	}
	info, err := w.b.Lstat(root)
	if err != nil {
		return err
	}
	if err := w.walk(root, info); !errors.Is(err, SkipAll) {
		return err
	}
	return nil
}

type walker struct {
	b     *budget
	opt   WalkOptions
	visit func(string, Info) error
	n     int
}

func (w *walker) walk(p string, info Info) error {
	if err := w.visit(p, info); err != nil {
		if errors.Is(err, SkipDir) {
			return nil
		}
		return err
	}
	if !info.Mode.IsDir() {
		return nil
	}
	names, err := w.b.ReadDir(p, w.opt.DirNames)
	if err != nil {
		if fatal(err) {
			return err
		}
		return nil
	}
	if w.opt.Listed != nil {
		w.opt.Listed(p, names)
	}
	for _, n := range names {
		c := path.Join(p, n)
		if w.opt.SkipHidden && strings.HasPrefix(n, ".") && (w.opt.KeepHidden == nil || !w.opt.KeepHidden(c)) {
			continue
		}
		ci, err := w.b.Lstat(c)
		if err != nil {
			if fatal(err) {
				return err
			}
			continue
		}
		if n == ".git" && ci.Mode.IsDir() {
			continue
		}
		if w.n++; w.n > w.opt.MaxFiles {
			return ErrLimit
		}
		if err := w.walk(c, ci); err != nil {
			return err
		}
	}
	return nil
}
