package gate

import (
	"github.com/mandate-dev/mandate/internal/evidence"

	"os"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/fsview"
)

// Red-team round 14, breaker br14a. source: "red-team round 14". Fixed:
// dirWatch.walk takes each name of a symlink's target as the kernel does,
// a ".." after a link being that link's parent on disk.

// #1 (class: a resident engine's cache answers for another directory than
// the one a path names). dirWatch.walk follows a symlink on a directory's
// path by joining its target to the rest lexically (filepath.Join), so a
// ".." in a link's target that follows another symlink ("s/../real", s a
// link) cancels s instead of going to the parent of s's target, as the
// kernel and fsview.Resolve do. The resident engine's resolution of the
// session's repository root and home (callFS.ResolvedDir, which
// fsview.Resolve asks first) then names another directory than the one
// every other path of the call resolves into; and a directory state taken
// by dirWatch.take is stat'ed through the real path but watched on the
// lexical one, so a file created in the real directory (a pinned-absent
// hook configuration, a shadowing binary in a PATH directory) raises no
// event and the cached state keeps vouching for its absence.
func TestBreaker14aDirWatchLexicalDotDot(t *testing.T) {
	later := func() int64 { return wallNow() + 3*racyWindow }
	root := t.TempDir()
	w := &dirWatch{}
	if !w.refresh() {
		t.Skip("no inotify here")
	}
	if w.watch(root); len(w.wds) == 0 {
		t.Skipf("%s is not on a file system the watch trusts", root)
	}
	for _, d := range []string{"x/y", "x/real", "a/real"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// root/a/s -> root/x/y; root/a/l -> s/../real: the kernel goes to
	// root/x/real, the walk to root/a/real.
	if err := os.Symlink(filepath.Join(root, "x", "y"), filepath.Join(root, "a", "s")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("s/../real", filepath.Join(root, "a", "l")); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "a", "l")
	want, err := fsview.Resolve(fsview.OS, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := w.resolved(dir); ok && got != want {
		t.Errorf("#1: the watch resolves %s to %s, the file system to %s", dir, got, want)
	}
	// A directory state: cached, then a file is created in the real
	// directory; the next call must see it.
	w.refresh()
	before := w.state(dir, later())
	w.refresh()
	w.state(dir, later())
	if _, ok := w.states[dir]; !ok {
		t.Skip("not cached")
	}
	if err := os.WriteFile(filepath.Join(root, "x", "real", "settings.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	w.refresh()
	got, now := w.state(dir, later()), statDir(dir, later())
	if got != now {
		t.Errorf("#1: after a file was created in %s, the cached state is still %+v (a stat says %+v; before %+v)", want, got, now, before)
	}
}

// A tamper record whose scope key the log's redaction masked (the name
// scope_key ends in a weak credential word) must still lock its
// repository: the key is read only when it has scope.key's shape.
func TestMaskedScopeKeyLocksRepository(t *testing.T) {
	for _, k := range []string{"global", "repo-0123456789abcdef01234567", "named"} {
		if !validScopeKey(k) {
			t.Errorf("validScopeKey(%q) = false", k)
		}
	}
	for _, k := range []string{"", "[REDACTED:high-entropy-assignment:bba2864c8efb]", "repo-xyz", "repo-0123456789abcdef0123456", "a b"} {
		if validScopeKey(k) {
			t.Errorf("validScopeKey(%q) = true", k)
		}
	}
	e := &evidence.Entry{Index: 7, Record: evidence.Record{Type: evidence.TypeTamper, Repo: "/r",
		Extra: map[string]any{"scope": "repository", "scope_key": "[REDACTED:high-entropy-assignment:bba2864c8efb]"}}}
	open := applyTamperEvent(nil, e)
	if len(open) != 1 || open[0].Key != (scope{root: "/r"}.key()) {
		t.Fatalf("open tamper %+v: want the key of /r", open)
	}
}
