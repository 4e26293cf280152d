package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
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

// TestTerminalOnDisk: a program word is the file it runs. On the standard
// tree, names no table lists that are links (Debian's alternatives, a
// module linked as a program) to a program that reads its terminal ask
// with a terminal; links to other programs, a multi-call binary, and the
// same lines without a terminal are decided as before (red-team round 23
// (c), #2).
func TestTerminalOnDisk(t *testing.T) {
	p := fixturePolicy(t, fixture.Standard(t))
	for _, c := range []struct {
		cmd  string
		tty  bool
		want Effect
	}{
		{"www-browser src/app.go", true, Ask},
		{"/bin/www-browser src/app.go", true, Ask},
		{"v src/app.go", true, Ask},
		{"cd src && v app.go", true, Ask},
		{"pdbx src/app.go", true, Ask},
		{"www-browser src/app.go", false, Allow},
		{"awk '{print}' src/app.go", true, Allow},
		{"lst src/app.go", true, Allow}, // busybox runs the applet its argv[0] names: lst is none
		{"nosuchprog src/app.go", true, Allow},
	} {
		a := execAction(c.cmd, action.WriteLocal)
		a.Cwd = fixture.Root
		a.TTY = c.tty
		d := p.Evaluate(a)
		if d.Decision != c.want {
			t.Errorf("%q (tty %v): %s, want %s (%s)", c.cmd, c.tty, d.Decision, c.want, d.Reason)
		}
		if c.want == Ask && d.Rule != "terminal" {
			t.Errorf("%q: rule %q, want terminal (%s)", c.cmd, d.Rule, d.Reason)
		}
	}
}
