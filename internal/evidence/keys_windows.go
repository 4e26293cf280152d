package evidence

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// readSmall reads a key file, refusing anything large, and anything but a
// regular file: a symbolic link or other reparse point is refused before
// the file is opened (there is no O_NOFOLLOW), and what was opened must be
// the file that was checked.
func readSmall(path string) ([]byte, error) {
	lst, err := os.Lstat(path)
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	if !lst.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrDamaged, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", &fs.PathError{Op: "fstat", Path: path, Err: err})
	}
	if !st.Mode().IsRegular() || !os.SameFile(lst, st) {
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrDamaged, path)
	}
	if st.Size() > 4096 {
		return nil, fmt.Errorf("%w: %s is larger than a key", ErrDamaged, path)
	}
	b, err := io.ReadAll(io.LimitReader(f, 4097))
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", &fs.PathError{Op: "read", Path: path, Err: err})
	}
	if len(b) > 4096 {
		return nil, fmt.Errorf("%w: %s is larger than a key", ErrDamaged, path)
	}
	return b, nil
}
