package cli

import (
	"strings"
	"testing"
)

// lookupIn answers as a map of the list's entries would, the first entry
// of a name winning.
func TestLookupInAsAMap(t *testing.T) {
	env := []string{"A=1", "B=", "A=2", "noequals", "=empty", "C=x=y", "AB=3", "PATH=/bin:/usr/bin", "D"}
	want := map[string]string{}
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if _, dup := want[k]; ok && !dup {
			want[k] = v
		}
	}
	get := lookupIn(env)
	for _, k := range []string{"A", "B", "C", "AB", "PATH", "D", "noequals", "", "A=1", "C=x", "X", "PAT"} {
		if got := get(k); got != want[k] {
			t.Errorf("lookupIn(%q) = %q, want %q", k, got, want[k])
		}
	}
}
