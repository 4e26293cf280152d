package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Downloads into a directory (red-team round 11 #14): subcommands that
// fetch files whose names the line does not show (release assets, run
// artifacts) into a directory, -D DIR or else the working directory.
// What they write is the directory's content: a write of the directory
// (denied over a directory holding a protected file, a binary directory),
// unless name patterns say every file (-p NAME: DIR/NAME, a pattern with
// a wildcard DIR/PATTERN as a glob) or an output file is given (-O FILE).
// The files are noted as the line's writes with content not known: code
// to a later runner (writtencode.go).

// downloadDir is how a download subcommand says where it writes.
type downloadDir struct {
	dir   string // options naming the directory
	names string // options whose values are the names (or patterns) of the files
	file  string // options naming the one file written ("-": standard output)
	all   string // options that add files of other names (gh --archive)
}

var downloadDirs = &lazy.Value[map[string]downloadDir]{New: func() map[string]downloadDir {
	return map[string]downloadDir{
		"gh release download":   {dir: "-D --dir", names: "-p --pattern", file: "-O --output", all: "-A --archive"},
		"gh run download":       {dir: "-D --dir"}, // -n/-p choose artifacts, whose files are of any name
		"glab release download": {dir: "-D --dir", names: "-n --asset-name"},
		"glab job artifact":     {dir: "-p --path"},
	}
}}

// downloadKey returns c's downloadDirs key ("gh release download") and
// the index after it: the program's first words that are no option, nor
// the value of one before the subcommand (gh -R owner/repo release …).
func (c *cmd) downloadKey() (string, int) {
	if c.name != "gh" && c.name != "glab" {
		return "", 0
	}
	vals := subcommandValueOpts.Get()[c.name]
	key := c.name
	for i := 0; i < len(c.args); i++ {
		f := c.args[i]
		switch {
		case f.dyn:
			return "", 0
		case inFields(vals, f.s):
			i++
		case strings.HasPrefix(f.s, "-"):
		default:
			key += " " + f.s
			if _, ok := downloadDirs.Get()[key]; ok {
				return key, i + 1
			}
			if strings.Count(key, " ") >= 2 {
				return "", 0
			}
		}
	}
	return "", 0
}

// downloadWrites reports what a download subcommand writes.
func (c *cmd) downloadWrites() {
	key, from := c.downloadKey()
	if key == "" {
		return
	}
	d := downloadDirs.Get()[key]
	dir := field{s: "."}
	var names []field
	file, all := false, false
	for i := from; i < len(c.args); i++ {
		if c.args[i].dyn && strings.HasPrefix(c.s(i), "-") {
			c.opaque(key + " option not known statically: where it writes is not known")
			return
		}
		for _, set := range []string{d.dir, d.names, d.file} {
			if set == "" {
				continue
			}
			f, ok := optionField(set, c.args, i)
			if !ok {
				continue
			}
			if inFields(set, c.s(i)) {
				c.notCandidate(i + 1)
			}
			switch set {
			case d.dir:
				dir = f
			case d.names:
				names = append(names, f)
			case d.file:
				file = true
				if f.s != "-" && !discardTarget(f.s) {
					c.write(f, key+" output")
				}
			}
		}
		if d.all != "" && (inFields(d.all, c.s(i)) || strings.HasPrefix(c.s(i), "--archive=")) {
			all = true
		}
	}
	why := key + " directory"
	switch {
	case file && !all:
	case len(names) == 0 || all:
		c.write(dir, why+" (files of names not known)")
	default:
		for _, n := range names {
			if n.dyn || strings.Contains(n.s, "/") {
				c.write(dir, why+" (files of names not known)")
				continue
			}
			f := joinField(dir, n.s)
			f.glob = isGlobPattern(n.s)
			c.write(f, why)
		}
	}
}
