package shell

import "strings"

// less's input preprocessor (LESSOPEN) has two forms. With a leading |
// the command's standard output is the text less shows (the command is
// judged as code, indirect.go). Without it, the output is the NAME of a
// replacement file that less opens and shows instead of the one asked
// for (less(1), INPUT PREPROCESSOR): LESSOPEN='echo .env # %s' less
// README.md shows .env. The name is judged as a read when the command
// is echo or printf of literal text; any other command prints a name
// the analysis cannot know, so the line is opaque.

// lessReplacement judges the replacement-file form of LESSOPEN's value.
func (a *analyzer) lessReplacement(sc *scope, cmdName, code string) {
	if strings.HasPrefix(code, "|") {
		return // the pipe form
	}
	if f, err := a.parser.Parse(strings.NewReader(code), ""); err == nil {
		if out, ok := a.procOutput(f.Stmts, sc); ok {
			name, _, _ := strings.Cut(out, "\n") // less reads one line
			switch {
			case name == "":
				return // no replacement: less shows the file itself
			case !strings.Contains(name, "%"):
				c := &cmd{a: a, sc: sc, name: cmdName}
				c.read(field{s: name}, "less shows the file LESSOPEN's command names")
				return
			}
		}
	}
	a.opaque(cmdName, "LESSOPEN's command prints the name of a file less shows instead, not known statically")
}
