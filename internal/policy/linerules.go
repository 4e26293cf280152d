package policy

import "github.com/mandate-dev/mandate/internal/shell"

// lineRules applies to one analysed command line the rules that read a
// command the way its program reads its arguments: Mandate's own
// subcommands (mandate.go), signals to processes (signals.go).
func (ev *evaluation) lineRules(an *shell.Analysis) {
	ev.mandateCommands(an)
	for i := range an.Commands {
		ev.signalCommand(&an.Commands[i])
	}
}
