package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// SQL scripts the line writes, then has a database shell run (psql -f
// FILE, \i FILE, mysql source FILE, sqlite3 .read FILE or -init FILE):
// their text, when the line wrote it with literals, is analysed as the
// shell's own input, meta-commands included; written with content not
// known statically, it is opaque. A script not written in the line stays
// a read of the file, as before.

// dbScriptCommands are the meta-commands that run a file's commands.
var dbScriptCommands = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		".read": true, `\i`: true, `\include`: true, `\ir`: true, `\include_relative`: true, "source": true, `\.`: true,
	}
}}

// maxDBScriptDepth bounds scripts run from scripts (\i of a file that
// includes itself).
const maxDBScriptDepth = 4

// isScriptCommand reports whether meta-command name runs a file (sqlite3
// takes any prefix of .read that is not shorter than two characters).
func (s *dbSession) isScriptCommand(name string) bool {
	if dbScriptCommands.Get()[strings.ToLower(name)] {
		return true
	}
	return s.d.abbrev && len(name) >= 3 && strings.HasPrefix(".read", strings.ToLower(name))
}

// runScript analyses the text of file f, which the shell runs, when the
// line wrote it.
func (s *dbSession) runScript(f field, via string) error {
	if f.dyn {
		return nil
	}
	w, ok := s.c.a.writtenAt(s.c.sc, f)
	if !ok {
		return nil
	}
	if !w.known {
		s.c.opaque(via + " runs " + clip(f.s) + ", which the line writes with content not known statically")
		return nil
	}
	if s.depth >= maxDBScriptDepth {
		s.c.opaque(via + " runs scripts nested deeper than the analysis follows")
		return nil
	}
	s.depth++
	defer func() { s.depth-- }()
	return s.text(field{s: w.text})
}
