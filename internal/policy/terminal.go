package policy

import (
	"fmt"
	"path"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Terminal sessions. When the agent can type into a command's terminal
// later without a hook (action.TTY: Codex's write_stdin), a program that
// takes commands from its terminal (shell.Terminal: an editor, a pager, a
// REPL, a database client, a multiplexer, an interactive remote or
// container shell) runs whatever is typed, unseen: the command is opaque
// (ask; deny at read_only), as bash reading its standard input is.
//
// A program is known by the name it is run as, and by the file that name
// runs: the program word is looked up as the shell would (Options.PathEnv)
// and its symlinks resolved at decision time, so that a name no table
// lists which is a link to one that reads its terminal (Debian's
// alternatives: pager, www-browser, ex; a link of the agent's own making)
// is that program (red-team round 23 (c)).

// terminal judges the programs of an exec with an open terminal.
func (ev *evaluation) terminal(an *shell.Analysis) {
	if !ev.a.TTY {
		return
	}
	for i := range an.Commands {
		c := &an.Commands[i]
		why := shell.Terminal(c)
		if why == "" {
			why = ev.terminalOnDisk(c)
		}
		if why == "" {
			continue
		}
		detail := fmt.Sprintf("%q reads commands from its terminal, which the agent can type into without a hook (%s)", c.Line, why)
		if ev.trust == action.ReadOnly {
			ev.deny(groupAnalysis, "terminal", c.Line, detail+" (trust level read_only)")
		} else {
			ev.builtin(groupAnalysis, Ask, "terminal", c.Line, detail)
		}
	}
}

// terminalOnDisk is shell.TerminalAs for the file c's program word runs,
// its symlinks resolved; "" when it is no link, or not found.
func (ev *evaluation) terminalOnDisk(c *shell.Command) string {
	p, _, found := ev.progFile(c) // mandate.go
	if !found {
		return ""
	}
	real, err := fsview.Resolve(ev.fsys(), p)
	if err != nil || real == p {
		return ""
	}
	return shell.TerminalAs(c, path.Base(real))
}
