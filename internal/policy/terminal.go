package policy

import (
	"fmt"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Terminal sessions. When the agent can type into a command's terminal
// later without a hook (action.TTY: Codex's write_stdin), a program that
// takes commands from its terminal (shell.Terminal: an editor, a pager, a
// REPL, a database client, a multiplexer, an interactive remote or
// container shell) runs whatever is typed, unseen: the command is opaque
// (ask; deny at read_only), as bash reading its standard input is.

// terminal judges the programs of an exec with an open terminal.
func (ev *evaluation) terminal(an *shell.Analysis) {
	if !ev.a.TTY {
		return
	}
	for i := range an.Commands {
		c := &an.Commands[i]
		why := shell.Terminal(c)
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
