package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The cache must never serve a policy the file no longer says: an edit that
// keeps the size and the timestamps is still seen on the next Load.
func TestCacheSeesEveryEdit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	write := func(text string, at time.Time) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	const a = "policies:\n  - name: a\n    rules:\n      - block_commands: [\"^npm install\"]\n"
	b := strings.Replace(a, "npm", "pip", 1) // same size
	var c Cache

	write(a, at)
	p1, err := c.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := c.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if p1 != p2 {
		t.Error("unchanged file compiled twice")
	}
	direct, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if p1.Digest() != direct.Digest() || p1.Name() != direct.Name() || p1.path != direct.path {
		t.Errorf("cached policy differs from Load: %q %q %q vs %q %q %q", p1.Digest(), p1.Name(), p1.path, direct.Digest(), direct.Name(), direct.path)
	}

	if d := p1.WithOptions(virtual).Evaluate(execAction("npm install x", "write_local")); d.Decision != Deny {
		t.Fatalf("before the edit npm install is %s, want deny", d.Decision)
	}
	write(b, at)
	p3, err := c.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if p3 == p1 || p3.Digest() == p1.Digest() {
		t.Fatal("an edit with the same size and timestamps was not seen")
	}
	if d := p3.WithOptions(virtual).Evaluate(execAction("npm install x", "write_local")); d.Decision != Allow {
		t.Errorf("after the edit npm install is %s, want allow", d.Decision)
	}

	// A broken file is an error every time; fixing it is seen at once.
	write("policies: [", at)
	for i := 0; i < 2; i++ {
		if _, err := c.Load(path); err == nil {
			t.Fatal("broken policy loaded")
		}
	}
	write(a, at)
	if p, err := c.Load(path); err != nil || p.Digest() != p1.Digest() {
		t.Fatalf("fixed policy: %v", err)
	}

	// The same bytes under another path are another policy (its own name
	// and self-protected path).
	other := filepath.Join(dir, "other.yaml")
	if err := os.WriteFile(other, []byte(a), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := c.Load(other); err != nil || p == p1 || p.Name() != other {
		t.Fatalf("other path: %v, name %q", err, p.Name())
	}
	if _, err := c.Load(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("missing file loaded")
	}
	if d1, d2 := c.Default(), c.Default(); d1 != d2 || d1.Name() != DefaultName {
		t.Error("Default is not compiled once")
	}
}
