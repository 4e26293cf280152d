package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Programs that read the files they are given and only those: handed a
// directory (cat *, wc -l *, grep -l TODO * where * matches a blocked
// directory) they read nothing of it, failing or skipping it. A glob
// match that is a directory is then no read at all. A program not listed
// here may descend into a directory it is given (an unknown tool, a
// formatter, ls and du, which list it), so its directory matches are
// judged as reads of the directory. Recursive forms (grep -r, wc
// --files0-from) are reported by the analysis as recursive reads and
// walked instead.
var fileOnlyReaders = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"cat": true, "tac": true, "head": true, "tail": true, "wc": true, "grep": true, "egrep": true, "fgrep": true,
		"md5sum": true, "sha1sum": true, "sha224sum": true, "sha256sum": true, "sha384sum": true, "sha512sum": true,
		"b2sum": true, "cksum": true, "sum": true, "file": true, "stat": true, "less": true, "more": true, "sort": true,
		"uniq": true, "cut": true, "nl": true, "od": true, "xxd": true, "hexdump": true, "strings": true, "cmp": true,
		"comm": true, "paste": true, "join": true, "fold": true, "fmt": true, "rev": true, "base64": true, "base32": true,
		"jq": true, "awk": true, "gawk": true, "mawk": true, "sed": true, "expand": true, "unexpand": true, "tr": true,
		"readlink": true, "realpath": true, "basename": true, "dirname": true, "test": true, "[": true, "echo": true,
		"printf": true, "touch": true,
	}
}}

// readsNoDirs reports whether the command cmd of the line being judged
// reads nothing of a directory it is handed: a file-only reader, or ls
// -d (it names the directories given instead of listing them).
func (ev *evaluation) readsNoDirs(cmd string) bool {
	if fileOnlyReaders.Get()[cmd] {
		return true
	}
	if cmd != "ls" || ev.cur == nil {
		return false
	}
	found := false
	for i := range ev.cur.Commands {
		c := &ev.cur.Commands[i]
		if c.Name != "ls" {
			continue
		}
		if !lsDirsOnly(c) {
			return false
		}
		found = true
	}
	return found
}

func lsDirsOnly(c *shell.Command) bool {
	for _, a := range c.Args {
		if a == "--" {
			break
		}
		if a == "--directory" || strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.Contains(a, "d") {
			return true
		}
	}
	return false
}
