//go:build !windows

package fsview

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
)

func TestWalk(t *testing.T) {
	fsys := globTree(t)
	collect := func(dir string, opt WalkOptions, skip string) ([]string, error) {
		var got []string
		err := Walk(fsys, dir, opt, func(p string, info Info) error {
			got = append(got, strings.TrimPrefix(p, "/r/"))
			if p == skip {
				return SkipDir
			}
			return nil
		})
		return got, err
	}
	got, err := collect("/r", WalkOptions{}, "")
	want := []string{"/r", ".env", ".env.local", "Makefile", "README.md", "a*b", "docs",
		"src", "src/.hidden.go", "src/a.go", "src/b.go", "src/dang", "src/fifo", "src/key", "src/lib", "src/lib/util.go", "src/loop", "src/up"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("walk /r:\n got %q, %v\nwant %q", got, err, want)
	}
	got, _ = collect("/r", WalkOptions{SkipHidden: true}, "/r/src/lib")
	want = []string{"/r", "Makefile", "README.md", "a*b", "docs", "src", "src/a.go", "src/b.go", "src/dang", "src/fifo", "src/key", "src/lib", "src/loop", "src/up"}
	if !slices.Equal(got, want) {
		t.Errorf("skip hidden, skip lib:\n got %q\nwant %q", got, want)
	}
	// KeepHidden re-includes a hidden name; Listed sees each directory's
	// names before its entries are visited.
	var listed []string
	got, _ = collect("/r", WalkOptions{SkipHidden: true,
		Listed: func(dir string, names []string) {
			listed = append(listed, strings.TrimPrefix(dir, "/r")+":"+strings.Join(names, ","))
		},
		KeepHidden: func(p string) bool { return p == "/r/.env" }}, "/r/src")
	want = []string{"/r", ".env", "Makefile", "README.md", "a*b", "docs", "src"}
	if !slices.Equal(got, want) {
		t.Errorf("keep .env:\n got %q\nwant %q", got, want)
	}
	if len(listed) == 0 || !strings.HasPrefix(listed[0], ":.env,.env.local,") {
		t.Errorf("listed: %q", listed)
	}
	// A root that is a symlink is followed; the paths are the resolved ones.
	got, _ = collect("/r/docs", WalkOptions{}, "")
	if len(got) == 0 || got[0] != "src" {
		t.Errorf("symlinked root: %q", got)
	}
	// A file as the root is visited itself.
	got, _ = collect("/r/src/key", WalkOptions{}, "")
	if !slices.Equal(got, []string{"/h/.ssh/id_rsa"}) {
		t.Errorf("file root: %q", got)
	}
	if _, err := collect("/r", WalkOptions{MaxFiles: 4}, ""); !errors.Is(err, ErrLimit) {
		t.Errorf("max files: %v", err)
	}
	if _, err := collect("/r", WalkOptions{Budget: 6}, ""); !errors.Is(err, ErrBudget) {
		t.Errorf("budget: %v", err)
	}
	if _, err := collect("/r/src/loop", WalkOptions{}, ""); !errors.Is(err, ErrLoop) {
		t.Errorf("loop root: %v", err)
	}
	if _, err := collect("/r/missing", WalkOptions{}, ""); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing root: %v", err)
	}
	// SkipAll ends the walk quietly.
	n := 0
	err = Walk(fsys, "/r", WalkOptions{}, func(string, Info) error {
		if n++; n == 3 {
			return SkipAll
		}
		return nil
	})
	if err != nil || n != 3 {
		t.Errorf("skip all: n=%d err=%v", n, err)
	}
}

func TestEmpty(t *testing.T) {
	if info, err := Empty.Lstat("/"); err != nil || !info.Mode.IsDir() {
		t.Errorf("root: %+v %v", info, err)
	}
	if _, err := Empty.Lstat("/home/dev"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("lstat: %v", err)
	}
	if r, err := Resolve(Empty, "/home/dev/../x/./y"); err != nil || r != "/home/x/y" {
		t.Errorf("resolve: %q %v", r, err)
	}
	if m, err := Glob(Empty, "/repo/*", GlobOptions{}); err != nil || len(m) != 0 {
		t.Errorf("glob: %q %v", m, err)
	}
}
