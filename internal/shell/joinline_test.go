package shell

import (
	"strings"
	"testing"
)

// TestJoinLine: a Command's Line is the name and its arguments joined
// by spaces, as name + " " + strings.Join(args, " ") built it.
func TestJoinLine(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
	}{
		{"ls", nil}, {"ls", []string{}}, {"", nil}, {"", []string{""}}, {"git", []string{"status", "--short"}},
		{"echo", []string{"", "", "a b"}}, {"x", []string{"é", "\x00"}},
	} {
		want := c.name
		if len(c.args) > 0 {
			want = c.name + " " + strings.Join(c.args, " ")
		}
		if got := joinLine(c.name, c.args); got != want {
			t.Errorf("joinLine(%q, %q) = %q, want %q", c.name, c.args, got, want)
		}
	}
}

func FuzzJoinLine(f *testing.F) {
	f.Add("git", "status\x00--short", true)
	f.Add("", "", false)
	f.Fuzz(func(t *testing.T, name, args string, some bool) {
		var as []string
		if some {
			as = strings.Split(args, "\x00")
		}
		want := name
		if len(as) > 0 {
			want = name + " " + strings.Join(as, " ")
		}
		if got := joinLine(name, as); got != want {
			t.Fatalf("joinLine(%q, %q) = %q, want %q", name, as, got, want)
		}
	})
}
