package gate

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The inotify cache of directory states never vouches for a directory
// that changed, or whose path changed, since its state was taken; an
// event elsewhere leaves it cached.
func TestDirWatch(t *testing.T) {
	later := func() int64 { return wallNow() + 3*racyWindow } // as if every directory had settled
	root := t.TempDir()
	var fs unix.Statfs_t
	if unix.Statfs(root, &fs) != nil {
		t.Fatal("statfs")
	}
	mkdir := func(p string) {
		t.Helper()
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w := &dirWatch{}
	if !w.refresh() {
		t.Skip("no inotify here")
	}
	if w.watch(root); len(w.wds) == 0 {
		t.Skipf("%s is not on a file system the watch trusts", root)
	}
	// cached takes dir's state through the cache and reports whether it
	// is cached; the state must be what a stat says.
	cached := func(dir string) bool {
		t.Helper()
		if !w.refresh() {
			t.Fatal("refresh failed")
		}
		got, want := w.state(dir, later()), statDir(dir, later())
		if got != want {
			t.Fatalf("%s: cached state %+v, a stat says %+v", dir, got, want)
		}
		_, ok := w.states[dir]
		return ok
	}
	// changed checks that change drops dir's cached state.
	changed := func(what, dir string, change func()) {
		t.Helper()
		cached(dir)
		if !cached(dir) {
			t.Fatalf("%s: not cached", dir)
		}
		change()
		if !w.refresh() {
			t.Fatal("refresh failed")
		}
		if _, ok := w.states[dir]; ok {
			t.Errorf("%s: still cached after %s", dir, what)
		}
		if got, want := w.state(dir, later()), statDir(dir, later()); got != want {
			t.Errorf("%s after %s: %+v, a stat says %+v", dir, what, got, want)
		}
	}

	d := filepath.Join(root, "a", "b")
	mkdir(d)
	changed("a file created in it", d, func() { os.WriteFile(filepath.Join(d, "hooks.json"), nil, 0o600) })
	changed("a file removed from it", d, func() { os.Remove(filepath.Join(d, "hooks.json")) })
	changed("its mode changed", d, func() { os.Chmod(d, 0o700) })
	changed("an ancestor renamed and recreated", d, func() {
		os.Rename(filepath.Join(root, "a"), filepath.Join(root, "a.old"))
		mkdir(d)
		os.WriteFile(filepath.Join(d, "hooks.json"), nil, 0o600)
	})
	changed("an ancestor's mode changed", d, func() { os.Chmod(filepath.Join(root, "a"), 0o700) })
	changed("it removed", d, func() { os.RemoveAll(d) })
	if cached(d); !statDir(d, later()).gone {
		t.Fatal("a removed directory is not gone")
	}

	// A directory that is gone, below another that is gone.
	g := filepath.Join(root, "x", "y")
	changed("its parent created", g, func() { mkdir(filepath.Join(root, "x")) })
	changed("it created", g, func() { mkdir(g) })
	changed("it replaced by a file", g, func() { os.Remove(g); os.WriteFile(g, nil, 0o600) })
	changed("the file replaced by a directory", g, func() { os.Remove(g); mkdir(g) })
	changed("a file where its parent was", g, func() {
		os.RemoveAll(filepath.Join(root, "x"))
		os.WriteFile(filepath.Join(root, "x"), nil, 0o600)
	})
	changed("a symlink where its parent was", g, func() {
		os.Remove(filepath.Join(root, "x"))
		mkdir(filepath.Join(root, "elsewhere", "y"))
		os.Symlink("elsewhere", filepath.Join(root, "x"))
	})
	// Through a symlink: never cached (its target is another path).
	if cached(g) || cached(filepath.Join(root, "x")) {
		t.Error("a path through a symlink is cached")
	}

	// Events elsewhere leave a cached state alone.
	e := filepath.Join(root, "e")
	mkdir(e)
	cached(e)
	if !cached(e) {
		t.Fatal("not cached")
	}
	os.WriteFile(filepath.Join(root, "unrelated"), nil, 0o600)
	mkdir(filepath.Join(root, "a", "other"))
	if !cached(e) {
		t.Error("an event elsewhere dropped the cached state")
	}

	// An overflowed queue drops everything.
	var ev [unix.SizeofInotifyEvent]byte
	binary.NativeEndian.PutUint32(ev[0:], ^uint32(0))
	binary.NativeEndian.PutUint32(ev[4:], unix.IN_Q_OVERFLOW)
	w.mu.Lock()
	w.events(ev[:])
	n := len(w.states)
	w.mu.Unlock()
	if n != 0 {
		t.Errorf("%d states kept after an overflow", n)
	}
	// A lost watch drops what depended on it.
	cached(e)
	if !cached(e) {
		t.Fatal("not cached")
	}
	os.Remove(e)
	os.Rename(root, root+".moved") // a watched directory moved: its own event
	t.Cleanup(func() { os.RemoveAll(root + ".moved") })
	if !w.refresh() {
		t.Fatal("refresh failed")
	}
	if len(w.states) != 0 {
		t.Errorf("states kept after their directory moved: %v", w.states)
	}
}

// End to end in a resident engine's pin store: a pinned-absent file whose
// directory's state is cached is seen as soon as it is created.
func TestCleanWithDirWatch(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the racy window")
	}
	dir := filepath.Join(t.TempDir(), "agent")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	gone := filepath.Join(t.TempDir(), "not-installed", "config")
	p := &pinStore{dir: t.TempDir(), cache: map[string]cachedManifest{}}
	m := &manifest{Scope: "global"}
	for _, f := range []string{filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json"), filepath.Join(gone, "c.json")} {
		m.Entries = append(m.Entries, pinEntry{Path: f, Missing: true})
	}
	m.sharedDir = make([]bool, len(m.Entries))
	time.Sleep(time.Duration(racyWindow) + 100*time.Millisecond) // the directory settles
	for range 3 {
		if !p.clean(m, "") {
			t.Fatal("nothing changed, not clean")
		}
	}
	if len(p.dirs.states) == 0 {
		t.Log("no directory state cached (no inotify here?)")
	}
	if err := os.WriteFile(filepath.Join(dir, "b.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if p.clean(m, "") {
		t.Error("a created pinned file went unseen")
	}
	os.Remove(filepath.Join(dir, "b.json"))
	if !p.clean(m, "") {
		t.Fatal("removed again, not clean")
	}
	if err := os.MkdirAll(gone, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(gone, "c.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if p.clean(m, "") {
		t.Error("a pinned file created with its directories went unseen")
	}
}
