package shell

import (
	"strings"
	"testing"
)

// FuzzZshQualCode: the glob-qualifier scanner ends on any input, and every
// code it returns is text of the list.
func FuzzZshQualCode(f *testing.F) {
	for _, s := range []string{"e:'cat .env':", "e{x}", "+cmd", "om[1,3]", ".", "#qe:x:", "u:root:e", "Lk+100", "e", "e(", "+", "[", "P:e:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		codes, runs := zshQualCode(q)
		if runs != (len(codes) > 0) {
			t.Fatalf("%q: runs %v with %d codes", q, runs, len(codes))
		}
		for _, c := range codes {
			if !strings.Contains(q, c.s) {
				t.Fatalf("%q: code %q not in the list", q, c.s)
			}
		}
	})
}

func TestZshQualCode(t *testing.T) {
	for q, want := range map[string]bool{
		"e:'cat .env':": true, "e{x}": true, ".e[x]": true, "+f": true, "om+x": true, "#qe:x:": true,
		".": false, "om[1,3]": false, "Lk+100": false, "mh-1": false, "u:eve:": false, "P:e:": false,
		"N": false, "keep.txt": false, "a|b": false, "/:t": false, ":e": false,
	} {
		if _, got := zshQualCode(q); got != want {
			t.Errorf("zshQualCode(%q) runs = %v, want %v", q, got, want)
		}
	}
}
