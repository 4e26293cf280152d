package shell

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Where nested code runs (red-team round 21, #7-#10). Every analysis of
// code nested in the line says which of three it is, because the shell
// state it changes (the cwd, OLDPWD, the directory stack, shell and glob
// options, descriptors, variables, positional parameters, $_, POSIX mode)
// reaches the commands after it or not:
//
//   - in a child (a subshell, a pipeline side, $( ), coproc, &, another
//     shell or program): nothing flows back. isolated, reparse. A NEW
//     process (another shell or program) also starts from the exported
//     environment only, not from this shell's state: newProcess
//     (childenv.go; red-team round 23, #15-#18).
//   - in this shell, now ({ }, time, && and ||, if's condition, eval,
//     . FILE and source, a function call, ksh/mksh/bash 5.3 ${ …; }, a
//     builtin behind command or builtin): everything flows back. nested,
//     reparseHere, scope.flowFrom.
//   - in this shell, but maybe not, or at a point not known (a branch, a
//     loop body, the rest of a list after return/break/continue, mapfile
//     -C's callback, compgen -F, a trap's handler): merged as a branch,
//     state that may differ becoming not known. branch, reparseMaybe,
//     scope.merge.
//
// A trap other than EXIT fires at points the analysis does not know
// (DEBUG before every simple command, ERR after a failure, RETURN after
// a function or . FILE, a signal the line sends itself): a handler that
// changes the state is merged into the state before every later
// statement (trapsBefore), so a cd in it makes the cwd not known, or one
// of two, where it matters.

// where says where code nested in the line runs.
type where uint8

const (
	runChild where = iota // a child: nothing flows back
	runHere               // this shell, now: everything flows back
)

// reparseAt analyses code that c runs where w says: in this shell, or
// in a new process that starts from the exported environment
// (childenv.go).
func (c *cmd) reparseAt(code string, sc *scope, via string, w where) error {
	if w == runHere {
		return c.a.reparseHere(code, sc, via)
	}
	child := c.newProcess(sc)
	if c.prompts {
		if err := c.a.promptCommand(child); err != nil { // childenv.go
			return err
		}
	}
	return c.a.reparse(code, child, via, false)
}

// reparseIn analyses code in a child copy of sc that runs in this shell
// and returns that copy's state at the end, for the caller to flow back
// (reparseHere) or merge (reparseMaybe).
func (a *analyzer) reparseIn(code string, sc *scope, via string) (*scope, error) {
	c := a.child(sc).withVia(via)
	c.reparse++
	if err := a.parseAndWalk(code, c); err != nil {
		return nil, err
	}
	return c, nil
}

// reparseHere analyses code that runs in this shell now (eval, . FILE):
// its state flows back into sc.
func (a *analyzer) reparseHere(code string, sc *scope, via string) error {
	c, err := a.reparseIn(code, sc, via)
	if err == nil {
		sc.flowFrom(c)
	}
	return err
}

// reparseMaybe analyses code that runs in this shell maybe, or at a
// point not known (mapfile -C, compgen -F): its state is merged into sc.
func (a *analyzer) reparseMaybe(code string, sc *scope, via string) error {
	c, err := a.reparseIn(code, sc, via)
	if err == nil {
		sc.merge(c)
	}
	return err
}

// Jumps: return, break and continue leave the rest of the list they are
// in, and of the lists around it up to the function, sourced file or loop
// they end: what follows them may not run. analyzer.jumped holds the
// kinds of jump the statement just walked may take; stmts walks the rest
// of its list as a branch after one (walk.go).
const (
	jumpLoop   uint16 = 1 << iota // break, continue: up to the loop
	jumpReturn                    // return: up to the function or . FILE
	// jumpLine: bash discards the rest of the input line (an assignment
	// to a readonly variable, a call deeper than FUNCNEST, an expansion
	// error: discard.go): up to the top level of the line, of eval's
	// text, of a sourced file or of another shell's code, whose next
	// line runs; a subshell's ends with it (red-team round 23, #8, #9;
	// round 25, #3, #4)
	jumpLine
)

// jumpDepth is where break N and continue N keep how many loops past the
// innermost they leave (N-1; every bit when N is not known): the bits
// above the kinds, ORed, so more levels are assumed, never fewer.
const jumpDepth = 8

// jumpOf returns the kind of jump a command named name makes with its
// arguments (break 2 leaves two loops).
func jumpOf(name string, args []field) uint16 {
	switch name {
	case "break", "continue":
		if len(args) == 0 {
			return jumpLoop
		}
		n, err := strconv.Atoi(args[0].s)
		if args[0].dyn || err != nil || n > 0xff {
			return jumpLoop | 0xff<<jumpDepth
		}
		if n < 1 {
			n = 1
		}
		return jumpLoop | uint16(n-1)<<jumpDepth
	case "return":
		return jumpReturn
	}
	return 0
}

// sureJump reports whether s is a jump itself (not one behind && or in
// a branch): what follows it in its list does not run.
func sureJump(s *syntax.Stmt) bool {
	c, ok := s.Cmd.(*syntax.CallExpr)
	return ok && !s.Background && !s.Coprocess && !s.Negated && len(c.Args) > 0 && jumpOf(c.Args[0].Lit(), nil) != 0
}

// endJumps ends the jumps of kind k where their target ends (a loop, a
// function's body, a sourced file), restoring the ones of the code around.
// A loop ends break N and continue N only when N is 1: a deeper one goes
// on to the enclosing loop, one level less (red-team round 22, #4).
func (a *analyzer) endJumps(outer, k uint16) {
	j := a.jumped
	if k == jumpLoop && j&jumpLoop != 0 && j>>jumpDepth > 0 {
		a.jumped = (j>>jumpDepth-1)<<jumpDepth | j&(1<<jumpDepth-1) | outer
		return
	}
	a.jumped = j&(1<<jumpDepth-1)&^k | outer
}

// maxLoopPasses bounds the walks of a loop's body.
const maxLoopPasses = 3

// loopIter walks a loop's body (walk) in s, a branch: a pass starts in the
// state the one before left, so the body is walked again from the merge
// of the states before and after a pass, until a pass changes nothing
// the analysis tracks (sameState: the cwd, variables, options,
// functions, …; red-team round 22, #5): a variable the body binds late
// reaches its earlier statements (x=a; while …; do cat $x; x=.env; done).
// Past maxLoopPasses, what may still change is made not known.
func (a *analyzer) loopIter(s *scope, walk func() error) error {
	outer := a.jumped
	a.jumped = 0
	defer a.endJumps(outer, jumpLoop)
	for pass := 0; ; pass++ {
		start := *s
		if len(s.vars) > 0 {
			start.vars = a.copyVars(s.vars)
		}
		if err := walk(); err != nil {
			return err
		}
		if sameLoopState(s, &start) {
			return nil
		}
		s.merge(&start)
		if pass+1 >= maxLoopPasses {
			s.unknownState()
			for k := range s.vars {
				s.forgetVar(k)
			}
			return nil
		}
	}
}

// sameCwd reports whether a and b are in the same directory state.
func sameCwd(a, b *scope) bool {
	return a.cwd == b.cwd && a.cwdKnown == b.cwdKnown && slices.Equal(a.cwdMaybe, b.cwdMaybe) &&
		slices.Equal(a.cwdAlts, b.cwdAlts) && a.homeCwd == b.homeCwd &&
		slices.Equal(a.pushed, b.pushed) && a.stackLost == b.stackLost && a.oldpwd == b.oldpwd && slices.Equal(a.made, b.made)
}

// sameState reports whether running code took sc to state b with no
// change the analysis tracks.
func sameState(sc, b *scope) bool {
	if !sameCwd(sc, b) || sc.globs != b.globs || sc.fds != b.fds || sc.posix != b.posix ||
		sc.argsKnown != b.argsKnown || !slices.Equal(sc.args, b.args) || len(sc.vars) != len(b.vars) ||
		sc.zopts != b.zopts || sc.dialect != b.dialect || sc.noArith != b.noArith || !sameFuncs(sc.funcs, b.funcs) || !sameRO(sc.ro, b.ro) || !maps.Equal(sc.attrs, b.attrs) ||
		!maps.Equal(sc.locals, b.locals) || !sameExported(sc.exp, b.exp) || sc.allExport != b.allExport {
		return false
	}
	for k, v := range b.vars {
		if o, ok := sc.vars[k]; !ok || o != v {
			return false
		}
	}
	return true
}

// sameLoopState is sameState for a loop's passes: a variable bound again
// to what it was is the same, and so is $_.
func sameLoopState(sc, b *scope) bool {
	x, y := *sc, *b
	x.vars, y.vars = nil, nil
	if !sameState(&x, &y) || len(sc.vars) != len(b.vars) || sc.last != b.last || sc.lastKnown != b.lastKnown {
		return false
	}
	for k, v := range b.vars {
		o, ok := sc.vars[k]
		if !ok || o.val != v.val || o.known != v.known || o.glob != v.glob || o.elems != v.elems || o.exp != v.exp {
			return false
		}
	}
	return true
}

// cwdCandidates returns the directories s may be in: its cwd when known,
// its cwd and cwdMaybe when that is all it may be, nil when not known.
func cwdCandidates(s *scope) []string {
	switch {
	case s.cwdKnown:
		return []string{s.cwd}
	case len(s.cwdMaybe) > 0 && s.cwd != "" && len(s.cwdAlts) == 0:
		return append([]string{s.cwd}, s.cwdMaybe...)
	}
	return nil
}

// mergeCwd folds b's directory into sc's: one of at most two known
// directories stays so (cwdalts.go); more, or one not known, is not known
// (and in any directory, unless both are below the same cwdAlts).
func (sc *scope) mergeCwd(b *scope) {
	if b.cwd == sc.cwd && b.cwdKnown == sc.cwdKnown && slices.Equal(b.cwdMaybe, sc.cwdMaybe) {
		return
	}
	x, y := cwdCandidates(sc), cwdCandidates(b)
	if x != nil && y != nil {
		u := slices.Clone(x)
		for _, d := range y {
			if !slices.Contains(u, d) {
				u = append(u, d)
			}
		}
		switch {
		case len(u) == 1:
			sc.cwd, sc.cwdKnown, sc.cwdMaybe = u[0], true, nil
			return
		case len(u) == 2 && b.cwd != "":
			sc.cwd, sc.cwdKnown, sc.cwdMaybe = u[0], false, u[1:2:2]
			return
		}
	}
	sc.cwdKnown = false
	sc.cwdMaybe = nil
	if !slices.Equal(sc.cwdAlts, b.cwdAlts) {
		// below sc's alternatives or where b is: any directory (a
		// merge into a scope below a glob kept only the glob's)
		sc.cwdAlts = nil
	}
}

// trapStmt walks s with the traps that may fire before and after it.
func (a *analyzer) trapStmt(s *syntax.Stmt, sc *scope) error {
	if err := a.trapsBefore(sc, s); err != nil {
		return err
	}
	err := a.stmt1(s, sc)
	if err == nil && len(a.pendingWrites) > 0 {
		err = a.flushWrites(sc) // shellvars.go
	}
	if err != nil {
		return err
	}
	return a.trapsAfter(sc, s)
}

// trapsBefore folds into sc what the traps in force whose handlers
// change the state do when they fire before statement s: merged, as they
// may or may not fire there, but for DEBUG before a simple command
// outside a function body, where it does (flowed). A handler that did not
// change the state where it was set is tried again once the line defines
// functions or aliases it may call.
func (a *analyzer) trapsBefore(sc *scope, s *syntax.Stmt) error {
	if s != nil && simpleStmt(s) && a.globsOn(sc)&optExtDebug != 0 && a.debugTrap() {
		// with extdebug a DEBUG handler that returns non-zero skips the
		// command: any later command may not run (red-team round 22, #3)
		a.opaque("trap", "shopt -s extdebug with a DEBUG trap: the handler may skip any later command")
	}
	return a.trapsFire(sc, func(t *trapDef) (bool, bool) {
		if !t.anyPoint {
			return false, false
		}
		return true, t.sig == "DEBUG" && !sc.funcBody && s != nil && simpleStmt(s)
	}, "trap (fired before a later command)")
}

// debugTrap reports whether a DEBUG trap (or one of a signal not known)
// may be in force.
func (a *analyzer) debugTrap() bool {
	for _, t := range a.traps {
		if t.sig == "DEBUG" || t.sig == "" {
			return true
		}
	}
	return false
}

// trapsAfter flows into sc the ERR trap's handler after a statement that
// surely fails (false, outside a condition, not negated).
func (a *analyzer) trapsAfter(sc *scope, s *syntax.Stmt) error {
	if a.inCond > 0 || s.Negated || !surelyFails(s) {
		return nil
	}
	return a.trapsFire(sc, func(t *trapDef) (bool, bool) {
		return t.sig == "ERR", true
	}, "trap ERR (after a command that fails)")
}

// trapsFire analyses the traps fire selects in sc, flowing back or merging
// (fire's second result) the state of the ones that change it.
func (a *analyzer) trapsFire(sc *scope, fire func(*trapDef) (bool, bool), via string) error {
	if a.inTrap {
		return nil
	}
	a.inTrap = true
	defer func() { a.inTrap = false }()
	gen := a.defGen()
	for i := range a.traps {
		t := &a.traps[i]
		on, sure := fire(t)
		if !on || t.text.dyn || !t.moves && t.gen == gen {
			continue
		}
		end, err := a.reparseIn(t.text.s, sc, via)
		if err != nil {
			return err
		}
		t.gen = gen
		if !t.moves && sameState(sc, end) {
			continue
		}
		t.moves = true
		if sure {
			sc.flowFrom(end)
		} else {
			sc.merge(end)
		}
	}
	return nil
}

// simpleStmt reports whether s is a command bash's DEBUG trap fires
// before: a simple command, [[ ]], (( )), let, a declaration.
func simpleStmt(s *syntax.Stmt) bool {
	switch s.Cmd.(type) {
	case *syntax.CallExpr, *syntax.TestClause, *syntax.ArithmCmd, *syntax.LetClause, *syntax.DeclClause:
		return true
	}
	return false
}

// surelyFails reports whether s is a command that always fails (false).
func surelyFails(s *syntax.Stmt) bool {
	c, ok := s.Cmd.(*syntax.CallExpr)
	return ok && !s.Background && !s.Coprocess && len(c.Args) == 1 && c.Args[0].Lit() == "false"
}

// condition walks an if or while condition, where a failing command does
// not fire ERR.
func (a *analyzer) condition(list []*syntax.Stmt, sc *scope) error {
	a.inCond++
	defer func() { a.inCond-- }()
	return a.stmts(list, sc)
}

// defGen counts the definitions of functions and aliases so far.
func (a *analyzer) defGen() int32 {
	return a.funcDefs + int32(len(a.renames))
}

// funsub reports whether a command substitution runs in this shell:
// ksh93's, mksh's and bash 5.3's ${ …; } and ${| …; }.
func funsub(cs *syntax.CmdSubst) bool {
	return cs.TempFile || cs.ReplyVar
}

// argv0Bound reports whether the line bound BASH_ARGV0, which sets $0
// (bash): $0 is then not the shell's own name.
func (sc *scope) argv0Bound() bool {
	if _, ok := sc.cmdEnv["BASH_ARGV0"]; ok {
		return true
	}
	_, ok := sc.vars["BASH_ARGV0"]
	return ok || sc.log.since("BASH_ARGV0", 0)
}

// dollar0 is $0 in sc: BASH_ARGV0's value when the line bound it last in
// sc with a value known, not known when bound otherwise.
func (sc *scope) dollar0() (string, bool) {
	if sc.argv0Bound() {
		if v, ok := sc.cmdEnv["BASH_ARGV0"]; ok {
			return v.val, v.known && !strings.Contains(v.val, "\x00")
		}
		v, ok := sc.varEntry("BASH_ARGV0")
		return v.val, ok && v.known
	}
	return sc.arg0, sc.arg0Known
}
