package policy

import (
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Reads a program makes only when the file is there (shell.PathRef's
// IfExists: the .env a dotenv CLI, a Procfile runner, pipenv or docker
// compose config loads by default) count as reads when the path exists at
// decision time, and are otherwise dropped: "pipenv run pytest" in a
// project without a .env reads nothing blocked. Anything the file system
// cannot answer keeps the read (fail closed): an error other than "not
// there", a dynamic path, a glob whose directory cannot be listed.

// maxIfExistsDir bounds the listing of a directory a glob read is
// looked for in.
const maxIfExistsDir = 4096

// existingReads returns an with the IfExists reads of paths that do not
// exist left out; an itself when there is nothing to leave out (the
// analysis is shared and never changed).
func (ev *evaluation) existingReads(an *shell.Analysis) *shell.Analysis {
	drop := -1
	for i, r := range an.Reads {
		if r.IfExists && !ev.mayExist(r) {
			drop = i
			break
		}
	}
	if drop < 0 {
		return an
	}
	out := *an
	out.Reads = make([]shell.PathRef, 0, len(an.Reads)-1)
	out.Reads = append(out.Reads, an.Reads[:drop]...)
	for _, r := range an.Reads[drop+1:] {
		if !r.IfExists || ev.mayExist(r) {
			out.Reads = append(out.Reads, r)
		}
	}
	return &out
}

// mayExist reports whether the file an IfExists read names may be
// there.
func (ev *evaluation) mayExist(r shell.PathRef) bool {
	if r.Dynamic || !path.IsAbs(r.Path) {
		return true
	}
	if !r.Glob {
		_, err := ev.fs().Lstat(r.Path)
		return !errors.Is(err, fs.ErrNotExist)
	}
	dir, pat := path.Split(r.Path)
	if strings.ContainsAny(dir, "*?[") {
		return true
	}
	names, err := ev.fs().ReadDir(path.Clean(dir), maxIfExistsDir)
	if err != nil {
		return !errors.Is(err, fs.ErrNotExist)
	}
	for _, n := range names {
		if ok, err := path.Match(pat, n); ok || err != nil {
			return true
		}
	}
	return false
}
