package shell

import (
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
		if !ok || v.exported != o.exported {
			v.exported = min(max(v.exported, o.exported), expMaybe)
		}
		t[k] = v
	}
	for k, v := range b.funcs {
		if _, ok := sc.funcs[k]; !ok {
			v.maybe, v.exported = true, min(v.exported, expMaybe)
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
		if !ok || o.body != v.body || o.maybe != v.maybe || o.mixed != v.mixed || o.exported != v.exported {
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
	case !ok:
	case fOpt:
		sc.setFunc(f.s, funcDef{})
	default:
		fn.maybe = true
		sc.setFunc(f.s, fn)
	}
}

// maxFuncCalls bounds nested calls analysed with their arguments.
const maxFuncCalls = 4

func (a *analyzer) defineFunc(sc *scope, name string, body *syntax.Stmt, src string) {
	// a function defined again keeps its export attribute (bash)
	sc.setFunc(name, funcDef{body: body, src: src, exported: sc.funcs[name].exported})
	a.funcDefs++
}

// callFunc analyses a call of a function the line defines. The body runs
// in the caller's shell: it is walked again at each call, in the caller's
// state, and the state it leaves (cwd, directory stack, options,
// descriptors, variables) flows back, but for the positional parameters,
// which are the caller's again (inshell.go). Past maxFuncCalls nested
// calls (a function that calls itself) the body is not walked again: what
// it may change is not known after the call.
func (c *cmd) callFunc() (bool, error) {
	fn, ok := c.sc.funcs[c.name]
	if !ok || c.prog != c.name || c.noFunc {
		return false, nil
	}
	if fn.mixed {
		c.opaque("a function defined differently in branches of the line")
		return false, nil
	}
	defer c.sc.rebind(fn.binds) // varstore.go
	if c.a.funcCall >= maxFuncCalls {
		c.sc.unknownState()
		return false, nil
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
	if fn.maybe {
		c.sc.merge(&sub) // it may be the program: judged as both
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
