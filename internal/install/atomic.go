package install

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/mandate-dev/mandate/internal/atomicfile"
)

// writeFile replaces path with data durably: write a temp file in the same
// directory, fsync it, rename it over path, fsync the directory. The mode
// of an existing file is kept.
func writeFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("install: %w", err)
	}
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	if err := atomicfile.WriteFile(path, data, mode); err != nil {
		return fmt.Errorf("install: %w", err)
	}
	return nil
}

// removeFile deletes path durably.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("install: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	if err := atomicfile.SyncDir(dir); err != nil {
		return fmt.Errorf("install: %w", err)
	}
	return nil
}
