package evidence

import (
	"os"

	"golang.org/x/sys/unix"
)

// datasync makes f's written data durable. On macOS fsync(2) only hands
// the data to the drive, whose cache may lose it on power loss;
// F_FULLFSYNC asks the drive to flush it. A file system without
// F_FULLFSYNC (some network and FUSE ones answer ENOTSUP or ENOTTY) gets
// fsync, the most it offers.
func datasync(f *os.File) error {
	fd := int(f.Fd())
	for {
		_, err := unix.FcntlInt(uintptr(fd), unix.F_FULLFSYNC, 0)
		switch err {
		case unix.EINTR:
			continue
		case unix.ENOTSUP, unix.ENOTTY, unix.EINVAL:
			return fsync(fd)
		}
		return err
	}
}

func fsync(fd int) error {
	for {
		err := unix.Fsync(fd)
		if err != unix.EINTR {
			return err
		}
	}
}

// startWriteback is a no-op here: the datasync that follows does it all.
func startWriteback(f *os.File, off, n int64) {}
