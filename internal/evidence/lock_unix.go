//go:build unix

package evidence

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// fileLock is an exclusive flock(2) on the log's lock file. flock locks
// belong to the open file description, so two Logs in one process exclude
// each other just as two processes do, and the kernel drops the lock when
// a holder dies (kill -9 included).
type fileLock struct{ f *os.File }

func openLock(evdir string) (*fileLock, error) {
	f, err := os.OpenFile(filepath.Join(evdir, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("evidence: opening lock file: %w", err)
	}
	return &fileLock{f: f}, nil
}

func (l *fileLock) lock() error {
	for {
		err := unix.Flock(int(l.f.Fd()), unix.LOCK_EX)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return fmt.Errorf("evidence: locking the log: %w", err)
		}
		return nil
	}
}

func (l *fileLock) unlock() {
	// Closing the file would also release it; an unlock error leaves the
	// lock to be dropped at Close or exit.
	_ = unix.Flock(int(l.f.Fd()), unix.LOCK_UN)
}

func (l *fileLock) Close() error { return l.f.Close() }
