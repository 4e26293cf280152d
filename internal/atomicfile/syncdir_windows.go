package atomicfile

import (
	"os"

	"golang.org/x/sys/windows"
)

// rename replaces to with from and returns once the move is on disk
// (MOVEFILE_WRITE_THROUGH), which on Windows stands for syncing the
// directory.
func rename(from, to string) error {
	f, err := windows.UTF16PtrFromString(from)
	if err != nil {
		return err
	}
	t, err := windows.UTF16PtrFromString(to)
	if err != nil {
		return err
	}
	if err := windows.MoveFileEx(f, t, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH); err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	return nil
}

// SyncDir does nothing on Windows: a directory handle cannot be flushed
// (FlushFileBuffers needs write access to it), and NTFS journals the
// directory's metadata; WriteFile's rename writes through instead.
func SyncDir(string) error { return nil }
