// Package golden compares a test's output with a golden file, and
// rewrites the file instead when the tests run with -update:
//
//	go test ./internal/cli -update   # then review the diff with git
//
// # Contract
//
//   - Importing the package registers the -update flag, once per test
//     binary: only tests import it (a program that did would gain the
//     flag).
//   - Check compares bytes exactly; with -update it writes the golden
//     file first (creating its directory), so the comparison passes and
//     the change is left in the work tree for review.
//   - A missing golden file fails the test and says to run with -update.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files instead of comparing with them")

// Update reports whether the tests run with -update, for a test that
// rewrites something other than a golden file (a generated table in a
// document).
func Update() bool { return *update }

// Check compares got with the golden file at path, or rewrites the file
// with got under -update. A difference is reported with got in full and
// the first line that differs.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	line, g, w := firstDiff(got, want)
	t.Errorf("%s differs from the output (rerun with -update if the change is intended, and review the diff)\nfirst difference, line %d:\n got: %q\nwant: %q\nfull output:\n%s", path, line, g, w, got)
}

// firstDiff returns the first line (1-based) where got and want differ,
// and that line of each.
func firstDiff(got, want []byte) (int, []byte, []byte) {
	gl, wl := bytes.SplitAfter(got, []byte("\n")), bytes.SplitAfter(want, []byte("\n"))
	for i := 0; ; i++ {
		var g, w []byte
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if !bytes.Equal(g, w) || i >= len(gl) && i >= len(wl) {
			return i + 1, g, w
		}
	}
}
