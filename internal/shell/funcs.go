package shell

import (
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Functions the line defines. A function's body is analysed where it is
// defined, with its arguments not known; each call analyses the body
// again, in the caller's state with its arguments as $1… (f() { "$@"; };
// f rm -rf ~ runs rm -rf ~) and its prefix assignments in force (HOME=X
// f), and what the body changes in the shell flows back to the caller
// (red-team round 21, #8: inshell.go).

// funcDef is a function the line defines.
type funcDef struct {
	body *syntax.Stmt
	src  string // the text the body was parsed from
	// binds are the names the body binds (varstore.go)
	binds []string
	// maybe: the function may not be defined here (defined in a branch,
	// unset in one, unset NAME that may have removed a variable): a call
	// is judged as the function and as the program
	maybe bool
	// mixed: branches defined it with different bodies: a call is opaque
	mixed bool
	// ro: readonly -f: a later definition or unset -f fails (readonly.go)
	ro uint8
	// exported: export -f, declare -fx: a bash child imports it
	// (childenv.go); expMaybe where a branch did not export it
	exported uint8
}

// funcTable is the functions defined in a scope. It is shared by the
// copies of a scope and copied when one changes it (setFunc).
type funcTable map[string]funcDef

// setFunc defines (or, with fn.body nil, removes) name in sc's table,
// copying the table first: other scopes may share it.
func (sc *scope) setFunc(name string, fn funcDef) {
	t := make(funcTable, len(sc.funcs)+1)
	for k, v := range sc.funcs {
		t[k] = v
	}
	if fn.body == nil {
		delete(t, name)
	} else {
		t[name] = fn
	}
	sc.funcs = t
}

// mergeFuncs folds b's functions into sc's: a name defined in only one,
// or differently, may be a function (maybe); different bodies are mixed.
func (sc *scope) mergeFuncs(b *scope) {
	if sameFuncs(sc.funcs, b.funcs) {
		return
	}
	t := make(funcTable, len(sc.funcs)+len(b.funcs))
	for k, v := range sc.funcs {
		o, ok := b.funcs[k]
		switch {
		case !ok:
			v.maybe = true
		case o.body != v.body:
			v.maybe, v.mixed = v.maybe || o.maybe, true
		default:
			v.maybe, v.mixed = v.maybe || o.maybe, v.mixed || o.mixed
		}
		if v.ro != o.ro {
			v.ro = roMaybe
		}
		if !ok || v.exported != o.exported {
			v.exported = min(max(v.exported, o.exported), expMaybe)
		}
		t[k] = v
	}
	for k, v := range b.funcs {
		if _, ok := sc.funcs[k]; !ok {
			v.maybe, v.exported = true, min(v.exported, expMaybe)
			if v.ro != roNo {
				v.ro = roMaybe
			}
			t[k] = v
		}
	}
	sc.funcs = t
}

// sameFuncs reports whether two function tables are the same.
func sameFuncs(x, y funcTable) bool {
	if len(x) != len(y) {
		return false
	}
	for k, v := range x {
		o, ok := y[k]
		if !ok || o.body != v.body || o.maybe != v.maybe || o.mixed != v.mixed || o.ro != v.ro || o.exported != v.exported {
			return false
		}
	}
	return true
}

// unsetFunc applies unset to name: -f removes the function, a plain
// unset removes it only when there is no variable of that name, which
// the analysis does not know (the environment): maybe. A name not known
// makes every function maybe.
func (sc *scope) unsetFunc(f field, fOpt bool) {
	if f.dyn {
		for k, v := range sc.funcs {
			v.maybe = true
			sc.setFunc(k, v)
		}
		return
	}
	fn, ok := sc.funcs[f.s]
	switch {
	case !ok || fn.ro == roSure: // unset -f of a readonly function fails
	case fOpt && fn.ro == roNo:
		sc.setFunc(f.s, funcDef{})
	default:
		fn.maybe = true
		sc.setFunc(f.s, fn)
	}
}

// maxFuncCalls bounds nested calls analysed with their arguments.
const maxFuncCalls = 4

func (a *analyzer) defineFunc(sc *scope, name string, body *syntax.Stmt, src string) {
	a.funcDefs++
	sc.keep("defines the function " + name) // keptstate.go
	switch old := sc.funcs[name]; old.ro {
	case roSure:
		return // a readonly function: the definition fails (readonly.go)
	case roMaybe:
		// it may fail: the old body or the new one
		old.mixed = old.mixed || old.body != body
		if sc.allExport > old.exported {
			old.exported = expMaybe // set -a's export, if it did not fail
		}
		sc.setFunc(name, old)
		return
	}
	// a function defined again keeps its export attribute (bash); set -a
	// exports one defined while it is on (allexport.go)
	sc.setFunc(name, funcDef{body: body, src: src, exported: max(sc.funcs[name].exported, sc.allExport)})
}

// callFunc analyses a call of a function the line defines. The body runs
// in the caller's shell: it is walked again at each call, in the caller's
// state, and the state it leaves (cwd, directory stack, options,
// descriptors, variables) flows back, but for the positional parameters,
// which are the caller's again (inshell.go). Past maxFuncCalls nested
// calls (a function that calls itself) the body is not walked again: the
// call is opaque and what it may change is not known after it.
func (c *cmd) callFunc() (bool, error) {
	fn, ok := c.sc.funcs[c.name]
	if !ok || c.prog != c.name || c.noFunc {
		return false, nil
	}
	if fn.mixed {
		c.opaque("a function defined differently in branches of the line")
		return false, nil
	}
	if posixSpecialBuiltins[c.name] {
		// POSIX mode finds the special builtins before functions (red-team
		// round 23, #4): eval() { :; }; set -o posix; eval CODE runs CODE
		switch c.a.posixMode(c.sc) { // posixspecial.go
		case posixOn:
			return false, nil
		case posixMaybe:
			fn.maybe = true // the builtin, or the function
		}
	}
	defer c.sc.rebind(fn.binds) // varstore.go
	fails, mayFail := c.funcNest()
	if fails {
		// deeper than FUNCNEST: the call fails, and bash discards the rest
		// of the input line (red-team round 23, #9)
		c.a.jumped |= jumpLine
		for i := range c.args {
			c.skip[i] = !fn.maybe
		}
		return !fn.maybe, nil
	}
	if mayFail {
		fn.maybe = true // what the call changes may not happen
		defer func() { c.a.jumped |= jumpLine }()
	}
	if c.a.funcCall >= maxFuncCalls {
		// past the bound the body is not walked: what it runs, and where,
		// is not known (a function that climbs with cd .. and calls
		// itself reads at its sixth level in ~): opaque, never the
		// program of that name (red-team round 23, #1)
		c.opaque("function calls nest deeper than the analysis follows (" + c.name + " calls itself): what the deeper calls run is not known")
		c.sc.unknownState()
		for i := range c.args {
			c.skip[i] = !fn.maybe
		}
		return !fn.maybe, nil
	}
	sub := *c.sc
	sub.src = fn.src
	sub.funcBody = true
	sub.nest = 0
	args := make([]string, len(c.args))
	known := true
	for i, f := range c.args {
		args[i] = f.s
		known = known && !f.dyn && !f.glob && !strings.Contains(f.s, "\x00")
		c.skip[i] = !fn.maybe // a maybe-function's call is the program's too
	}
	sub.setArgs(args, known)
	sub.via = append(append([]string(nil), c.sc.via...), c.name+"()")
	if len(sub.vars) > 0 {
		sub.vars = c.a.child(&sub).vars
	}
	if !fn.maybe {
		c.a.noteFuncRec(c) // not a program that may make a directory (cdfail.go)
	}
	c.a.funcCall++
	defer func() { c.a.funcCall-- }()
	outer := c.a.jumped
	c.a.jumped = 0
	err := c.a.stmt(fn.body, &sub)
	c.a.endJumps(outer, jumpLoop|jumpReturn) // its return ends here
	if err != nil {
		return true, err
	}
	// the traps in force fire as it returns, its locals in force (traps.go)
	if err := c.a.fireTraps(&sub, "trap (as a function returns)"); err != nil {
		return true, err
	}
	args, argsKnown := c.sc.args, c.sc.argsKnown
	sub.args, sub.argsKnown = args, argsKnown
	sub.locals = c.sc.locals // its locals end with it (locals.go)
	// and their attributes (varattrs.go)
	sub.attrs = endCallAttrs(c.sc.attrs, sub.attrs)
	if fn.maybe {
		// it may be the program: judged as both, the program's effects
		// in a branch of their own (a builtin cd after a maybe-function
		// cd moves the cwd maybe: red-team round 23, #21), merged with
		// the function's at the command's end (commands.go simple)
		c.asFunc = &sub
		return false, nil
	}
	c.sc.flowFrom(&sub)
	return true, nil
}

// unknownState makes the state code the analysis does not follow may
// change in this shell not known: the cwd, the directory stack, OLDPWD,
// POSIX mode (glob options set in a function body are taken to be on for
// the rest of the line already: enableGlobs).
func (sc *scope) unknownState() {
	sc.cwdKnown, sc.cwdMaybe, sc.cwdAlts, sc.homeCwd = false, nil, nil, ""
	sc.stackLost, sc.oldpwd = true, ""
	sc.posix = max(sc.posix, posixMaybe)
}

// funcNest says whether bash's FUNCNEST makes this call fail: a call
// deeper than FUNCNEST (a positive number) fails with "maximum function
// nesting level exceeded" and the rest of the input line is discarded
// (red-team round 23, #9). mayFail: FUNCNEST is bound, or may be, to a
// value not known (or not a number), so the call may fail.
func (c *cmd) funcNest() (fails, mayFail bool) {
	v, ok := c.a.envOrVar(c.sc, "FUNCNEST")
	switch {
	case !ok:
		return false, c.sc.log.since("FUNCNEST", 0) // bound where the analysis keeps scopes apart
	case !v.known:
		return false, true
	}
	t := strings.TrimSpace(v.val)
	if t == "" {
		return false, false // bash: no limit
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		return false, true
	}
	return n > 0 && c.a.funcCall+1 > n, false
}
