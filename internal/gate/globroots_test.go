package gate

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// Round 3 #3: the repositories a pattern can match on disk, level by
// level, within bounds.
func TestGlobRoots(t *testing.T) {
	d := t.TempDir()
	for _, p := range []string{"a/.git", "b/src", "org/c/.git", "org/d"} {
		if err := os.MkdirAll(filepath.Join(d, p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		pattern string
		want    []string
	}{
		{"*/.env", []string{"a"}},
		{"?/.e*", []string{"a"}},
		{"[ab]", []string{"a"}},
		{"$X/.env", []string{"a"}},
		{"*/*/.env", []string{"a", "org/c"}},
		{"org/*/x", []string{"org/c"}},
		{"b*/*", nil},
	} {
		got, err := globRoots(filepath.Join(d, tc.pattern), d)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, w := range tc.want {
			want = append(want, filepath.Join(d, w))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", tc.pattern, got, want)
		}
	}
	// more entries than the bound: an error (the call is denied)
	big := filepath.Join(d, "big")
	for i := 0; i <= globRootEntries; i++ {
		if err := os.WriteFile(filepath.Join(big+strconv.Itoa(i/1024), strconv.Itoa(i)), nil, 0o644); err != nil {
			if err := os.MkdirAll(big+strconv.Itoa(i/1024), 0o755); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(big+strconv.Itoa(i/1024), strconv.Itoa(i)), nil, 0o644)
		}
	}
	if _, err := globRoots(filepath.Join(d, "big*", "*", "x"), d); err == nil {
		t.Error("a pattern over more than the bound's entries: no error")
	}
}
