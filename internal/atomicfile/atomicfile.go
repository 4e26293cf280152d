// Package atomicfile replaces files so that a crash at any instant leaves
// either the old content or the new, never a mix or an empty file: write a
// temporary file in the same directory, fsync it, rename it over the
// target, fsync the directory. Mandate's keys, session state and agent
// settings files are written this way.
//
// On Windows a directory cannot be flushed: the rename is made with
// MOVEFILE_WRITE_THROUGH instead, and SyncDir does nothing.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteFile replaces path with data, durably, with permissions perm.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(perm); err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := rename(tmp, path); err != nil {
		return err
	}
	ok = true
	return SyncDir(dir)
}
