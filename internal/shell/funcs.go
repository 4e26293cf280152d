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
}

// maxFuncCalls bounds nested calls analysed with their arguments.
const maxFuncCalls = 4

func (a *analyzer) defineFunc(name string, body *syntax.Stmt, src string) {
	if a.funcs == nil {
		a.funcs = make(map[string]funcDef)
	}
	a.funcs[name] = funcDef{body: body, src: src}
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
	fn, ok := c.a.funcs[c.name]
	if !ok || c.prog != c.name {
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
		c.skip[i] = true
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
	c.sc.flowFrom(&sub)
	c.sc.args, c.sc.argsKnown = args, argsKnown
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
