package smallfile

import (
	"errors"
	"io"
	"io/fs"
	"os"

	"golang.org/x/sys/windows"
)

// Read reads the file at path, stopping after max+1 bytes.
func Read(path string, max int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readFile(f, path, max)
}

func readFile(f *os.File, path string, max int) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return b, nil
}

// ReadRegular reads the regular file at path, stopping after max+1 bytes.
// A named pipe is not a path in the file system on Windows; a directory,
// a device or a dangling link is refused as on Unix, and the file opened
// must be the one stat-ed.
func ReadRegular(path string, max int) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		if lst, lerr := os.Lstat(path); errors.Is(err, fs.ErrNotExist) && lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
			return nil, &NotRegularError{Path: path, What: "a dangling symlink"}
		}
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, What: ModeKind(st.Mode())}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ost, err := f.Stat()
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if !ost.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, What: ModeKind(ost.Mode())}
	}
	if !os.SameFile(st, ost) {
		return nil, &NotRegularError{Path: path, What: "a file replaced while it was being opened"}
	}
	return readFile(f, path, max)
}

// ReadStatted is ReadRegular for a path its caller has just stat-ed and
// found a regular file (fi); on Windows it stats again.
func ReadStatted(path string, fi fs.FileInfo, max int) ([]byte, error) {
	return ReadRegular(path, max)
}

// Stat returns the ID of the file at path (following symlinks): the
// volume serial number and file index stand for device and inode, the
// creation time for the change time Windows does not report here.
func Stat(path string) (ID, error) {
	f, err := os.Open(path)
	if err != nil {
		return ID{}, &fs.PathError{Op: "stat", Path: path, Err: errors.Unwrap(err)}
	}
	defer f.Close()
	var d windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(windows.Handle(f.Fd()), &d); err != nil {
		return ID{}, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	return ID{
		dev:   uint64(d.VolumeSerialNumber),
		ino:   uint64(d.FileIndexHigh)<<32 | uint64(d.FileIndexLow),
		size:  int64(d.FileSizeHigh)<<32 | int64(d.FileSizeLow),
		mtime: d.LastWriteTime.Nanoseconds(),
		ctime: d.CreationTime.Nanoseconds(),
	}, nil
}
