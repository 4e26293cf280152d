package shell

import (
	"path"
	"strings"
)

// Programs that carry a language of their own (red-team round 10, #2-#4):
// roff (groff, nroff, troff, man -l, soelim), TeX and MetaPost, Miller's
// DSL, SQL over files. Their code reads and writes files and runs
// commands by constructs a scanner of the language finds (a roff .so
// FILE, TeX's \openout, Miller's print > FILE and system()); what a
// construct names literally is judged as the read, write or command it
// is, and a construct whose target is computed makes the code opaque.
//
// Where the code comes from is the program's model (dsltools.go for the
// table, roff.go, tex.go, miller.go for the families): an option's value
// or an operand on the line is literal code; standard input is literal
// code when the line shows it (a here-string, a here-document, echo
// piped in) and opaque when it does not; a document file is code too: one
// the line wrote is scanned (its text known) or opaque (not known), and
// one it did not write is the project's own, read like a script that
// bash runs, unless the program runs in a mode where documents may run
// commands (groff -U), which makes it opaque.

// dslScan is what a scanner found in a piece of code.
type dslScan struct {
	reads  []string // files it reads, named literally
	writes []string // files it writes
	code   []string // shell command lines it runs
	env    []string // environment variables it reads
	hosts  []string // URLs it fetches
	dump   bool     // it reads the whole environment
	opaque []string // why part of it is not known
	// only in a program's unsafe mode (groff -U): otherwise refused by
	// the program itself
	unsafeCode   []string
	unsafeWrites []string
	unsafeOpaque []string
	capped       bool // full() has marked the rest opaque
}

func (s *dslScan) read(f string)    { s.reads = append(s.reads, f) }
func (s *dslScan) write(f string)   { s.writes = append(s.writes, f) }
func (s *dslScan) run(cmd string)   { s.code = append(s.code, cmd) }
func (s *dslScan) unknown(r string) { s.opaque = append(s.opaque, r) }

// full reports whether a scan has found as much as it reports: the first
// time, the code it has not read is marked opaque, first of the reasons so
// that no bound drops it.
func (s *dslScan) full() bool {
	if len(s.reads)+len(s.writes)+len(s.env)+len(s.hosts)+len(s.code)+len(s.opaque) < maxDSLItems {
		return false
	}
	if !s.capped {
		s.capped = true
		s.opaque = append([]string{"more imports than one scan judges"}, s.opaque...)
	}
	return true
}

// maxDSLItems bounds what one scan reports of each kind (a scan stays
// linear in its code, and a bound never drops the first findings).
const maxDSLItems = 256

// dslContext is how a program's code is judged: the language's scanner,
// whether the program runs in its unsafe mode, and the directories it
// searches for the relative names the code reads.
type dslContext struct {
	lang   string
	scan   func(string) *dslScan
	unsafe bool
	dirs   []string
}

// applyDSL judges what a scan found.
func (c *cmd) applyDSL(x *dslContext, s *dslScan) error {
	via := c.name + " " + x.lang
	for _, r := range capped(s.opaque) {
		c.opaque(r)
	}
	for _, r := range capped(s.reads) {
		c.dslRead(x, r, via)
	}
	for _, w := range capped(s.writes) {
		c.write(field{s: w}, via+" code writes")
	}
	for _, n := range capped(s.env) {
		c.a.envRef(c.sc, n)
	}
	for _, h := range capped(s.hosts) {
		c.hostValue(field{s: h}, via+" code fetches")
	}
	if s.dump {
		c.a.res.EnvDump = true
	}
	code := s.code
	if x.unsafe {
		for _, r := range capped(s.unsafeOpaque) {
			c.opaque(r)
		}
		for _, w := range capped(s.unsafeWrites) {
			c.write(field{s: w}, via+" code writes")
		}
		code = append(code[:len(code):len(code)], s.unsafeCode...)
	}
	for _, cmd := range capped(code) {
		if err := c.code(field{s: cmd}, via+" command", false); err != nil {
			return err
		}
	}
	return nil
}

// dslRead judges a read the code names: a relative name is also looked
// for in the program's search directories.
func (c *cmd) dslRead(x *dslContext, r, via string) {
	if r == "" {
		return
	}
	if strings.HasPrefix(r, "~/") && c.a.opt.Home != "" {
		r = path.Join(c.a.opt.Home, r[2:])
	}
	c.read(field{s: r}, via+" code reads")
	if path.IsAbs(r) {
		return
	}
	for _, d := range x.dirs {
		c.read(field{s: path.Join(d, r)}, via+" code reads")
	}
}

func capped(list []string) []string {
	if len(list) > maxDSLItems {
		return list[:maxDSLItems]
	}
	return list
}

// dslText judges literal code given on the line (an option's value, an
// operand).
func (c *cmd) dslText(x *dslContext, f field) error {
	if f.dyn {
		c.opaque(c.name + " " + x.lang + " code not known statically")
		return nil
	}
	return c.applyDSL(x, x.scan(f.s))
}

// dslDoc judges a document operand, whose whole text is code.
func (c *cmd) dslDoc(x *dslContext, f field) error {
	switch {
	case f.proc && f.docKnown:
		return c.applyDSL(x, x.scan(f.doc))
	case f.proc:
		c.opaque(c.name + " reads " + x.lang + " code from a process substitution")
		return nil
	case c.stdinPath(f) >= 0:
		return c.dslInput(x, c.stdinPath(f))
	case f.dyn:
		c.opaque(c.name + " reads " + x.lang + " code from a file not known statically")
		return nil
	}
	if w, ok := c.a.writtenAt(c.sc, f); ok {
		if !w.known {
			c.opaque(c.name + " reads " + x.lang + " code from " + clip(f.s) + ", which the line writes with content not known statically")
			return nil
		}
		return c.applyDSL(x, x.scan(w.text))
	}
	if x.unsafe {
		c.opaque(c.name + " runs the commands of " + x.lang + " documents in its unsafe mode")
	}
	return nil
}

// dslInput judges the code a program reads from descriptor n.
func (c *cmd) dslInput(x *dslContext, n int) error {
	v, ok := c.sc.fd(n)
	switch {
	case !ok || v.kind == fdStd || v.kind == fdClosed:
		return nil // the agent's own input: nothing the line shows
	case v.kind == fdDoc && v.known:
		return c.applyDSL(x, x.scan(v.doc))
	case v.kind == fdFile && !v.dyn:
		if discardTarget(v.path) {
			return nil
		}
		return c.dslDoc(x, field{s: v.path})
	}
	if text, known := c.fedText(); known && n == 0 {
		return c.applyDSL(x, x.scan(text))
	}
	c.opaque(c.name + " reads " + x.lang + " code from input the line does not show")
	return nil
}

// dslWord reads one file or command name from s at i: a quoted name, a
// braced one, or a word up to white space; ok is false when the name is
// built by an escape or a macro (a backslash in it).
func dslWord(s string) (name string, ok bool) {
	s = strings.TrimLeft(s, " \t")
	if s == "" {
		return "", true
	}
	switch s[0] {
	case '"', '{':
		end := byte('"')
		if s[0] == '{' {
			end = '}'
		}
		j := strings.IndexByte(s[1:], end)
		if j < 0 {
			return "", false
		}
		name = s[1 : 1+j]
	default:
		j := strings.IndexAny(s, " \t\n")
		if j < 0 {
			j = len(s)
		}
		name = s[:j]
	}
	return name, !strings.ContainsAny(name, `\`)
}
