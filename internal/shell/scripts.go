package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Scripts the line writes, then runs. A file written in the line with
// literal text (echo/printf/cat <<EOF > FILE) and then run as a script
// (bash FILE, sh FILE, source FILE, ./FILE) runs that text: it is
// analysed as the code. Code of another interpreter written in the line
// (python FILE after echo … > FILE) is opaque, like python -c; so is a
// script the line writes with text not known statically (downloaded,
// copied, edited), except a program a compiler builds.

// writtenFile is what the line wrote to a file.
type writtenFile struct {
	path string
	text string // its whole text, when known
	by   string // the command that wrote it last
	// from is the file it is a copy of (cp, install, mv, rsync), when
	// its text is not known (renames.go)
	from  string
	known bool
	// derived: a builder or formatter made it while the line had
	// written no code: the project's own product
	derived bool
	// kind is what it may be to a later program; seq the order of the
	// write; rec the command that made it (its index in Commands):
	// writtencode.go
	kind writeKind
	seq  int32
	rec  int32
}

// Bounds on what is kept of the files the line writes.
const (
	maxWrittenText  = 64 << 10
	maxWrittenFiles = 256
)

// builders write programs whose code is the project's own source.
var builders = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"go": true, "gcc": true, "cc": true, "clang": true, "g++": true, "c++": true, "clang++": true,
		"rustc": true, "cargo": true, "javac": true, "tsc": true, "esbuild": true, "make": true, "gmake": true, "cmake": true,
		"ninja": true, "zig": true, "swiftc": true, "ld": true, "as": true, "gfortran": true, "ghc": true, "nim": true, "bun": true, "deno": true}
}}

// metaWriters change a file's metadata or make an empty file, never its
// text: what they write is not noted (a link ln makes is noted as a copy
// of its target where it is made: links.go).
var metaWriters = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"mkdir": true, "chmod": true, "chown": true, "chgrp": true, "touch": true, "chattr": true,
		"setfacl": true, "mkfifo": true, "mknod": true, "ln": true, "link": true}
}}

// noteWrite records that the line writes abs; text is its new content
// when known (appended to what the line wrote before with app).
func (a *analyzer) noteWrite(abs, by, text string, known, app bool) {
	i := a.writtenIndex(abs)
	// what is appended to a file on disk is judged alone: the rest is
	// the project's own
	kind := a.judgeWrite(abs, by, text, known)
	if app {
		if i >= 0 {
			kind = max(kind, a.written[i].kind)
		}
		known = known && i >= 0 && a.written[i].known
		if i >= 0 {
			text = a.written[i].text + text
		}
	}
	if len(text) > maxWrittenText {
		text, known = "", false
	}
	derived := !known && a.vouched(by) && kind == writeHarmless
	a.writeSeq++
	w := writtenFile{path: abs, text: text, known: known, by: by, kind: kind, derived: derived, seq: a.writeSeq, rec: int32(len(a.res.Commands) - 1)}
	switch {
	case i >= 0:
		a.written[i] = w
	case len(a.written) >= maxWrittenFiles:
		a.writtenOverflow = true
	default:
		a.written = append(a.written, w)
	}
}

func (a *analyzer) writtenIndex(abs string) int {
	for i := range a.written {
		if a.written[i].path == abs {
			return i
		}
	}
	return -1
}

// stdoutText returns what statement s prints on its standard output
// when the line shows it: echo or printf of literals, cat of a literal
// here-document or here-string.
func (a *analyzer) stdoutText(s *syntax.Stmt, sc *scope) (string, bool) {
	call, ok := s.Cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) == 0 {
		return "", false
	}
	in := *s
	in.Redirs = nil
	for _, r := range s.Redirs {
		switch r.Op {
		case syntax.Hdoc, syntax.DashHdoc, syntax.WordHdoc:
			in.Redirs = append(in.Redirs, r)
		}
	}
	if name := call.Args[0].Lit(); name == "echo" && len(in.Redirs) == 0 {
		return a.echoText(call, sc)
	}
	return a.procOutput([]*syntax.Stmt{&in}, sc)
}

// echoText is what echo [-n] [-e] ARG… prints, when its words are literal.
func (a *analyzer) echoText(call *syntax.CallExpr, sc *scope) (string, bool) {
	for _, w := range call.Args {
		if !isStaticWord(w) {
			return "", false
		}
	}
	fs, err := a.fields(call.Args[1:], sc, false)
	if err != nil {
		return "", false
	}
	var words []string
	nl := true
	for _, f := range fs {
		if f.dyn || f.glob {
			return "", false
		}
		words = append(words, f.s)
	}
	for _, w := range words {
		if len(w) < 2 || w[0] != '-' || strings.Trim(w[1:], "neE") != "" {
			break
		}
		nl = nl && !strings.Contains(w, "n")
	}
	text, _, same, _ := echoReadings(words) // echo.go
	if !same {
		return "", false // what is written depends on the shell
	}
	if nl {
		text += "\n"
	}
	return text, true
}

// writtenAt returns what the line wrote to the file f names, if it
// wrote it or a directory above it (then its text is not known).
func (a *analyzer) writtenAt(sc *scope, f field) (writtenFile, bool) {
	if len(a.written) == 0 && !a.writtenOverflow || f.dyn || f.proc {
		return writtenFile{}, false
	}
	abs, ok := a.absField(sc, f)
	if !ok {
		return writtenFile{}, false
	}
	p := a.physical(sc, abs).path
	// a link the line makes runs its target (ln -s /usr/bin/ls l: ls)
	for n := 0; n < maxLinks; n++ {
		next := ""
		for _, l := range a.links {
			if l.name == p && !l.dyn {
				next = l.target
			}
		}
		if next == "" {
			break
		}
		p = next
	}
	if i := a.writtenIndex(p); i >= 0 {
		return a.written[i], true
	}
	for _, w := range a.written {
		if rest, ok := strings.CutPrefix(p, strings.TrimSuffix(w.path, "/")+"/"); ok {
			from := ""
			if w.from != "" {
				from = w.from + "/" + rest // a copied directory's file
			}
			return writtenFile{path: p, by: w.by, from: from}, true
		}
	}
	if a.writtenOverflow {
		return writtenFile{path: p}, true
	}
	return writtenFile{}, false
}

// runWritten analyses a script the line wrote, run by a shell (via), by
// an interpreter (interp: not a shell), or as a program by its path; in
// a child, or in this shell (run: . FILE, inshell.go).
func (c *cmd) runWritten(f field, via string, interp, byPath bool, run where) (bool, error) {
	if f.glob && !f.dyn && isGlobPattern(f.s) {
		// a glob runs whichever file it matches: each the line wrote
		ws := c.a.writtenGlob(c.sc, f)
		for _, w := range ws {
			g := f
			g.s, g.glob = w.path, false
			if err := c.judgeWritten(w, g, via, interp, byPath, run); err != nil {
				return true, err
			}
		}
		if c.a.writtenOverflow && len(ws) == 0 {
			c.opaque("runs " + clip(f.s) + ", a glob that may match a file the line writes (more files written than are kept)")
		}
		return len(ws) > 0, nil
	}
	w, ok := c.a.writtenAt(c.sc, f)
	if !ok {
		return false, nil
	}
	return true, c.judgeWritten(w, f, via, interp, byPath, run)
}

// judgeWritten judges w, a file the line wrote, run as runWritten says.
func (c *cmd) judgeWritten(w writtenFile, f field, via string, interp, byPath bool, run where) error {
	if byPath && !w.known && w.derived {
		return nil // a program the line builds from the project
	}
	if !w.known && w.from != "" {
		if p, dyn := c.a.madeChain(w.path); !dyn && systemProgram(p) {
			return nil // a copy of a system program runs as it (renames.go)
		}
	}
	text := w.text
	sh := ""
	if w.known && byPath {
		switch sh = shebang(text); {
		case sh == "" || isShell(sh):
		case isInterpreter(sh):
			interp = true
		}
	}
	switch {
	case !w.known:
		c.opaque("runs " + clip(f.s) + ", which the line writes with content not known statically")
	case interp:
		c.opaque("runs " + clip(f.s) + ", code the line writes, in an interpreter")
		c.a.candidateHosts(c, text) // hosts the code may connect to (candhosts.go)
	default:
		c.handed = true // what it runs is analysed (writtencode.go)
		// $0 is the script's path, and a script run by path runs under
		// the shell of its #! line, in that shell's dialect, as zsh
		// FILE does (red-team round 19, #9)
		sc := c.sc
		saved := [3]uint8{sc.dialect, sc.posix, sc.zopts}
		s0, arith := sc.arg0Shell, sc.noArith
		sc.arg0Shell = false
		if sh == "" && byPath {
			sh = c.noShebangShell() // codeshells.go
		}
		if sh != "" && isShell(sh) {
			cc := *c
			cc.name, cc.prog, cc.argv0 = sh, sh, nil
			cc.runDialect(opts{}, nil)
			sc.noArith = sc.noArith || noArithShell(sh)
		}
		err := c.reparseAt(text, sc, via+" "+f.s, run) // . FILE: in this shell
		sc.dialect, sc.posix, sc.zopts, sc.arg0Shell, sc.noArith = saved[0], saved[1], saved[2], s0, arith
		return err
	}
	return nil
}

// shebang returns the interpreter's name on a script's #! line
// (#!/usr/bin/env bash is bash), or "".
func shebang(text string) string {
	line, ok := strings.CutPrefix(text, "#!")
	if !ok {
		return ""
	}
	line, _, _ = strings.Cut(line, "\n")
	ws := strings.Fields(line)
	if len(ws) == 0 {
		return ""
	}
	name := path.Base(ws[0])
	if name == "env" {
		for _, w := range ws[1:] {
			if !strings.HasPrefix(w, "-") {
				return path.Base(w)
			}
		}
		return ""
	}
	return name
}

// teeText records the text tee writes to its files when its input is a
// literal (tee FILE <<< 'text', echo text | tee FILE).
func (c *cmd) teeText() {
	if c.name != "tee" {
		return
	}
	f := c.sc.feed
	if v, ok := c.sc.fdLookup(0); ok && v.kind == fdDoc {
		f = nil
		if v.known {
			f = textFeed(v.doc)
		}
	}
	if f == nil || f.partial || f.text == "" {
		return
	}
	o := c.parse(optSpec{short: "p"})
	app := o.anyOf("-a", "--append")
	for _, k := range o.pos {
		abs, ok := c.a.absField(c.sc, c.args[k])
		if ok {
			c.a.noteWrite(c.a.physical(c.sc, abs).path, "tee", f.text, true, app)
		}
	}
}
