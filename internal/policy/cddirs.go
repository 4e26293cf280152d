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
// (One pointer: made an interface, it is not allocated.)
type dirOracle struct{ p *Policy }

// IsDir follows symlinks as cd does. A missing name, or a component that
// is no directory, is known not to be one; any other error (a loop, a
// permission, a name too long) is not known.
func (o dirOracle) IsDir(p string) (isDir, exists, known bool) {
	fsys := o.p.opt.FS
	if fsys == nil {
		fsys = fsview.OS
	}
	in, err := fsview.Stat(fsys, p)
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
