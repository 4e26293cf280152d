package policy

import "github.com/mandate-dev/mandate/internal/shell"

// lineRules applies to one analysed command line the rules that read a
// command the way its program reads its arguments: Mandate's own
// subcommands (mandate.go), signals to processes (signals.go), dependency
// changes (deps.go) and what they rewrite (depwrites.go), programs that rewrite git history (githistory.go),
// repositories copied into a governed one (gitdir.go), archives whose
// members leave their destination (archiveescape.go).
// git itself is judged per command at write_local and external
// (gitcmd.go).
func (ev *evaluation) lineRules(an *shell.Analysis) {
	ev.mandateCommands(an)
	ev.nestedCopies(an)
	ev.archiveRules(an) // archiveescape.go
	for i := range an.Commands {
		c := &an.Commands[i]
		ev.signalCommand(c)
		ev.dependencyRules(c)
		ev.dependencyWrites(c) // depwrites.go
		ev.historyProgram(c)
		if g, ok := parseGit(c); ok {
			ev.gitHistory(&g)
		}
	}
}
