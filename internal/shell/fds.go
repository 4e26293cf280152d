package shell

import (
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Redirections: what each one reads or writes, and the descriptors it
// opens for the command it applies to (see fdVal).

// redirFDs returns the descriptors a redirection sets (fds[:n]); none
// when it allocates one at run time ({var}>file).
func redirFDs(r *syntax.Redirect) (fds [2]int, n int) {
	if r.N != nil {
		k, err := strconv.Atoi(r.N.Value)
		if err != nil || k < 0 {
			return fds, 0
		}
		return [2]int{k}, 1
	}
	switch r.Op {
	case syntax.RdrIn, syntax.RdrInOut, syntax.DplIn, syntax.Hdoc, syntax.DashHdoc, syntax.WordHdoc:
		return [2]int{0}, 1
	case syntax.RdrAll, syntax.AppAll, syntax.RdrAllClob, syntax.AppAllClob:
		return [2]int{1, 2}, 2
	case syntax.DplOut:
		if w := r.Word.Lit(); w != "" && (isFD(w) || w == "-") {
			return [2]int{1}, 1
		}
		return [2]int{1, 2}, 2 // >&file is &>file
	}
	return [2]int{1}, 1
}

// isBareExec reports whether c is exec without a command, whose
// redirections stay in force for the rest of the shell.
func isBareExec(c syntax.Command) bool {
	ce, ok := c.(*syntax.CallExpr)
	return ok && len(ce.Args) == 1 && ce.Args[0].Lit() == "exec"
}

// restoreFDs undoes, after a command, the descriptors its redirections
// set, leaving any change the command itself made (exec inside a group).
func (sc *scope) restoreFDs(rs []*syntax.Redirect, base *fdNode) {
	old := &scope{fds: base}
	for _, r := range rs {
		fds, k := redirFDs(r)
		for _, n := range fds[:k] {
			if v, ok := old.fdLookup(n); ok {
				sc.setFD(n, v)
			} else {
				sc.unsetFD(n)
			}
		}
		if r.N != nil && strings.HasPrefix(r.N.Value, "{") {
			sc.setVar(strings.Trim(r.N.Value, "{}"), "", false)
		}
	}
}

// fdView returns the descriptors the command of a statement sees, from
// the redirections' words that are literal (without expanding anything
// that could run a command; the full expansion follows the command, in
// source order).
func (a *analyzer) fdView(rs []*syntax.Redirect, sc *scope) *fdNode {
	v := *sc
	for _, r := range rs {
		var f field
		doc, known := "", false
		switch r.Op {
		case syntax.Hdoc, syntax.DashHdoc:
			if hdocQuoted(r.Word) || (r.Hdoc != nil && isStaticWord(r.Hdoc)) {
				doc, known, _ = a.hdocText(r, &v)
			}
		default:
			if ps, ok := soleProcSubst(r.Word); ok {
				f = field{s: "<(…)", dyn: true, proc: true}
				f.doc, f.docKnown = a.procOutput(ps.Stmts, &v)
			} else if r.Word != nil && isStaticWord(r.Word) {
				f, _ = a.oneField(r.Word, &v)
				doc, known = f.s+"\n", !f.dyn
			} else {
				f = field{s: "$?", dyn: true}
			}
		}
		a.openRedir(r, &v, f, doc, known, "")
	}
	return v.fds
}

// redirects expands and reports a statement's redirections in sc, the
// state before its command, for the command named name.
func (a *analyzer) redirects(rs []*syntax.Redirect, sc *scope, name string) error {
	for _, r := range rs {
		var f field
		doc, known := "", false
		switch r.Op {
		case syntax.Hdoc, syntax.DashHdoc:
			var err error
			if doc, known, err = a.hdocText(r, sc); err != nil {
				return err
			}
		case syntax.WordHdoc:
			var err error
			if f, err = a.oneField(r.Word, sc); err != nil {
				return err
			}
			doc, known = f.s+"\n", !f.dyn
		default:
			if r.Word == nil {
				continue
			}
			var err error
			if f, err = a.oneField(r.Word, sc); err != nil {
				return err
			}
		}
		a.openRedir(r, sc, f, doc, known, name)
	}
	return nil
}

// hdocQuoted reports whether a here-document's delimiter is quoted: its
// body is then taken literally.
func hdocQuoted(delim *syntax.Word) bool {
	if delim == nil {
		return true
	}
	for _, p := range delim.Parts {
		l, ok := p.(*syntax.Lit)
		if !ok || strings.Contains(l.Value, `\`) {
			return true
		}
	}
	return false
}

// hdocText returns the text a here-document feeds, expanded as bash does
// when the delimiter is not quoted (walking its substitutions).
func (a *analyzer) hdocText(r *syntax.Redirect, sc *scope) (string, bool, error) {
	if r.Hdoc == nil {
		return "", true, nil
	}
	var text string
	known := true
	if hdocQuoted(r.Word) {
		var sb strings.Builder
		for _, p := range r.Hdoc.Parts {
			if l, ok := p.(*syntax.Lit); ok {
				sb.WriteString(l.Value)
			}
		}
		text = sb.String()
	} else {
		b := &builder{a: a}
		if err := a.parts(b, r.Hdoc.Parts, sc, true, false); err != nil {
			return "", false, err
		}
		b.flush()
		for _, f := range b.out {
			text += f.s
			known = known && !f.dyn
		}
		a.nbytes += len(text)
		if a.nbytes > maxExpandBytes {
			return "", false, limitErr("more than %d bytes after expansion", maxExpandBytes)
		}
	}
	if r.Op == syntax.DashHdoc {
		lines := strings.Split(text, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimLeft(l, "\t")
		}
		text = strings.Join(lines, "\n")
	}
	return text, known, nil
}

// isStaticWord reports whether expanding w cannot run anything: literal
// text, quotes and plain $NAME.
func isStaticWord(w *syntax.Word) bool {
	for _, p := range w.Parts {
		switch x := p.(type) {
		case *syntax.Lit, *syntax.SglQuoted:
		case *syntax.DblQuoted:
			for _, q := range x.Parts {
				switch y := q.(type) {
				case *syntax.Lit:
				case *syntax.ParamExp:
					if !plainParam(y) {
						return false
					}
				default:
					return false
				}
			}
		case *syntax.ParamExp:
			if !plainParam(x) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func plainParam(x *syntax.ParamExp) bool {
	return x.Exp == nil && x.Repl == nil && x.Slice == nil && x.Index == nil && !x.Excl && !x.Length && !x.Width &&
		x.Names == 0 && x.NestedParam == nil
}

// openRedir applies one redirection to sc's descriptors and, when name is
// not empty, reports what it reads and writes.
func (a *analyzer) openRedir(r *syntax.Redirect, sc *scope, f field, doc string, docKnown bool, name string) {
	report := name != ""
	fds, nfds := redirFDs(r)
	set := func(v fdVal) {
		for _, n := range fds[:nfds] {
			sc.setFD(n, v)
		}
	}
	op := r.Op.String()
	switch r.Op {
	case syntax.Hdoc, syntax.DashHdoc, syntax.WordHdoc:
		set(fdVal{kind: fdDoc, doc: doc, known: docKnown})
		return
	case syntax.DplIn, syntax.DplOut:
		if !f.dyn && f.s == "-" {
			set(fdVal{kind: fdClosed})
			return
		}
		if !f.dyn && isFD(f.s) {
			m, _ := strconv.Atoi(strings.TrimSuffix(f.s, "-"))
			v, ok := sc.fd(m)
			if !ok || v.kind == fdUnknown {
				if r.Op == syntax.DplOut && report {
					a.opaque(name, "writes to an inherited file descriptor "+strconv.Itoa(m))
				}
				v = fdVal{kind: fdUnknown}
			} else if v.kind == fdFile && report && v.path != "/dev/null" {
				kind := kRead
				if r.Op == syntax.DplOut {
					kind = kWrite
				}
				a.path(sc, kind, field{s: v.path, dyn: v.dyn}, name, "redirect "+op+f.s)
			}
			if strings.HasSuffix(f.s, "-") {
				sc.setFD(m, fdVal{kind: fdClosed}) // moved
			}
			set(v)
			return
		}
	}
	if report {
		rd := r.Op == syntax.RdrIn || r.Op == syntax.RdrInOut || r.Op == syntax.DplIn
		wr := r.Op != syntax.RdrIn && r.Op != syntax.DplIn
		if rd && !f.proc { // a process substitution's commands are analysed
			a.path(sc, kRead, f, name, "redirect "+op)
		}
		if wr && !discardTarget(f.s) {
			a.path(sc, kWrite, f, name, "redirect "+op)
			a.redirText(r, sc, f, name, fds[:nfds])
		}
	}
	set(a.fdFor(sc, f))
}

// redirText records the text an output redirection of the standard
// output writes, when the statement's output is known (scripts.go).
func (a *analyzer) redirText(r *syntax.Redirect, sc *scope, f field, name string, fds []int) {
	if a.pendingOut == nil || !containsInt(fds, 1) || r.Op == syntax.RdrInOut {
		return
	}
	abs, ok := a.absField(sc, f)
	if !ok {
		return
	}
	app := r.Op == syntax.AppOut || r.Op == syntax.AppAll
	a.noteWrite(a.physical(sc, abs).path, name, *a.pendingOut, true, app)
}

// hasOutRedir reports whether rs redirect the standard output to a file.
func hasOutRedir(rs []*syntax.Redirect) bool {
	for _, r := range rs {
		switch r.Op {
		case syntax.RdrOut, syntax.AppOut, syntax.RdrClob, syntax.RdrAll, syntax.AppAll:
			return r.N == nil || r.N.Value == "1"
		}
	}
	return false
}

// fdFor is what a descriptor opened on the file f refers to.
func (a *analyzer) fdFor(sc *scope, f field) fdVal {
	switch {
	case f.proc && f.docKnown:
		return fdVal{kind: fdDoc, doc: f.doc, known: true} // < <(echo …)
	case f.proc:
		return fdVal{kind: fdPipe}
	case f.dyn && !selfPidOnly(f.s):
		return fdVal{kind: fdFile, path: f.s, dyn: true}
	}
	raw := f.s
	if strings.HasPrefix(raw, "/dev/tcp/") || strings.HasPrefix(raw, "/dev/udp/") {
		return fdVal{kind: fdPipe} // a network connection
	}
	if !strings.HasPrefix(raw, "/") {
		if !sc.cwdKnown || sc.cwd == "" {
			return fdVal{kind: fdFile, path: f.s, dyn: true}
		}
		raw = sc.cwd + "/" + raw
	}
	ph := a.physical(sc, raw)
	if ph.stream {
		return fdVal{kind: fdPipe}
	}
	return fdVal{kind: fdFile, path: ph.path, dyn: ph.dyn}
}

func isFD(s string) bool {
	s = strings.TrimSuffix(s, "-")
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// discardTarget reports whether writing to p has no effect on files.
// (Standard streams and descriptors are told apart by physical.)
func discardTarget(p string) bool {
	switch p {
	case "/dev/null", "/dev/tty", "/dev/zero", "/dev/full":
		return true
	}
	return false
}

// soleProcSubst returns the process substitution w consists of.
func soleProcSubst(w *syntax.Word) (*syntax.ProcSubst, bool) {
	if w == nil || len(w.Parts) != 1 {
		return nil, false
	}
	ps, ok := w.Parts[0].(*syntax.ProcSubst)
	return ps, ok && ps.Op == syntax.CmdIn
}
