package gate

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Every place a bare `mandate` could be found before the real one is
// pinned (class "binary/shadowed-on-path").
func TestShadowTargets(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(real, "mandate"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	a, b, cwd := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "cwd")
	both := func(ds ...string) []string {
		var out []string
		for _, d := range ds {
			out = append(out, filepath.Join(d, "mandate"), filepath.Join(d, "mandate-engine"))
		}
		return out
	}
	sep := string(os.PathListSeparator)
	for _, tc := range []struct {
		name, path string
		want       []string
	}{
		{"real first", real + sep + a, both(real)},
		{"earlier directories", strings.Join([]string{a, b, real, filepath.Join(dir, "after")}, sep), both(a, b, real)},
		{"relative and empty entries are the start directory's", "bin" + sep + sep + real, both(filepath.Join(cwd, "bin"), cwd, real)},
		{"duplicates once", a + sep + a + sep + real, both(a, real)},
		{"none installed: every directory", a + sep + b, both(a, b)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, tg := range shadowTargets(tc.path, cwd) {
				if tg.kind != kindBinary {
					t.Errorf("%s: kind %s", tg.path, tg.kind)
				}
				got = append(got, tg.path)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}
