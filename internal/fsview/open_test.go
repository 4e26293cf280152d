//go:build !windows

package fsview

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readAll(t *testing.T, fsys FS, name string) (string, error) {
	t.Helper()
	f, err := Open(fsys, name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	return string(b), err
}

// TestOpen: regular files open, through symlinks resolved in the FS's own
// namespace; a FIFO, a directory or a missing file is an error, returned
// at once.
func TestOpen(t *testing.T) {
	fsys, dir := fixture(t)
	if err := os.Symlink("/etc/hostname", filepath.Join(dir, "repo/src/host")); err != nil {
		t.Fatal(err)
	}
	if s, err := readAll(t, fsys, "/repo/src/a.go"); err != nil || s != "x" {
		t.Errorf("a.go: %q, %v", s, err)
	}
	// An absolute symlink points into the namespace, not the real disk.
	if s, err := readAll(t, fsys, "/repo/src/key"); err != nil || s != "x" {
		t.Errorf("src/key: %q, %v", s, err)
	}
	if _, err := readAll(t, fsys, "/repo/src/host"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("src/host left the namespace: %v", err)
	}
	done := make(chan error, 1)
	go func() { _, err := readAll(t, fsys, "/repo/src/fifo"); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("fifo: %v, want ErrNotRegular", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("opening a FIFO blocked")
	}
	for _, name := range []string{"/repo/src", "/"} {
		if _, err := readAll(t, fsys, name); !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s: %v, want ErrNotRegular", name, err)
		}
	}
	if _, err := readAll(t, fsys, "/repo/missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	if _, err := readAll(t, fsys, "/repo/src/loop1"); !errors.Is(err, ErrLoop) {
		t.Errorf("loop: %v", err)
	}
	// The real file system: the same answers, through real symlinks.
	real := filepath.ToSlash(dir)
	if s, err := readAll(t, OS, real+"/repo/src/a.go"); err != nil || s != "x" {
		t.Errorf("OS a.go: %q, %v", s, err)
	}
	go func() { _, err := readAll(t, OS, real+"/repo/src/fifo"); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("OS fifo: %v, want ErrNotRegular", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("opening a FIFO blocked")
	}
	if _, err := readAll(t, OS, "relative"); !errors.Is(err, ErrNotAbs) {
		t.Errorf("relative: %v", err)
	}
	// Empty opens nothing.
	if _, err := readAll(t, Empty, "/x"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Empty /x: %v", err)
	}
	if _, err := readAll(t, Empty, "/"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Empty /: %v", err)
	}
}

// TestReadFileBound: a file over the bound is an error, not a prefix; an
// FS that cannot open says so.
func TestReadFileBound(t *testing.T) {
	fsys, dir := fixture(t)
	if err := os.WriteFile(filepath.Join(dir, "repo/big"), []byte(strings.Repeat("a", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile(fsys, "/repo/big", 100); err != nil || len(b) != 100 {
		t.Errorf("at the bound: %d, %v", len(b), err)
	}
	if _, err := ReadFile(fsys, "/repo/big", 99); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the bound: %v", err)
	}
	if _, err := ReadFile(struct{ FS }{fsys}, "/repo/big", 100); !errors.Is(err, ErrNoOpen) {
		t.Errorf("an FS without Open: %v", err)
	}
}
