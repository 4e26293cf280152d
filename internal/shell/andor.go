package shell

import "mvdan.cc/sh/v3/syntax"

// And-or lists (red-team round 23, #20). In X && Y, Y runs only when X
// succeeds; in X || Y only when X fails. X is anything (a test, grep -q,
// cd, mkdir): whether it succeeds is not known, so Y runs maybe, and the
// state after the list is one of the states the list may end in: after
// its first operand (always run), and after each later one that ran. An
// operand that surely succeeds (true, :, an assignment without a
// substitution) or surely fails (false, ! true) decides statically:
// the operands it makes run are walked in line, the ones it makes never
// run are judged and their state dropped (as what follows a return).
// Inside the list an operand runs in the state its predecessors left on
// success (cd src && go test ./...: the test runs in src/), so the
// everyday forms keep a known cwd where they act; after the list the
// cwd is one of two (cwdalts.go).

// andOrOps flattens the left-nested chain of c's operator (X op Y op Z
// is (X op Y) op Z) into its operands.
func andOrOps(c *syntax.BinaryCmd) []*syntax.Stmt {
	var ops []*syntax.Stmt
	x := c
	for {
		ops = append(ops, x.Y)
		inner, ok := x.X.Cmd.(*syntax.BinaryCmd)
		if !ok || inner.Op != c.Op || !plainListStmt(x.X) {
			ops = append(ops, x.X)
			break
		}
		x = inner
	}
	for i, j := 0, len(ops)-1; i < j; i, j = i+1, j-1 {
		ops[i], ops[j] = ops[j], ops[i]
	}
	return ops
}

// plainListStmt reports whether s is only its command: not negated, not
// in the background, no redirections (which would apply to the whole of
// a nested list).
func plainListStmt(s *syntax.Stmt) bool {
	return !s.Negated && !s.Background && !s.Coprocess && !s.Disown && len(s.Redirs) == 0
}

// andOr walks the and-or list c (&& or ||) in sc.
func (a *analyzer) andOr(c *syntax.BinaryCmd, sc *scope) error {
	ops := andOrOps(c)
	// the status that makes the next operand run
	runsNext := statusOK
	if c.Op == syntax.OrStmt {
		runsNext = statusFail
	}
	// the list runs in this shell: walked in sc itself, one level deeper
	if sc.nest >= MaxNesting {
		return limitErr("more than %d levels of nesting", MaxNesting)
	}
	sc.nest++
	defer func() { sc.nest-- }()
	// operands walked in sc while the one before surely lets the next
	// run: sc is then the state the list goes on from
	i := 0
	var fail *cwdState // a cd's failure state where it may fail (cdfail.go)
	for ; i < len(ops); i++ {
		j0 := a.jumped
		if err := a.stmt(ops[i], sc); err != nil {
			return err
		}
		if i+1 == len(ops) {
			continue // a pending failure state is settled after the list
		}
		var st int
		st, fail = a.opOutcome(ops[i], sc)
		st = jumpedStatus(st, runsNext, a.jumped&^j0)
		if st == runsNext {
			if fail != nil {
				sc.setDirState(fail) // a cd that surely failed: || goes on
			}
			continue
		}
		if st != statusUnknown { // the rest never runs
			// judged where the cd would have gone, in case it does
			err := a.isolated(sc, func(b *scope) error { return a.stmts(ops[i+1:], b) })
			if fail != nil {
				sc.setDirState(fail)
			}
			return err
		}
		break
	}
	if i+1 >= len(ops) {
		return nil
	}
	// the list may end after ops[i] (sc) or after any later operand that
	// ran: b goes on as the operands succeed, merged into sc after each
	// one after which the list may end
	b := a.child(sc)
	b.nest++
	endsIn(sc, b, fail, runsNext)
	for j := i + 1; j < len(ops); j++ {
		j0 := a.jumped
		if err := a.stmt(ops[j], b); err != nil {
			return err
		}
		if j+1 == len(ops) {
			sc.merge(b)
			break
		}
		st, fail := a.opOutcome(ops[j], b)
		st = jumpedStatus(st, runsNext, a.jumped&^j0)
		if st == runsNext {
			if fail != nil {
				b.setDirState(fail) // a cd that surely failed: || goes on
			}
			continue // the list cannot end here
		}
		if st != statusUnknown {
			// the rest never runs: judged where the cd would have gone
			err := a.isolated(b, func(r *scope) error { return a.stmts(ops[j+1:], r) })
			if fail != nil {
				b.setDirState(fail)
			}
			sc.mergeGoingOn(b)
			return err
		}
		if fail == nil {
			sc.mergeGoingOn(b)
		} else {
			// the list ends in one of the cd's states and goes on in
			// the other
			end := a.child(b)
			endsIn(end, b, fail, runsNext)
			sc.mergeGoingOn(end)
		}
	}
	return nil
}

// opOutcome is the exit status op, just walked in s, surely has, and,
// where op is a cd that may fail, its failure state (cdfail.go): a cd
// that surely failed fails, with f to move s to once what it guards is
// judged where the cd would have gone. A pending
// failure state of anything else is settled in s (either state).
func (a *analyzer) opOutcome(op *syntax.Stmt, s *scope) (int, *cwdState) {
	f := s.cdFail
	if f == nil || op.Negated || !lastCd(op) {
		s.settleFail()
		return a.sureStatus(op, s), nil
	}
	s.cdFail = nil
	if f.sure {
		return statusFail, f // the caller moves s to f
	}
	return statusUnknown, f
}

// jumpedStatus is the status st of an operand that may have jumped
// (jumps: a readonly assignment or an expansion error discarding the
// rest of the line, a return in a function it calls): the next operand
// then runs at most maybe (readonly x; x=1 && cd src never reaches cd).
func jumpedStatus(st, runsNext int, jumps uint16) int {
	if jumps != 0 && st == runsNext {
		return statusUnknown
	}
	return st
}

// endsIn splits the states of a cd that may fail (fail: its failure
// state) between end, the state the list may end in, and on, the state
// the list goes on in: for && the list goes on where the cd succeeded
// and ends where it failed; for || the reverse.
func endsIn(end, on *scope, fail *cwdState, runsNext int) {
	if fail == nil {
		return
	}
	if runsNext == statusOK {
		end.setDirState(fail)
		return
	}
	on.setDirState(fail)
}

// Statically known exit statuses.
const (
	statusUnknown = iota
	statusOK
	statusFail
)

// sureStatus is the exit status s surely has in sc, after it was walked:
// true and : succeed, false fails, an assignment alone without a command
// substitution succeeds, ! flips; anything else (a test, a program, a
// function, a builtin that may fail, a redirection that may fail) is not
// known. A name the line defined as a function or alias is not known.
func (a *analyzer) sureStatus(s *syntax.Stmt, sc *scope) int {
	if s == nil || s.Background || s.Coprocess || s.Disown || len(s.Redirs) > 0 {
		return statusUnknown
	}
	st := statusUnknown
	switch c := s.Cmd.(type) {
	case *syntax.FuncDecl:
		// a definition succeeds (f() { :; } && cd ..), but not of a
		// readonly function (readonly -f f; f() { :; } && cd src: the
		// cd never runs; red-team round 25, #5)
		switch sc.funcs[c.Name.Value].ro {
		case roNo:
			st = statusOK
		case roSure:
			st = statusFail
		}
	case *syntax.BinaryCmd:
		// a pipeline of parts that all surely succeed succeeds, with or
		// without pipefail (true | f() { :; })
		if (c.Op == syntax.Pipe || c.Op == syntax.PipeAll) && a.sureStatus(c.X, sc) == statusOK && a.sureStatus(c.Y, sc) == statusOK {
			st = statusOK
		}
	}
	if c, ok := s.Cmd.(*syntax.CallExpr); ok {
		switch {
		case len(c.Args) == 0 && len(c.Assigns) > 0 && !assignsSubst(c.Assigns):
			st = statusOK
		case len(c.Args) > 0 && len(c.Assigns) == 0:
			name := c.Args[0].Lit()
			if _, isFunc := sc.funcs[name]; isFunc || len(a.renames) > 0 {
				break
			}
			switch name {
			case "true", ":":
				st = statusOK
			case "false":
				st = statusFail
			}
		}
	}
	if s.Negated && st != statusUnknown {
		st = statusOK + statusFail - st
	}
	return st
}

// assignsSubst reports whether an assignment's value holds a command
// substitution (whose status becomes the assignment's) or an arithmetic
// expansion (which may fail).
func assignsSubst(as []*syntax.Assign) bool {
	found := false
	for _, x := range as {
		syntax.Walk(x, func(n syntax.Node) bool {
			switch n.(type) {
			case *syntax.CmdSubst, *syntax.ArithmExp, *syntax.ProcSubst, *syntax.ParamExp:
				found = true
			}
			return !found
		})
	}
	return found
}

// ifClause walks if COND; then …; elif COND2; then …; else …; fi in sc:
// the first condition always runs, its then-part maybe; an elif's
// condition and the else-part run only when the conditions before
// failed, so they are a branch too (if true; then :; elif cd src; then
// :; fi leaves the cwd where it was).
func (a *analyzer) ifClause(cl *syntax.IfClause, sc *scope) error {
	if err := a.condition(cl.Cond, sc); err != nil {
		return err
	}
	if err := a.branch(sc, func(b *scope) error { return a.stmts(cl.Then, b) }); err != nil {
		return err
	}
	if cl.Else == nil {
		return nil
	}
	return a.branch(sc, func(b *scope) error { return a.ifClause(cl.Else, b) })
}

// mergeGoingOn merges b into sc where b goes on after the merge (the
// rest of an and-or list): merge marks the variables that differ bound
// again line-wide, which would make b's own values of them read as not
// known (varstore.go); b's are its own, so they are noted again after.
func (sc *scope) mergeGoingOn(b *scope) {
	var diff []string
	for k, v := range b.vars {
		if o, ok := sc.vars[k]; !ok || o != v {
			diff = append(diff, k)
		}
	}
	sc.merge(b)
	if b.log == nil {
		return
	}
	for _, k := range diff {
		v := b.vars[k]
		v.seq = b.log.note(k)
		b.vars[k] = v
	}
}
