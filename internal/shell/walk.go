package shell

import (
	"fmt"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// The walk of the syntax tree: statements, compound commands, tests and
// arithmetic, each in the scope it runs in.

// parseAndWalk parses src and walks it in sc (whose src is replaced).
func (a *analyzer) parseAndWalk(src string, sc *scope) error {
	if sc.reparse > MaxReparse {
		return limitErr("more than %d levels of nested shell strings", MaxReparse)
	}
	a.parsed += len(src)
	if a.parsed > 2*MaxLineBytes {
		return limitErr("more than %d bytes of shell code parsed, counting re-parsed strings", 2*MaxLineBytes)
	}
	if sc.reparse > 0 {
		if err := precheck(src); err != nil {
			return err
		}
	}
	cr := false
	if sc.reparse > 0 || !a.opt.PowerShell {
		// a CR is a word character to bash (crlf.go); PowerShell's
		// CR LF is a line end, as the parser reads it
		src, cr = crProtect(src)
	}
	f, err := a.parser.Parse(strings.NewReader(src), "")
	if err != nil {
		return fmt.Errorf("shell: command line does not parse: %w", err)
	}
	if cr {
		crRestore(f)
	}
	if mayDefine(src) {
		fixFuncDefs(f) // definitions as bash reads them (funcparse.go)
	}
	inner := *sc
	inner.src = src
	inner.nest = 0
	if err := a.stmts(f.Stmts, &inner); err != nil {
		return err
	}
	// The whole state flows out of the parse into sc: the caller says
	// whether sc runs in this shell (inshell.go)
	sc.flowFrom(&inner)
	return nil
}

// reparse analyzes a statically known string as shell code run by cmd
// in a child: nothing it changes flows back (reparseHere and
// reparseMaybe for code run in this shell: inshell.go).
func (a *analyzer) reparse(code string, sc *scope, via string, remote bool) error {
	c := a.child(sc).withVia(via)
	c.reparse++
	if remote {
		c.remote = true
		c.cwd, c.cwdKnown = "", false
	}
	// another process: its jumps (an error discarding the rest of its
	// last line) end with it
	outer := a.jumped
	defer a.endJumps(outer, jumpLoop|jumpReturn|jumpLine)
	return a.parseAndWalk(code, c)
}

func (a *analyzer) stmts(list []*syntax.Stmt, sc *scope) error {
	for i := 0; i < len(list); i++ {
		s := list[i]
		if err := a.stmt(s, sc); err != nil {
			return err
		}
		sc.settleFail() // a cd that may have failed: either state (cdfail.go)
		if a.jumped == jumpLine && i+1 < len(list) && sc.nest == 0 && !sc.funcBody {
			// the top level of the line's own text, of a new shell's
			// code (bash -c), of eval's text or a sourced file: bash
			// discards the rest of that input line, the next line runs
			// (inshell.go; after eval or . FILE the line goes on)
			k, err := a.restOfLine(list, i, sc)
			if err != nil {
				return err
			}
			if j := a.jumped; j != 0 && k < len(list) {
				// a jump in the rest of the line: what follows may not run
				a.jumped = 0
				err := a.branch(sc, func(b *scope) error { return a.stmts(list[k:], b) })
				a.jumped |= j
				return err
			}
			i = k - 1
			continue
		}
		if j := a.jumped; j != 0 && i+1 < len(list) {
			// what follows a jump may not run (inshell.go)
			a.jumped = 0
			rest := func(b *scope) error { return a.stmts(list[i+1:], b) }
			var err error
			if sureJump(s) {
				err = a.isolated(sc, rest) // never runs: judged, its state dropped
			} else {
				err = a.branch(sc, rest)
			}
			a.jumped = j
			return err
		}
	}
	return nil
}

// restOfLine walks, as a branch, the statements of list after list[i]
// that are on the same input line (up to a newline between statements)
// and returns the index of the first one after them.
func (a *analyzer) restOfLine(list []*syntax.Stmt, i int, sc *scope) (int, error) {
	a.jumped = 0
	end := list[i].End().Line()
	k := i + 1
	for ; k < len(list) && list[k].Pos().Line() <= end; k++ {
		end = max(end, list[k].End().Line())
	}
	if k == i+1 {
		return k, nil
	}
	return k, a.branch(sc, func(b *scope) error { return a.stmts(list[i+1:k], b) })
}

func (a *analyzer) enter(sc *scope) (*scope, error) {
	if sc.nest >= MaxNesting {
		return nil, limitErr("more than %d levels of nesting", MaxNesting)
	}
	c := *sc
	c.nest++
	return &c, nil
}

func (a *analyzer) stmt(s *syntax.Stmt, sc *scope) error {
	if len(a.traps) > 0 && !a.inTrap && s != nil {
		return a.trapStmt(s, sc) // a trap may fire around it (inshell.go)
	}
	err := a.stmt1(s, sc)
	if err == nil && len(a.pendingWrites) > 0 {
		err = a.flushWrites(sc) // shellvars.go
	}
	return err
}

func (a *analyzer) stmt1(s *syntax.Stmt, sc *scope) error {
	if s == nil {
		return nil
	}
	if a.deferred != nil {
		return a.deferred // the line is unanalysable already: stop the walk
	}
	if a.discardAt != s && a.mayDiscard(s, sc) {
		// its expansion may fail: it may not run, and bash discards the
		// rest of the line (discard.go)
		outer := a.discardAt
		a.discardAt = s
		err := a.branch(sc, func(b *scope) error { return a.stmt1(s, b) })
		a.discardAt = outer
		a.jumped |= jumpLine
		for i := range a.pendingWrites {
			a.pendingWrites[i].maybe = true
		}
		return err
	}
	// Redirections are made before the command runs, in the shell state
	// before it (cd x > f writes ./f): the command sees the descriptors
	// they open, and they are reported in that state.
	var before scope
	var base *fdNode
	// a redirection that may fail skips the command (redirfail.go)
	redirOut := a.redirOutcome(s, sc)
	if len(s.Redirs) > 0 {
		before, base = *sc, sc.fds
		sc.fds = a.fdView(s.Redirs, sc)
	}
	name := ""
	var err error
	a.selectIn = nil
	if f, ok := a.redirFeed(s.Redirs, sc); ok {
		a.selectIn = selectInput(s, f) // selectloop.go
		if f == nil {
			f = &feed{} // a file or descriptor whose content is not known
		}
		saved := sc.feed
		sc.feed = f
		defer func() { sc.feed = saved }()
	}
	if s.Cmd != nil {
		if s.Background || s.Coprocess || s.Disown {
			// runs in a subshell: cd and assignments do not flow back;
			// and alongside the rest of the line (writtencode.go)
			from := a.concurrently()
			a.noteLoudJob(sc) // keptwrapper.go
			err = a.isolated(sc, noKeep(func(c *scope) error {
				var err error
				name, err = a.command(s.Cmd, c)
				return err
			}))
			a.concurrentEnd(from, true)
		} else if redirOut != cdSucceeds {
			// a redirection that may fail (an ambiguous one: nullglob.go)
			// skips the command: it may not run (redirfail.go)
			err = a.skippable(sc, redirOut, func(c *scope) error {
				var err error
				name, err = a.command(s.Cmd, c)
				return err
			})
		} else {
			name, err = a.command(s.Cmd, sc)
		}
		if err != nil {
			return err
		}
	}
	if len(s.Redirs) > 0 && name == "" {
		if err := a.nullCmd(s, sc); err != nil { // zsh's NULLCMD (zshnullcmd.go)
			return err
		}
	}
	if len(s.Redirs) == 0 {
		return nil
	}
	if name == "" {
		name = "redirect"
	}
	if hasOutRedir(s.Redirs) {
		if text, ok := a.stdoutText(s, &before); ok {
			a.pendingOut = &text
		}
	}
	err = a.redirects(s.Redirs, &before, name)
	a.pendingOut = nil
	if err != nil {
		return err
	}
	for _, r := range s.Redirs {
		if r.N != nil && strings.HasPrefix(r.N.Value, "{") {
			// {NAME}> assigns NAME a descriptor number (shellvars.go)
			if err := a.varWrite(sc, name, field{s: strings.Trim(r.N.Value, "{}")}, svVal{"{fd}", false}); err != nil {
				return err
			}
		}
	}
	sc.keepExecRedir(s) // keptwrapper.go
	if isBareExec(s.Cmd) {
		sc.fds = before.fds // exec without a command: the descriptors stay open
	} else {
		sc.restoreFDs(s.Redirs, base)
	}
	return nil
}

// nested runs fn on a nested scope that shares state with sc (a { } group,
// the sides of &&), then copies the state back.
func (a *analyzer) nested(sc *scope, fn func(*scope) error) error {
	c, err := a.enter(sc)
	if err != nil {
		return err
	}
	if err := fn(c); err != nil {
		return err
	}
	sc.flowFrom(c)
	return nil
}

// flowFrom copies the shell state of c, a copy of sc that ran in the
// same shell, back into sc.
func (sc *scope) flowFrom(c *scope) {
	sc.cwd, sc.cwdKnown, sc.oldpwd, sc.vars, sc.globs, sc.fds = c.cwd, c.cwdKnown, c.oldpwd, c.vars, c.globs, c.fds
	sc.cdSeq = c.cdSeq
	sc.cwdAlts, sc.cwdMaybe, sc.homeCwd, sc.pushed, sc.stackLost = c.cwdAlts, c.cwdMaybe, c.homeCwd, c.pushed, c.stackLost
	sc.made, sc.cdFail = c.made, c.cdFail
	sc.args, sc.argsKnown, sc.last, sc.lastKnown = c.args, c.argsKnown, c.last, c.lastKnown
	sc.posix = c.posix
	// the shell's dialect and options (emulate, setopt) and its functions
	// (red-team round 22, #1, #6; TestScopeFieldsHandled)
	sc.dialect, sc.zopts, sc.noArith, sc.funcs = c.dialect, c.zopts, c.noArith, c.funcs
	sc.ro = c.ro               // readonly names (red-team round 23, #8)
	sc.attrs = c.attrs         // case, integer and reference attributes (varattrs.go)
	sc.locals = c.locals       // a function's: its call restores the caller's (funcs.go)
	sc.exp = c.exp             // what it exported (childenv.go)
	sc.allExport = c.allExport // set -a, set +a (allexport.go)
}

// isolated runs fn in a copy of sc whose changes do not flow back (a
// subshell, a pipeline side, a substitution).
func (a *analyzer) isolated(sc *scope, fn func(*scope) error) error {
	c, err := a.enter(a.child(sc))
	if err != nil {
		return err
	}
	outer := a.jumped
	defer a.endJumps(outer, jumpLoop|jumpReturn|jumpLine) // a subshell's jumps end with it
	return fn(c)
}

// branch runs fn in a copy of sc whose changes may or may not have happened.
func (a *analyzer) branch(sc *scope, fn func(*scope) error) error {
	c, err := a.enter(a.child(sc))
	if err != nil {
		return err
	}
	if err := fn(c); err != nil {
		return err
	}
	sc.merge(c)
	return nil
}

// branchOrSure runs fn in a copy of sc whose changes may or may not have
// happened (branch), or did, when fn sets *sure.
func (a *analyzer) branchOrSure(sc *scope, sure *bool, fn func(*scope) error) error {
	c, err := a.enter(a.child(sc))
	if err != nil {
		return err
	}
	if err := fn(c); err != nil {
		return err
	}
	if *sure {
		sc.flowFrom(c)
	} else {
		sc.merge(c)
	}
	return nil
}

// command walks one command node and returns the name of the simple
// command it runs, if it is one (for redirect attribution).
func (a *analyzer) command(cmd syntax.Command, sc *scope) (string, error) {
	switch c := cmd.(type) {
	case *syntax.CallExpr:
		if foreignDialect(sc.dialect) {
			a.foreignCall(c, sc) // foreigndialect.go
		}
		return a.call(c, sc)
	case *syntax.Block:
		return "", a.nested(sc, func(s *scope) error { return a.stmts(c.Stmts, s) })
	case *syntax.Subshell:
		return "", a.psIsolated(sc, noKeep(func(s *scope) error { return a.stmts(c.Stmts, s) }))
	case *syntax.BinaryCmd:
		switch c.Op {
		case syntax.OrStmt, syntax.AndStmt:
			if c.Op == syntax.OrStmt && surelyExits(c.Y) {
				// Y runs where X failed and surely exits: only X's
				// success goes on, its failure state is dropped (cd d ||
				// exit 1; cdfail.go)
				return "", a.nested(sc, func(s *scope) error {
					if err := a.stmt(c.X, s); err != nil {
						return err
					}
					f := failOf(c.X, s)
					return a.isolated(s, func(b *scope) error {
						if f != nil {
							b.setDirState(f)
						}
						return a.stmt(c.Y, b)
					})
				})
			}
			return "", a.andOr(c, sc) // andor.go
		default: // pipes: each side runs in a subshell, alongside the other
			from := a.concurrently()
			defer a.concurrentEnd(from, false)
			if err := a.psIsolated(sc, func(s *scope) error {
				s.kept = nil // a subshell (keptstate.go)
				s.setFD(1, fdVal{kind: fdPipe})
				if c.Op == syntax.PipeAll {
					s.setFD(2, fdVal{kind: fdPipe})
				}
				return a.stmt(c.X, s)
			}); err != nil {
				return "", err
			}
			// With shopt -s lastpipe the last side runs in this shell:
			// what it changes becomes unknown. Its input is the pipe.
			var last *scope
			defer func() { a.psKeepLocation(sc, last) }()
			return "", a.branch(sc, func(s *scope) error {
				last = s
				if s.feed = a.feedOf(c.X, s.feed, s); s.feed == nil {
					s.feed = &feed{} // a pipe whose content is not known
				}
				old, had := s.fdLookup(0)
				s.setFD(0, fdVal{kind: fdPipe})
				err := a.stmt(c.Y, s)
				if had {
					s.setFD(0, old)
				} else {
					s.unsetFD(0)
				}
				return err
			})
		}
	case *syntax.IfClause:
		return "", a.nested(sc, func(s *scope) error { return a.ifClause(c, s) })
	case *syntax.WhileClause:
		return "", a.branch(sc, func(s *scope) error {
			return a.loopIter(s, func() error {
				return a.loopBody(func() error {
					if err := a.condition(c.Cond, s); err != nil {
						return err
					}
					return a.stmts(c.Do, s)
				})
			})
		})
	case *syntax.ForClause:
		if c.Select {
			// a menu that may never run its body (selectloop.go)
			in := a.selectIn
			a.selectIn = nil
			return "", a.nested(sc, func(s *scope) error { return a.selectLoop(c, s, in) })
		}
		// a loop over known items, one of them no glob (that may match
		// nothing under nullglob), runs its body at least once: the first
		// item's state flows on (red-team round 23, #6)
		sure := false
		return "", a.branchOrSure(sc, &sure, func(s *scope) error {
			switch l := c.Loop.(type) {
			case *syntax.WordIter:
				// every reading's items (set +B, set -f: expandopts.go)
				fs, first, err := a.itemFields(l.Items, s)
				if err != nil {
					return err
				}
				for _, f := range fs {
					// a glob lists directories; an item that is a mere
					// word (even one not known statically, like the
					// words of $(seq 3), which expand as an echo's
					// arguments do) reads nothing: the body's uses of
					// the loop's variable are judged where they are
					if f.glob {
						a.path(s, kRead, f, "for", "loop item")
					}
				}
				if l.Name != nil {
					s.setVar(l.Name.Value, "", false)
					a.assignExported(l.Name.Value, "", false, false)
					for _, f := range fs {
						// each item is assigned in turn (shellvars.go)
						if err := a.varWrite(s, "for", field{s: l.Name.Value}, svVal{f.s, !f.dyn && !f.glob}); err != nil {
							return err
						}
					}
					if len(fs) != 1 {
						s.setVar(l.Name.Value, "", false) // any of them
					}
					if a.unrollable(fs) {
						// (bash fails a loop over a readonly name before
						// its body runs: then it may not run)
						sure = slices.ContainsFunc(fs[:first], func(f field) bool { return !f.glob }) && s.ro[l.Name.Value] == roNo
						outer := a.jumped
						defer a.endJumps(outer, jumpLoop) // break and continue end here (inshell.go)
						a.jumped = 0
						return a.unroll(l.Name.Value, fs, c.Do, s)
					}
				}
			case *syntax.CStyleLoop:
				for _, x := range []syntax.ArithmExpr{l.Init, l.Cond, l.Post} {
					if err := a.arith(x, s); err != nil {
						return err
					}
				}
			}
			return a.loopIter(s, func() error { return a.loopBody(func() error { return a.stmts(c.Do, s) }) })
		})
	case *syntax.CaseClause:
		return "", a.nested(sc, func(s *scope) error {
			if _, err := a.wordFields(c.Word, s, false); err != nil {
				return err
			}
			for _, it := range c.Items {
				if _, err := a.fields(it.Patterns, s, false); err != nil {
					return err
				}
				it := it
				if err := a.branch(s, func(b *scope) error { return a.stmts(it.Stmts, b) }); err != nil {
					return err
				}
			}
			return nil
		})
	case *syntax.FuncDecl:
		if misparsedDef(c) {
			// a shape fixFuncDefs left as parsed (funcparse.go)
			a.opaque("function", "a function definition followed by a list or pipeline the analysis cannot re-read as bash does")
		}
		if c.Name != nil {
			a.defineFunc(sc, c.Name.Value, c.Body, sc.src)
			if selfSpawning(c.Name.Value, c.Body) {
				a.opaque(c.Name.Value, "the function "+c.Name.Value+" starts copies of itself in the background or a pipeline (a fork bomb exhausts the machine's processes)")
			}
		}
		// the names the body binds are bound again by each call
		names, err := a.funcBinds(sc, func() error { // varstore.go
			return a.isolated(sc, func(s *scope) error {
				s.funcBody = true
				s.setArgs(nil, false) // called with any arguments
				if err := a.stmt(c.Body, s); err != nil {
					return err
				}
				return a.fireTraps(s, "trap (as a function returns)") // traps.go
			})
		})
		if c.Name != nil {
			if fn, ok := sc.funcs[c.Name.Value]; ok && fn.body == c.Body {
				fn.binds = names
				sc.setFunc(c.Name.Value, fn)
			}
		}
		return "", err
	case *syntax.ArithmCmd:
		if sc.noArith { // shdialects.go
			if err := a.dashArith(c, sc); err != nil {
				return "", err
			}
		}
		return "", a.arith(c.X, sc)
	case *syntax.LetClause:
		for _, x := range c.Exprs {
			if err := a.arith(x, sc); err != nil {
				return "", err
			}
		}
		return "", nil
	case *syntax.TestClause:
		return "", a.test(c.X, sc)
	case *syntax.DeclClause:
		if foreignDialect(sc.dialect) {
			a.foreignDecl(c, sc) // foreigndialect.go
		}
		return a.decl(c, sc)
	case *syntax.TimeClause:
		// time runs its pipeline in this shell: its state flows back
		return "", a.nested(sc, func(s *scope) error {
			s.via = append(append([]string(nil), s.via...), "time")
			return a.stmt(c.Stmt, s)
		})
	case *syntax.CoprocClause:
		a.noteLoudJob(sc) // keptwrapper.go: its descriptor 2 is the line's
		return "", a.isolated(sc.withVia("coproc"), noKeep(func(s *scope) error { return a.stmt(c.Stmt, s) }))
	case *syntax.TestDecl:
		return "", a.isolated(sc, func(s *scope) error { return a.stmt(c.Body, s) })
	}
	return "", fmt.Errorf("shell: unsupported command node %T", cmd)
}

func (a *analyzer) test(x syntax.TestExpr, sc *scope) error {
	switch t := x.(type) {
	case *syntax.BinaryTest:
		if arithTestOp(t.Op) {
			if err := a.arithOperand(t.X, sc); err != nil {
				return err
			}
			return a.arithOperand(t.Y, sc)
		}
		if err := a.test(t.X, sc); err != nil {
			return err
		}
		return a.test(t.Y, sc)
	case *syntax.UnaryTest:
		if w, ok := t.X.(*syntax.Word); ok && (t.Op == syntax.TsVarSet || t.Op == syntax.TsRefVar) {
			f, err := a.oneField(w, sc)
			if err != nil {
				return err
			}
			return a.varNameArg(f, sc)
		}
		return a.test(t.X, sc)
	case *syntax.ParenTest:
		return a.test(t.X, sc)
	case *syntax.Word:
		_, err := a.wordFields(t, sc, false)
		return err
	}
	return nil
}

func (a *analyzer) arith(x syntax.ArithmExpr, sc *scope) error {
	switch t := x.(type) {
	case nil:
		return nil
	case *syntax.BinaryArithm:
		if err := a.arith(t.X, sc); err != nil {
			return err
		}
		if isArithAssign(t.Op) {
			if err := a.arithAssign(t.X, sc); err != nil { // shellvars.go
				return err
			}
		}
		return a.arith(t.Y, sc)
	case *syntax.UnaryArithm:
		if t.Op == syntax.Inc || t.Op == syntax.Dec {
			if err := a.arithAssign(t.X, sc); err != nil {
				return err
			}
		}
		return a.arith(t.X, sc)
	case *syntax.ParenArithm:
		return a.arith(t.X, sc)
	case *syntax.FlagsArithm:
		return a.arith(t.X, sc)
	case *syntax.Word:
		if lit := t.Lit(); lit != "" {
			if validName(lit) {
				a.envRef(sc, lit)
				return a.arithName(lit, sc)
			}
			return nil
		}
		// an expansion's result is evaluated as an expression in turn
		f, err := a.oneField(t, sc)
		if err != nil || f.dyn {
			return err
		}
		return a.arithText(f.s, sc)
	}
	return nil
}
