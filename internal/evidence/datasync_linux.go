package evidence

import (
	"os"

	"golang.org/x/sys/unix"
)

// datasync makes f's written data durable: fdatasync(2), which on Linux
// reaches the device and skips metadata a later read does not need.
func datasync(f *os.File) error {
	for {
		err := unix.Fdatasync(int(f.Fd()))
		if err != unix.EINTR {
			return err
		}
	}
}

// startWriteback starts writing n bytes of f at off to the device without
// waiting (sync_file_range(2) with SYNC_FILE_RANGE_WRITE), so that work
// done before the datasync that follows overlaps the device's. It makes
// nothing durable by itself; an error is left to that datasync.
func startWriteback(f *os.File, off, n int64) {
	for {
		if err := unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE); err != unix.EINTR {
			return
		}
	}
}
