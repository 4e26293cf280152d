package gate

import (
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// A repository scope is keyed by what the repository is, not by the path
// a call happened to reach it by: its root with every symlink resolved
// (the pins and the lock files are named after that path), and the
// device and inode of that directory, which a bind mount or a
// /proc/self/cwd path shares. A lock holds for either: the path (a
// directory replaced by another at the same place is still that
// repository) and the identity (the same directory under another name).

// repoScope is the scope of the repository (or start directory) at root.
func repoScope(root string) scope {
	c := canonicalDir(root)
	return scope{root: c, id: dirID(c)}
}

// canonicalDir is dir with every symlink resolved, or dir cleaned when it
// cannot be resolved.
func canonicalDir(dir string) string {
	if r, err := filepath.EvalSymlinks(dir); err == nil && filepath.IsAbs(r) {
		return filepath.Clean(r)
	}
	return filepath.Clean(dir)
}

// dirID is "device:inode" of dir (followed), or "".
func dirID(dir string) string {
	var st unix.Stat_t
	for {
		err := unix.Stat(dir, &st)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return ""
		}
		break
	}
	return strconv.FormatUint(uint64(st.Dev), 10) + ":" + strconv.FormatUint(st.Ino, 10)
}

// sameScope reports whether a and b are the same repository: the same
// resolved path or the same directory.
func sameScope(a, b scope) bool {
	if a.global || b.global {
		return a.global == b.global
	}
	return a.root == b.root || (a.id != "" && a.id == b.id)
}
