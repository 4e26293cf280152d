package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
)

// Programs that read the names of the files to act on from a list: tar
// -T/--files-from, zip -@, cpio -o/-p, pax without operands, rsync
// --files-from, git's --pathspec-from-file, wc/du/sort --files0-from,
// file -f, xz --files/--files0, zstd --filelist. Where the list is
// standard input fed by a literal (here-string, here-document,
// echo/printf piped in) or the names find/fd/ls print, or a process
// substitution of literal output, the names are known and read; from a
// file or any other input they are not known statically: opaque.

// listNames reports reads of the names in the list src (an option's
// value: "-" is standard input) by c, relative to dir ("" for the cwd);
// rec says the program reads directories named there recursively.
func (c *cmd) listNames(src field, dir string, rec bool, why string) {
	var f *feed
	switch {
	case src.proc && src.docKnown:
		f = textFeed(src.doc)
	case src.proc || src.dyn && c.stdinPath(src) < 0:
		c.opaque(why + ": reads the files named in input not known statically")
		return
	case c.stdinPath(src) == 0:
		f = c.sc.feed
		if v, ok := c.sc.fdLookup(0); ok && v.kind == fdDoc {
			f = nil
			if v.known {
				f = textFeed(v.doc)
			}
		}
	case c.stdinPath(src) > 0:
		if v, ok := c.sc.fd(c.stdinPath(src)); ok && v.kind == fdDoc && v.known {
			f = textFeed(v.doc)
		}
	default:
		c.opaque(why + ": reads the files named in " + clip(src.s) + ", not known statically")
		return
	}
	if f == nil || f.file || len(f.words) == 0 && len(f.names) == 0 {
		c.opaque(why + ": reads the files named in its input, not known statically")
		return
	}
	if f.partial {
		c.opaque(why + ": reads more files named in its input than are analysed")
	}
	for _, w := range f.words {
		g := field{s: w, rec: rec}
		if dir != "" && !path.IsAbs(w) {
			g.s = path.Join(dir, w)
		}
		c.read(g, why)
	}
	for _, n := range f.names {
		n.rec = n.rec || rec && n.tree == nil
		if dir != "" && !path.IsAbs(n.s) {
			n.s = path.Join(dir, n.s)
		}
		c.read(n, why)
	}
}

// fileListOptions are the options whose value is a list of names, per
// program (or "git SUB"), and whether directories named are read
// recursively.
var fileListOptions = &lazy.Value[map[string]struct {
	opts []string
	rec  bool
}]{New: func() map[string]struct {
	opts []string
	rec  bool
} {
	return map[string]struct {
		opts []string
		rec  bool
	}{
		"tar": {[]string{"-T", "--files-from"}, true}, "bsdtar": {[]string{"-T", "--files-from"}, true},
		"wc": {[]string{"--files0-from"}, false}, "du": {[]string{"--files0-from"}, true}, "sort": {[]string{"--files0-from"}, false},
		"file": {[]string{"-f", "--files-from"}, false},
		"xz":   {[]string{"--files", "--files0"}, false}, "zstd": {[]string{"--filelist"}, false},
		"git add": {[]string{"--pathspec-from-file"}, true}, "git commit": {[]string{"--pathspec-from-file"}, true},
		"git rm": {[]string{"--pathspec-from-file"}, true}, "git reset": {[]string{"--pathspec-from-file"}, true},
		"git checkout": {[]string{"--pathspec-from-file"}, true}, "git restore": {[]string{"--pathspec-from-file"}, true},
		"git stash": {[]string{"--pathspec-from-file"}, true},
	}
}}

// fileLists reads the name lists c's options give.
func (c *cmd) fileLists() {
	key := c.specKey()
	l, ok := fileListOptions.Get()[key]
	switch {
	case ok:
	case c.name == "zip" || c.name == "cpio" || c.name == "rsync":
	default:
		return
	}
	o := c.w.last
	if !c.w.parsed {
		o = c.parse(optSpec{long: l.opts})
	}
	if ok {
		for _, v := range o.values(l.opts...) {
			c.listNames(v, "", l.rec && (!strings.HasPrefix(key, "tar") || c.rec), key+" "+strings.TrimLeft(l.opts[0], "-")+" list")
		}
		return
	}
	switch c.name {
	case "zip":
		if o.is("-@") {
			c.listNames(field{s: "-"}, "", o.anyOf("-r", "--recurse-paths"), "zip -@")
		}
	case "cpio", "bsdcpio":
		if o.anyOf("-o", "--create", "-p", "--pass-through") {
			c.listNames(field{s: "-"}, "", false, "cpio names")
		}
	case "rsync":
		for _, v := range o.values("--files-from") {
			dir := ""
			if pos := c.operandFields(o); len(pos) > 1 && !pos[0].dyn {
				dir = pos[0].s
			}
			c.listNames(v, dir, o.anyOf("-r", "--recursive"), "rsync --files-from")
		}
	}
}
