package shell

import "testing"

// TestForkBomb: a function that starts copies of itself in the background
// or on both ends of a pipeline is opaque (exec/fork-bomb); ordinary
// functions and recursion that waits for itself are not.
func TestForkBomb(t *testing.T) {
	for _, c := range []struct {
		line   string
		opaque bool
	}{
		{":(){ :|:& };:", true},
		{"bomb() { bomb | bomb & }; bomb", true},
		{"f() { f & f & }; f", true},
		{"function x { x | x; }; x", true},
		{"f() { echo hi; }; f", false},
		{"f() { echo a | f2; }; f", false},
		{"f() { sleep 1 & }; f", false},
	} {
		an, err := Analyze(c.line, Options{Cwd: "/r", Home: "/h", Root: "/r"})
		if err != nil {
			t.Fatalf("%q: %v", c.line, err)
		}
		got := false
		for _, o := range an.Opaque {
			if o.Reason != "" && len(o.Reason) > 20 && o.Reason[:12] == "the function" {
				got = true
			}
		}
		if got != c.opaque {
			t.Errorf("%q: opaque fork bomb = %v, want %v (%v)", c.line, got, c.opaque, an.Opaque)
		}
	}
}
