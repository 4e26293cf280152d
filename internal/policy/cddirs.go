package policy

import (
	"errors"
	"io/fs"
	"syscall"

	"github.com/mandate-dev/mandate/internal/fsview"
)

// dirOracle answers the shell analysis's question whether a cd's target
// is a directory at decision time (shell.DirOracle; red-team round 23,
// #7): a cd to a name that is not there, or is a file, fails and leaves
// the cwd where it was.
type dirOracle struct{ fsys fsview.FS }

// IsDir follows symlinks as cd does. A missing name, or a component that
// is no directory, is known not to be one; any other error (a loop, a
// permission, a name too long) is not known.
func (o dirOracle) IsDir(p string) (isDir, exists, known bool) {
	in, err := fsview.Stat(o.fsys, p)
	switch {
	case err == nil:
		return in.Mode.IsDir(), true, true
	case errors.Is(err, syscall.ENOTDIR):
		return false, true, true
	case errors.Is(err, fs.ErrNotExist):
		return false, false, true
	}
	return false, false, false
}
