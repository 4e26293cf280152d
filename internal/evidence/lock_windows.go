package evidence

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// fileLock is an exclusive LockFileEx lock on the log's lock file. The
// lock belongs to the handle, so two Logs in one process exclude each
// other just as two processes do, and Windows drops it when the holder
// exits.
type fileLock struct{ f *os.File }

func openLock(evdir string) (*fileLock, error) {
	f, err := os.OpenFile(filepath.Join(evdir, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("evidence: opening lock file: %w", err)
	}
	return &fileLock{f: f}, nil
}

func (l *fileLock) lock() error {
	var ol windows.Overlapped
	if err := windows.LockFileEx(windows.Handle(l.f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &ol); err != nil {
		return fmt.Errorf("evidence: locking the log: %w", err)
	}
	return nil
}

func (l *fileLock) unlock() {
	var ol windows.Overlapped
	_ = windows.UnlockFileEx(windows.Handle(l.f.Fd()), 0, 1, 0, &ol)
}

func (l *fileLock) Close() error { return l.f.Close() }
