package smallfile

import (
	"bytes"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		size, max, want int
	}{
		{0, 10, 0},
		{10, 10, 10},
		{11, 10, 11}, // one past the limit tells the caller it is too large
		{100000, 10, 11},
		{100000, 200000, 100000}, // grows past the first buffer
	} {
		p := filepath.Join(dir, "f")
		data := bytes.Repeat([]byte("k"), tc.size)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := Read(p, tc.max)
		if err != nil || len(got) != tc.want || !bytes.Equal(got, data[:tc.want]) {
			t.Errorf("size %d max %d: %d bytes, %v; want %d", tc.size, tc.max, len(got), err, tc.want)
		}
	}
	_, err := Read(filepath.Join(dir, "missing"), 10)
	var pe *fs.PathError
	if !errors.As(err, &pe) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want a *fs.PathError for a missing file", err)
	}
	if _, err := Read(dir, 10); err == nil {
		t.Error("reading a directory succeeded")
	}
}

// An ID stays while the file is untouched and changes when it is replaced
// or rewritten in place, even with the same size.
func TestStat(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := Stat(p)
	if b, err2 := Stat(p); err != nil || err2 != nil || a != b {
		t.Fatalf("same file: %v %v, %v %v", a, err, b, err2)
	}
	time.Sleep(10 * time.Millisecond) // a coarse clock still sees the change time move
	if err := os.WriteFile(p, []byte("two"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, _ := Stat(p); b == a {
		t.Error("rewritten in place with the same size: same ID")
	}
	c, _ := Stat(p)
	n := p + ".new"
	if err := os.WriteFile(n, []byte("two"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(n, p); err != nil {
		t.Fatal(err)
	}
	if d, _ := Stat(p); d == c {
		t.Error("replaced: same ID")
	}
	if _, err := Stat(filepath.Join(t.TempDir(), "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

// ReadRegular reads a regular file (through a symlink too) and refuses,
// without opening it and without blocking, anything else: a policy path
// that is a FIFO, a directory, a device, a socket or a dangling symlink
// is broken, never empty.
func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "policy.yaml")
	if err := os.WriteFile(reg, []byte("policies: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(reg, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{reg, link} {
		if b, err := ReadRegular(p, 100); err != nil || string(b) != "policies: []\n" {
			t.Errorf("%s: %q %v", p, b, err)
		}
	}
	if b, err := ReadRegular(reg, 3); err != nil || len(b) != 4 {
		t.Errorf("over the limit: %d bytes, %v", len(b), err)
	}
	fifo := filepath.Join(dir, "fifo")
	mkfifo(t, fifo)
	dangling := filepath.Join(dir, "dangling")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), dangling); err != nil {
		t.Fatal(err)
	}
	toFifo := filepath.Join(dir, "to-fifo")
	if err := os.Symlink(fifo, toFifo); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	for _, tc := range []struct{ path, what string }{
		{fifo, "a FIFO"},
		{toFifo, "a FIFO"},
		{dir, "a directory"},
		{dangling, "a dangling symlink"},
		{sock, "a socket"},
		{"/dev/null", "a character device"},
	} {
		done := make(chan error, 1)
		go func() { _, err := ReadRegular(tc.path, 100); done <- err }()
		select {
		case err := <-done:
			var nr *NotRegularError
			if !errors.Is(err, ErrNotRegular) || !errors.As(err, &nr) || nr.What != tc.what {
				t.Errorf("%s: %v, want %s", tc.path, err, tc.what)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: ReadRegular blocked", tc.path)
		}
	}
	if _, err := ReadRegular(filepath.Join(dir, "missing"), 10); !errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrNotRegular) {
		t.Errorf("missing: %v", err)
	}
}

// ReadStatted reads the file its caller stat-ed, and what ReadRegular
// would read when the path was replaced since (by a rename) or is no
// longer a regular file.
func TestReadStatted(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "policy")
	if err := os.WriteFile(p, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := ReadStatted(p, fi, 100); err != nil || string(b) != "one" {
		t.Fatalf("%q, %v", b, err)
	}
	n := p + ".new"
	if err := os.WriteFile(n, []byte("two"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(n, p); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadStatted(p, fi, 100); err != nil || string(b) != "two" {
		t.Fatalf("replaced by a rename: %q, %v", b, err)
	}
	os.Remove(p)
	if err := os.Mkdir(p, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadStatted(p, fi, 100); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("replaced by a directory: %v", err)
	}
}

// ReadRegular reads a regular file whole, whatever its size against the
// bound and the first buffer (a short read at the size fstat gave ends
// it).
func TestReadRegularSizes(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ size, max, want int }{
		{0, 10, 0}, {1, 10, 1}, {10, 10, 10}, {11, 10, 11}, {4095, 1 << 20, 4095}, {4096, 1 << 20, 4096},
		{4097, 1 << 20, 4097}, {100000, 1 << 20, 100000}, {100000, 10, 11},
	} {
		p := filepath.Join(dir, "f")
		data := bytes.Repeat([]byte("k"), tc.size)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := ReadRegular(p, tc.max)
		if err != nil || len(got) != tc.want || !bytes.Equal(got, data[:tc.want]) {
			t.Errorf("size %d max %d: %d bytes, %v; want %d", tc.size, tc.max, len(got), err, tc.want)
		}
	}
}
