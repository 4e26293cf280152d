package policy

import (
	"errors"

	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Files that pass variables by name, read at decision time: an env file
// on disk (docker run --env-file F) whose NAME-only lines copy the
// caller's values into a container, a compose file whose ${NAME}
// interpolations and value-less environment entries do the same. The
// analysis reports them (shell.Analysis.NameFiles) when the line does not
// show their text; each is read here, bounded, and every name it passes
// is a reference to that variable. A missing file passes nothing (the
// program fails); one that cannot be read or is too large asks.

// maxNameFileBytes bounds an env or compose file read for its names.
const maxNameFileBytes = 256 << 10

func (ev *evaluation) nameFiles(an *shell.Analysis) {
	for _, nf := range an.NameFiles {
		b, err := ev.readBounded(nf.Path, maxNameFileBytes)
		switch {
		case err == nil:
		case fsview.IsNotFound(err) || errors.Is(err, fsview.ErrNoOpen):
			continue // no file: nothing passed; no file system to read: cannot tell
		default:
			ev.builtin(groupAnalysis, Ask, "name-file", nf.Cmd,
				nf.Cmd+" passes the variables "+nf.Path+" names, which Mandate cannot read: "+err.Error())
			continue
		}
		names := shell.EnvFileNames(string(b))
		if nf.Kind == "compose" {
			names = shell.ComposeNames(string(b))
		}
		via := nf.Cmd + " " + nf.Kind + " file " + nf.Path
		for _, n := range names {
			if n == "*" || fsview.HasMeta(n) {
				ev.envDump(via, via+" passes variables by pattern")
				continue
			}
			ev.blockedEnv(n, via)
		}
	}
}
