package gate

import (
	"strconv"

	"golang.org/x/sys/unix"
)

// rootIdentity is what a scope's root directory is, whatever its path:
// "device:inode", and ":birth" (seconds.nanoseconds) where the file
// system keeps a birth time (ext4, xfs, btrfs, tmpfs): a rename, a move
// within the file system, a symlink or a bind mount keep all three; a
// directory that reuses the inode of a deleted one has another birth
// time. "" when dir is no directory (or cannot be stat-ed).
func rootIdentity(dir string) string {
	var st unix.Statx_t
	for {
		err := unix.Statx(unix.AT_FDCWD, dir, 0, unix.STATX_TYPE|unix.STATX_INO|unix.STATX_BTIME, &st)
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
