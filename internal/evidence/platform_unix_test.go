//go:build unix

package evidence

import (
	"testing"

	"golang.org/x/sys/unix"
)

// limitFileSize sets this process's file size limit (RLIMIT_FSIZE).
func limitFileSize(n uint64) error {
	return unix.Setrlimit(unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: n, Max: n})
}

func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := unix.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
}
