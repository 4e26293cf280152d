package install

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/mandate-dev/mandate/internal/atomicfile"
)

// ErrUnsafe is a settings file Mandate will not write: a symbolic link,
// not a regular file, too large, or not writable.
var ErrUnsafe = errors.New("install: settings file not safe to write")

// readSettings reads the settings file at path, or returns nil when there
// is none. It refuses, before reading, anything but a regular file (a FIFO
// would block) and a file over maxSettingsSize; with forWrite (install,
// uninstall), also a symbolic link (a rename would replace the link, and
// writing through it would change a file elsewhere: the error says where
// it points) and a file that is read-only or that this process may not
// open for writing, so that a refused command changes nothing. Without
// forWrite (doctor), links are followed, as the agents follow them.
func readSettings(path string, forWrite bool) ([]byte, error) {
	stat, noFollow := os.Stat, 0
	if forWrite {
		stat, noFollow = os.Lstat, oNoFollow
	}
	st, err := stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &FileError{Path: path, Msg: err.Error(), Err: ErrUnsafe}
	}
	switch {
	case st.Mode()&os.ModeSymlink != 0:
		target, _ := os.Readlink(path)
		if target != "" && !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		return nil, &FileError{Path: path, Msg: "is a symbolic link to " + target + "; Mandate does not write through links",
			Fix: "install into " + target + " by hand, or replace the link with a regular file", Err: ErrUnsafe}
	case !st.Mode().IsRegular():
		return nil, &FileError{Path: path, Msg: fmt.Sprintf("is not a regular file (%s)", st.Mode().Type()), Err: ErrUnsafe}
	case st.Size() > maxSettingsSize:
		return nil, &FileError{Path: path, Msg: fmt.Sprintf("is %d bytes, more than the %d a settings file may have", st.Size(), maxSettingsSize), Err: ErrUnsafe}
	case forWrite && st.Mode().Perm()&0o222 == 0:
		return nil, &FileError{Path: path, Msg: fmt.Sprintf("is read-only (mode %04o)", st.Mode().Perm()),
			Fix: "make it writable if it is meant to change, then run the command again", Err: ErrUnsafe}
	}
	flag := os.O_RDONLY
	if forWrite {
		flag = os.O_RDWR // no O_TRUNC: opening changes nothing
	}
	f, err := os.OpenFile(path, flag|noFollow|oNonblock, 0)
	if err != nil {
		msg := "cannot be read: " + err.Error()
		if forWrite {
			msg = "is not writable: " + err.Error()
		}
		return nil, &FileError{Path: path, Msg: msg, Err: ErrUnsafe}
	}
	defer f.Close()
	if !openedChecked(f, st) {
		return nil, &FileError{Path: path, Msg: "was replaced while it was being opened", Err: ErrUnsafe}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxSettingsSize+1))
	if err != nil {
		return nil, &FileError{Path: path, Msg: "cannot be read: " + err.Error(), Err: ErrUnsafe}
	}
	if len(data) > maxSettingsSize {
		return nil, &FileError{Path: path, Msg: fmt.Sprintf("is more than the %d bytes a settings file may have", maxSettingsSize), Err: ErrUnsafe}
	}
	return data, nil
}

// writeFile replaces path with data durably: write a temp file in the same
// directory, fsync it, rename it over path, fsync the directory. The mode
// of an existing file is kept.
func writeFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("install: %w", err)
	}
	mode := os.FileMode(0o644)
	if st, err := os.Lstat(path); err == nil {
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
