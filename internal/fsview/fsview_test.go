//go:build !windows

package fsview

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// fixture builds a tree under a temp dir and returns it as a Rooted FS.
func fixture(t *testing.T) (FS, string) {
	t.Helper()
	dir := t.TempDir()
	mk := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	for _, d := range []string{"/repo/src", "/home/dev/.ssh"} {
		if err := os.MkdirAll(mk(d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"/repo/agent-policy.yaml", "/home/dev/.ssh/id_rsa", "/repo/src/a.go"} {
		if err := os.WriteFile(mk(f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"/repo/src/key":   "/home/dev/.ssh/id_rsa",
		"/repo/src/up":    "..",
		"/repo/src/loop1": "loop2",
		"/repo/src/loop2": "loop1",
		"/repo/src/dang":  "/nowhere/file",
	}
	for l, tgt := range links {
		if err := os.Symlink(tgt, mk(l)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Link(mk("/repo/agent-policy.yaml"), mk("/repo/src/p")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(mk("/repo/src/fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	return Rooted(dir), dir
}

func TestResolve(t *testing.T) {
	fsys, _ := fixture(t)
	for _, tc := range []struct{ in, want string }{
		{"/repo/src/a.go", "/repo/src/a.go"},
		{"/repo/src/key", "/home/dev/.ssh/id_rsa"},
		{"/repo/src/up/agent-policy.yaml", "/repo/agent-policy.yaml"},
		{"/repo/src/up/src/up/src/new.txt", "/repo/src/new.txt"},
		{"/repo/src/dang", "/nowhere/file"},
		{"/repo/new/deeper/x", "/repo/new/deeper/x"},
		{"/repo/src/../src/./a.go", "/repo/src/a.go"},
	} {
		got, err := Resolve(fsys, tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := Resolve(fsys, "/repo/src/loop1"); !errors.Is(err, ErrLoop) {
		t.Errorf("loop: err = %v, want ErrLoop", err)
	}
	if _, err := Resolve(fsys, "/repo/src/a.go/x"); err == nil {
		t.Errorf("a path through a regular file resolved")
	}
	if _, err := Resolve(fsys, "relative"); !errors.Is(err, ErrNotAbs) {
		t.Errorf("relative: err = %v", err)
	}
	long := "/" + string(make([]byte, MaxPath))
	if _, err := Resolve(fsys, long); !errors.Is(err, ErrTooLong) {
		t.Errorf("long: err = %v", err)
	}
}

func TestIdentity(t *testing.T) {
	fsys, _ := fixture(t)
	a, err := Stat(fsys, "/repo/agent-policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Stat(fsys, "/repo/src/p")
	if err != nil {
		t.Fatal(err)
	}
	ida, ok1 := a.ID()
	idb, ok2 := b.ID()
	if !ok1 || !ok2 || ida != idb || a.Nlink != 2 {
		t.Errorf("hard link not seen: %+v %+v", a, b)
	}
	f, err := fsys.Lstat("/repo/src/fifo")
	if err != nil || f.Mode&fs.ModeNamedPipe == 0 {
		t.Errorf("fifo: %+v %v", f, err)
	}
	if _, err := fsys.Lstat("/repo/missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

func TestReadDirLimit(t *testing.T) {
	fsys, _ := fixture(t)
	names, err := fsys.ReadDir("/repo/src", 100)
	if err != nil || len(names) != 8 {
		t.Errorf("ReadDir = %v, %v", names, err)
	}
	if _, err := fsys.ReadDir("/repo/src", 3); !errors.Is(err, ErrLimit) {
		t.Errorf("limit: %v", err)
	}
}
