//go:build !linux && !darwin && !windows

package evidence

import "os"

// datasync makes f's written data durable: fsync(2) (os.File.Sync), the
// only flush the other systems share.
func datasync(f *os.File) error { return f.Sync() }

// startWriteback is a no-op here: the datasync that follows does it all.
func startWriteback(f *os.File, off, n int64) {}
