package gate

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// rootIdentity is what a scope's root directory is, whatever its path:
// "device:inode", and ":birth" (seconds.nanoseconds) where the file
// system keeps a birth time (ext4, xfs, btrfs, tmpfs): a rename, a move
// within the file system, a symlink or a bind mount keep all three; a
// directory that reuses the inode of a deleted one has another birth
// time. "" when dir is no directory (or cannot be stat-ed). It follows
// symlinks: it is what a directory of a call is, to look it up.
func rootIdentity(dir string) string {
	return statxIdentity(unix.AT_FDCWD, dir, 0)
}

// ownRootIdentity is rootIdentity of root only when root is that
// directory itself — no symlink at any component of the path (red-team
// round 27, #3: a scope root replaced by a symlink must not bind the
// directory it names to the scope) — else "". What the scope index
// records of a root; race-free: the directory is opened without
// following a final symlink, and the path the kernel has for the open
// directory must be root.
func ownRootIdentity(root string) string {
	fd, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return ""
	}
	defer unix.Close(fd)
	at, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(fd))
	if err != nil {
		// no /proc: the path resolved now (a race left open only there)
		at = canonicalDir(root)
	}
	if at != root {
		return ""
	}
	return statxIdentity(fd, "", unix.AT_EMPTY_PATH)
}

func statxIdentity(dirfd int, path string, flags int) string {
	var st unix.Statx_t
	for {
		err := unix.Statx(dirfd, path, flags, unix.STATX_TYPE|unix.STATX_INO|unix.STATX_BTIME, &st)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return ""
		}
		break
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return ""
	}
	id := strconv.FormatUint(unix.Mkdev(st.Dev_major, st.Dev_minor), 10) + ":" + strconv.FormatUint(st.Ino, 10)
	if st.Mask&unix.STATX_BTIME != 0 && (st.Btime.Sec != 0 || st.Btime.Nsec != 0) {
		id += ":" + strconv.FormatInt(st.Btime.Sec, 10) + "." + strconv.FormatUint(uint64(st.Btime.Nsec), 10)
	}
	return id
}
