package hookwire

import (
	"errors"
	"strings"
	"testing"
)

// ReadContext names a context only when every entry can be read: an
// unreadable entry, or a missing one every kernel has, is an error; a
// missing optional one is the zero key, which matches only itself.
func TestReadContext(t *testing.T) {
	fake := func(missing, failing string) func(string) (FileKey, bool, error) {
		return func(p string) (FileKey, bool, error) {
			switch {
			case strings.HasSuffix(p, "/"+failing):
				return FileKey{}, false, errors.New("permission denied")
			case strings.HasSuffix(p, "/"+missing):
				return FileKey{}, true, nil
			}
			return FileKey{Dev: 1, Ino: uint64(len(p))}, false, nil
		}
	}
	if _, err := ReadContext("/proc/self", len(ContextEntries), fake("", "")); err != nil {
		t.Fatal(err)
	}
	for i, e := range ContextEntries {
		if _, err := ReadContext("/proc/self", len(ContextEntries), fake("", e)); err == nil {
			t.Errorf("%s unreadable: no error", e)
		}
		c, err := ReadContext("/proc/self", len(ContextEntries), fake(e, ""))
		if (i < requiredEntries) != (err != nil) {
			t.Errorf("%s missing: %v", e, err)
		}
		if err == nil && c[i] != (FileKey{}) {
			t.Errorf("%s missing: key %v", e, c[i])
		}
	}
	zero := func(string) (FileKey, bool, error) { return FileKey{}, false, nil }
	if _, err := ReadContext("/proc/self", len(ContextEntries), zero); err == nil {
		t.Error("a zero key is a context")
	}
	a, _ := ReadContext("/proc/self", len(ContextEntries), fake("", ""))
	b := a
	if d := a.Differs(&b); d != "" {
		t.Errorf("same context differs: %q", d)
	}
	b[0].Ino++
	if d := a.Differs(&b); d != "its mount namespace" {
		t.Errorf("mount namespace: %q", d)
	}
}

// An older front exits with the refusal's code: modulo 256 it is 2,
// which blocks in every agent.
func TestCodeRefusedBlocks(t *testing.T) {
	if CodeRefused&0xff != 2 || CodeRefused == 2 {
		t.Errorf("CodeRefused = %d", CodeRefused)
	}
}
