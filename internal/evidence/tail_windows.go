package evidence

import (
	"context"
	"os"
)

// tailUnchanged never trusts the remembered state on Windows, where the
// files' identity (device and inode) is not at hand: every Append runs
// the full recovery, which is slower and always correct.
func (l *Log) tailUnchanged() (tailState, bool) {
	t := l.tail
	l.tail.valid = false
	return t, false
}

// rememberTail remembers nothing on Windows (see tailUnchanged).
func (l *Log) rememberTail() {}

// osRecords is the records file opened by ScanTypes.
type osRecords struct{ *os.File }

// openRecords opens the records file for ScanTypes.
func openRecords(path string) (osRecords, error) {
	f, err := os.Open(path)
	return osRecords{f}, err
}

// identity has no device and inode to give on Windows: ScanTypes then
// relies on the digest of the bytes before the cursor alone to notice a
// records file that was replaced or rewritten.
func (r osRecords) identity() (size int64, dev, ino uint64, ok bool, err error) {
	fi, err := r.Stat()
	if err != nil {
		return 0, 0, 0, false, err
	}
	return fi.Size(), 0, 0, true, nil
}

// Follower is ScanTypes for a reader that lives across calls; on Windows
// it opens the records file for every scan, as ScanTypes does.
type Follower struct{ dir string }

// NewFollower returns a Follower of the log in state directory dir.
func NewFollower(dir string) *Follower { return &Follower{dir: dir} }

// Scan is ScanTypes (same arguments, same results).
func (fl *Follower) Scan(ctx context.Context, c Cursor, types []string, fn func(Entry) error) (Cursor, bool, error) {
	return ScanTypes(ctx, fl.dir, c, types, fn)
}
