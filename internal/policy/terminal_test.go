package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// TestTerminal: with a terminal the agent can type into unseen
// (action.TTY), a program that reads commands from it asks (denies at
// read_only); the same line without one, and a line without such a
// program, are decided as before.
func TestTerminal(t *testing.T) {
	p := mustParse(t, "policies: []")
	for _, c := range []struct {
		cmd   string
		tty   bool
		trust string
		want  Effect
	}{
		{"vim src/app.go", true, action.WriteLocal, Ask},
		{"git commit", true, action.WriteLocal, Ask},
		{"less README.md", true, action.External, Ask},
		{"cd src && sudo mysql", true, action.WriteLocal, Ask},
		{"mysql -uroot prod", true, action.WriteLocal, Ask},
		{"less README.md", true, action.ReadOnly, Deny},
		{"vim src/app.go", false, action.WriteLocal, Allow},
		{"git commit", false, action.WriteLocal, Allow},
		{"git commit -m fix", true, action.WriteLocal, Allow},
		{"ls -la && cat README.md", true, action.WriteLocal, Allow},
	} {
		a := execAction(c.cmd, c.trust)
		a.TTY = c.tty
		d := p.Evaluate(a)
		if d.Decision != c.want {
			t.Errorf("%q (tty %v, %s): %s, want %s (%s)", c.cmd, c.tty, c.trust, d.Decision, c.want, d.Reason)
		}
		if c.want == Ask && d.Rule != "terminal" {
			t.Errorf("%q: rule %q, want terminal", c.cmd, d.Rule)
		}
	}
}
