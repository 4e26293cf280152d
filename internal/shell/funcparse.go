package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Function definitions as bash reads them (red-team round 23, #2).
//
// Bash's grammar makes a definition one command of a list or a pipeline:
// function_def is NAME () function_body, and function_body is a compound
// command with its redirections. mvdan/sh parses the whole and-or list or
// pipeline that follows the compound command as the function's body:
// `f() { :; } && cd ..` is read as f with the body `{ :; } && cd ..`, so
// the cd would never run in the line's shell, and `cat() { :; } | true`
// as cat defined in this shell, where bash defines it in the pipeline's
// subshell only. fixFuncDefs re-reads such a statement as bash does: the
// and-or tree is flattened to its pipeline elements and operators (a
// definition contributing its compound command, as the definition, and
// the rest of what mvdan/sh took as its body), then rebuilt with bash's
// precedence (| and |& bind tighter than && and ||, all left-associative).
// A definition whose body is still a list or pipeline after that (a
// shape the re-reading does not cover) is opaque where it is walked.

// mayDefine reports whether src may hold a function definition: the
// keyword function, or ( followed by blanks and ). A cheap test that keeps
// the tree walk off every other line.
func mayDefine(src string) bool {
	if strings.Contains(src, "function") {
		return true
	}
	for i := strings.IndexByte(src, '('); i >= 0; {
		j := i + 1
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		if j < len(src) && src[j] == ')' {
			return true
		}
		k := strings.IndexByte(src[j:], '(')
		if k < 0 {
			break
		}
		i = j + k
	}
	return false
}

// misparsedDef reports whether fd's body is a list or pipeline: mvdan/sh
// took what follows the definition as its body.
func misparsedDef(fd *syntax.FuncDecl) bool {
	if fd.Body == nil {
		return false
	}
	_, ok := fd.Body.Cmd.(*syntax.BinaryCmd)
	return ok
}

// defItem is one pipeline element of a flattened and-or list: op is the
// operator before it (0 for the first), neg a ! that starts its pipeline.
type defItem struct {
	s   *syntax.Stmt
	op  syntax.BinCmdOperator
	neg bool
}

// defFlattener flattens the and-or tree of one statement.
type defFlattener struct {
	items []defItem
	found bool // a definition whose body was a list or pipeline
}

// plainStmt reports whether s has nothing of its own around its command.
func plainStmt(s *syntax.Stmt) bool {
	return !s.Negated && !s.Background && !s.Coprocess && !s.Disown && len(s.Redirs) == 0
}

func (d *defFlattener) cmd(c syntax.Command, op syntax.BinCmdOperator, at *syntax.Stmt) {
	switch c := c.(type) {
	case *syntax.BinaryCmd:
		d.stmt(c.X, op)
		d.stmt(c.Y, c.Op)
		return
	case *syntax.FuncDecl:
		if misparsedDef(c) && plainStmt(c.Body) {
			d.found = true
			start := len(d.items)
			d.cmd(c.Body.Cmd, op, c.Body)
			def := *c
			def.Body = d.items[start].s // the compound command and its redirections
			d.items[start].s = &syntax.Stmt{Position: at.Position, Cmd: &def}
			return
		}
	}
	d.items = append(d.items, defItem{s: at, op: op})
}

func (d *defFlattener) stmt(s *syntax.Stmt, op syntax.BinCmdOperator) {
	switch {
	case plainStmt(s):
		d.cmd(s.Cmd, op, s)
	case s.Negated && !s.Background && !s.Coprocess && !s.Disown && len(s.Redirs) == 0 && isMisparsedDef(s.Cmd):
		// ! f() { …; } | y && z: the ! starts the first pipeline
		start := len(d.items)
		d.cmd(s.Cmd, op, s)
		d.items[start].neg = true
	default:
		d.items = append(d.items, defItem{s: s, op: op})
	}
}

func isMisparsedDef(c syntax.Command) bool {
	fd, ok := c.(*syntax.FuncDecl)
	return ok && misparsedDef(fd)
}

// rebuild joins the items with bash's precedence; ok is false when a !
// does not start its pipeline (a shape left as parsed).
func (d *defFlattener) rebuild() (*syntax.Stmt, bool) {
	var lists []defItem // pipelines, with the && or || before each
	var cur *syntax.Stmt
	var curOp syntax.BinCmdOperator
	neg := false
	end := func() {
		if neg {
			c := *cur
			c.Negated = true
			cur = &c
		}
		lists = append(lists, defItem{s: cur, op: curOp})
	}
	for i, it := range d.items {
		switch {
		case i > 0 && (it.op == syntax.Pipe || it.op == syntax.PipeAll):
			if it.neg {
				return nil, false
			}
			cur = &syntax.Stmt{Position: cur.Position, Cmd: &syntax.BinaryCmd{OpPos: it.s.Position, Op: it.op, X: cur, Y: it.s}}
		default:
			if i > 0 {
				end()
			}
			cur, curOp, neg = it.s, it.op, it.neg
		}
	}
	end()
	root := lists[0].s
	for _, l := range lists[1:] {
		root = &syntax.Stmt{Position: root.Position, Cmd: &syntax.BinaryCmd{OpPos: l.s.Position, Op: l.op, X: root, Y: l.s}}
	}
	return root, true
}

// fixFuncDefs re-reads, in place, every statement of f that holds a
// function definition mvdan/sh gave a list or pipeline as its body.
func fixFuncDefs(f *syntax.File) {
	var visit func(syntax.Node) bool
	visit = func(n syntax.Node) bool {
		s, ok := n.(*syntax.Stmt)
		if !ok {
			return true
		}
		switch s.Cmd.(type) {
		case *syntax.BinaryCmd, *syntax.FuncDecl:
		default:
			return true
		}
		d := defFlattener{}
		d.cmd(s.Cmd, 0, &syntax.Stmt{Position: s.Position, Cmd: s.Cmd})
		negDef := s.Negated && isMisparsedDef(s.Cmd) // ! f() { …; } && y: (! f) && y
		d.items[0].neg = negDef
		if len(d.items) == 1 {
			return true // a definition as bash reads it, or one left as parsed
		}
		if d.found {
			if root, ok := d.rebuild(); ok {
				s.Cmd = root.Cmd
				s.Negated = s.Negated && !negDef || root.Negated
			}
		}
		// each element once: a long list is not walked again at each of
		// its sub-lists
		for _, it := range d.items {
			syntax.Walk(it.s, visit)
		}
		return false
	}
	syntax.Walk(f, visit)
}
