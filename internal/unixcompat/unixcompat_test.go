package unixcompat_test

import (
	"os"
	"path/filepath"
	"testing"

	unix "github.com/mandate-dev/mandate/internal/unixcompat"
)

// TestContract is what the gate relies on, on every platform: a regular
// file is S_IFREG with the same identity through Stat, Lstat and Fstat; a
// link opened with O_NOFOLLOW is refused or reads as S_IFLNK, never as the
// file it points to; a second exclusive non-blocking lock fails with
// EWOULDBLOCK.
func TestContract(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "reg")
	if err := os.WriteFile(reg, []byte("content"), 0o600); err != nil {
		t.Fatal(err)
	}
	var st, lst, fst unix.Stat_t
	if err := unix.Stat(reg, &st); err != nil {
		t.Fatal(err)
	}
	if err := unix.Lstat(reg, &lst); err != nil {
		t.Fatal(err)
	}
	fd, err := unix.Open(reg, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if err := unix.Fstat(fd, &fst); err != nil {
		t.Fatal(err)
	}
	for _, s := range []unix.Stat_t{st, lst, fst} {
		if uint32(s.Mode)&unix.S_IFMT != unix.S_IFREG || s.Size != 7 || s.Dev != st.Dev || s.Ino != st.Ino {
			t.Errorf("regular file: mode %o size %d dev %d ino %d, want a regular file of 7 bytes, dev %d ino %d", s.Mode, s.Size, s.Dev, s.Ino, st.Dev, st.Ino)
		}
	}
	b := make([]byte, 16)
	if n, err := unix.Read(fd, b); err != nil || string(b[:n]) != "content" {
		t.Errorf("read: %q %v", b[:n], err)
	}

	link := filepath.Join(dir, "link")
	if err := os.Symlink(reg, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := unix.Lstat(link, &lst); err != nil || uint32(lst.Mode)&unix.S_IFMT != unix.S_IFLNK {
		t.Errorf("lstat of a link: mode %o, %v", lst.Mode, err)
	}
	if lfd, err := unix.Open(link, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0); err == nil {
		var s unix.Stat_t
		if err := unix.Fstat(lfd, &s); err != nil || uint32(s.Mode)&unix.S_IFMT == unix.S_IFREG {
			t.Errorf("a link opened with O_NOFOLLOW reads as mode %o (%v)", s.Mode, err)
		}
		unix.Close(lfd)
	}

	lockPath := filepath.Join(dir, "lock")
	a, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b2, err := os.OpenFile(lockPath, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	if err := unix.Flock(int(a.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	if err := unix.Flock(int(b2.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != unix.EWOULDBLOCK {
		t.Errorf("second exclusive lock: %v, want EWOULDBLOCK", err)
	}
	if err := unix.Flock(int(a.Fd()), unix.LOCK_UN); err != nil {
		t.Fatal(err)
	}
	if err := unix.Flock(int(b2.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		t.Errorf("lock after unlock: %v", err)
	}
}
