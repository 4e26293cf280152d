//go:build !unix

package install

import "os"

// Windows has neither O_NOFOLLOW nor FIFOs in the file system: the file
// opened is checked against the one stat-ed instead (openedChecked).
const (
	oNoFollow = 0
	oNonblock = 0
)

// openedChecked reports whether f, just opened, is the regular file st
// described, so that a link or another file swapped in between is
// refused.
func openedChecked(f *os.File, st os.FileInfo) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode().IsRegular() && os.SameFile(st, fi)
}
