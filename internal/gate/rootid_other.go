//go:build !linux

package gate

// rootIdentity is what a scope's root directory is, whatever its path:
// "device:inode" (dirID; no birth time is read on this system, so a
// directory reusing a deleted one's inode matches it until a person's
// acceptance retires the old identity: scopeindex.go). "" when dir cannot
// be stat-ed.
func rootIdentity(dir string) string { return dirID(dir) }

// ownRootIdentity is rootIdentity of root only when root is that
// directory itself, no symlink at any component of its path (see the
// Linux version), else "".
func ownRootIdentity(root string) string {
	if canonicalDir(root) != root {
		return ""
	}
	return dirID(root)
}
