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
	// Through a symlink (as /bin → usr/bin): cached while neither the
	// link nor any directory of its target's path changes.
	ey := filepath.Join(root, "elsewhere", "y")
	changed("a file created in the link's target", g, func() { os.WriteFile(filepath.Join(ey, "hooks.json"), nil, 0o600) })
	changed("the link's target's parent's mode changed", g, func() { os.Chmod(filepath.Join(root, "elsewhere"), 0o700) })
	changed("the link retargeted", g, func() {
		mkdir(filepath.Join(root, "third", "y"))
		os.Remove(filepath.Join(root, "x"))
		os.Symlink("third", filepath.Join(root, "x"))
	})
	changed("the link renamed over", g, func() {
		os.Symlink(filepath.Join(root, "elsewhere"), filepath.Join(root, "x.new"))
		os.Rename(filepath.Join(root, "x.new"), filepath.Join(root, "x"))
	})
	changed("its target replaced by a file", g, func() { os.RemoveAll(ey); os.WriteFile(ey, nil, 0o600) })
	changed("a link to a link", g, func() {
		os.Remove(ey)
		mkdir(filepath.Join(root, "deep", "y"))
		os.Symlink("../deep", filepath.Join(root, "third", "hop"))
		os.Remove(filepath.Join(root, "x"))
		os.Symlink("third/hop", filepath.Join(root, "x"))
	})
	changed("the second link removed", g, func() { os.Remove(filepath.Join(root, "third", "hop")) })
	// A loop of links is never cached, and stat'ed as before.
	os.Symlink("loop2", filepath.Join(root, "loop1"))
	os.Symlink("loop1", filepath.Join(root, "loop2"))
	if cached(filepath.Join(root, "loop1", "y")) {
		t.Error("a path through a loop of symlinks is cached")
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
	m.derive()
	time.Sleep(time.Duration(racyWindow) + 100*time.Millisecond) // the directory settles
	for range 3 {
		if !p.clean(m, "") {
			t.Fatal("nothing changed, not clean")
		}
	}
	if len(p.dirs.states) == 0 {
		t.Log("no directory state cached (no inotify here?)")
	} else if !p.vouched.has(m, p.dirs.epochNow()) {
		// Every directory's state is cached: later calls skip the
		// absent files while no state is dropped (absentVouched).
		t.Error("the absent files were not vouched for by the watches")
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

// A resident engine's pin store takes a manifest from its cache without a
// stat while the pins directory is vouched for by its watches, and sees
// every change another process makes: a manifest saved (renamed into
// place), or written in place.
func TestManifestVouchedByWatch(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the racy window")
	}
	state := t.TempDir()
	p := &pinStore{dir: state, cache: map[string]cachedManifest{}}
	other := &pinStore{dir: state} // another process of the same state directory
	entries := func(n int) *manifest {
		m := &manifest{Scope: "global"}
		for i := range n {
			m.Entries = append(m.Entries, pinEntry{Path: filepath.Join("/nowhere", string(rune('a'+i))), Kind: kindPolicy, Missing: true})
		}
		return m
	}
	if err := other.save(globalScope, entries(1)); err != nil {
		t.Fatal(err)
	}
	settle := func() { time.Sleep(time.Duration(racyWindow) + 100*time.Millisecond) }
	load := func(want int) *manifest {
		t.Helper()
		if !p.dirs.refresh() {
			t.Skip("no inotify here")
		}
		m, err := p.loadWatched(globalScope, true)
		if err != nil || m == nil || len(m.Entries) != want {
			t.Fatalf("loaded %+v, %v; want %d entries", m, err, want)
		}
		return m
	}
	vouched := func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.cache[p.manifestPath(globalScope)].gen != 0
	}
	settle()
	a := load(1)
	if b := load(1); b != a || !vouched() {
		if len(p.dirs.wds) == 0 {
			t.Skip("the state directory is not on a file system the watch trusts")
		}
		t.Fatalf("not taken from the cache under the watch (same %v, vouched %v)", b == a, vouched())
	}
	if err := other.save(globalScope, entries(2)); err != nil {
		t.Fatal(err)
	}
	load(2)
	settle()
	load(2)
	if load(2); !vouched() {
		t.Fatal("not vouched for again once settled")
	}
	// Written in place, as no Mandate process writes it.
	path := p.manifestPath(globalScope)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	m3 := entries(3)
	m3.V = manifestVersion
	f.Write(encodeManifest(m3))
	f.Close()
	load(3)
}

// A lock file found absent is not looked up again while the lock files'
// directory is unchanged; one written since, or anything else put in its
// place, is seen on the next call.
func TestLockFileVouchedByWatch(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the racy window")
	}
	state := t.TempDir()
	p := &pinStore{dir: state, cache: map[string]cachedManifest{}}
	if err := os.MkdirAll(p.locksDir(), 0o700); err != nil {
		t.Fatal(err)
	}
	sc := scope{root: "/repo"}
	lock := func() (*Lock, error) {
		t.Helper()
		watched := p.dirs.refresh()
		var locks dirState
		if watched {
			locks = p.dirs.state(p.locksDir(), wallNow())
		}
		return p.lockOfWatched(sc, nil, watched, locks)
	}
	time.Sleep(time.Duration(racyWindow) + 100*time.Millisecond)
	for range 3 {
		if l, err := lock(); l != nil || err != nil {
			t.Fatalf("no lock file: %+v, %v", l, err)
		}
	}
	if err := addToLock(state, sc, LockChange{File: "/repo/agent-policy.yaml"}); err != nil {
		t.Fatal(err)
	}
	if l, err := lock(); l == nil || err != nil {
		t.Fatalf("a lock file written by another process went unseen: %+v, %v", l, err)
	}
	os.Remove(lockPath(state, sc))
	time.Sleep(time.Duration(racyWindow) + 100*time.Millisecond)
	for range 2 {
		if l, err := lock(); l != nil || err != nil {
			t.Fatalf("lock file removed: %+v, %v", l, err)
		}
	}
	if err := os.Mkdir(lockPath(state, sc), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := lock(); err == nil {
		t.Fatal("a directory in the lock file's place is not an error")
	}
}

// A directory's resolved path is taken from the cache while no component
// of its path (or of a symlink's target) changed, and is what resolving
// it says after any change; a directory's own contents do not matter.
func TestDirWatchResolved(t *testing.T) {
	root := t.TempDir()
	w := &dirWatch{}
	if !w.refresh() {
		t.Skip("no inotify here")
	}
	if w.watch(root); len(w.wds) == 0 {
		t.Skipf("%s is not on a file system the watch trusts", root)
	}
	mkdir := func(p string) {
		t.Helper()
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(root, "home", "repo")
	mkdir(filepath.Join(root, "real", "repo"))
	os.Symlink("real", filepath.Join(root, "home"))
	// check resolves dir through the cache and compares with the file
	// system; it reports whether the answer was cached before.
	check := func(what string) bool {
		t.Helper()
		if !w.refresh() {
			t.Fatal("refresh failed")
		}
		_, was := w.states["\x00"+dir]
		got, ok := w.resolved(dir)
		want, err := filepath.EvalSymlinks(dir)
		if err != nil {
			if ok {
				t.Errorf("%s: resolved to %s, but it does not resolve (%v)", what, got, err)
			}
			return was
		}
		if !ok || got != want {
			t.Errorf("%s: resolved to %q (%v), want %q", what, got, ok, want)
		}
		return was
	}
	check("first")
	if !check("again") {
		t.Fatal("not cached")
	}
	os.WriteFile(filepath.Join(dir, "file"), nil, 0o600) // inside: no matter
	mkdir(filepath.Join(dir, "sub"))
	if !check("a file created inside") {
		t.Error("a change inside the directory dropped its resolution")
	}
	for _, c := range []struct {
		what   string
		change func()
	}{
		{"the link retargeted", func() {
			mkdir(filepath.Join(root, "other", "repo"))
			os.Remove(filepath.Join(root, "home"))
			os.Symlink("other", filepath.Join(root, "home"))
		}},
		{"the target replaced", func() {
			os.Rename(filepath.Join(root, "other"), filepath.Join(root, "other.old"))
			mkdir(filepath.Join(root, "other", "repo"))
		}},
		{"the directory replaced by a symlink", func() {
			os.RemoveAll(filepath.Join(root, "other", "repo"))
			os.Symlink("../real/repo", filepath.Join(root, "other", "repo"))
		}},
		{"the directory removed", func() { os.Remove(filepath.Join(root, "other", "repo")) }},
	} {
		check("before " + c.what)
		check("before " + c.what)
		c.change()
		if check(c.what) {
			t.Errorf("%s: the resolution was still cached", c.what)
		}
	}
}
