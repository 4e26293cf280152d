package gate

import (
	"path/filepath"
	"sync"

	unix "github.com/mandate-dev/mandate/internal/unixcompat"
)

// absentNames remembers, per directory, which pinned-absent names were
// looked up and found absent while the directory had a given identity,
// so that a call re-checks them with one stat of the directory instead
// of one lstat per name (most pinned files are configurations of agents
// that are not installed, and the mandate names in every PATH directory).
//
// This is sound because adding, removing or renaming a name in a
// directory changes its mtime and ctime, and a ctime cannot be set back;
// the directory is stat'ed through its path, so a replaced, re-linked or
// mounted-over directory (or any of its ancestors) has another device or
// inode. A directory modified less than racyWindow before it is observed
// is not trusted (a change in the same clock tick would leave the same
// times): its names are looked up one by one, as before.
type absentNames struct {
	mu   sync.Mutex
	dirs map[string]*absentDir
}

type absentDir struct {
	id    ident
	names map[string]bool
}

// maxAbsentDirs bounds the cache; past it, it starts over.
const maxAbsentDirs = 4096

// dirState is what one stat of a directory says of the names in it.
type dirState struct {
	gone    bool  // every name in it is absent (the directory is, or is not a directory)
	trusted bool  // the directory is settled: id can vouch for absences
	id      ident // its identity, when trusted
}

// statDir observes dir through its path, following symlinks, as a lookup
// of a name in it does.
func statDir(dir string, now int64) dirState {
	var st unix.Stat_t
	var err error
	for {
		err = unix.Stat(dir, &st)
		if err != unix.EINTR {
			break
		}
	}
	switch {
	case err == unix.ENOENT || err == unix.ENOTDIR:
		return dirState{gone: true}
	case err != nil:
		return dirState{}
	case st.Mode&unix.S_IFMT != unix.S_IFDIR:
		return dirState{gone: true} // a lookup in it fails with ENOTDIR
	}
	id := identOf(&st)
	if now-max(id.Mtime, id.Ctime) < racyWindow {
		return dirState{}
	}
	return dirState{trusted: true, id: id}
}

// known reports whether name was found absent in dir while dir had id.
func (a *absentNames) known(dir string, id ident, name string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	d := a.dirs[dir]
	return d != nil && d.id == id && d.names[name]
}

// note records that name was found absent in dir, looked up after dir was
// observed with id.
func (a *absentNames) note(dir string, id ident, name string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	d := a.dirs[dir]
	if d == nil || d.id != id {
		if a.dirs == nil || len(a.dirs) >= maxAbsentDirs {
			a.dirs = make(map[string]*absentDir)
		}
		d = &absentDir{id: id, names: make(map[string]bool)}
		a.dirs[dir] = d
	}
	d.names[name] = true
}

// stillAbsent reports whether the file of e, recorded as absent, is still
// absent, using st (the state of its directory, observed this call) and
// the names remembered for it; a name not remembered is looked up.
func (a *absentNames) stillAbsent(e *pinEntry, dir string, st dirState) bool {
	return a.stillAbsentNamed(e, dir, filepath.Base(e.Path), st)
}

// stillAbsentNamed is stillAbsent for e's base name name.
func (a *absentNames) stillAbsentNamed(e *pinEntry, dir, name string, st dirState) bool {
	if st.gone {
		return true
	}
	if st.trusted && a.known(dir, st.id, name) {
		return true
	}
	o := observe(e.Path)
	if !e.unchanged(o) {
		return false
	}
	if st.trusted {
		a.note(dir, st.id, name)
	}
	return true
}
